"""Read any supported export into a raw table: guards first, then the format's reader."""

from __future__ import annotations

import dataclasses
from collections.abc import Collection
from pathlib import Path

import pandas as pd

from analytics.io.delimited import FILE_HEAD_BYTES, STREAM_MIN_BYTES
from analytics.io.guards import GZIP_MAGIC, admit, refuse_binary
from analytics.io.raw import ColumnChoice, RawTable, Source, source_bytes, source_head, source_name
from analytics.io.registry import reader_for
from analytics.io.text import read_text_file


def read_table(
    source: Source,
    *,
    sheet: str | None = None,
    head_bytes: int | None = None,
    columns: ColumnChoice | None = None,
) -> RawTable:
    """Read a CSV or Excel export into a :class:`RawTable` of strings.

    Parameters
    ----------
    source
        A path, or ``(file name, bytes)`` for an upload. Gzip-compressed files are inflated first.
    sheet
        For Excel: the sheet to read. By default the sheet that looks like orders (its header
        names orders, amounts or customers; the one with most rows), else the first non-empty one.
        Ignored for CSV.
    head_bytes
        For text files: read only the lines within the first ``head_bytes`` bytes (cut at a line
        break), enough to judge a file by its headers without parsing all of it. Workbooks are
        read whole.
    columns
        Parse only the columns this chooses from the header names and a sample of the first
        data rows (see :data:`~analytics.io.raw.ColumnChoice`); by default every column. The
        table's ``headers`` still name them all and ``read_columns`` parses others later.

    Returns
    -------
    RawTable
        Data rows below the detected header row, all cells strings with NA for empty cells,
        surrounding whitespace and Taobao ``="..."`` wrappers removed.

    Raises
    ------
    FileFormatError
        Empty, damaged, oversized or non-table files; the code (``io.*``) and its ``file``
        parameter say which and what to do.
    ArgumentError
        ``sheet`` names a sheet the workbook does not have (``io.unknown_sheet``).

    Examples
    --------
    >>> table = read_table(("orders.csv", "title\\norder,amount\\nA1,=\\"12\\"\\n".encode()))
    >>> table.header_row, list(table.frame.columns), table.frame.amount.tolist()
    (2, ['order', 'amount'], ['12'])
    """
    name = source_name(source)
    table = _large_text_file(name, source, columns) if head_bytes is None else None
    compression = None
    if table is None:
        # Size, gzip and zip-bomb guards hold for every format, so they run before the dispatch.
        data, compression = admit(name, source_bytes(source))
        reader = reader_for(data)
        if not reader.binary:
            refuse_binary(name, data)
            # UTF-16 text ("Unicode text" from Excel) is read whole: a cut could split a character.
            if (
                head_bytes is not None
                and len(data) > head_bytes
                and not data.startswith((b"\xff\xfe", b"\xfe\xff"))
            ):
                cut = data.rfind(b"\n", 0, head_bytes)
                data = data[: cut + 1] if cut > 0 else data[:head_bytes]
        table = reader.read(name, data, sheet=sheet, columns=columns)
        del data
    # The bytes are not kept for a later read of more columns: the source is read again then.
    changes: dict = {"compression": compression} if compression else {}
    if table.reread is None:
        # Also when every column is held: the loader lets go of columns it has parsed.
        chosen = table.sheet

        def reread(names: Collection[str]) -> pd.DataFrame:
            return read_table(source, sheet=chosen, columns=lambda _headers, _sample: names).frame

        changes["reread"] = reread
    return dataclasses.replace(table, **changes) if changes else table


def _large_text_file(name: str, source: Source, columns: ColumnChoice | None) -> RawTable | None:
    """Read a large plain-text file given by its path without holding its bytes, else return None.

    Only the file's head is read here for the guards and the format (the same guards as for
    its whole bytes: they look at its first bytes only); the text reader then parses it from
    disk (:func:`~analytics.io.text.read_text_file`). Uploads, small files, gzip, workbooks and
    UTF-16 text are read whole by the caller.
    """
    if isinstance(source, tuple):
        return None
    head, size = source_head(source, FILE_HEAD_BYTES)
    if size < STREAM_MIN_BYTES or head.startswith(GZIP_MAGIC) or reader_for(head).binary:
        return None
    refuse_binary(name, head)
    return read_text_file(name, Path(source), head, columns=columns)
