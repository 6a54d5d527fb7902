"""Read a file for loading: a table with at least one data row."""

from __future__ import annotations

from analytics.errors import FileFormatError
from analytics.io import RawTable, Source, read_table
from analytics.io.raw import ColumnChoice


def read_rows(source: Source, sheet: str | None = None, columns: ColumnChoice | None = None) -> RawTable:
    """Read ``source`` as a table (the given sheet of a workbook) that has data rows.

    ``columns`` chooses the columns to parse (:func:`analytics.io.read_table`); by default all.

    Raises
    ------
    FileFormatError
        ``loading.no_data_rows`` when the file has a header row and nothing below it.
    """
    raw = read_table(source, sheet=sheet, columns=columns)
    if len(raw.frame) == 0:
        raise FileFormatError("loading.no_data_rows", file=raw.name)
    return raw
