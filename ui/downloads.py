"""Files the dashboard hands back to the user (dropped rows, tables), safe to open in Excel.

A cell starting with = + - @ is run as a formula by Excel and LibreOffice (CSV injection), so
every text cell we write is prefixed with an apostrophe when it starts that way. Numbers are left
alone: -12.5 stays a number.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping

import pandas as pd

FORMULA_PREFIXES: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")
# Canonical fields whose source columns explain why a row was dropped. Phones, e-mails, addresses
# (region comes from the street address) and every unmapped column (payment accounts, names,
# notes) are left out, so the dropped-rows view and download carry no personal data.
DROPPED_ROW_FIELDS: tuple[str, ...] = (
    "order_id",
    "customer_id",
    "order_time",
    "paid_time",
    "amount",
    "unit_price",
    "quantity",
    "status",
    "financial_status",
    "cancelled_at",
    "refunded_amount",
    "event_type",
    "store",
    "channel",
    "coupon_code",
)


def dropped_rows_view(dropped: pd.DataFrame, mappings: Iterable[Mapping[str, str]]) -> pd.DataFrame:
    """Return the dropped rows with file, row, reason and only the columns that explain the drop.

    ``mappings`` are the files' field -> header mappings (``FileReport.mapping``); the source
    columns of :data:`DROPPED_ROW_FIELDS` are kept, in file order, everything else is left out.

    Examples
    --------
    >>> rows = pd.DataFrame({"file": ["a.csv"], "row": [2], "reason": ["unpaid"], "订单编号": ["1"],
    ...                      "联系手机": ["13800000000"], "订单状态": ["等待买家付款"]})
    >>> list(dropped_rows_view(rows, [{"order_id": "订单编号", "customer_phone": "联系手机",
    ...                                "status": "订单状态"}]).columns)
    ['file', 'row', 'reason', '订单编号', '订单状态']
    """
    keep = {
        header for mapping in mappings for field, header in mapping.items() if field in DROPPED_ROW_FIELDS
    }
    columns = ["file", "row", "reason", *(c for c in dropped.columns[3:] if c in keep)]
    return dropped.loc[:, [c for c in columns if c in dropped.columns]]


def escape_formula_cells(frame: pd.DataFrame) -> pd.DataFrame:
    """Return a copy of ``frame`` whose text cells starting with = + - @ are prefixed with "'".

    Only text columns are touched (vectorised per column); numeric, boolean and date columns
    cannot carry a formula.

    Examples
    --------
    >>> escape_formula_cells(pd.DataFrame({"a": ["=1+1", "ok", None]}))["a"].tolist()
    ["'=1+1", 'ok', nan]
    """
    escaped = frame.copy()
    for column in escaped.columns:
        values = escaped[column]
        if not (pd.api.types.is_string_dtype(values) or pd.api.types.is_object_dtype(values)):
            continue
        text = values.astype("str")
        risky = values.notna() & text.str.startswith(FORMULA_PREFIXES)
        if risky.any():
            escaped[column] = values.astype("object").where(~risky, "'" + text)
    return escaped


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """Return ``frame`` as UTF-8 CSV with a BOM (so Excel shows Chinese), formula cells escaped."""
    return escape_formula_cells(frame).to_csv(index=False).encode("utf-8-sig")


def xlsx_bytes(frame: pd.DataFrame, *, sheet: str = "data") -> bytes:
    """Return ``frame`` as an .xlsx workbook with formula cells escaped."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        escape_formula_cells(frame).to_excel(writer, sheet_name=sheet[:31], index=False)
    return buffer.getvalue()


PERSONAL_FIELDS: tuple[str, ...] = ("customer_phone", "customer_email")
MASK = "•••"


def mask_personal_columns(
    frame: pd.DataFrame, mapping: Mapping[str, str | None], *, extra: Iterable[str] = ()
) -> pd.DataFrame:
    """Return a copy of ``frame`` with phone, e-mail and ``extra`` columns masked (for previews).

    Examples
    --------
    >>> f = pd.DataFrame({"Email": ["a@example.com"], "Total": ["9.90"]})
    >>> mask_personal_columns(f, {"customer_email": "Email"}).iloc[0].tolist()
    ['•••', '9.90']
    """
    hidden = {mapping.get(field) for field in PERSONAL_FIELDS} | set(extra)
    masked = frame.copy()
    for column in masked.columns:
        if column in hidden:
            masked[column] = masked[column].where(masked[column].isna(), MASK)
    return masked
