"""Read amounts of money as exports write them, and each row's amount paid.

Currency marks, spaces and thousands separators are removed; a decimal comma is recognised per
column, never per cell. Unreadable cells are marked so the loader drops their rows as
``bad_amount`` instead of guessing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analytics.io.cells import cast_to_numpy
from analytics.schema import normalise_status
from analytics.schema.distinct import on_distinct

# Currency marks written around amounts in Chinese, US, European and Hong Kong exports.
_CURRENCY = r"(?:[Hh][Kk]\$|[Uu][Ss]\$|HKD|CNY|RMB|USD|EUR|GBP|hkd|cny|rmb|usd|eur|gbp|[¥￥$€£元])"
_SPACES = r"[\s\u00a0\u202f\u3000]"
_COMMA_DECIMAL = r"^-?(?:\d{1,3}(?:\.\d{3})*|\d+),\d{1,2}$"
_DOT_DECIMAL = r"\d\.\d{1,2}$|,\d{3}(?:,\d{3})*\.\d*$"
_MISSING_MONEY = {"", "-", "--", "—", "n/a", "na", "null", "none"}


def parse_money(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Read amounts of money written the way exports write them.

    Currency marks (¥ ￥ $ € £ 元, CNY, USD, RMB, HK$ ...), spaces and thousands separators are
    removed; a decimal comma is recognised when the whole column is written that way (``12,50``,
    ``1.234,50``) and no cell uses a decimal point; ``(12.00)`` and ``12.00-`` are negative;
    ``-`` and empty cells are missing; ``inf``, ``nan`` and overflowing numbers are unreadable.

    Returns
    -------
    (amounts, bad)
        ``amounts`` float64 with NaN for missing or unreadable cells; ``bad`` True where a cell
        held something that is not an amount.

    Examples
    --------
    >>> parse_money(pd.Series(["¥1,234.50", "(3.00)", "-", "abc"], dtype="str"))[0].tolist()
    [1234.5, -3.0, nan, nan]
    """
    # Cast first, on the whole column: most exports write plain numbers.
    plain = _plain_numbers(values)
    if plain is not None:
        return plain, pd.Series(False, index=values.index)
    return on_distinct(values, _parse_money)


def _parse_money(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    text = values.astype("str").str.replace(_CURRENCY, "", regex=True).str.replace(_SPACES, "", regex=True)
    missing = text.isna() | text.str.lower().isin(_MISSING_MONEY)
    negative = (text.str.fullmatch(r"\(.*\)|.+-").fillna(False) & ~missing).astype(bool)
    text = text.where(~negative, text.str.replace(r"[()]|-$", "", regex=True))
    comma_decimal = bool(text.str.match(_COMMA_DECIMAL).any()) and not bool(
        text.str.contains(_DOT_DECIMAL).any()
    )
    if comma_decimal:
        text = text.str.replace(".", "", regex=False).str.replace(",", ".", regex=False)
    else:
        text = text.str.replace(",", "", regex=False)
    amounts = pd.to_numeric(text.where(~missing), errors="coerce").astype("float64")
    # "inf", "Infinity", "1e999" and "nan" parse as numbers but are no amount of money.
    amounts = amounts.where(np.isfinite(amounts))
    amounts = amounts.where(~negative, -amounts.abs())
    bad = amounts.isna() & ~missing
    return amounts, bad.astype(bool)


def _plain_numbers(values: pd.Series) -> pd.Series | None:
    """Return the column cast to float64 when every cell is a plain finite number, else None.

    Cast first (one native pass), and read the cells the general way only when the cast fails:
    most exports write plain numbers, for which a regex pass per cell is pure cost. Only cells
    written as digits, a sign, a point or an exponent pass the cast, and those mean the same
    number to ``pd.to_numeric``; anything else (spaces, currency marks, ``inf``, ``nan``) goes
    the general way.
    """
    import pyarrow as pa

    array = getattr(values.array, "_pa_array", None)
    if array is None or len(values) == 0:
        return None
    try:
        numbers = cast_to_numpy(array, pa.float64(), "float64", finite=True)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, pa.ArrowTypeError):
        return None
    if numbers is None:
        return None
    return pd.Series(numbers, index=values.index, dtype="float64", copy=False)


@dataclass(frozen=True)
class RowAmounts:
    """Each row's amount paid, whether it was unreadable, its quantity and whether it is a refund line.

    ``quantity`` is None when the export has no quantity column.
    """

    amount: pd.Series
    bad: pd.Series
    quantity: pd.Series | None
    refund_row: pd.Series


def row_amounts(frame: pd.DataFrame, mapping: Mapping[str, str]) -> RowAmounts:
    """Return each row's amount: the amount column, else quantity x unit price.

    Line-item exports without a line total (Online Retail) give the amount as quantity x unit
    price. Square writes refunds as their own lines (event type "Refund"): their amounts count
    negative.
    """
    if "amount" in mapping:
        amounts, bad = parse_money(frame[mapping["amount"]])
    else:
        amounts, bad = pd.Series(np.nan, index=frame.index), pd.Series(False, index=frame.index)
    quantity, quantity_bad = (
        parse_money(frame[mapping["quantity"]]) if "quantity" in mapping else (None, None)
    )
    if "amount" not in mapping and quantity is not None:
        price, price_bad = parse_money(frame[mapping["unit_price"]])
        amounts = quantity * price
        # Two huge finite factors can still multiply to infinity: no amount either.
        overflow = np.isinf(amounts)
        amounts = amounts.where(~overflow)
        bad = price_bad | quantity_bad | overflow
    if "event_type" in mapping:
        refund_row = normalise_status(frame[mapping["event_type"]]).str.contains("refund|退款").fillna(False)
        amounts = amounts.where(~refund_row.astype(bool), -amounts.abs())
    else:
        refund_row = pd.Series(False, index=frame.index)
    return RowAmounts(amounts, bad, quantity, refund_row)
