"""Fill a message's placeholders with values formatted for the reader's locale."""

from __future__ import annotations

import datetime as dt
import functools
import math
from collections.abc import Mapping, Sequence
from typing import Any

from babel import Locale
from babel.numbers import format_decimal, format_percent

from analytics.messages.catalog import Catalog, load_catalog
from analytics.terms import Percent, Term

BABEL_LOCALES = {"en": "en_US", "zh": "zh_Hans_CN"}


@functools.cache
def babel_locale(lang: str) -> Locale:
    """Return the Babel locale of a language (English for any other code), parsed once.

    Babel parses a locale given by name on every call: a care list of thousands of numbers
    spent more time parsing "zh_Hans_CN" than formatting.
    """
    return Locale.parse(BABEL_LOCALES.get(lang, BABEL_LOCALES["en"]))


_LIST_SEPARATOR = {"en": ", ", "zh": "、"}


def _lookup(code: str, chain: Sequence[Catalog]) -> str | None:
    for catalog in chain:
        text = catalog.get(code)
        if text is not None:
            return text
    return None


def _format_value(value: Any, lang: str, chain: Sequence[Catalog]) -> str:
    locale = babel_locale(lang)
    if isinstance(value, Term):
        text = _lookup(value.key, chain)
        if text is None:
            return value.key
        return text.format(**{k: _format_value(v, lang, chain) for k, v in value.params.items()})
    if isinstance(value, Percent):
        if value.value is None or math.isnan(value.value):
            return "—"
        return format_percent(value.value, "#,##0.0%", locale=locale)
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return format_decimal(value, "#,##0", locale=locale)
    if isinstance(value, float):
        if math.isnan(value):
            return "—"
        pattern = "#,##0" if value.is_integer() else "#,##0.##"
        return format_decimal(value, pattern, locale=locale)
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple | set | frozenset):
        items = sorted(value, key=str) if isinstance(value, set | frozenset) else value
        return _LIST_SEPARATOR.get(lang, ", ").join(_format_value(v, lang, chain) for v in items)
    return str(value)


def render(
    code: str,
    params: Mapping[str, Any] | None = None,
    *,
    lang: str = "en",
    overrides: Sequence[Catalog] = (),
) -> str:
    """Return the sentence of ``code`` in ``lang`` with its parameters filled in.

    Parameters
    ----------
    code
        A message code such as ``"io.empty_file"``.
    params
        The values its placeholders name; :class:`~analytics.errors.Term` values are looked up in
        the same catalogs, numbers are grouped by the locale, sequences joined.
    lang
        ``"en"`` (the default, the command line's language) or ``"zh"``.
    overrides
        Catalogs read before the analytics ones: the dashboard's wording. Without overrides the
        command line's ``cli`` domain is used (English ``--flags``).

    A code missing from every catalog renders as the code followed by its parameters, so a
    forgotten entry is visible and a test (``tests/messages``) fails on it.

    Examples
    --------
    >>> render("common.example", {"file": "orders.csv", "rows": 1030})
    'orders.csv: 1,030 rows'
    >>> render("common.example", {"file": "orders.csv", "rows": 1030}, lang="zh")
    'orders.csv：1,030 行'
    """
    chain = [*overrides] if overrides else ([load_catalog("en", surface="cli")] if lang == "en" else [])
    chain.append(load_catalog(lang))
    values = dict(params or {})
    text = _lookup(code, chain)
    if text is None:
        detail = ", ".join(f"{k}={_format_value(v, lang, chain)}" for k, v in values.items())
        return f"{code} ({detail})" if detail else code
    return text.format(**{k: _format_value(v, lang, chain) for k, v in values.items()})
