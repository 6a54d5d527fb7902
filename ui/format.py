"""Number, money and date formats for cards, tables and help texts, per locale with Babel.

Rates are shown as percentages with one decimal ("18.6%"), money with thousands separators and the
currency (a symbol the export implies, or an ISO code such as "CNY" formatted by the locale),
counts with thousands separators. A figure that cannot be computed (nan / None) shows as an em
dash instead of "nan%". Pure functions, tested without Streamlit; ``lang`` is ``"zh"`` or
``"en"`` (both group digits by three with a comma, so most outputs agree).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable

from babel import Locale
from babel.dates import format_date

from analytics.messages.render import babel_locale

# One rounding rule for page, PDF and workbook: halves round up (Excel's rule), never to even, so
# ¥1,234.5 reads ¥1,235 on the Overview, on the PDF cover and in the workbook alike.
from analytics.report.text import format_currency, format_decimal, format_percent
from ui.i18n.catalog import translate

MISSING = "—"


def _locale(lang: str) -> Locale:
    return babel_locale(lang)  # parsed once per language (by name, Babel parses on every call)


def _missing(value: float | int | None) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _decimals(decimals: int) -> str:
    return "#,##0" + ("." + "0" * decimals if decimals else "")


def fmt_int(value: float | int | None, *, lang: str = "en") -> str:
    """Return a count with thousands separators.

    Examples
    --------
    >>> fmt_int(1030)
    '1,030'
    >>> fmt_int(1030, lang="zh")
    '1,030'
    """
    return MISSING if _missing(value) else format_decimal(value, "#,##0", locale=_locale(lang))


def fmt_rate(value: float | None, *, lang: str = "en") -> str:
    """Return a fraction as a percentage with one decimal.

    Examples
    --------
    >>> fmt_rate(0.18649)
    '18.6%'
    >>> fmt_rate(float("nan"))
    '—'
    """
    return MISSING if _missing(value) else format_percent(value, "#,##0.0%", locale=_locale(lang))


def fmt_money(
    value: float | None, *, symbol: str = "", decimals: int = 0, currency: str | None = None, lang: str = "en"
) -> str:
    """Return an amount with thousands separators and its currency in front.

    Parameters
    ----------
    symbol
        The symbol the export implies ("¥"), used when the currency code is not known.
    currency
        An ISO 4217 code ("CNY", "USD", "GBP"): the locale writes its symbol ("¥" in Chinese,
        "CN¥" in English, so a yuan amount is never mistaken for yen).

    Examples
    --------
    >>> fmt_money(123456.7, symbol="¥")
    '¥123,457'
    >>> fmt_money(-80.5, symbol="¥", decimals=2)
    '-¥80.50'
    >>> fmt_money(1500, currency="CNY", lang="zh"), fmt_money(1500, currency="CNY", lang="en")
    ('¥1,500', 'CN¥1,500')
    """
    if _missing(value):
        return MISSING
    pattern = _decimals(decimals)
    if currency:
        return format_currency(
            value, currency, format=f"¤{pattern}", locale=_locale(lang), currency_digits=False
        )
    sign = "-" if value < 0 else ""
    return f"{sign}{symbol}{format_decimal(abs(value), pattern, locale=_locale(lang))}"


def fmt_date(day: dt.date | None, *, lang: str = "en") -> str:
    """Return a calendar day as the locale writes it in running text.

    Examples
    --------
    >>> fmt_date(dt.date(2025, 3, 1), lang="zh"), fmt_date(dt.date(2025, 3, 1), lang="en")
    ('2025年3月1日', 'Mar 1, 2025')
    """
    return MISSING if day is None else format_date(day, "medium", locale=_locale(lang))


def fmt_p_value(value: float | None, *, lang: str = "en") -> str:
    """Return a p-value the way a report prints it: three decimals, "< 0.001" below that.

    Examples
    --------
    >>> fmt_p_value(0.04321), fmt_p_value(0.0004)
    ('0.043', '< 0.001')
    """
    if _missing(value):
        return MISSING
    limit = format_decimal(0.001, "0.000", locale=_locale(lang))
    return f"< {limit}" if value < 0.001 else format_decimal(value, "0.000", locale=_locale(lang))


def fmt_interval(
    bounds: Iterable[float] | None, *, percent: bool = True, symbol: str = "", lang: str = "en"
) -> str:
    """Return a confidence interval as "[lo, hi]" in the same unit as its estimate.

    Examples
    --------
    >>> fmt_interval((0.012, 0.071))
    '[1.2%, 7.1%]'
    """
    if bounds is None:
        return MISSING
    lo, hi = tuple(bounds)
    if _missing(lo) or _missing(hi):
        return MISSING
    if percent:
        return f"[{fmt_rate(lo, lang=lang)}, {fmt_rate(hi, lang=lang)}]"
    low, high = (fmt_money(v, symbol=symbol, decimals=2, lang=lang) for v in (lo, hi))
    return f"[{low}, {high}]"


def points_unit(lang: str) -> str:
    """Return the unit of percentage points in ``lang``, from the catalog ("pp", "个百分点").

    Examples
    --------
    >>> points_unit("en"), points_unit("zh")
    ('pp', '个百分点')
    """
    return translate("points_unit", lang)


def _signed(value: float, lang: str) -> str:
    # The sign is written by hand: a rounded zero has none ("0.0", never "+0.0" or "-0.0"). The
    # value is rounded once, half up, as the report rounds it.
    text = format_decimal(abs(value), "0.0", locale=_locale(lang))
    if text == format_decimal(0, "0.0", locale=_locale(lang)):
        return text
    return f"{'+' if value > 0 else '-'}{text}"


def rate_delta(
    current: float | None, previous: float | None, *, unit: str | None = None, lang: str = "en"
) -> str | None:
    """Return the change of a rate in percentage points with its sign, or None when unknown.

    A rate's change is read in points (18.6% -> 20.1% is +1.5 points), not as a relative change,
    which would exaggerate moves of small rates.

    Examples
    --------
    >>> rate_delta(0.201, 0.186)
    '+1.5 pp'
    >>> rate_delta(0.186, 0.186)
    '0.0 pp'
    """
    if _missing(current) or _missing(previous):
        return None
    return f"{_signed((current - previous) * 100, lang)} {unit or points_unit(lang)}"


def fmt_points(value: float | None, *, unit: str | None = None, lang: str = "en") -> str:
    """Return a difference of two rates in signed percentage points, never as a percentage.

    An uplift from 6.4% to 12.7% is "+6.3 pp": written "6.3%" it reads as a relative change.

    Examples
    --------
    >>> fmt_points(0.063)
    '+6.3 pp'
    >>> fmt_points(None)
    '—'
    """
    return rate_delta(value, 0.0, unit=unit, lang=lang) or MISSING


def fmt_points_interval(bounds: Iterable[float] | None, *, unit: str | None = None, lang: str = "en") -> str:
    """Return the confidence interval of a difference of rates in percentage points.

    Examples
    --------
    >>> fmt_points_interval((0.0418, 0.0841))
    '[+4.2, +8.4] pp'
    """
    if bounds is None:
        return MISSING
    lo, hi = tuple(bounds)
    if _missing(lo) or _missing(hi):
        return MISSING
    low, high = (_signed(v * 100, lang) for v in (lo, hi))
    return f"[{low}, {high}] {unit or points_unit(lang)}"


def fmt_change(value: float | None, *, lang: str = "en") -> str:
    """Return a relative change given as a fraction, signed, one decimal ("+12.0%"); — when unknown.

    Examples
    --------
    >>> fmt_change(0.12), fmt_change(-0.0004), fmt_change(None)
    ('+12.0%', '0.0%', '—')
    """
    if _missing(value):
        return MISSING
    return f"{_signed(value * 100, lang)}%"


def relative_delta(current: float | None, previous: float | None, *, lang: str = "en") -> str | None:
    """Return the relative change of a count or an amount with its sign, or None when unknown.

    Examples
    --------
    >>> relative_delta(110, 100)
    '+10.0%'
    >>> relative_delta(5, 0) is None
    True
    """
    if _missing(current) or _missing(previous) or previous == 0:
        return None
    return f"{_signed((current - previous) / abs(previous) * 100, lang)}%"
