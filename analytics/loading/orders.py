"""Load order exports into the canonical orders frame, counting every row as used or dropped.

``load_orders`` reads one or more order exports (Taobao/Tmall, Shopify, Square, WooCommerce, UCI
Online Retail, generic sheets), maps their headers (:mod:`analytics.schema`) and runs the named
steps on each file: ids (:mod:`~analytics.loading.ids`), times, money, statuses, line-item
roll-up (:mod:`~analytics.loading.rollup`) and the drop-reason precedence
(:mod:`~analytics.loading.accounting`). Row accounting is part of the contract: for every file
and in total, ``rows_read == rows_used + sum(dropped.values())``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any
from warnings import catch_warnings, simplefilter

import numpy as np
import pandas as pd

from analytics.errors import FileFormatError, InputError, MappingError, Message
from analytics.frames import empty_refunds
from analytics.io import RawTable, Source, source_name
from analytics.io.cells import take_rows
from analytics.io.memory import loading_memory, release_freed_memory
from analytics.io.raw import ColumnChoice
from analytics.loading.accounting import (
    DROP_REASONS,
    FileReport,
    blank_table_mask,
    dropped_rows,
    file_report,
    invalid_orders,
    order_reason_codes,
    sum_dropped,
)
from analytics.loading.cells import parse_booleans, text_column
from analytics.loading.detect import check_id_lengths, customer_column_warning
from analytics.loading.ids import (
    Codes,
    cancellation_invoices,
    codes_of_rows,
    customer_codes,
    customer_ids,
    order_ids,
)
from analytics.loading.money import RowAmounts, parse_money, row_amounts
from analytics.loading.refunds import REFUND_LABELS, refund_lines
from analytics.loading.rollup import duplicate_lines, line_item_shape, per_row_orders, repeated_ids, roll_up
from analytics.loading.source import read_rows
from analytics.loading.statuses import row_statuses, status_candidates, unnamed_status_column
from analytics.loading.times import row_times
from analytics.schema import (
    ADDRESS_HEADERS,
    address_region,
    missing_fields_error,
    missing_required,
    normalise_header,
    resolve_mapping,
)
from analytics.schema.guess import likely_customer_columns

# Optional text fields carried into the orders frame as written (the region cut to a province; the
# item of a line-item export is its first line's, as every other order field).
TEXT_FIELDS: tuple[str, ...] = ("store", "channel", "region", "coupon_code", "tier", "item", "currency")
_CUSTOMER_FIELDS: tuple[str, ...] = ("customer_id", "customer_email", "customer_phone")
# First rows judged for likely customer columns when none is mapped (as a column choice's sample).
_GUESS_ROWS = 200


@dataclass(frozen=True)
class OrdersLoad:
    """The canonical orders of one or more exports with their row accounting.

    ``invalid_orders`` (``order_id``, ``reason``) lists the order ids of dropped rows, normalised
    as in ``orders``, so the history store can close orders without reading the files again;
    ``has_order_ids`` is False when any file had no order-id column (its rows were numbered).
    ``refunds`` (``order_id``, ``customer_id``, ``order_time``, ``order_day``, ``amount`` < 0) are
    the cancellation lines, subtracted from sales on the day they happen
    (:mod:`~analytics.loading.refunds`); their rows count as used. ``customer_codes`` is
    ``pandas.factorize`` of ``orders["customer_id"]`` when the loader hashed the ids as it read
    (one order-level file), for a purchase log to reuse (``Orders(orders, customers=...)``).
    """

    orders: pd.DataFrame
    files: tuple[FileReport, ...]
    dropped_rows: pd.DataFrame
    invalid_orders: pd.DataFrame
    has_order_ids: bool
    refunds: pd.DataFrame = field(default_factory=empty_refunds)
    customer_codes: Codes | None = field(default=None, compare=False, repr=False)

    @property
    def refund_rows(self) -> int:
        """Return the rows used as refund lines (cancellation invoices) over all files."""
        return sum(f.refund_rows for f in self.files)

    @property
    def rows_read(self) -> int:
        """Return the data rows read over all files."""
        return sum(f.rows_read for f in self.files)

    @property
    def rows_used(self) -> int:
        """Return the rows that went into valid orders over all files."""
        return sum(f.rows_used for f in self.files)

    @property
    def dropped(self) -> dict[str, int]:
        """Return ``{reason: rows}`` summed over files (reasons with no rows left out)."""
        return sum_dropped(self.files)

    def require_orders(self) -> None:
        """Refuse to analyse files that hold no valid order, naming the files.

        Raises
        ------
        InputError
            ``loading.no_valid_orders`` when every row was dropped (the file report says why).
        """
        if len(self.orders) == 0:
            raise InputError(
                "loading.no_valid_orders", file=", ".join(f.file for f in self.files), rows=self.rows_read
            )

    def to_dict(self, *, customers: int | None = None) -> dict[str, Any]:
        """Return the ``inspect`` block: files, row accounting, orders, customers, sales, first/last day.

        ``customers`` is the number of distinct customer ids in ``orders`` when the caller has
        counted it already (a purchase log's ``n_customers``): hashing a million ids costs ~0.15 s.
        """
        days = self.orders["order_day"]
        if customers is None and self.customer_codes is not None:
            customers = len(self.customer_codes[1])  # the distinct ids, hashed as they were read
        if customers is None:
            customers = int(self.orders["customer_id"].nunique())
        return {
            "files": [f.to_dict() for f in self.files],
            "rows_read": self.rows_read,
            "rows_used": self.rows_used,
            "dropped": self.dropped,
            "orders": len(self.orders),
            "customers": customers,
            "sales": round(float(self.orders["amount"].sum()), 2),
            "refunds": round(-float(self.refunds["amount"].sum()), 2),
            "net_sales": round(float(self.orders["amount"].sum()) + float(self.refunds["amount"].sum()), 2),
            "first_day": days.min().strftime("%Y-%m-%d") if len(days) else None,
            "last_day": days.max().strftime("%Y-%m-%d") if len(days) else None,
        }


@dataclass(frozen=True)
class FileOrders:
    """One file's valid orders, its report, each row's drop reason code and its invalid order ids.

    ``reason`` holds a code per row: 0 for a used row, ``i + 1`` for ``DROP_REASONS[i]``.
    """

    orders: pd.DataFrame
    report: FileReport
    reason: np.ndarray
    invalid: pd.DataFrame
    # The dropped rows' cells (columns as read): the loader lets go of the file's columns.
    dropped_cells: pd.DataFrame | None = None
    refunds: pd.DataFrame | None = None
    # pandas.factorize of the orders' customer ids, when known (see OrdersLoad.customer_codes).
    customer_codes: Codes | None = None


# Fields whose columns nothing reads once times and amounts are parsed: their cells are let go
# then (a million order times are ~30 MB of text), all but those of the rows that may be dropped.
_PARSED_ONLY: frozenset[str] = frozenset(
    {"order_time", "paid_time", "time_of_day", "amount", "quantity", "unit_price"}
)


@dataclass(frozen=True)
class _HeldCells:
    """The cells of the parsed-only columns kept for the rows that may be dropped (sorted positions)."""

    read: list[str]
    positions: np.ndarray
    cells: pd.DataFrame


def _release_parsed_columns(
    raw: RawTable, mapping: Mapping[str, str], maybe_dropped: np.ndarray
) -> _HeldCells | None:
    """Drop the columns read only for times and amounts from the frame, keeping the rows that may be dropped.

    The frame is changed in place (the caller's table holds it too), so their text is freed.
    Only when the table can read them again (:meth:`RawTable.read_columns`) should a dropped row
    turn up that was not kept.
    """
    if raw.reread is None:
        return None
    other = {header for field, header in mapping.items() if field not in _PARSED_ONLY}
    frame = raw.frame
    columns = [
        header
        for field, header in mapping.items()
        if field in _PARSED_ONLY and header not in other and header in frame.columns
    ]
    columns = [c for c in frame.columns if c in set(columns)]
    if not columns:
        return None
    read = list(frame.columns)
    positions = np.flatnonzero(maybe_dropped)
    cells = take_rows(frame.loc[:, columns], positions)
    for column in columns:
        del frame[column]
    release_freed_memory()
    return _HeldCells(read, positions, cells)


def _dropped_cells(raw: RawTable, reason: np.ndarray, held: _HeldCells) -> pd.DataFrame:
    """Return the dropped rows' cells in the columns as read, from the kept cells or read again."""
    dropped = np.flatnonzero(reason)
    at = np.searchsorted(held.positions, dropped)
    kept = bool((at < len(held.positions)).all()) and bool((held.positions[at] == dropped).all())
    if kept:
        released = take_rows(held.cells, at)
    else:
        missing = list(held.cells.columns)
        released = take_rows(raw.read_columns(missing).loc[:, missing], dropped)
    rows = take_rows(raw.frame, dropped)
    return pd.concat([rows, released], axis=1).loc[:, held.read]


_CODE = {label: code for code, label in enumerate(DROP_REASONS, start=1)}


def _row_parts(
    frame: pd.DataFrame,
    mapping: Mapping[str, str],
    open_rows: np.ndarray,
    *,
    times: pd.Series,
    amounts: RowAmounts,
    customers: pd.Series,
    status_reason: pd.Series,
) -> pd.DataFrame:
    """Return the open rows' parsed cells, one column per order attribute."""

    def pick(values: pd.Series) -> pd.Series:
        # No copy when every row is open (the common case); positions, never index alignment.
        return values if every_row else values.iloc[open_at]

    def numbers(values: pd.Series, dtype: str = "float64") -> np.ndarray:
        array = values.to_numpy(dtype=dtype)
        return array if every_row else array[open_at]

    every_row = bool(open_rows.all())
    open_at = np.flatnonzero(open_rows)
    amount = numbers(amounts.amount)
    bad = numbers(amounts.bad, "bool")
    parts: dict[str, Any] = {
        "time": numbers(times, "datetime64[ns]"),
        "customer_id": pick(customers).array,
        "status_reason": pick(status_reason).array,
        "amount": amount,
        "amount_bad": bad,
        "amount_missing": np.isnan(amount) & ~bad,
        "refund_row": numbers(amounts.refund_row, "bool"),
    }
    if "refunded_amount" in mapping:
        parts["refunded"] = numbers(parse_money(frame[mapping["refunded_amount"]])[0])
    if amounts.quantity is not None:
        parts["quantity"] = numbers(amounts.quantity)
    for text_field in TEXT_FIELDS:
        if text_field in mapping:
            values = pick(text_column(frame, mapping[text_field]))
            if text_field == "region" and normalise_header(mapping["region"]) in ADDRESS_HEADERS:
                values = address_region(values)
            parts[text_field] = values.array
    if "is_member" in mapping:
        parts["is_member"] = pick(parse_booleans(frame[mapping["is_member"]])).array
    return pd.DataFrame(parts, index=frame.index if every_row else frame.index[open_at], copy=False)


def _canonical(order: pd.DataFrame, valid_at: np.ndarray | None = None) -> pd.DataFrame:
    """Return the valid orders as the canonical frame (amount net of refunds, order_day added).

    ``valid_at`` holds the valid orders' increasing positions (None: every order is valid). The
    columns are taken one at a time and each is let go of in ``order`` once taken (the frame is
    emptied), so the orders are never held twice whole (a selected copy beside the canonical one).
    """

    def take(values: np.ndarray) -> np.ndarray:
        return values if valid_at is None else values[valid_at]

    def text(field: str) -> Any:
        values = order.pop(field).astype("str")
        if valid_at is None:
            return values.array
        return take_rows(values.to_frame(), valid_at).iloc[:, 0].array

    amount = take(order.pop("amount").to_numpy(dtype="float64"))
    if "refunded" in order:
        refunded = take(order.pop("refunded").to_numpy(dtype="float64"))
        amount = amount - np.where(np.isnan(refunded), 0.0, refunded)
        del refunded
    order_time = take(order.pop("time").astype("datetime64[ns]").to_numpy())
    orders = pd.DataFrame(
        {
            "order_id": text("order_id"),
            "customer_id": text("customer_id"),
            "order_time": order_time,
            "amount": amount,
        },
        copy=False,
    )
    orders.insert(3, "order_day", _day_of(order_time))
    if "quantity" in order:
        orders["quantity"] = take(order.pop("quantity").astype("float64").to_numpy())
    for text_field in TEXT_FIELDS:
        if text_field in order:
            orders[text_field] = text(text_field)
    if "is_member" in order:
        orders["is_member"] = take(order.pop("is_member").astype("boolean").to_numpy())
    return orders


_DAY_NS = 86_400 * 10**9


def _day_of(times: np.ndarray) -> np.ndarray:
    """Return each time's midnight (NaT stays NaT): ``Series.dt.normalize`` on the raw numbers."""
    nanoseconds = times.view("int64")
    # In place: one new array, not one per step (a million orders: 8 MB each).
    days = nanoseconds % _DAY_NS
    np.subtract(nanoseconds, days, out=days)
    missing = np.isnat(times)
    if missing.any():
        days[missing] = nanoseconds[missing]
    return days.view("datetime64[ns]")


def _mark(codes: np.ndarray, rows: np.ndarray, label: str) -> None:
    """Give ``label`` to the ``rows`` that have no reason yet (an earlier check wins)."""
    codes[rows & (codes == 0)] = _CODE[label]


def orders_of_file(
    raw: RawTable,
    overrides: Mapping[str, str] | None,
    seen_ids: pd.Index,
    *,
    id_prefix: str,
) -> FileOrders:
    """Turn one raw table into canonical orders, a report, the per-row drop reason codes and invalid ids.

    Raises
    ------
    MappingError
        ``schema.missing_field(s)`` when the headers lack the order time or the amount paid.
    """
    frame, name = raw.frame, raw.name
    columns = list(raw.headers)
    mapping = resolve_mapping(columns, overrides, file=name)
    missing = missing_required(mapping)
    if missing:
        raise missing_fields_error(name, missing, columns)
    check_id_lengths(raw, mapping)
    warnings: list[Message] = []
    # One byte per row: 0 while the row is open, else its reason's code (positions, no index).
    reason = np.where(blank_table_mask(raw), _CODE["blank_row"], 0).astype(np.uint8)

    has_id = "order_id" in mapping
    possible_duplicates = 0
    with ThreadPoolExecutor(max_workers=1) as helper:
        # Times and amounts are read on a second core while this one checks the rows: their string
        # kernels release the interpreter. Each is a function of the raw cells alone; their text,
        # the bulk of a file, is let go once the row checks are done (below).
        times_read = helper.submit(row_times, frame, mapping)
        amounts_read = helper.submit(row_amounts, frame, mapping)
        ids, customers = order_ids(raw, mapping, id_prefix=id_prefix), customer_ids(frame, mapping)
        # The ids are hashed for the purchase log on a third thread meanwhile (~0.15 s of a
        # million ids off this one); shut down at once, it runs this one task and ends.
        coder = ThreadPoolExecutor(max_workers=1)
        coded = coder.submit(customer_codes, customers)
        coder.shutdown(wait=False)
        cancelled_lines = np.zeros(len(frame), dtype=bool)
        if has_id:
            cancelled_lines = cancellation_invoices(ids).to_numpy(dtype=bool) & (reason == 0)
            _mark(reason, cancelled_lines, "cancellation_invoice")
        else:
            warnings.append(Message("loading.no_order_id_column", {"file": name}))
        repeated = repeated_ids(ids, has_id=has_id)
        candidates = (reason == 0) & repeated.to_numpy(dtype=bool)
        if candidates.any():
            # Lines exported twice are equal in every column, read or not: the others are read only
            # when some id repeats (line-item exports), never for an order-level export.
            lines = raw.read_columns(columns) if raw.unread else frame
            duplicates = duplicate_lines(lines, pd.Series(candidates, index=frame.index))
            if has_id:
                _mark(reason, duplicates.to_numpy(dtype=bool), "duplicate_row")
            else:
                # Without an order id two equal lines may be two real purchases (the same item
                # bought twice a day) as well as one line exported twice: kept, and counted.
                possible_duplicates = int(duplicates.sum())
            del lines, duplicates
        if has_id and cancelled_lines.any():
            # A refund line exported twice refunds once: its later copies are duplicate rows.
            lines = raw.read_columns(columns) if raw.unread else frame
            again = duplicate_lines(lines, pd.Series(cancelled_lines, index=frame.index)).to_numpy(dtype=bool)
            reason[again] = _CODE["duplicate_row"]
            cancelled_lines &= ~again
            del lines, again
        if has_id:
            _mark(reason, ids.isna().to_numpy(dtype=bool), "missing_order_id")

        status_column = unnamed_status_column(frame, mapping)
        if status_column is not None:
            mapping = {**mapping, "status": status_column}
            warnings.append(Message("loading.status_column_found", {"file": name, "column": status_column}))
        open_rows = reason == 0
        statuses = row_statuses(frame, mapping, pd.Series(open_rows, index=frame.index))
        if statuses.unknown:
            warnings.append(
                Message("loading.unknown_statuses", {"file": name, "statuses": list(statuses.unknown)})
            )

        shape = line_item_shape(
            frame, mapping, ids, repeated, pd.Series(open_rows, index=frame.index), headers=columns
        )
        later = shape.later.to_numpy(dtype=bool)
        if later.any() and not shape.line_items:
            reason[later & open_rows] = _CODE["duplicate_order"]
            open_rows = reason == 0

        times, amounts = times_read.result(), amounts_read.result()
        # Only the cancellation lines' labels are trimmed (in refund_lines), not a million orders'.
        labels = {field: frame[mapping[field]] for field in REFUND_LABELS if field in mapping}
        refunds, refund_rows = refund_lines(ids, customers, times, amounts.amount, cancelled_lines, labels)
    release_freed_memory()
    held = None
    if not shape.line_items:
        # The rows an order check may still drop keep their cells (any other dropped row would
        # have its cells read again from the file); a line-item export keeps the columns whole,
        # an order's drop reaching all its lines.
        maybe_dropped = (
            ~open_rows
            | statuses.reason.notna().to_numpy(dtype=bool)
            | np.isnat(times.to_numpy(dtype="datetime64[ns]"))
            | amounts.bad.to_numpy(dtype=bool)
            | ~(amounts.amount.to_numpy(dtype="float64") > 0)
            | amounts.refund_row.to_numpy(dtype=bool)
        )
        if "refunded_amount" in mapping:
            maybe_dropped |= frame[mapping["refunded_amount"]].notna().to_numpy(dtype=bool)
        if has_id and len(seen_ids):
            maybe_dropped |= ids.isin(seen_ids).to_numpy(dtype=bool)
        held = _release_parsed_columns(raw, mapping, maybe_dropped)
    rows = _row_parts(
        frame,
        mapping,
        open_rows,
        times=times,
        amounts=amounts,
        customers=customers,
        status_reason=statuses.reason,
    )
    # The parsed columns live on in ``rows`` only: released before the orders are built.
    del times, amounts, customers
    release_freed_memory()
    key = ids if bool(open_rows.all()) else ids.iloc[np.flatnonzero(open_rows)]
    if shape.line_items:
        order, lines_order = roll_up(rows, key, amount_header=mapping.get("amount"))
    else:
        order = per_row_orders(rows, key)
    del rows, key
    release_freed_memory()
    codes, labels = order_reason_codes(order, seen_ids, has_id=has_id)
    valid = codes == 0
    if not valid.all():
        row_codes = codes[lines_order] if shape.line_items else codes
        dropped_at = np.flatnonzero(row_codes)
        as_reason = np.array([0, *(_CODE[label] for label in labels[1:])], dtype=np.uint8)
        reason[np.flatnonzero(open_rows)[dropped_at]] = as_reason[row_codes[dropped_at]]
        del row_codes, dropped_at

    if not any(f in mapping for f in _CUSTOMER_FIELDS):
        warnings.append(customer_column_warning(name, frame.iloc[:_GUESS_ROWS], mapping))
    if possible_duplicates:
        warnings.append(Message("loading.possible_duplicates", {"file": name, "rows": possible_duplicates}))
    # Cancellation lines are used as refunds (see refund_lines): counted with the rows used.
    reason[refund_rows] = 0
    extra = {
        "line_items": shape.line_items,
        "unknown_statuses": statuses.unknown,
        "possible_duplicates": possible_duplicates,
        "refund_rows": int(refund_rows.sum()),
    }
    report = file_report(raw, "orders", mapping, reason, DROP_REASONS, warnings, **extra)
    invalid = invalid_orders(ids, reason) if has_id else invalid_orders(ids.iloc[:0], reason[:0])
    cells = take_rows(frame, np.flatnonzero(reason)) if held is None else _dropped_cells(raw, reason, held)
    del ids, statuses, shape, held
    # Every row's fate is known and the dropped rows' cells are taken: the file's columns are let
    # go of (in place: the caller's table holds the frame too; its row count stays) before the
    # canonical columns are built, so the file's text and the orders' are not held at once.
    # At once, not column by column: each del rebuilt the frame's block list (2,000 columns: minutes).
    # pandas 3.1 deprecates inplace, yet no other public call empties the frame the caller shares.
    with catch_warnings():
        simplefilter("ignore", DeprecationWarning)
        frame.drop(columns=frame.columns, inplace=True)
    release_freed_memory()
    valid_at = None if valid.all() else np.flatnonzero(valid)
    orders = _canonical(order, valid_at)
    del order
    release_freed_memory()
    codes = None
    if not extra["line_items"]:
        # Each order is an open row: its row is the valid_at-th open one.
        kept = None if bool(open_rows.all()) else np.flatnonzero(open_rows)
        if valid_at is not None:
            kept = valid_at if kept is None else kept.take(valid_at)
        codes = codes_of_rows(coded.result(), kept)
    return FileOrders(orders, report, reason, invalid, cells, refunds, codes)


def needed_columns(name: str, overrides: Mapping[str, str] | None) -> ColumnChoice:
    """Return the column choice of an order export: the mapped columns and possible status columns.

    Decided from the header and the first rows before the file is parsed, so the columns nobody
    reads (addresses, notes, payment accounts of a 41-column Taobao export) are never converted
    nor held. A header that does not map is read whole: :func:`orders_of_file` then raises the
    error naming every header, as without a choice. The dropped-rows view shows mapped columns
    only, so it needs nothing else.
    """

    def choose(headers: Sequence[str], sample: pd.DataFrame) -> Sequence[str]:
        try:
            mapping = resolve_mapping(list(headers), overrides, file=name)
        except MappingError:
            return headers
        if missing_required(mapping):
            return headers
        # Without a customer column the columns that look like one are read too, to be named.
        named = any(f in mapping for f in _CUSTOMER_FIELDS)
        likely = [] if named else likely_customer_columns(sample, mapping)
        return [*mapping.values(), *status_candidates(sample, mapping), *likely]

    return choose


def load_orders(
    sources: Sequence[Source],
    *,
    overrides: Mapping[str, str] | None = None,
    sheet: str | None = None,
) -> OrdersLoad:
    """Load order exports into one canonical orders frame, with a report per file.

    Files are loaded in the order given; an order id already loaded as a valid order from an
    earlier file is dropped as ``duplicate_order`` in the later file (weekly exports overlap).
    ``overrides`` maps canonical fields to headers for every file.

    Raises
    ------
    FileFormatError, MappingError
        When a file cannot be read or its headers lack the order time or the amount paid.
    """
    if isinstance(sources, str | os.PathLike) or (
        isinstance(sources, tuple) and len(sources) == 2 and isinstance(sources[1], bytes)
    ):
        sources = [sources]  # a single file given on its own
    if not sources:
        raise FileFormatError("loading.no_order_files")
    with loading_memory():
        return _load_orders(sources, overrides, sheet)


def _load_orders(
    sources: Sequence[Source], overrides: Mapping[str, str] | None, sheet: str | None
) -> OrdersLoad:
    loaded: list[FileOrders] = []
    dropped = []
    seen = pd.Index([], dtype="str")
    several = len(sources) > 1
    for source in sources:
        raw = read_rows(source, sheet, needed_columns(source_name(source), overrides))
        prefix = f"{raw.name}:" if several else ""
        file = orders_of_file(raw, overrides, seen, id_prefix=prefix)
        if "order_id" in file.report.mapping:
            seen = seen.append(pd.Index(file.orders["order_id"]))
        loaded.append(file)
        dropped.append(dropped_rows(raw, file.reason, cells=file.dropped_cells))
        del raw
    orders = pd.concat([f.orders for f in loaded], ignore_index=True) if several else loaded[0].orders
    for text_field in TEXT_FIELDS:
        if text_field in orders:
            orders[text_field] = orders[text_field].astype("str")
    if "is_member" in orders:
        orders["is_member"] = orders["is_member"].astype("boolean")
    invalid = pd.concat([f.invalid for f in loaded], ignore_index=True) if several else loaded[0].invalid
    refund_frames = [f.refunds for f in loaded if f.refunds is not None and len(f.refunds)]
    return OrdersLoad(
        orders,
        tuple(f.report for f in loaded),
        pd.concat(dropped, ignore_index=True),
        invalid_orders=invalid,
        has_order_ids=all("order_id" in f.report.mapping for f in loaded),
        refunds=pd.concat(refund_frames, ignore_index=True) if refund_frames else empty_refunds(),
        customer_codes=None if several else loaded[0].customer_codes,
    )
