"""Row accounting: every row of a file is used or dropped with one reason, and the file's report.

The contract, for every file and in total: ``rows_read == rows_used + sum(dropped.values())``.

Reason precedence for an order row: ``blank_row``, ``cancellation_invoice``, ``duplicate_row`` (a
line equal in every cell to an earlier one, in a file with order ids; without them such lines are
kept and counted as ``possible_duplicates``), ``missing_order_id``; then the order's own reason,
which every row of the order shares (:func:`order_reasons`): ``duplicate_order`` (id already
loaded, or a repeated id in an order-level export), the status (``cancelled``, ``unpaid``,
``refunded``), ``bad_date``, ``bad_amount``, ``refunded`` (refunded amount covers what was paid),
``negative_amount``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from analytics.errors import Message
from analytics.io import RawTable
from analytics.io.cells import take_rows

DROP_REASONS: tuple[str, ...] = (
    "blank_row",
    "cancellation_invoice",
    "duplicate_row",
    "missing_order_id",
    "duplicate_order",
    "cancelled",
    "unpaid",
    "refunded",
    "bad_date",
    "bad_amount",
    "negative_amount",
)
LIST_DROP_REASONS: tuple[str, ...] = (
    "blank_row",
    "missing_customer_id",
    "duplicate_customer",
    "missing_group",
)


@dataclass(frozen=True)
class FileReport:
    """What happened to one file: how it was read, how it was mapped, and where its rows went."""

    file: str
    kind: str
    format: str
    encoding: str | None
    delimiter: str | None
    sheet: str | None
    header_row: int
    mapping: dict[str, str]
    rows_read: int
    rows_used: int
    dropped: dict[str, int]
    line_items: bool = False
    unknown_statuses: dict[str, int] = field(default_factory=dict)
    warnings: tuple[Message, ...] = ()
    # Rows equal in every cell to an earlier row of a file without order ids: kept (two purchases
    # or one exported twice cannot be told apart), counted for the quality panel.
    possible_duplicates: int = 0
    # Rows used as refunds (cancellation lines), counted within ``rows_used``.
    refund_rows: int = 0

    def to_dict(self) -> dict[str, Any]:
        """Return the report as plain JSON-able values."""
        return {
            "file": self.file,
            "kind": self.kind,
            "format": self.format,
            "encoding": self.encoding,
            "delimiter": self.delimiter,
            "sheet": self.sheet,
            "header_row": self.header_row,
            "mapping": dict(self.mapping),
            "rows_read": self.rows_read,
            "rows_used": self.rows_used,
            "dropped": dict(self.dropped),
            "line_items": self.line_items,
            "unknown_statuses": dict(self.unknown_statuses),
            "possible_duplicates": self.possible_duplicates,
            "refund_rows": self.refund_rows,
            "warnings": [str(w) for w in self.warnings],
        }


def sum_dropped(reports: Sequence[FileReport]) -> dict[str, int]:
    """Return ``{reason: rows}`` summed over reports, in the stable order of the reason keys."""
    total: dict[str, int] = {}
    for report in reports:
        for reason, rows in report.dropped.items():
            total[reason] = total.get(reason, 0) + rows
    return {r: total[r] for r in (*DROP_REASONS, *LIST_DROP_REASONS) if total.get(r)}


def blank_rows(frame: pd.DataFrame) -> pd.Series:
    """Return a fresh per-row reason column: ``blank_row`` where every cell is empty, else NA."""
    reason = pd.Series(pd.NA, index=frame.index, dtype="str")
    reason[all_missing(frame)] = "blank_row"
    return reason


def all_missing(frame: pd.DataFrame) -> np.ndarray:
    """Mark the rows whose every cell is missing (every row of a frame without columns)."""
    missing = np.ones(len(frame), dtype=bool)
    for column in range(frame.shape[1]):
        missing &= frame.iloc[:, column].isna().to_numpy(dtype=bool)
    return missing


def blank_table_rows(raw: RawTable) -> pd.Series:
    """Return :func:`blank_rows` of a table of which only some columns were read.

    A row is blank when every cell of the file's row is empty, so a row whose read cells are all
    empty has its other columns read (rare: blank lines, total rows) before it counts as blank.
    """
    reason = pd.Series(pd.NA, index=raw.frame.index, dtype="str")
    reason[blank_table_mask(raw)] = "blank_row"
    return reason


def blank_table_mask(raw: RawTable) -> np.ndarray:
    """Mark the blank rows of a table of which only some columns were read (see :func:`blank_table_rows`)."""
    blank = all_missing(raw.frame)
    if raw.unread and bool(blank.any()):
        rest = raw.read_columns(raw.unread)
        blank &= ~rest.notna().any(axis=1).to_numpy(dtype=bool)
    return blank


def reason_codes(reason: pd.Series, reasons: Sequence[str]) -> np.ndarray:
    """Return per-row drop reasons as codes: 0 for a used row, ``i + 1`` for ``reasons[i]``."""
    codes = np.zeros(len(reason), dtype=np.uint8)
    for code, label in enumerate(reasons, start=1):
        codes[(reason == label).fillna(False).to_numpy(dtype=bool)] = code
    if int(np.count_nonzero(codes)) != int(reason.notna().sum()):
        raise ValueError(f"drop reasons outside {reasons}: {sorted(set(reason.dropna()) - set(reasons))}")
    return codes


def reason_labels(codes: np.ndarray, reasons: Sequence[str]) -> np.ndarray:
    """Return the labels of reason codes (None for code 0) as an object array."""
    return np.array([None, *reasons], dtype=object)[codes]


def order_reasons(orders: pd.DataFrame, seen_ids: pd.Index, *, has_id: bool) -> np.ndarray:
    """Return each order's drop reason (None for a valid order); the first check that holds wins.

    ``orders`` has one row per order with ``order_id``, ``status_reason``, ``time``, ``amount``,
    ``amount_bad``, ``refund_all``, ``refund_any`` and optionally ``refunded`` (amount refunded);
    ``seen_ids`` are ids already loaded as valid orders from earlier files.

    Examples
    --------
    >>> o = pd.DataFrame({"order_id": ["1", "2", "3"], "status_reason": [None, "unpaid", None],
    ...     "time": pd.to_datetime(["2025-01-01", "2025-01-01", None]), "amount": [5.0, 5.0, 5.0],
    ...     "amount_bad": False, "refund_all": False, "refund_any": False})
    >>> order_reasons(o, pd.Index(["1"]), has_id=True).tolist()
    ['duplicate_order', 'unpaid', 'bad_date']
    """
    codes, labels = order_reason_codes(orders, seen_ids, has_id=has_id)
    return labels[codes]


def order_reason_codes(
    orders: pd.DataFrame, seen_ids: pd.Index, *, has_id: bool
) -> tuple[np.ndarray, np.ndarray]:
    """Return each order's drop reason as a small code and the labels the codes index.

    The same reasons and precedence as :func:`order_reasons`; code 0 (label None) is a valid
    order. One byte per order instead of a Python object: the loader writes labels only for the
    rows it drops.

    Examples
    --------
    >>> o = pd.DataFrame({"order_id": ["1", "2"], "status_reason": [None, "unpaid"],
    ...     "time": pd.to_datetime(["2025-01-01", "2025-01-01"]), "amount": [5.0, 5.0],
    ...     "amount_bad": False, "refund_all": False, "refund_any": False})
    >>> codes, labels = order_reason_codes(o, pd.Index([]), has_id=True)
    >>> codes.tolist(), labels[codes].tolist()
    ([0, 2], [None, 'unpaid'])
    """
    paid = orders["amount"].to_numpy(dtype="float64", na_value=np.nan)
    if "refunded" in orders:
        refunded = orders["refunded"].to_numpy(dtype="float64", na_value=np.nan)
        with np.errstate(invalid="ignore"):
            covered = (paid > 0) & (refunded >= paid)
            negative = paid - np.nan_to_num(refunded) < 0
        del refunded
    else:
        # Nothing refunded: no refund covers a payment, and only a negative payment is negative.
        covered = None
        with np.errstate(invalid="ignore"):
            negative = paid < 0
    status = orders["status_reason"]
    if bool(status.isna().all()):
        # No status drops an order (most exports): nothing to encode.
        status_codes, statuses = np.full(len(orders), -1, dtype=np.intp), []
    else:
        status_codes, statuses = pd.factorize(status, use_na_sentinel=True)
    labels = np.array(
        [None, "duplicate_order", *statuses, "bad_date", "bad_amount", "refunded", "negative_amount"],
        dtype=object,
    )
    bad_date = 2 + len(statuses)
    # Comparisons with a missing number are False, as the pandas comparisons were.
    with np.errstate(invalid="ignore"):
        checks = (
            (orders["time"].isna().to_numpy(dtype=bool), bad_date),
            (orders["amount_bad"].to_numpy(dtype=bool) | np.isnan(paid), bad_date + 1),
            # Square writes refunds as their own lines: an order whose lines are all refunds, or
            # whose refund lines cancel the payment, was refunded.
            (
                orders["refund_all"].to_numpy(dtype=bool)
                | (orders["refund_any"].to_numpy(dtype=bool) & (paid <= 0))
                | (False if covered is None else covered),
                bad_date + 2,
            ),
            (negative, bad_date + 3),
        )
    codes = np.zeros(len(orders), dtype=np.uint8)
    # Later checks are written first so that an earlier check overwrites them: the precedence.
    for mask, code in reversed(checks):
        codes[mask] = code
    has_status = status_codes >= 0
    codes[has_status] = status_codes[has_status] + 2
    if has_id and len(seen_ids):
        codes[orders["order_id"].isin(seen_ids).to_numpy(dtype=bool)] = 1
    return codes, labels


def invalid_orders(ids: pd.Series, reason: pd.Series | np.ndarray) -> pd.DataFrame:
    """Return ``order_id, reason`` of a file's dropped rows that carry an order id, once per pair.

    The history store uses it to close orders a later export shows as cancelled or refunded;
    ``ids`` are normalised as in the orders frame. ``reason`` is the per-row reason, or its
    codes over :data:`DROP_REASONS` (:func:`reason_codes`).

    Examples
    --------
    >>> ids = pd.Series(["1", "1", "2", None], dtype="str")
    >>> invalid_orders(ids, pd.Series([None, "cancelled", "cancelled", "blank_row"], dtype="str"))
      order_id     reason
    0        1  cancelled
    1        2  cancelled
    """
    codes = reason if isinstance(reason, np.ndarray) else reason_codes(reason, DROP_REASONS)
    dropped = np.flatnonzero(codes != 0)
    # A selection of no row still concatenates Arrow chunks: skipped when nothing was dropped.
    ids = ids.iloc[dropped] if len(dropped) else ids.iloc[:0]
    dropped = dropped[ids.notna().to_numpy(dtype=bool)]
    ids = ids[ids.notna().to_numpy(dtype=bool)]
    frame = pd.DataFrame(
        {
            "order_id": ids.astype("str").array,
            "reason": pd.array(reason_labels(codes[dropped], DROP_REASONS), dtype="str"),
        }
    )
    return frame.drop_duplicates(ignore_index=True)


def dropped_rows(
    raw: RawTable,
    reason: pd.Series | np.ndarray,
    reasons: Sequence[str] = DROP_REASONS,
    *,
    cells: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Return the dropped rows of one file with their file name, file row number and reason.

    ``reason`` is the per-row reason, or its codes over ``reasons`` (:func:`reason_codes`).
    ``cells`` are the dropped rows' cells, in order, when the frame no longer holds them all.
    """
    codes = reason if isinstance(reason, np.ndarray) else reason_codes(reason, reasons)
    dropped = np.flatnonzero(codes != 0)
    # Only the dropped rows are taken: usually none, never a copy of the whole table.
    rows = take_rows(raw.frame, dropped) if cells is None else cells.reset_index(drop=True)
    # Inserting into the fresh selection avoids copying every dropped cell a second time.
    rows.insert(
        0, "reason", pd.array(reason_labels(codes[dropped], reasons), dtype="str"), allow_duplicates=True
    )
    rows.insert(0, "row", dropped.astype(np.int64) + raw.header_row + 1, allow_duplicates=True)
    rows.insert(0, "file", pd.array([raw.name] * len(dropped), dtype="str"), allow_duplicates=True)
    return rows


def file_report(
    raw: RawTable,
    kind: str,
    mapping: dict[str, str],
    reason: pd.Series | np.ndarray,
    reasons: Sequence[str],
    warnings: Sequence[Message],
    **extra: Any,
) -> FileReport:
    """Describe how one file was read and what became of each of its rows (by drop reason).

    ``reason`` is the per-row reason, or its codes over ``reasons`` (:func:`reason_codes`).
    """
    codes = reason if isinstance(reason, np.ndarray) else reason_codes(reason, reasons)
    counts = np.bincount(codes, minlength=len(reasons) + 1)
    return FileReport(
        file=raw.name,
        kind=kind,
        format=raw.format,
        encoding=raw.encoding,
        delimiter=raw.delimiter,
        sheet=raw.sheet,
        header_row=raw.header_row,
        mapping=mapping,
        rows_read=len(raw.frame),
        rows_used=int(counts[0]),
        dropped={r: int(counts[i]) for i, r in enumerate(reasons, start=1) if counts[i]},
        warnings=tuple(warnings),
        **extra,
    )
