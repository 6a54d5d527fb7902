"""Files the dashboard hands back to the user (dropped rows, tables), safe to open in Excel.

A cell starting with = + - @ is run as a formula by Excel and LibreOffice (CSV injection), so
every text cell we write is prefixed with an apostrophe when it starts that way. Numbers are left
alone: -12.5 stays a number.
"""

from __future__ import annotations

import io

import pandas as pd

FORMULA_PREFIXES: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")


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
