"""Files the dashboard hands back to the user (dropped rows, tables), safe to open in Excel.

A cell starting with = + - @ is run as a formula by Excel and LibreOffice (CSV injection), so
every text cell and header we write is prefixed with an apostrophe when it starts that way.
Numbers are left alone: -12.5 stays a number, also when the export wrote it as text.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Mapping

import pandas as pd

from analytics.safe_cells import FORMULA_STARTS, safe_text
from ui.personal import MASK, hide_personal

# A plain number a spreadsheet reads as one: optional minus, no leading zero, at most 15 digits.
_PLAIN_NUMBER = r"-?(?:0|[1-9]\d{0,14})(?:\.\d+)?"
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
    Whatever header they sit under, phone- and e-mail-looking cells are hidden (the customer-id
    column shows the loader's digest of them) and ids are shown as written (:mod:`ui.personal`).

    Examples
    --------
    >>> rows = pd.DataFrame({"file": ["a.csv"], "row": [2], "reason": ["unpaid"], "订单编号": ["1.0"],
    ...                      "联系手机": ["13800000000"], "订单状态": ["等待买家付款"]})
    >>> view = dropped_rows_view(rows, [{"order_id": "订单编号", "customer_phone": "联系手机",
    ...                                  "status": "订单状态"}])
    >>> list(view.columns), view["订单编号"].tolist()
    (['file', 'row', 'reason', '订单编号', '订单状态'], ['1'])
    """
    mappings = list(mappings)
    keep = {
        header for mapping in mappings for field, header in mapping.items() if field in DROPPED_ROW_FIELDS
    }
    columns = ["file", "row", "reason", *(c for c in dropped.columns[3:] if c in keep)]
    view = dropped.loc[:, [c for c in columns if c in dropped.columns]]
    customer = next((m["customer_id"] for m in mappings if m.get("customer_id") in view.columns), None)
    id_columns = [m["order_id"] for m in mappings if m.get("order_id") in view.columns]
    return hide_personal(view, customer_id=customer, id_columns=id_columns)


def translated_rows(
    view: pd.DataFrame,
    headers: Mapping[str, str],
    *,
    reasons: Callable[[str], str],
    empty: str,
) -> pd.DataFrame:
    """Return the dropped-rows view in the reader's language: headers, reasons and empty cells.

    ``headers`` renames the view's own columns (file, row, reason); ``reasons`` words a drop-reason
    key; ``empty`` replaces missing cells, which a table would otherwise show as "None".

    Examples
    --------
    >>> view = pd.DataFrame({"file": ["a.csv"], "row": [2], "reason": ["unpaid"], "状态": [None]})
    >>> translated_rows(view, {"file": "文件", "row": "行号", "reason": "原因"},
    ...                 reasons={"unpaid": "未付款"}.get, empty="（空）").iloc[0].tolist()[2:]
    ['未付款', '（空）']
    """
    shown = view.copy()
    if "reason" in shown.columns:
        shown["reason"] = shown["reason"].map(lambda r: reasons(str(r)))
    for column in shown.columns:
        if not pd.api.types.is_numeric_dtype(shown[column]):
            shown[column] = shown[column].astype("object").where(shown[column].notna(), empty)
    return shown.rename(columns=dict(headers))


def _as_numbers(values: pd.Series) -> pd.Series | None:
    """Return a text column as numbers when every cell is a plain number (amounts, counts), else None.

    Leading zeros ("007") and more than 15 digits (order numbers Excel would round) stay text.
    """
    present = values.dropna().astype("str").str.strip()
    if present.empty or not present.str.fullmatch(_PLAIN_NUMBER).all():
        return None
    numbers = pd.to_numeric(values.astype("str").str.strip(), errors="coerce")
    if (numbers.dropna() % 1 == 0).all():
        return numbers.astype("Int64")
    return numbers


def escape_formula_cells(frame: pd.DataFrame) -> pd.DataFrame:
    """Return a copy of ``frame`` safe to open in a spreadsheet: no cell or header runs as a formula.

    Text cells and headers starting with = + - @ (or a tab or carriage return) are prefixed with
    "'". A text column holding only plain numbers ("-12.50" refunds, "3" quantities) becomes a
    number column, so a negative amount stays a number rather than an escaped text.

    Examples
    --------
    >>> escape_formula_cells(pd.DataFrame({"a": ["=1+1", "ok", None]}))["a"].tolist()
    ["'=1+1", 'ok', nan]
    >>> out = escape_formula_cells(pd.DataFrame({"=SUM(A1)": ["x"], "amount": ["-12.5"]}))
    >>> list(out.columns), out["amount"].tolist()
    (["'=SUM(A1)", 'amount'], [-12.5])
    """
    escaped = frame.copy()
    for column in escaped.columns:
        values = escaped[column]
        if not (pd.api.types.is_string_dtype(values) or pd.api.types.is_object_dtype(values)):
            continue
        numbers = _as_numbers(values)
        if numbers is not None:
            escaped[column] = numbers
            continue
        text = values.astype("str")
        risky = values.notna() & text.str.startswith(FORMULA_STARTS)  # safe_text, a column at a time
        if risky.any():
            escaped[column] = values.astype("object").where(~risky, "'" + text)
    escaped.columns = [safe_text(c) if isinstance(c, str) else c for c in escaped.columns]
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


def mask_personal_columns(
    frame: pd.DataFrame, mapping: Mapping[str, str | None], *, extra: Iterable[str] = ()
) -> pd.DataFrame:
    """Return a preview of ``frame`` with personal data hidden, whatever header it sits under.

    The columns mapped to phone or e-mail and ``extra`` are masked whole, as is every column
    whose header names a person, address or payment account; phone- and e-mail-looking cells
    elsewhere are masked too, and the customer-id column shows them as the loader's digest
    (:func:`ui.personal.hide_personal`).

    Examples
    --------
    >>> f = pd.DataFrame({"Email": ["a@example.com"], "Total": ["9.90"]})
    >>> mask_personal_columns(f, {"customer_email": "Email"}).iloc[0].tolist()
    ['•••', '9.90']
    """
    hidden = {mapping.get(field) for field in PERSONAL_FIELDS} | set(extra)
    shown = hide_personal(
        frame,
        customer_id=mapping.get("customer_id"),
        id_columns=[h for h in (mapping.get("order_id"),) if h],
    )
    for column in shown.columns:
        if column in hidden:
            shown[column] = shown[column].astype("object").where(frame[column].isna(), MASK)
    return shown
