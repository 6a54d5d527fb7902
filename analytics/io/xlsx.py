"""Read Excel .xlsx workbooks (Office Open XML): calamine, else openpyxl.

Other zip containers are refused naming what they are (.xlsb, OpenDocument, a plain zip archive).
The zip-bomb guard (:func:`analytics.io.guards.check_zip_bomb`) has already run on every zip.
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

from analytics.errors import FileFormatError
from analytics.io.guards import ZIP_MAGICS
from analytics.io.raw import ColumnChoice, RawTable
from analytics.io.workbook import Rows, Workbook, open_calamine, open_first, read_sheet, trim_empty_rows


def is_xlsx(head: bytes) -> bool:
    """Return whether a file starting with ``head`` is a zip container (an .xlsx workbook or not)."""
    return head.startswith(ZIP_MAGICS)


def read_xlsx(
    name: str, data: bytes, *, sheet: str | None = None, columns: ColumnChoice | None = None
) -> RawTable:
    """Read one sheet of an .xlsx workbook (by default the one that looks like orders)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise FileFormatError("io.workbook_damaged", file=name, detail=str(exc)) from exc
    members = set(archive.namelist())
    if "xl/workbook.xml" not in members:
        _refuse_other_zip(name, members)
    workbook, errors = open_first(data, (open_calamine, _open_openpyxl))
    if workbook is None:
        raise FileFormatError("io.workbook_damaged", file=name, detail=errors[0])
    return read_sheet(name, workbook, "xlsx", sheet, columns)


def _refuse_other_zip(name: str, members: set[str]) -> None:
    if "xl/workbook.bin" in members:
        raise FileFormatError("io.xlsb", file=name)
    if "content.xml" in members:
        raise FileFormatError("io.opendocument", file=name)
    raise FileFormatError("io.zip_archive", file=name)


def _open_openpyxl(data: bytes) -> Workbook:
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)

    def load(sheet: str) -> Rows:
        rows: list[list[Any]] = [list(row) for row in book[sheet].iter_rows(values_only=True)]
        return trim_empty_rows(rows)

    return Workbook(list(book.sheetnames), load)
