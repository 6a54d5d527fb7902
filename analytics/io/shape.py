"""Shape guards: tables too wide, cells too long and quotes never closed, refused before they cost.

An order export has tens of columns (Taobao 41, Shopify about 80) and short cells; a header of
20,000 or 2,000,000 columns, a 100 MB cell or a quote opened and never closed (which swallows
the rest of the file into one cell) is a damaged or hostile file. Each is refused with a message
that counts what it found, before the expensive steps (column detection, a parse of every row)
run, so it costs a scan of the file's bytes rather than minutes and gigabytes.

Limits (documented in ``docs/cli.md``):

- :data:`MAX_COLUMNS` columns in a table (a CSV record or an Excel sheet);
- :data:`MAX_CELL_CHARS` characters in a cell;
- a CSV record (one row, its quoted line breaks included) of at most :data:`MAX_RECORD_BYTES`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from analytics.errors import FileFormatError

# Re-exported: the quote count decides how a text is parsed (analytics.io.delimited).
from analytics.io.delimited import count_quotes as count_quotes

# Real exports have at most a few hundred columns; past this a header is not an order export.
MAX_COLUMNS = 2_000
# Excel holds at most 32,767 characters in a cell; long buyer notes stay far below a million.
MAX_CELL_CHARS = 1_000_000
# A row of an export is a few KB; one of several MB is a runaway value.
MAX_RECORD_BYTES = 4 * 1024**2
_QUOTE, _NEWLINE = ord('"'), ord("\n")


def refuse_wide_table(name: str, *, line: int, columns: int) -> None:
    """Refuse a table whose record on ``line`` has ``columns`` columns, above :data:`MAX_COLUMNS`."""
    raise FileFormatError("io.too_many_columns", file=name, line=line, columns=columns, limit=MAX_COLUMNS)


def refuse_wide_sheet(name: str, *, sheet: str, columns: int) -> None:
    """Refuse a sheet ``columns`` wide, above :data:`MAX_COLUMNS` (before its cells are converted)."""
    raise FileFormatError("io.sheet_too_wide", file=name, sheet=sheet, columns=columns, limit=MAX_COLUMNS)


def count_fields(blocks: Iterable[bytes], delimiter: str) -> int:
    """Count the fields of the record the blocks start with, up to its first line break outside quotes.

    The record may run over many blocks (a header of 2,000,000 names is 20 MB long); quotes
    toggle between inside and outside a value, as a doubled quote inside a value toggles twice.

    Examples
    --------
    >>> count_fields([b'a,"b,c",d', b",e\\nf,g\\n"], ",")
    4
    """
    separator = delimiter.encode()
    fields, inside = 1, False
    for block in blocks:
        for part in block.split(b'"'):
            if not inside:
                end = part.find(b"\n")
                if end >= 0:
                    return fields + part.count(separator, 0, end)
                fields += part.count(separator)
            inside = not inside
        # The last part of a block is not followed by a quote: undo its toggle.
        inside = not inside
    return fields


@dataclass(frozen=True)
class RecordScan:
    """What a scan of a text's records found: its longest record and a quote left open.

    ``longest_line`` is the line where the longest record (``longest_bytes`` long) starts;
    ``unclosed_line`` the line of the quote that opens a value never closed (None if none).
    """

    longest_bytes: int
    longest_line: int
    unclosed_line: int | None


def scan_records(blocks: Iterable[bytes], delimiter: str, *, first_line: int) -> RecordScan:
    """Find the longest record and an unclosed quote in text given in blocks, at C speed.

    A line break ends a record when an even number of quotes precede it (the text's quotes
    pair up; a doubled quote inside a value is two). When the text ends inside quotes, the
    last quote opened a value that never closed, if it stands at the start of a field: a quote
    inside an unquoted value (``12" pizza``) is text for the parsers, so then nothing is claimed.
    ``first_line`` is the file's line number of the text's first byte.
    """
    quotes = newlines = offset = 0
    record_start, record_line = 0, first_line
    longest = (0, first_line)
    last_quote: tuple[int, int, int] | None = None  # offset, line, the byte before it
    previous_byte = _NEWLINE
    for block in blocks:
        data = np.frombuffer(block, dtype=np.uint8)
        quote_at = np.flatnonzero(data == _QUOTE)
        newline_at = np.flatnonzero(data == _NEWLINE)
        before = quotes + np.searchsorted(quote_at, newline_at)
        even = np.flatnonzero(before % 2 == 0)
        if len(even):
            end_offsets = newline_at[even] + offset
            # The line each record-ending line break ends, and the line each record starts on.
            end_lines = newlines + even + first_line
            starts = np.concatenate(([record_start], end_offsets[:-1] + 1))
            start_lines = np.concatenate(([record_line], end_lines[:-1] + 1))
            lengths = end_offsets - starts
            at = int(np.argmax(lengths))
            if lengths[at] > longest[0]:
                longest = (int(lengths[at]), int(start_lines[at]))
            record_start, record_line = int(end_offsets[-1]) + 1, int(end_lines[-1]) + 1
        if len(quote_at):
            last = int(quote_at[-1])
            byte_before = int(data[last - 1]) if last else previous_byte
            line = newlines + int(np.searchsorted(newline_at, last)) + first_line
            last_quote = (last + offset, line, byte_before)
        quotes += len(quote_at)
        newlines += len(newline_at)
        offset += len(data)
        if len(data):
            previous_byte = int(data[-1])
    if offset - record_start > longest[0]:
        longest = (offset - record_start, record_line)
    unclosed = None
    if quotes % 2 and last_quote is not None and last_quote[2] in (ord(delimiter), _NEWLINE, ord("\r")):
        unclosed = last_quote[1]
    return RecordScan(longest[0], longest[1], unclosed)


def refuse_bad_records(name: str, scan: RecordScan) -> None:
    """Refuse text with a quote never closed, or a record above :data:`MAX_RECORD_BYTES`."""
    if scan.unclosed_line is not None:
        raise FileFormatError("io.unclosed_quote", file=name, line=scan.unclosed_line)
    if scan.longest_bytes > MAX_RECORD_BYTES:
        raise FileFormatError(
            "io.record_too_long",
            file=name,
            line=scan.longest_line,
            size_mb=round(scan.longest_bytes / 1024**2, 1),
            limit_mb=MAX_RECORD_BYTES // 1024**2,
        )


def check_cells(
    name: str,
    columns: Sequence[pa.Array | pa.ChunkedArray],
    names: Sequence[str],
    *,
    first_row: int,
) -> None:
    """Refuse a table with a cell longer than :data:`MAX_CELL_CHARS` characters, naming its row and column.

    ``first_row`` is the file's row number of the first data row. The byte lengths are read
    first (free: the string offsets), characters counted only in a column that may exceed it.
    """
    for column, header in zip(columns, names, strict=True):
        chunks = column.chunks if isinstance(column, pa.ChunkedArray) else [column]
        row = first_row
        for chunk in chunks:
            if len(chunk) and (pc.max(pc.binary_length(chunk)).as_py() or 0) > MAX_CELL_CHARS:
                chars = pc.utf8_length(chunk)
                over = np.flatnonzero(np.asarray(pc.fill_null(pc.greater(chars, MAX_CELL_CHARS), False)))
                if len(over):
                    at = int(over[0])
                    raise FileFormatError(
                        "io.cell_too_long",
                        file=name,
                        row=row + at,
                        column=header,
                        chars=int(chars[at].as_py()),
                        limit=MAX_CELL_CHARS,
                    )
            row += len(chunk)


# Cell references of two or three letters (column 27 and up): narrower ones never matter here.
_WIDE_CELL = re.compile(rb'<c r="([A-Z]{2,3})[0-9]')
_LAST_CELL = re.compile(rb'<c r="([A-Z]{1,3})[0-9]')
_ROW = re.compile(rb'<row r="([0-9]+)"')
# Every cell reference is read in a sheet's first XML bytes up to this many (~0.15 s); further on
# only the last row and its last cell of each inflated piece, which a reader's own sheet gives.
FULL_SCAN_BYTES = 16 * 1024**2
# Rows x columns a sheet may span: calamine allocates that rectangle whole, however few cells
# are filled (two cells, A1 and XFD1048576, would ask for 550 GB); 1,048,576 rows of 57 columns.
MAX_SHEET_CELLS = 60_000_000


def column_number(letters: bytes) -> int:
    """Return the 1-based number of an Excel column given by its letters.

    Examples
    --------
    >>> column_number(b"A"), column_number(b"BXX"), column_number(b"XFD")
    (1, 2000, 16384)
    """
    number = 0
    for letter in letters:
        number = number * 26 + letter - ord("A") + 1
    return number


class SheetExtent:
    """The columns and rows a worksheet's XML spans, read from its cell references as it inflates.

    Fed the inflated XML piece by piece (:meth:`feed`) while the zip guard inflates it anyway,
    it keeps the widest column referenced and the last row number, so a sheet too wide, or too
    large a rectangle for a reader to allocate, is refused before any reader opens the workbook.
    Every reference is read in the first :data:`FULL_SCAN_BYTES` of the XML (a sparse sheet,
    the kind that asks for a huge rectangle, is small); past them only each piece's last row and
    last cell, as a regular expression over every cell of a 300 MB sheet would take seconds.
    """

    def __init__(self) -> None:
        self.columns = 0
        self.rows = 0
        self._read = 0
        self._tail = b""

    def feed(self, piece: bytes) -> None:
        """Read one inflated piece of the sheet's XML (pieces may cut a reference: a tail is kept)."""
        text = self._tail + piece
        if self._read < FULL_SCAN_BYTES:
            letters = set(_WIDE_CELL.findall(text))
            if letters:
                self.columns = max(self.columns, *map(column_number, letters))
        at = text.rfind(b"<c r=")
        found = _LAST_CELL.match(text, at) if at >= 0 else None
        if found:
            self.columns = max(self.columns, column_number(found.group(1)))
        at = text.rfind(b"<row ")
        found = _ROW.match(text, at) if at >= 0 else None
        if found:
            self.rows = max(self.rows, int(found.group(1)))
        self._read += len(piece)
        self._tail = text[-32:]

    def refuse_if_too_large(self, name: str, sheet: str) -> None:
        """Refuse the sheet when it spans more than :data:`MAX_COLUMNS` or :data:`MAX_SHEET_CELLS`."""
        if self.columns > MAX_COLUMNS:
            refuse_wide_sheet(name, sheet=sheet, columns=self.columns)
        if self.columns * self.rows > MAX_SHEET_CELLS:
            raise FileFormatError(
                "io.sheet_too_large",
                file=name,
                sheet=sheet,
                rows=self.rows,
                columns=self.columns,
                limit=MAX_SHEET_CELLS,
            )
