"""Read a file for loading: a table with at least one data row."""

from __future__ import annotations

from analytics.errors import FileFormatError
from analytics.io import RawTable, Source, read_table


def read_rows(source: Source, sheet: str | None = None) -> RawTable:
    """Read ``source`` as a table (the given sheet of a workbook) that has data rows.

    Raises
    ------
    FileFormatError
        ``loading.no_data_rows`` when the file has a header row and nothing below it.
    """
    raw = read_table(source, sheet=sheet)
    if len(raw.frame) == 0:
        raise FileFormatError("loading.no_data_rows", file=raw.name)
    return raw
