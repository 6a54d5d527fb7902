"""Load exports into the canonical frames, counting every row as used or dropped with a reason.

``load_orders`` reads one or more order exports (Taobao/Tmall, Shopify, Square, WooCommerce, UCI
Online Retail, generic sheets), maps their headers (:mod:`analytics.schema`), parses the cells
(:mod:`analytics.parsing`), drops invalid rows with a stable reason key, rolls line items up to
orders and returns the canonical orders frame with a per-file report. Row accounting is part of the
contract: for every file and in total, ``rows_read == rows_used + sum(dropped.values())``.

Reason precedence for a row: ``blank_row``, ``cancellation_invoice``, ``duplicate_row``,
``missing_order_id``; then the order's own reason, which every row of the order shares:
``duplicate_order`` (id already loaded, or a repeated id in an order-level export), the status
(``cancelled``, ``unpaid``, ``refunded``), ``bad_date``, ``bad_amount``, ``refunded`` (refunded
amount covers what was paid), ``negative_amount``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from analytics.errors import FileFormatError, MappingError
from analytics.io import RawTable, Source, read_table, source_name
from analytics.parsing import (
    parse_booleans,
    parse_customer_ids,
    parse_dates,
    parse_ids,
    parse_money,
)
from analytics.schema import (
    ADDRESS_HEADERS,
    CAMPAIGN_SYNONYMS,
    LINE_AMOUNT_HEADERS,
    LINE_ITEM_HEADERS,
    MEMBER_SYNONYMS,
    SYNONYMS,
    address_region,
    missing_fields_message,
    missing_required,
    normalise_header,
    normalise_status,
    resolve_mapping,
    status_reasons,
    suggest_mapping,
    tier_order,
)

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
_TEXT_FIELDS: tuple[str, ...] = ("store", "channel", "region", "coupon_code", "tier")
_PHONE_HEADERS = frozenset(normalise_header(h) for h in SYNONYMS["customer_phone"])
_EMAIL_HEADERS = frozenset(normalise_header(h) for h in SYNONYMS["customer_email"])


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
    warnings: tuple[str, ...] = ()

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
            "warnings": list(self.warnings),
        }


def _sum_dropped(reports: Sequence[FileReport]) -> dict[str, int]:
    """Return ``{reason: rows}`` summed over reports, in the stable order of the reason keys."""
    total: dict[str, int] = {}
    for report in reports:
        for reason, rows in report.dropped.items():
            total[reason] = total.get(reason, 0) + rows
    return {r: total[r] for r in (*DROP_REASONS, *LIST_DROP_REASONS) if total.get(r)}


@dataclass(frozen=True)
class OrdersLoad:
    """The canonical orders of one or more exports with their row accounting."""

    orders: pd.DataFrame
    files: tuple[FileReport, ...]
    dropped_rows: pd.DataFrame

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
        return _sum_dropped(self.files)

    def to_dict(self) -> dict[str, Any]:
        """Return the ``inspect`` block: files, row accounting, orders, customers, sales, first/last day."""
        days = self.orders["order_day"]
        return {
            "files": [f.to_dict() for f in self.files],
            "rows_read": self.rows_read,
            "rows_used": self.rows_used,
            "dropped": self.dropped,
            "orders": len(self.orders),
            "customers": int(self.orders["customer_id"].nunique()),
            "sales": round(float(self.orders["amount"].sum()), 2),
            "first_day": days.min().strftime("%Y-%m-%d") if len(days) else None,
            "last_day": days.max().strftime("%Y-%m-%d") if len(days) else None,
        }


@dataclass(frozen=True)
class MembersLoad:
    """A member list: customer_id, tier (ordered Categorical, low to high), joined."""

    members: pd.DataFrame
    report: FileReport


@dataclass(frozen=True)
class CampaignLoad:
    """A campaign list: customer_id, group, start."""

    campaign: pd.DataFrame
    report: FileReport


def _read(source: Source, sheet: str | None = None) -> RawTable:
    raw = read_table(source, sheet=sheet)
    if len(raw.frame) == 0:
        raise FileFormatError(
            f"{raw.name}: the file has headers but no data rows: export it again with the rows included"
        )
    return raw


def _text(frame: pd.DataFrame, header: str | None) -> pd.Series:
    """Return a column as trimmed strings with NA for empty cells (all NA when not mapped)."""
    if header is None:
        return pd.Series(pd.NA, index=frame.index, dtype="str")
    text = frame[header].astype("str").str.strip()
    return text.where(text != "")


def _customer_ids(frame: pd.DataFrame, mapping: Mapping[str, str]) -> pd.Series:
    """Return customer keys, pseudonymising e-mail and phone columns so they never appear in clear."""
    for field_name in ("customer_id", "customer_email", "customer_phone"):
        header = mapping.get(field_name)
        if header is None:
            continue
        key = normalise_header(header)
        personal = "phone" if key in _PHONE_HEADERS else "email" if key in _EMAIL_HEADERS else None
        return parse_customer_ids(frame[header], personal=personal)
    return pd.Series(pd.NA, index=frame.index, dtype="str")


def _row_times(frame: pd.DataFrame, mapping: Mapping[str, str]) -> pd.Series:
    """Return each row's order time: the paid time, else the created time (NaT when unreadable)."""
    created_text = _text(frame, mapping.get("order_time"))
    clock = mapping.get("time_of_day")
    if clock is not None and "order_time" in mapping:
        # Square writes the date and the time of day in two columns.
        clock_text = _text(frame, clock)
        joined = created_text + " " + clock_text
        created_text = joined.where(
            clock_text.notna() & ~created_text.str.contains(":", regex=False), created_text
        )
    if "paid_time" not in mapping:
        return parse_dates(created_text)[0]
    paid = parse_dates(_text(frame, mapping["paid_time"]))[0]
    unpaid = paid.isna()
    if not unpaid.any() or "order_time" not in mapping:
        return paid
    # The created time is only needed (and only parsed) where the paid time is blank.
    return paid.fillna(parse_dates(created_text[unpaid])[0])


