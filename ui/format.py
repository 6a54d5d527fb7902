"""Number formats for cards, tables and help texts: pure functions, tested without Streamlit.

Rates are shown as percentages with one decimal ("18.6%"), money with thousands separators and the
currency symbol when the export tells us the currency, counts with thousands separators. A figure
that cannot be computed (nan / None) shows as an em dash instead of "nan%".
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable

MISSING = "—"
# Chinese headers mean a Chinese back office (Taobao, Tmall, Youzan...), which always exports CNY.
_CJK = re.compile(r"[\u4e00-\u9fff]")


def _missing(value: float | int | None) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def fmt_int(value: float | int | None) -> str:
    """Return a count with thousands separators.

    Examples
    --------
    >>> fmt_int(1030)
    '1,030'
    """
    return MISSING if _missing(value) else f"{round(value):,}"


def fmt_rate(value: float | None) -> str:
    """Return a fraction as a percentage with one decimal.

    Examples
    --------
    >>> fmt_rate(0.18649)
    '18.6%'
    >>> fmt_rate(float("nan"))
    '—'
    """
    return MISSING if _missing(value) else f"{value:.1%}"


def fmt_money(value: float | None, *, symbol: str = "", decimals: int = 0) -> str:
    """Return an amount with thousands separators and the currency symbol in front.

    Examples
    --------
    >>> fmt_money(123456.7, symbol="¥")
    '¥123,457'
    >>> fmt_money(-80.5, symbol="¥", decimals=2)
    '-¥80.50'
    """
    if _missing(value):
        return MISSING
    sign = "-" if value < 0 else ""
    return f"{sign}{symbol}{abs(value):,.{decimals}f}"


def fmt_p_value(value: float | None) -> str:
    """Return a p-value the way a report prints it: three decimals, "< 0.001" below that."""
    if _missing(value):
        return MISSING
    return "< 0.001" if value < 0.001 else f"{value:.3f}"


def fmt_interval(bounds: Iterable[float] | None, *, percent: bool = True, symbol: str = "") -> str:
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
        return f"[{lo:.1%}, {hi:.1%}]"
    return f"[{fmt_money(lo, symbol=symbol, decimals=2)}, {fmt_money(hi, symbol=symbol, decimals=2)}]"


def rate_delta(current: float | None, previous: float | None, *, unit: str = "pp") -> str | None:
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
    points = round((current - previous) * 100, 1)
    sign = "+" if points > 0 else ("-" if points < 0 else "")
    return f"{sign}{abs(points):.1f} {unit}"


def fmt_points(value: float | None, *, unit: str = "pp") -> str:
    """Return a difference of two rates in signed percentage points, never as a percentage.

    An uplift from 6.4% to 12.7% is "+6.3 pp": written "6.3%" it reads as a relative change.

    Examples
    --------
    >>> fmt_points(0.063)
    '+6.3 pp'
    >>> fmt_points(None)
    '—'
    """
    return rate_delta(value, 0.0, unit=unit) or MISSING


def fmt_points_interval(bounds: Iterable[float] | None, *, unit: str = "pp") -> str:
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
    low, high = (rate_delta(v, 0.0, unit="").strip() for v in (lo, hi))
    return f"[{low}, {high}] {unit}"


def relative_delta(current: float | None, previous: float | None) -> str | None:
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
    change = round((current - previous) / abs(previous) * 100, 1)
    sign = "+" if change > 0 else ("-" if change < 0 else "")
    return f"{sign}{abs(change):.1f}%"


def currency_symbol(headers: Iterable[str]) -> str:
    """Return the currency symbol an export implies from its headers ("¥" for Chinese ones, else "").

    Examples
    --------
    >>> currency_symbol(["订单编号", "买家实际支付金额"])
    '¥'
    >>> currency_symbol(["Name", "Total"])
    ''
    """
    return "¥" if any(_CJK.search(str(h)) for h in headers) else ""
