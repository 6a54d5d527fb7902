"""Read Excel 97-2003 .xls workbooks (OLE2 containers): calamine, else xlrd."""

from __future__ import annotations

from analytics.errors import FileFormatError
from analytics.io.raw import ColumnChoice, RawTable
from analytics.io.workbook import Rows, Workbook, open_calamine, open_first, read_sheet, trim_empty_rows

MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def is_xls(head: bytes) -> bool:
    """Return whether a file starting with ``head`` is an OLE2 container (an .xls workbook or not)."""
    return head.startswith(MAGIC)


def read_xls(
    name: str, data: bytes, *, sheet: str | None = None, columns: ColumnChoice | None = None
) -> RawTable:
    """Read one sheet of an .xls workbook (by default the one that looks like orders).

    An OLE2 container that no library opens is usually a password-protected workbook (Excel
    encrypts an .xlsx into OLE2) or another Office document; the message says so.
    """
    workbook, errors = open_first(data, (open_calamine, _open_xlrd))
    if workbook is None:
        raise FileFormatError("io.xls_unreadable", file=name, detail=errors[0])
    return read_sheet(name, workbook, "xls", sheet, columns)


def _open_xlrd(data: bytes) -> Workbook:
    import xlrd

    book = xlrd.open_workbook(file_contents=data)

    def load(sheet: str) -> Rows:
        loaded = book.sheet_by_name(sheet)
        rows = [
            [
                xlrd.xldate.xldate_as_datetime(value, book.datemode) if kind == xlrd.XL_CELL_DATE else value
                for value, kind in zip(loaded.row_values(i), loaded.row_types(i), strict=True)
            ]
            for i in range(loaded.nrows)
        ]
        return trim_empty_rows(rows)

    return Workbook(list(book.sheet_names()), load)