def _has_repeats(ids: pd.Series) -> bool:
    """Tell whether any non-missing id occurs twice.

    Factorising arrow strings is about four times faster than ``Series.duplicated`` on them, and
    most order-level exports have no repeated id, so this check usually ends the matter.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    array = getattr(ids.array, "_pa_array", None)
    if array is not None:
        try:
            # Numeric order numbers (most exports) hash as integers ten times faster than as
            # strings. "007" and "7" become equal here, which can only report a repeat that the
            # exact pass after this check then rules out; it never hides one.
            numbers = pc.cast(array.drop_null(), pa.int64()).to_numpy()
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError, pa.ArrowTypeError):
            numbers = None
        if numbers is not None:
            return bool(pd.Series(numbers).duplicated().any())
    codes, uniques = pd.factorize(ids, use_na_sentinel=True)
    return len(uniques) < int((codes >= 0).sum())


def _orders_of_file(
    raw: RawTable,
    overrides: Mapping[str, str] | None,
    seen_ids: pd.Index,
    *,
    id_prefix: str,
) -> tuple[pd.DataFrame, FileReport, pd.Series]:
    """Turn one raw table into canonical orders, a report and the per-row drop reason."""
    frame, name = raw.frame, raw.name
    columns = [str(c) for c in frame.columns]
    mapping = resolve_mapping(columns, overrides, file=name)
    missing = missing_required(mapping)
    if missing:
        raise MappingError(missing_fields_message(name, missing, columns))
    warnings: list[str] = []
    reason = pd.Series(pd.NA, index=frame.index, dtype="str")
    reason[frame.isna().all(axis=1)] = "blank_row"

    def pick(values: pd.Series) -> pd.Series:
        """Return the values of the rows still open (no reason yet), without a copy when all are."""
        open_now = reason.isna()
        return values if bool(open_now.all()) else values[open_now]

    has_id = "order_id" in mapping
    if has_id:
        ids = parse_ids(frame[mapping["order_id"]])
        # Online Retail marks cancellation invoices with a C before an otherwise numeric invoice.
        if bool(ids.str.fullmatch(r"\d+").any()):
            cancellation = ids.str.fullmatch(r"[Cc]\d+").fillna(False).astype(bool)
            reason[cancellation & reason.isna()] = "cancellation_invoice"
    else:
        ids = (id_prefix + "row-" + raw.row_numbers.astype("str")).astype("str")
        warnings.append(
            "no order id column: each row is one order, so repeated exports cannot be deduplicated"
        )

    open_rows = reason.isna()
    # Exact duplicate lines share their order id, so only rows with a repeated id need the
    # (costly) whole-row comparison.
    repeated_id = pd.Series(not has_id, index=frame.index)
    if has_id and _has_repeats(ids):
        # Only when some id repeats is the (costlier) keep=False pass needed.
        repeated_id = ids.duplicated(keep=False)
    candidates = open_rows & repeated_id
    if candidates.any():
        duplicate = frame[candidates].duplicated(keep="first")
        reason[duplicate[duplicate].index] = "duplicate_row"
    if has_id:
        reason[ids.isna() & reason.isna()] = "missing_order_id"

    open_rows = reason.isna()
    times = _row_times(frame, mapping)
    if "amount" in mapping:
        amounts, amount_bad = parse_money(frame[mapping["amount"]])
    else:
        amounts, amount_bad = pd.Series(np.nan, index=frame.index), pd.Series(False, index=frame.index)
    quantity, quantity_bad = (
        parse_money(frame[mapping["quantity"]]) if "quantity" in mapping else (None, None)
    )
    if "amount" not in mapping and quantity is not None:
        # Line-item exports without a line total (Online Retail): amount = quantity x unit price.
        price, price_bad = parse_money(frame[mapping["unit_price"]])
        amounts = quantity * price
        amount_bad = price_bad | quantity_bad
    if "event_type" in mapping:
        refund_row = normalise_status(frame[mapping["event_type"]]).str.contains("refund|退款").fillna(False)
        amounts = amounts.where(~refund_row.astype(bool), -amounts.abs())
    else:
        refund_row = pd.Series(False, index=frame.index)

    unknown: dict[str, int] = {}
    status_reason = pd.Series(pd.NA, index=frame.index, dtype="str")
    for status_field in ("financial_status", "status"):
        if status_field in mapping:
            found, unknown_here = status_reasons(pick(_text(frame, mapping[status_field])))
            status_reason = status_reason.fillna(found.reindex(frame.index).astype("str"))
            for value, rows in unknown_here.items():
                unknown[value] = unknown.get(value, 0) + rows
    if "cancelled_at" in mapping:
        cancelled = _text(frame, mapping["cancelled_at"]).notna()
        status_reason = status_reason.mask(status_reason.isna() & cancelled, "cancelled")
    if unknown:
        warnings.append(f"unknown order statuses kept as valid orders: {', '.join(unknown)}")

    # A line-item export repeats the order id on each product line; an order-level export that
    # repeats an id holds the same order twice.
    later = open_rows & False
    if has_id and bool((repeated_id & open_rows).any()):
        later = ids[open_rows].duplicated().reindex(frame.index, fill_value=False)
    repeated = bool(later.any())
    line_columns = bool(LINE_ITEM_HEADERS & {normalise_header(c) for c in columns}) or "amount" not in mapping
    continuation_blank = False
    if repeated and "amount" in mapping:
        # Order-level totals written once per order (Shopify): no order has two filled amount cells.
        filled = frame.loc[open_rows, mapping["amount"]].notna()
        continuation_blank = bool(filled.groupby(ids[open_rows].to_numpy()).sum().max() <= 1)
    line_items = repeated and (line_columns or continuation_blank)
    if repeated and not line_items:
        reason[later & open_rows] = "duplicate_order"
        open_rows = reason.isna()

    rows = frame.index[open_rows]
    key = pick(ids)
    parts: dict[str, pd.Series] = {
        "time": pick(times),
        "customer_id": pick(_customer_ids(frame, mapping)),
        "status_reason": pick(status_reason),
        "amount": pick(amounts),
        "amount_bad": pick(amount_bad),
        "amount_missing": pick(amounts.isna() & ~amount_bad),
        "refund_row": pick(refund_row),
    }
    if "refunded_amount" in mapping:
        parts["refunded"] = pick(parse_money(frame[mapping["refunded_amount"]])[0])
    if quantity is not None:
        parts["quantity"] = pick(quantity)
    for text_field in _TEXT_FIELDS:
        if text_field in mapping:
            values = pick(_text(frame, mapping[text_field]))
            if text_field == "region" and normalise_header(mapping["region"]) in ADDRESS_HEADERS:
                values = address_region(values)
            parts[text_field] = values
    if "is_member" in mapping:
        parts["is_member"] = pick(parse_booleans(frame[mapping["is_member"]]))
    rowwise = pd.DataFrame(parts, index=rows)

    if line_items:
        # Group by integer codes of the order id: far cheaper than grouping on the strings.
        codes, order_ids = pd.factorize(key, sort=False)
        grouped = rowwise.groupby(codes, sort=False)
        order = grouped.first().sort_index()
        order["order_id"] = pd.array(order_ids, dtype="str")
        amount_header = normalise_header(mapping.get("amount", ""))
        amounts_open = rowwise["amount"]
        constant = "amount" in mapping and bool(
            (grouped["amount"].transform("first") == amounts_open).fillna(False).all()
        )
        if continuation_blank or (constant and amount_header not in LINE_AMOUNT_HEADERS):
            # Shopify writes the order total on the first line only; some exports repeat it.
            order["amount_bad"] = grouped["amount_bad"].any() | (grouped["amount"].count() == 0)
        else:
            order["amount"] = grouped["amount"].sum(min_count=1)
            order["amount_bad"] = grouped["amount_bad"].any() | grouped["amount_missing"].any()
        if "quantity" in order:
            order["quantity"] = grouped["quantity"].sum(min_count=1)
        order["refund_all"] = grouped["refund_row"].all()
        order["refund_any"] = grouped["refund_row"].any()
    else:
        order = rowwise.reset_index(drop=True)
        order["order_id"] = key.array
        order["amount_bad"] = order["amount_bad"] | order["amount_missing"]
        order["refund_all"] = order["refund_any"] = order["refund_row"]
    paid = order["amount"]
    refunded = order["refunded"] if "refunded" in order else pd.Series(0.0, index=order.index)
    net = paid - refunded.fillna(0.0)
    status = order["status_reason"]
    # The first check that holds gives the order's reason (np.select keeps this precedence).
    checks = (
        (order["order_id"].isin(seen_ids) & has_id, "duplicate_order"),
        (status.notna(), status.to_numpy(dtype=object, na_value=None)),
        (order["time"].isna(), "bad_date"),
        (order["amount_bad"] | paid.isna(), "bad_amount"),
        # Square writes refunds as their own lines: an order whose lines are all refunds, or whose
        # refund lines cancel the payment, was refunded.
        (
            order["refund_all"] | (order["refund_any"] & (paid <= 0)) | ((paid > 0) & (refunded >= paid)),
            "refunded",
        ),
        (net < 0, "negative_amount"),
    )
    chosen = np.select(
        [np.asarray(mask, dtype=bool) for mask, _ in checks],
        [np.asarray(label, dtype=object) for _, label in checks],
        default=None,
    )
    order_reason = pd.Series(chosen, index=order.index, dtype="str")
    reason[open_rows] = chosen[codes] if line_items else chosen

    valid = order[order_reason.isna()]
    orders = pd.DataFrame(
        {
            "order_id": valid["order_id"].astype("str").array,
            "customer_id": valid["customer_id"].astype("str").array,
            "order_time": valid["time"].astype("datetime64[ns]").to_numpy(),
            "amount": (valid["amount"] - (valid["refunded"].fillna(0.0) if "refunded" in valid else 0.0))
            .astype("float64")
            .to_numpy(),
        }
    )
    orders.insert(3, "order_day", orders["order_time"].dt.normalize())
    if "quantity" in valid:
        orders["quantity"] = valid["quantity"].astype("float64").to_numpy()
    for text_field in _TEXT_FIELDS:
        if text_field in valid:
            orders[text_field] = valid[text_field].astype("str").array
    if "is_member" in valid:
        orders["is_member"] = valid["is_member"].astype("boolean").to_numpy()
    if not any(f in mapping for f in ("customer_id", "customer_email", "customer_phone")):
        warnings.append("no customer column: every order is counted as a guest order")

    extra = {"line_items": line_items, "unknown_statuses": unknown}
    report = _file_report(raw, "orders", mapping, reason, DROP_REASONS, warnings, **extra)
    return orders, report, reason


def _dropped_rows(raw: RawTable, reason: pd.Series) -> pd.DataFrame:
    """Return the dropped rows of one file with their file name, file row number and reason."""
    mask = reason.notna()
    rows = raw.frame[mask].reset_index(drop=True)
    # Inserting into the fresh selection avoids copying every dropped cell a second time.
    rows.insert(0, "reason", reason[mask].astype("str").array, allow_duplicates=True)
    rows.insert(0, "row", raw.row_numbers[mask].to_numpy(), allow_duplicates=True)
    rows.insert(0, "file", pd.array([raw.name] * int(mask.sum()), dtype="str"), allow_duplicates=True)
    return rows


def load_orders(
    sources: Sequence[Source],
    *,
    overrides: Mapping[str, str] | None = None,
    sheet: str | None = None,
) -> OrdersLoad:
    """Load order exports into one canonical orders frame, with a report per file.

    Files are loaded in the order given; an order id already loaded as a valid order from an
    earlier file is dropped as ``duplicate_order`` in the later file (weekly exports overlap).
    ``overrides`` maps canonical fields to headers (``--map FIELD=HEADER``) for every file.

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
        raise FileFormatError("no order file given: pass at least one export")
    frames, reports, dropped = [], [], []
    seen = pd.Index([], dtype="str")
    several = len(sources) > 1
    for source in sources:
        raw = _read(source, sheet)
        prefix = f"{raw.name}:" if several else ""
        orders, report, reason = _orders_of_file(raw, overrides, seen, id_prefix=prefix)
        if "order_id" in report.mapping:
            seen = seen.append(pd.Index(orders["order_id"]))
        frames.append(orders)
        reports.append(report)
        dropped.append(_dropped_rows(raw, reason))
    orders = pd.concat(frames, ignore_index=True) if several else frames[0]
    for text_field in _TEXT_FIELDS:
        if text_field in orders:
            orders[text_field] = orders[text_field].astype("str")
    if "is_member" in orders:
        orders["is_member"] = orders["is_member"].astype("boolean")
    return OrdersLoad(orders, tuple(reports), pd.concat(dropped, ignore_index=True))


