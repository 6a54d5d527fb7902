"""The dashboard's language: the session's choice and its texts (``t()``), from gettext catalogs.

The language lives in the URL (``?lang=zh`` or ``?lang=en``) so a shared link opens in the same
language; Chinese is the default. Texts live in ``ui/locale/<lang>/LC_MESSAGES/ui.po``
(:mod:`ui.i18n.catalog`); metric definitions are taken word by word from DESIGN.md.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from ui.i18n.catalog import DEFAULT_LANGUAGE, LANGUAGES, texts, translate, ui_catalog
from ui.state import LANG_KEY

__all__ = [
    "DEFAULT_LANGUAGE",
    "LANGUAGES",
    "current_lang",
    "option_labels",
    "reason_label",
    "t",
    "texts",
    "translate",
    "ui_catalog",
]


def current_lang() -> str:
    """Return the language of this session: the URL's ``lang``, else the session's, else Chinese.

    Moving to another page through the navigation drops the query string, so the session keeps
    the language too and the sidebar writes it back into the URL.
    """
    lang = st.query_params.get("lang")
    if lang in LANGUAGES:
        st.session_state[LANG_KEY] = lang
        return lang
    return st.session_state.get(LANG_KEY, DEFAULT_LANGUAGE)


def t(key: str, **values: object) -> str:
    """Return the visible text ``key`` in the session's language."""
    return translate(key, current_lang(), **values)


def reason_label(reason: str) -> str:
    """Return the translated label of a drop-reason key, or the key when unknown."""
    label = t(f"reason_{reason}")
    return reason if label == f"reason_{reason}" else label


def option_labels(prefix: str = "") -> Callable[[object], str]:
    """Return a ``format_func`` translating option ``value`` as the key ``prefix + value``.

    The language is fixed when the widget is drawn: Streamlit may call a ``format_func`` again
    outside the script run (widget state), where the URL's language is not available.
    """
    lang = current_lang()
    return lambda value: translate(f"{prefix}{value}", lang)
