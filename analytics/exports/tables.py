"""Write a frame as CSV or XLSX bytes that are safe to open in a spreadsheet.

A text cell that starts with ``=``, ``+``, ``-`` or ``@`` runs as a formula in Excel and
LibreOffice (CSV injection): it gets a leading apostrophe. Numbers stay numbers (-12.5 is a
number, not text), and an undefined figure is an empty cell.
"""

from __future__ import annotations

import io
import math

import pandas as pd

from analytics.safe_cells import safe_text


def _escaped(value: object) -> object:
    return safe_text(value) if isinstance(value, str) else value


def escape_cells(frame: pd.DataFrame) -> pd.DataFrame:
    """Return a copy of ``frame`` whose text cells cannot run as formulas.

    Examples
    --------
    >>> escape_cells(pd.DataFrame({"a": ["=1+1", "ok"], "b": [-1.5, 2.0]})).to_dict("list")
    {'a': ["'=1+1", 'ok'], 'b': [-1.5, 2.0]}
    """
    escaped = frame.copy()
    for column in escaped.columns:
        if pd.api.types.is_object_dtype(escaped[column]) or pd.api.types.is_string_dtype(escaped[column]):
            escaped[column] = escaped[column].astype("object").map(_escaped)
    return escaped


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """Return ``frame`` as UTF-8 CSV with a byte-order mark (so Excel reads Chinese right)."""
    return escape_cells(frame).to_csv(index=False).encode("utf-8-sig")


def _cell(value: object) -> object:
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    return value.item() if hasattr(value, "item") and not isinstance(value, str) else value


def xlsx_bytes(frame: pd.DataFrame, *, sheet: str) -> bytes:
    """Return ``frame`` as an XLSX workbook: escaped text cells, numbers as numbers."""
    # openpyxl loads only for a workbook: a CSV care list or a summary does not pay for it.
    from openpyxl import Workbook

    book = Workbook()
    worksheet = book.active
    worksheet.title = sheet[:31]
    worksheet.append([_escaped(str(c)) for c in frame.columns])
    for row in escape_cells(frame).itertuples(index=False):
        worksheet.append([_cell(v) for v in row])
    for row in worksheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # never "f": an escaped text, not a formula
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