def _file_report(
    raw: RawTable,
    kind: str,
    mapping: dict[str, str],
    reason: pd.Series,
    reasons: Sequence[str],
    warnings: list[str],
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


def _load_list(
    source: Source, synonyms: Mapping[str, list[str]], kind: str, overrides: Mapping[str, str] | None
) -> tuple[RawTable, dict[str, str], pd.Series, pd.Series]:
    """Read a customer list; return table, mapping, customer keys and the per-row drop reason."""
    raw = _read(source)
    columns = [str(c) for c in raw.frame.columns]
    mapping = resolve_mapping(columns, overrides, file=raw.name, synonyms=synonyms)
    if not any(f in mapping for f in ("customer_id", "customer_email", "customer_phone")):
        raise MappingError(
            f"{raw.name}: cannot find the customer column of the {kind} list among the headers: "
            f"{', '.join(columns)}. Name it with --map customer_id=HEADER"
        )
    frame = raw.frame
    reason = pd.Series(pd.NA, index=frame.index, dtype="str")
    reason[frame.isna().all(axis=1)] = "blank_row"
    customers = _customer_ids(frame, mapping)
    reason[customers.isna() & reason.isna()] = "missing_customer_id"
    return raw, mapping, customers, reason


def _keep_last(customers: pd.Series, reason: pd.Series) -> pd.Series:
    """Mark earlier rows of a customer listed twice as duplicate_customer (the last row wins)."""
    open_rows = reason.isna()
    earlier = customers[open_rows].duplicated(keep="last")
    reason[earlier[earlier].index] = "duplicate_customer"
    return reason


def load_members(source: Source, *, overrides: Mapping[str, str] | None = None) -> MembersLoad:
    """Load a member list: customer, tier (ordered low to high) and join date.

    Tiers are ordered by known names (普通会员 < 高级会员 < VIP会员 < 至尊VIP会员, silver < gold < platinum,
    V1 < V2 ...; see :func:`analytics.schema.tier_order`), unknown names after them as first seen.
    A customer listed twice keeps the last row; the earlier rows are counted as
    ``duplicate_customer``.
    """
    raw, mapping, customers, reason = _load_list(source, MEMBER_SYNONYMS, "member", overrides)
    warnings: list[str] = []
    reason = _keep_last(customers, reason)
    used = reason.isna()
    frame = raw.frame[used]
    tiers = _text(frame, mapping.get("tier"))
    if "tier" not in mapping:
        warnings.append("no tier column: members have no tier")
    order = tier_order(tiers.dropna().tolist())
    joined = pd.Series(pd.NaT, index=frame.index, dtype="datetime64[ns]")
    if "joined" in mapping:
        joined, bad = parse_dates(frame[mapping["joined"]])
        if bad.any():
            warnings.append(f"{int(bad.sum())} join dates could not be read and are left unknown")
    members = pd.DataFrame(
        {
            "customer_id": customers[used].astype("str").array,
            "tier": pd.Categorical(
                tiers.to_numpy(dtype=object, na_value=None), categories=order, ordered=True
            ),
            "joined": joined.astype("datetime64[ns]").to_numpy(),
        }
    )
    return MembersLoad(members, _file_report(raw, "members", mapping, reason, LIST_DROP_REASONS, warnings))


def load_campaign(source: Source, *, overrides: Mapping[str, str] | None = None) -> CampaignLoad:
    """Load a campaign list: customer, group (as written, e.g. 实验组/对照组, A/B) and optional start.

    A customer listed twice in the same group keeps the last row (``duplicate_customer``). A
    customer listed in two different groups keeps both rows, so that the campaign analysis can
    refuse the list instead of silently picking one group. A list without a group column is a
    list of targeted customers with no control group: every row is kept with a missing group.
    Rows with an empty group in a list that has a group column are dropped as ``missing_group``.
    """
    raw, mapping, customers, reason = _load_list(source, CAMPAIGN_SYNONYMS, "campaign", overrides)
    warnings: list[str] = []
    groups = _text(raw.frame, mapping.get("group"))
    if "group" in mapping:
        reason[groups.isna() & reason.isna()] = "missing_group"
    else:
        warnings.append(
            "no group column: every listed customer is treated as targeted, with no control group"
        )
    open_rows = reason.isna()
    pairs = pd.DataFrame({"customer_id": customers, "group": groups})[open_rows]
    repeated = pairs.duplicated(keep="last")
    reason[repeated[repeated].index] = "duplicate_customer"
    used = reason.isna()
    start = pd.Series(pd.NaT, index=raw.frame.index, dtype="datetime64[ns]")
    if "start" in mapping:
        start, bad = parse_dates(raw.frame[mapping["start"]])
        if bad.any():
            warnings.append(f"{int(bad.sum())} start dates could not be read and are left unknown")
    campaign = pd.DataFrame(
        {
            "customer_id": customers[used].astype("str").array,
            "group": groups[used].astype("str").array,
            "start": start[used].astype("datetime64[ns]").to_numpy(),
        }
    )
    return CampaignLoad(campaign, _file_report(raw, "campaign", mapping, reason, LIST_DROP_REASONS, warnings))


def detect_kind(source: Source) -> str:
    """Tell an order export from a member list or a campaign list by its headers.

    Orders have an amount (or quantity and unit price) or an order time; a campaign list has a
    group column and no amount; a member list has a tier or join-date column and no amount.
    """
    raw = read_table(source)
    columns = [str(c) for c in raw.frame.columns]
    orders = suggest_mapping(columns)
    if orders["amount"] is not None or (orders["quantity"] and orders["unit_price"]):
        return "orders"
    if suggest_mapping(columns, CAMPAIGN_SYNONYMS)["group"] is not None:
        return "campaign"
    members = suggest_mapping(columns, MEMBER_SYNONYMS)
    if members["tier"] is not None or members["joined"] is not None:
        return "members"
    if orders["order_time"] is not None or orders["paid_time"] is not None:
        return "orders"
    raise MappingError(
        f"{source_name(source)}: cannot tell whether this is an order export, a member list or a "
        f"campaign list from its headers: {', '.join(columns)}. Check that the header row is the first row"
    )
