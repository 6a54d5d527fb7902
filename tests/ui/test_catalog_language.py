"""The Chinese UI speaks Chinese and the English UI English, and neither names a command-line flag.

The texts checked are every text a dashboard reader can meet: the dashboard's own catalog and every
analytics message rendered the way the dashboard renders it (its catalog in front, so ``option.*``
terms name widgets). Placeholders are filled with a number, so only the catalog's own words count.
"""

from __future__ import annotations

import string

import pytest

from analytics.errors import Message
from analytics.messages.catalog import CLI_DOMAIN, LOCALE_DIR, po_files, read_po_texts
from tests.messages.option_terms import option_terms
from tests.ui.language import chinese, english_words, has_flag
from ui.i18n import texts
from ui.messages import message_text


def _analytics_texts(lang: str) -> dict[str, str]:
    merged: dict[str, str] = {}
    for path in po_files(LOCALE_DIR, lang, exclude=[CLI_DOMAIN]):
        merged.update(read_po_texts(path))
    return merged


def _ui_texts(lang: str) -> dict[str, str]:
    """Return every text a reader of ``lang`` can meet, analytics messages rendered as the UI does."""
    seen = {f"ui:{key}": text for key, text in texts(lang).items()}
    for code, text in _analytics_texts(lang).items():
        names = {name for _, name, _, _ in string.Formatter().parse(text) if name}
        seen[code] = message_text(Message(code, dict.fromkeys(names, 0)), lang)
    return seen


def test_the_chinese_ui_has_no_english_word_and_no_flag():
    found = {key: english_words(text) for key, text in _ui_texts("zh").items() if english_words(text)}
    assert found == {}
    assert {key: text for key, text in _ui_texts("zh").items() if has_flag(text)} == {}


def test_the_english_ui_has_no_chinese_and_no_flag():
    found = {key: chinese(text) for key, text in _ui_texts("en").items() if chinese(text)}
    assert found == {}
    assert {key: text for key, text in _ui_texts("en").items() if has_flag(text)} == {}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_option_analytics_names_is_worded_as_a_widget(lang):
    # Without its own wording an option would fall through to the code itself ("option.control").
    terms = option_terms()
    assert terms, "the scan finds the option terms"
    assert sorted(terms - set(texts(lang))) == []


def test_the_option_terms_name_widgets_not_flags():
    for lang in ("zh", "en"):
        options = {k: v for k, v in texts(lang).items() if k.startswith("option.")}
        assert options and not any(has_flag(v) for v in options.values())
