"""Read each row's order status into a drop reason (``cancelled``, ``unpaid``, ``refunded``).

The status values themselves are data in :mod:`analytics.schema.statuses`; this step reads the
status columns an export has (a payment status before an order status), and a filled
cancellation time, and counts the status values it does not know. An export whose status column
has a header the synonyms do not know (处理状态, "State of order") still has its closed and unpaid
orders recognised: :func:`unnamed_status_column` finds the column by its values.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from analytics.loading.cells import missing_text, text_column
from analytics.schema import STATUS_REASONS, normalise_header, normalise_status, status_reasons

# Shopify's payment status says more than its order status, so it is read first.
STATUS_FIELDS: tuple[str, ...] = ("financial_status", "status")
# Columns whose values read like order statuses but say something else: a pending fulfilment or
# delivery is no unpaid order.
_NOT_ORDER_STATUS_WORDS = ("fulfil", "ship", "deliver", "发货", "物流", "配送", "快递", "评价")
# The rows looked at to recognise a status column, and the most distinct values it may hold.
_STATUS_SAMPLE_ROWS = 5_000
_STATUS_MAX_DISTINCT = 40


@dataclass(frozen=True)
class RowStatuses:
    """Each row's status reason (NA: a valid status) and ``{status as written: rows}`` of unknown ones."""

    reason: pd.Series
    unknown: dict[str, int] = field(default_factory=dict)


def row_statuses(frame: pd.DataFrame, mapping: Mapping[str, str], open_rows: pd.Series) -> RowStatuses:
    """Return the drop reason each row's status implies, reading only rows still open.

    Unknown statuses keep their order (NA reason) but are counted so the file report names them.

    Examples
    --------
    >>> frame = pd.DataFrame({"状态": ["交易关闭", "交易成功", "神秘"]}, dtype="str")
    >>> found = row_statuses(frame, {"status": "状态"}, pd.Series(True, index=frame.index))
    >>> found.reason.tolist(), found.unknown
    (['cancelled', nan, nan], {'神秘': 1})
    """
    unknown: dict[str, int] = {}
    reason = missing_text(frame.index)
    first = True
    for status_field in STATUS_FIELDS:
        if status_field in mapping:
            found, unknown_here = _open_row_reasons(text_column(frame, mapping[status_field]), open_rows)
            # The first status field's reasons are the reasons (filling an all-missing column
            # with them would copy them twice); a later field fills the rows still without one.
            reason = found if first else reason.fillna(found)
            first = False
            del found
            for value, rows in unknown_here.items():
                unknown[value] = unknown.get(value, 0) + rows
    if "cancelled_at" in mapping:
        cancelled = text_column(frame, mapping["cancelled_at"]).notna()
        reason = reason.mask(reason.isna() & cancelled, "cancelled")
    return RowStatuses(reason, unknown)


def _open_row_reasons(cells: pd.Series, open_rows: pd.Series) -> tuple[pd.Series, dict[str, int]]:
    """Return :func:`status_reasons` of the open rows' cells, spread over every row (NA for closed ones).

    The distinct statuses are classified, not the cells: the column is factorised whole (codes,
    no copy of its text), its open rows' distinct values taken in the order they first appear
    among the open rows (as factorising those rows would give them), and each row's reason
    taken from its value's. The unknown statuses are counted over the open rows, keyed and
    ordered as :func:`status_reasons` keys and orders them.
    """
    codes, uniques = pd.factorize(cells.astype("str"), use_na_sentinel=True)
    opened = open_rows.to_numpy(dtype=bool)
    open_codes = codes[opened]
    open_codes = open_codes[open_codes >= 0]
    # The codes of the open rows' values, in the order they first appear among the open rows.
    first = pd.unique(open_codes)
    distinct = pd.Series(uniques.take(first), dtype="str")
    reasons, unknown_distinct = status_reasons(distinct)
    rows = np.bincount(open_codes, minlength=len(uniques))[first]
    unknown: dict[str, int] = {}
    if unknown_distinct:
        for at, value in enumerate(distinct):
            key = str(value).strip()
            if key in unknown_distinct:
                unknown[key] = int(rows[at])
    # Each row's position among the distinct values; missing cells and closed rows get none.
    position = np.full(len(uniques) + 1, len(first), dtype=np.intp)
    position[first] = np.arange(len(first))
    at = position[np.where(opened, codes, len(uniques))]
    values = pd.concat([reasons, pd.Series([pd.NA], dtype="str")], ignore_index=True).array.take(at)
    return pd.Series(values, index=cells.index, dtype="str"), unknown


def unnamed_status_column(frame: pd.DataFrame, mapping: Mapping[str, str]) -> str | None:
    """Return an unmapped column that holds order statuses, when no status column was mapped.

    A column qualifies when every distinct value of its first rows is a known order status and
    at least one of them drops an order (交易关闭, 等待买家付款, refunded ...): a column of valid
    statuses only would change nothing. Fulfilment and delivery columns never qualify.

    Examples
    --------
    >>> frame = pd.DataFrame({"处理状态": ["交易成功", "交易关闭"], "备注": ["x", "y"]}, dtype="str")
    >>> unnamed_status_column(frame, {})
    '处理状态'
    """
    if any(status_field in mapping for status_field in STATUS_FIELDS):
        return None
    for column, keys, known in _status_keys(frame.iloc[:_STATUS_SAMPLE_ROWS], mapping):
        if len(keys) and known.all() and any(STATUS_REASONS[key] is not None for key in keys):
            return column
    return None


def _status_keys(sample: pd.DataFrame, mapping: Mapping[str, str]) -> list[tuple[str, list[str], np.ndarray]]:
    """Return, per unmapped column that may hold statuses, its distinct values' keys and which are known.

    The sample's cells are read at once and every column's distinct values normalised in one
    call: column by column (~5 ms each as Series) a 2,000-column export took 10 s.
    """
    mapped = set(mapping.values())
    columns, values = [], []
    cells = sample.to_numpy(dtype=object, na_value=None)
    for position, column in enumerate(sample.columns):
        header = normalise_header(column)
        if column in mapped or any(word in header for word in _NOT_ORDER_STATUS_WORDS):
            continue
        distinct = list(dict.fromkeys(cell for cell in cells[:, position] if cell is not None))
        if len(distinct) <= _STATUS_MAX_DISTINCT:
            columns.append((str(column), len(distinct)))
            values.extend(distinct)
    if not columns:
        # Every column is mapped (a plain orders file): no status to normalise (~20 ms spared).
        return []
    keys = normalise_status(pd.Series(values, dtype="str"))
    known = keys.isin(list(STATUS_REASONS)).to_numpy()
    listed = keys.tolist()
    found, at = [], 0
    for column, count in columns:
        found.append((column, listed[at : at + count], known[at : at + count]))
        at += count
    return found


def status_candidates(sample: pd.DataFrame, mapping: Mapping[str, str]) -> list[str]:
    """Return the unmapped columns :func:`unnamed_status_column` might pick, judged on a sample.

    The sample holds the first rows only, so a column qualifies here when every value it shows is
    a known status (none at all counts too): rows further down can still rule it out, never in.
    The loader parses these columns with the mapped ones and decides on the whole table.
    """
    if any(status_field in mapping for status_field in STATUS_FIELDS):
        return []
    return [column for column, _, known in _status_keys(sample, mapping) if known.all()]
