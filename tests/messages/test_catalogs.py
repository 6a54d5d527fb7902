"""Every message code has text in every catalog, with the same placeholders, and no text is unused.

Codes are found in the source: the first argument of ``InputError``/``FileFormatError``/
``MappingError``/``ArgumentError``/``Message``/``Term`` written as a literal. A code built at run
time (``Term(f"reason.{reason}")``) counts its literal prefix (``reason.``) as used, so every
catalog key under that prefix is in use.
"""

from __future__ import annotations

import ast
import string
from pathlib import Path

import pytest

from analytics.messages.catalog import CLI_DOMAIN, LANGUAGES, LOCALE_DIR, po_files, read_po_texts

ROOT = Path(__file__).resolve().parents[2]
CALLS = {"InputError", "FileFormatError", "MappingError", "ArgumentError", "Message", "Term"}


def _source_files() -> list[Path]:
    return [
        p
        for folder in ("analytics", "ui", "views")
        for p in (ROOT / folder).rglob("*.py")
        if "__pycache__" not in p.parts
    ] + [ROOT / "dashboard.py"]


def _used_codes() -> tuple[set[str], set[str]]:
    exact: set[str] = set()
    prefixes: set[str] = set()
    for path in _source_files():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and node.args):
                continue
            name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
            if name not in CALLS:
                continue
            first = node.args[0]
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                exact.add(first.value)
            elif isinstance(first, ast.JoinedStr) and first.values:
                head = first.values[0]
                if isinstance(head, ast.Constant) and isinstance(head.value, str):
                    prefixes.add(head.value)
    return exact, prefixes


def _shared(lang: str) -> dict[str, str]:
    texts: dict[str, str] = {}
    for path in po_files(LOCALE_DIR, lang, exclude=[CLI_DOMAIN]):
        entries = read_po_texts(path)
        clash = set(entries) & set(texts)
        assert not clash, f"{path.name} repeats codes of another domain: {sorted(clash)}"
        texts.update(entries)
    return texts


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_both_languages_have_the_same_codes_and_placeholders():
    en, zh = _shared("en"), _shared("zh")
    assert sorted(set(en) ^ set(zh)) == []
    differing = {
        code: (en[code], zh[code]) for code in en if _placeholders(en[code]) != _placeholders(zh[code])
    }
    assert differing == {}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_code_raised_has_text(lang):
    exact, _ = _used_codes()
    texts = _shared(lang)
    cli = read_po_texts(LOCALE_DIR / "en" / "LC_MESSAGES" / f"{CLI_DOMAIN}.po")
    # option.* terms name a control: the command line words them in its own domain.
    missing = sorted(
        code
        for code in exact
        if "." in code and code not in texts and not (code.startswith("option.") and code in cli)
    )
    assert missing == []


def test_no_catalog_text_is_unused():
    exact, prefixes = _used_codes()
    keys = set(_shared("en")) | set(read_po_texts(LOCALE_DIR / "en" / "LC_MESSAGES" / f"{CLI_DOMAIN}.po"))
    keys.discard("common.example")  # the renderer's docstring example
    unused = sorted(k for k in keys if k not in exact and not any(k.startswith(p) for p in prefixes))
    assert unused == []


def test_cli_domain_words_only_options_and_names_their_flags():
    cli = read_po_texts(LOCALE_DIR / "en" / "LC_MESSAGES" / f"{CLI_DOMAIN}.po")
    assert all(code.startswith("option.") and text.startswith("--") for code, text in cli.items())


def test_no_flag_in_shared_catalogs():
    # The dashboard shows the shared texts: a --flag there would tell a browser user to type one.
    for lang in LANGUAGES:
        flagged = {code: text for code, text in _shared(lang).items() if " --" in f" {text}"}
        assert flagged == {}
