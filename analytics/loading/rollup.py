"""Line items: tell a line-item export from an order-level one, and roll product lines up to orders.

A line-item export (Shopify, Square, Online Retail) repeats the order id on each product line;
an order-level export that repeats an id holds the same order twice (``duplicate_order``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from pandas.api.typing import DataFrameGroupBy

from analytics.loading.ids import has_repeats
from analytics.schema import LINE_AMOUNT_HEADERS, LINE_ITEM_HEADERS, normalise_header


def repeated_ids(ids: pd.Series, *, has_id: bool) -> pd.Series:
    """Mark rows whose order id occurs more than once (every row when there is no id column).

    Examples
    --------
    >>> repeated_ids(pd.Series(["1", "2", "1"], dtype="str"), has_id=True).tolist()
    [True, False, True]
    """
    if not has_id:
        return pd.Series(True, index=ids.index)
    if not has_repeats(ids):
        # Most order-level exports repeat no id: the costlier keep=False pass is skipped.
        return pd.Series(False, index=ids.index)
    return ids.duplicated(keep=False)


def duplicate_lines(frame: pd.DataFrame, candidates: pd.Series) -> pd.Series:
    """Mark the later copies of lines exported twice (every cell equal) among ``candidates``.

    Exact duplicate lines share their order id, so only rows with a repeated id are candidates
    for the (costly) whole-row comparison.

    Examples
    --------
    >>> f = pd.DataFrame({"id": ["1", "1", "1"], "sku": ["a", "a", "b"]})
    >>> duplicate_lines(f, pd.Series(True, index=f.index)).tolist()
    [False, True, False]
    """
    if not candidates.any():
        return pd.Series(False, index=frame.index)
    return frame[candidates].duplicated(keep="first").reindex(frame.index, fill_value=False)


@dataclass(frozen=True)
class LineItemShape:
    """How a file's repeated order ids read.

    ``later``: rows repeating an id seen on an earlier open row; ``line_items``: the repeats are
    product lines of one order; ``continuation_blank``: the order total is written on the first
    line only (Shopify).
    """

    later: pd.Series
    line_items: bool
    continuation_blank: bool


def line_item_shape(
    frame: pd.DataFrame,
    mapping: Mapping[str, str],
    ids: pd.Series,
    repeated: pd.Series,
    open_rows: pd.Series,
    *,
    headers: Sequence[str] | None = None,
) -> LineItemShape:
    """Tell whether the open rows' repeated ids are product lines of one order.

    They are when the export has line-item headers (SKU, unit price ...), no amount column (the
    amount is quantity x unit price), or an amount filled on one line of each order only.
    ``headers`` are all the file's headers when ``frame`` holds only the columns read.
    """
    later = pd.Series(False, index=frame.index)
    if "order_id" in mapping and bool((repeated & open_rows).any()):
        later = ids[open_rows].duplicated().reindex(frame.index, fill_value=False)
    if not bool(later.any()):
        return LineItemShape(later, line_items=False, continuation_blank=False)
    names = {normalise_header(c) for c in (frame.columns if headers is None else headers)}
    line_columns = bool(LINE_ITEM_HEADERS & names) or "amount" not in mapping
    continuation_blank = False
    if "amount" in mapping:
        filled = frame.loc[open_rows, mapping["amount"]].notna()
        continuation_blank = bool(filled.groupby(ids[open_rows].to_numpy()).sum().max() <= 1)
    return LineItemShape(
        later, line_items=line_columns or continuation_blank, continuation_blank=continuation_blank
    )


def per_row_orders(rows: pd.DataFrame, key: pd.Series) -> pd.DataFrame:
    """Return the orders of an order-level export: each open row is one order."""
    order = rows.reset_index(drop=True)
    order["order_id"] = key.array
    order["amount_bad"] = order["amount_bad"] | order["amount_missing"]
    order["refund_all"] = order["refund_any"] = order["refund_row"]
    return order


def roll_up(
    rows: pd.DataFrame,
    key: pd.Series,
    *,
    amount_header: str | None,
    summed: Sequence[str] = ("quantity",),
) -> tuple[pd.DataFrame, np.ndarray]:
    """Roll product lines up to one row per order; return the orders and each line's order position.

    ``rows`` holds the open lines' parsed cells (``amount``, ``amount_bad``, ``amount_missing``,
    ``refund_row`` and the order's other fields, taken from its first line); ``key`` their order
    ids. Line amounts (a line-amount header such as Net Sales, or quantity x unit price) are
    summed. An order-level amount column (Total, 实付金额) holds each order's total, written on
    its first line only (Shopify) or repeated on its lines: it is taken once (:func:`order_totals`).
    An order with an unreadable amount cell is bad on its own; the other orders keep theirs.

    Examples
    --------
    >>> rows = pd.DataFrame({"amount": [2.0, 3.0, 4.0], "amount_bad": False, "amount_missing": False,
    ...     "refund_row": False})
    >>> orders, codes = roll_up(rows, pd.Series(["a", "a", "b"]), amount_header="Net Sales")
    >>> orders[["order_id", "amount"]].values.tolist(), codes.tolist()
    ([['a', 5.0], ['b', 4.0]], [0, 0, 1])
    """
    # Group by integer codes of the order id: far cheaper than grouping on the strings.
    codes, order_ids = pd.factorize(key, sort=False)
    grouped = rows.groupby(codes, sort=False)
    order = grouped.first().sort_index()
    order["order_id"] = pd.array(order_ids, dtype="str")
    if amount_header is not None and normalise_header(amount_header) not in LINE_AMOUNT_HEADERS:
        order["amount"], order["amount_bad"] = order_totals(grouped)
    else:
        order["amount"] = grouped["amount"].sum(min_count=1)
        order["amount_bad"] = grouped["amount_bad"].any() | grouped["amount_missing"].any()
    for column in summed:
        if column in order:
            order[column] = grouped[column].sum(min_count=1)
    order["refund_all"] = grouped["refund_row"].all()
    order["refund_any"] = grouped["refund_row"].any()
    return order, codes


def order_totals(grouped: DataFrameGroupBy) -> tuple[pd.Series, pd.Series]:
    """Return each order's total from an order-level amount column, and whether it is unreadable.

    Decided per order: the amount filled on one or more of its lines, the same on each (Shopify's
    first line, a duplicated first line, a total repeated on every line), is the total, taken
    once. An order with an unreadable cell (``#VALUE!``) or no amount is bad on its own. An
    order whose lines are all filled with different amounts holds line amounts after all: the
    file's other fully filled orders decide, by majority, whether the column holds line amounts
    (then every order's lines are summed) or totals (then such an order is contradictory, bad).

    Examples
    --------
    >>> lines = pd.DataFrame({"amount": [9.0, 9.0, None, 4.0, None, 7.0],
    ...     "amount_bad": [False, False, False, False, True, False], "amount_missing": False})
    >>> totals, bad = order_totals(lines.groupby([0, 0, 1, 1, 2, 2]))
    >>> totals.tolist(), bad.tolist()
    ([9.0, 4.0, 7.0], [False, False, True])
    """
    amount = grouped["amount"]
    low, high = amount.min(), amount.max()
    # NaN == NaN is False: an order without any amount is not constant.
    constant = low == high
    unreadable = grouped["amount_bad"].any()
    lines = grouped.size()
    evidence = (lines > 1) & (amount.count() == lines) & ~unreadable
    if int((evidence & ~constant).sum()) > int((evidence & constant).sum()):
        summed_lines = amount.sum(min_count=1)
        return summed_lines, unreadable | grouped["amount_missing"].any()
    return low, unreadable | ~constant
