"""Row accounting: every row of a file is used or dropped with one reason, and the file's report.

The contract, for every file and in total: ``rows_read == rows_used + sum(dropped.values())``.

Reason precedence for an order row: ``blank_row``, ``cancellation_invoice``, ``duplicate_row``,
``missing_order_id``; then the order's own reason, which every row of the order shares
(:func:`order_reasons`): ``duplicate_order`` (id already loaded, or a repeated id in an
order-level export), the status (``cancelled``, ``unpaid``, ``refunded``), ``bad_date``,
``bad_amount``, ``refunded`` (refunded amount covers what was paid), ``negative_amount``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from analytics.errors import Message
from analytics.io import RawTable

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
    reason[frame.isna().all(axis=1)] = "blank_row"
    return reason


def blank_table_rows(raw: RawTable) -> pd.Series:
    """Return :func:`blank_rows` of a table of which only some columns were read.

    A row is blank when every cell of the file's row is empty, so a row whose read cells are all
    empty has its other columns read (rare: blank lines, total rows) before it counts as blank.
    """
    reason = blank_rows(raw.frame)
    candidates = reason.notna()
    if raw.unread and bool(candidates.any()):
        rest = raw.read_columns(raw.unread)
        reason[candidates & rest.notna().any(axis=1)] = pd.NA
    return reason


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
    paid = orders["amount"]
    refunded = orders["refunded"] if "refunded" in orders else pd.Series(0.0, index=orders.index)
    net = paid - refunded.fillna(0.0)
    status = orders["status_reason"].astype("str")
    checks = (
        (orders["order_id"].isin(seen_ids) & has_id, "duplicate_order"),
        (status.notna(), status.to_numpy(dtype=object, na_value=None)),
        (orders["time"].isna(), "bad_date"),
        (orders["amount_bad"] | paid.isna(), "bad_amount"),
        # Square writes refunds as their own lines: an order whose lines are all refunds, or whose
        # refund lines cancel the payment, was refunded.
        (
            orders["refund_all"] | (orders["refund_any"] & (paid <= 0)) | ((paid > 0) & (refunded >= paid)),
            "refunded",
        ),
        (net < 0, "negative_amount"),
    )
    # np.select takes the first condition that holds: that is the precedence.
    return np.select(
        [np.asarray(mask, dtype=bool) for mask, _ in checks],
        [np.asarray(label, dtype=object) for _, label in checks],
        default=None,
    )


def invalid_orders(ids: pd.Series, reason: pd.Series) -> pd.DataFrame:
    """Return ``order_id, reason`` of a file's dropped rows that carry an order id, once per pair.

    The history store uses it to close orders a later export shows as cancelled or refunded;
    ``ids`` are normalised as in the orders frame.

    Examples
    --------
    >>> ids = pd.Series(["1", "1", "2", None], dtype="str")
    >>> invalid_orders(ids, pd.Series([None, "cancelled", "cancelled", "blank_row"], dtype="str"))
      order_id     reason
    0        1  cancelled
    1        2  cancelled
    """
    dropped = reason.notna() & ids.notna()
    frame = pd.DataFrame(
        {"order_id": ids[dropped].astype("str").array, "reason": reason[dropped].astype("str").array}
    )
    return frame.drop_duplicates(ignore_index=True)


def dropped_rows(raw: RawTable, reason: pd.Series) -> pd.DataFrame:
    """Return the dropped rows of one file with their file name, file row number and reason."""
    mask = reason.notna()
    # A boolean selection concatenates arrow chunks even when it selects nothing (the usual case).
    rows = (raw.frame[mask] if bool(mask.any()) else raw.frame.iloc[:0]).reset_index(drop=True)
    # Inserting into the fresh selection avoids copying every dropped cell a second time.
    rows.insert(0, "reason", reason[mask].astype("str").array, allow_duplicates=True)
    rows.insert(0, "row", raw.row_numbers[mask].to_numpy(), allow_duplicates=True)
    rows.insert(0, "file", pd.array([raw.name] * int(mask.sum()), dtype="str"), allow_duplicates=True)
    return rows


def file_report(
    raw: RawTable,
    kind: str,
    mapping: dict[str, str],
    reason: pd.Series,
    reasons: Sequence[str],
    warnings: Sequence[Message],
    **extra: Any,
) -> FileReport:
    """Describe how one file was read and what became of each of its rows (by drop reason)."""
    counts = reason.value_counts()
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
        rows_used=int(reason.isna().sum()),
        dropped={r: int(counts[r]) for r in reasons if r in counts},
        warnings=tuple(warnings),
        **extra,
    )
