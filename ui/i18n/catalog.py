"""The dashboard's texts: gettext catalogs ``ui/locale/<lang>/LC_MESSAGES/ui.po`` read with Babel.

Keys are short names (``"kpi_repeat_rate"``) for the dashboard's own texts, plus ``option.*``
entries that word the options analytics messages point to as the widget a browser user sees
(``option.control`` = the “Control group” select), so a message never names a command-line flag.
The same catalog is passed in front of the analytics catalogs when a message is rendered
(:func:`ui.messages.message_text`). Pure: no Streamlit, so it is tested on its own.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from pathlib import Path

from analytics.messages.catalog import Catalog, merge_po, po_files

LOCALE_DIR = Path(__file__).resolve().parents[1] / "locale"
LANGUAGES: dict[str, str] = {"zh": "简体中文", "en": "English"}
# Most store managers using the app read Chinese.
DEFAULT_LANGUAGE = "zh"
FALLBACK_LANGUAGE = "en"


@cache
def ui_catalog(lang: str) -> Catalog:
    """Return the dashboard catalog of ``lang`` (an unknown language gets the default, Chinese)."""
    lang = lang if lang in LANGUAGES else DEFAULT_LANGUAGE
    return merge_po(po_files(LOCALE_DIR, lang), lang)


def texts(lang: str) -> Mapping[str, str]:
    """Return every text of ``lang``'s dashboard catalog, key -> text with ``{placeholders}``."""
    return ui_catalog(lang).texts


def translate(key: str, lang: str, **values: object) -> str:
    """Return the text ``key`` in ``lang`` with ``values`` filled in.

    A key missing from the language falls back to English, then to the key itself, so a
    forgotten translation shows up as readable text rather than a crash.

    Examples
    --------
    >>> translate("n_of_N_customers", "en", n="412", d="1,030")
    '412 of 1,030 customers'
    """
    text = ui_catalog(lang).get(key) or ui_catalog(FALLBACK_LANGUAGE).get(key) or key
    return text.format(**values) if values else text
