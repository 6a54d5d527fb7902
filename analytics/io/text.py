"""Read delimited text (CSV, TSV, Excel "Unicode text"): delimiter sniffed, header row found.

Row accounting is exact: ``len(frame)`` is the number of records below the header, blank records
included (the schema layer counts them as ``blank_row``), so every input row is used or dropped
with a reason. A record is a line, except that a quoted value may span lines.

Arrow parses the records on all cores. A large file given by its path is parsed straight from
disk (:func:`read_text_file`; GB18030 transcoded as it is read), so neither its bytes nor a
UTF-8 copy are held whole; the table is the one its bytes read in memory give. A long GB18030
upload is transcoded by Arrow as it is parsed too, so no UTF-8 copy of it is held whole.
"""

from __future__ import annotations

import codecs
import csv
import dataclasses
import io
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv

from analytics.errors import FileFormatError, Term
from analytics.io.cells import clean_cell, clean_strings, to_frame
from analytics.io.delimited import (
    FILE_HEAD_BYTES,
    MB,
    arrow_options,
    header_layout,
    leading_records,
    sample_text,
    sniff_delimiter,
)
from analytics.io.early import claim, early_quotes
from analytics.io.encoding import SNIFF_BYTES, detect_encoding, to_utf8, transcode, transcode_file
from analytics.io.memory import release_freed_memory
from analytics.io.raw import ColumnChoice, RawTable
from analytics.io.shape import (
    MAX_COLUMNS,
    check_cells,
    count_fields,
    count_quotes,
    refuse_bad_records,
    refuse_wide_table,
    scan_records,
)

# The csv module refuses fields above 131,072 characters (a guard for unbounded streams); a
# buyer's note can be longer, and our input is already in memory and bounded by the size guard.
# Raising the process-wide limit only ever relaxes it.
csv.field_size_limit(max(csv.field_size_limit(), 2**31 - 1))
# A GB18030 file is transcoded in pieces of at least this many of its bytes.
_TRANSCODE_BYTES = 1 * MB
# While the parsed blocks are cleaned, memory freed is handed back after this many bytes.
_RELEASE_EVERY_BYTES = 16 * MB
_NOT_A_LINE_BREAK = re.compile(rb"[^\r\n]")


def read_text(
    name: str,
    data: bytes,
    *,
    sheet: str | None = None,
    encoding: str | None = None,
    columns: ColumnChoice | None = None,
) -> RawTable:
    """Read delimited text into a :class:`RawTable` (``sheet`` is ignored: text has none).

    Parameters
    ----------
    name
        The file name the messages show.
    data
        The file's bytes in any supported encoding (see :mod:`analytics.io.encoding`).
    encoding
        Read as this encoding instead of detecting it (the GB18030 retry).
    columns
        Parse only the columns this chooses from the header and the sampled first rows.

    Examples
    --------
    >>> table = read_text("orders.csv", "订单;金额\\nA1;12,50\\n".encode("gbk"))
    >>> table.encoding, table.delimiter, table.frame.金额.tolist()
    ('gb18030', ';', ['12,50'])
    """
    if encoding is None:
        streamed = _read_transcoded_bytes(name, data, columns)
        if streamed is not None:
            return streamed
    body, encoding = to_utf8(name, data) if encoding is None else (transcode(name, data, encoding), encoding)
    if not body[:SNIFF_BYTES].strip() and not body.strip():
        raise FileFormatError("io.empty_file", file=name)

    def retry_gb18030() -> RawTable:
        return read_text(name, data, encoding="gb18030", columns=columns)

    return _read_body(name, _Bytes(body), encoding, columns, retry_gb18030)


def _read_transcoded_bytes(name: str, data: bytes, columns: ColumnChoice | None) -> RawTable | None:
    """Read a long GB18030 upload as Arrow transcodes it, never holding a UTF-8 copy of it whole.

    Returns None when the bytes are to be transcoded whole first: not GB18030, short, a head
    of blank lines, or undecodable bytes further on (the whole transcoding names the position).
    """
    encoding, codec, skip = detect_encoding(data)
    if codec is None or encoding == "utf-16" or not data[skip : skip + SNIFF_BYTES].strip():
        return None
    transcoded = _Transcoded.of(data, codec, data[:FILE_HEAD_BYTES], name=name)
    if transcoded is None:
        return None

    def unreachable() -> RawTable:
        raise AssertionError("only UTF-8 text is read again as GB18030")

    try:
        return _read_body(name, transcoded, encoding, columns, unreachable)
    except (UnicodeDecodeError, _NotTheSameText):
        return None


def read_text_file(
    name: str, path: Path, head: bytes, *, columns: ColumnChoice | None = None
) -> RawTable | None:
    """Read a large text file from disk as :func:`read_text` reads its bytes, never holding them whole.

    ``head`` is the file's first :data:`FILE_HEAD_BYTES` bytes. A UTF-8 file is parsed by Arrow
    straight from the file; a GB18030 one is transcoded by Arrow as it reads it (neither its
    bytes nor a UTF-8 copy are ever held whole). Returns None when the file has to be read whole
    (UTF-16, or a head of blank lines only): the caller then reads it the usual way.
    """
    encoding, codec, skip = detect_encoding(head)
    if encoding == "utf-16" or not head[skip : skip + SNIFF_BYTES].strip():
        return None

    def unreachable() -> RawTable:
        raise AssertionError("only UTF-8 text is read again as GB18030")

    if codec is not None:
        transcoded = _Transcoded.of(path, codec, head)
        if transcoded is not None:
            try:
                return _read_body(name, transcoded, encoding, columns, unreachable)
            except (UnicodeDecodeError, _NotTheSameText):
                # Undecodable bytes further on: the whole file is transcoded, which names the
                # position (io.unknown_encoding).
                pass
        body = transcode_file(name, path, codec)
        if not body[:SNIFF_BYTES].strip() and not body.strip():
            raise FileFormatError("io.empty_file", file=name)
        return _read_body(name, _Bytes(body), encoding, columns, unreachable)

    def retry_gb18030() -> RawTable:
        return read_text(name, path.read_bytes(), encoding="gb18030", columns=columns)

    return _read_body(name, _File(path, skip, head[skip:]), encoding, columns, retry_gb18030)


class _Bytes:
    """The UTF-8 text of a file held in memory."""

    def __init__(self, body: bytes) -> None:
        self.head: bytes | None = body
        self._body: bytes | None = body

    def arrow_input(self, start: int) -> pa.NativeFile:
        # A view, not a slice: no copy of a file of hundreds of MB.
        return pa.BufferReader(pa.py_buffer(memoryview(self._body)[start:]))

    def text_after(self, start: int) -> bool:
        return _NOT_A_LINE_BREAK.search(self._body, start) is not None

    def quote_count(self, start: int) -> int:
        view = memoryview(self._body)
        return count_quotes(view[at : at + 4 * MB] for at in range(start, len(view), 4 * MB))

    def blocks(self, start: int) -> Iterator[bytes]:
        view = memoryview(self._body)
        for at in range(start, len(view), 16 * MB):
            yield view[at : at + 16 * MB].tobytes()

    def rest(self, start: int) -> bytes:
        return self._body[start:]

    def release(self) -> None:
        # A transcoded copy of the file (GBK, UTF-16) is released before the frame is built.
        self.head = self._body = None


class _ScannedInBlocks:
    """Questions about the text after a byte offset, answered a few MB at a time (never whole).

    The sources read from disk or transcoded have a decoded ``head`` (None once released) and
    yield the rest of their text in blocks from ``blocks``.
    """

    head: bytes | None

    def blocks(self, start: int) -> Iterator[bytes]:
        """Yield the file's bytes from the text's byte ``start`` on, a few MB at a time.

        Of a transcoded file these are its own bytes: quotes, line breaks and delimiters are
        single bytes there too, so they are counted in them.
        """
        raise NotImplementedError

    def text_after(self, start: int) -> bool:
        if self.head is not None and _NOT_A_LINE_BREAK.search(self.head, start):
            return True
        return any(_NOT_A_LINE_BREAK.search(block) for block in self.blocks(start))

    def quote_count(self, start: int) -> int:
        return count_quotes(self.blocks(start))


class _File(_ScannedInBlocks):
    """The UTF-8 text of a file on disk from byte ``skip`` on (after its byte order marks)."""

    def __init__(self, path: Path, skip: int, head: bytes) -> None:
        self.path, self.skip, self.head = path, skip, head

    def arrow_input(self, start: int) -> pa.NativeFile:
        file = pa.OSFile(str(self.path))
        file.seek(self.skip + start)
        return file

    def quote_count(self, start: int) -> int:
        counted = early_quotes(self.path, self.skip + start)
        return super().quote_count(start) if counted is None else counted

    def blocks(self, start: int) -> Iterator[bytes]:
        with self.path.open("rb") as file:
            file.seek(self.skip + start)
            while block := file.read(4 * MB):
                yield block

    def rest(self, start: int) -> bytes:
        with self.path.open("rb") as file:
            file.seek(self.skip + start)
            return file.read()

    def release(self) -> None:
        self.head = None


class _NotTheSameText(Exception):
    """The header lines do not encode back to the file's first bytes: read the file whole instead."""


class _ViewReader:
    """Read the bytes of a memory view, in pieces (copies of the pieces, never of the whole)."""

    def __init__(self, view: memoryview) -> None:
        self._view, self._at = view, 0

    def read(self, size: int = -1) -> bytes:
        end = len(self._view) if size < 0 else min(len(self._view), self._at + size)
        piece = bytes(self._view[self._at : end])
        self._at = end
        return piece

    def close(self) -> None:
        self._view = memoryview(b"")


class _TranscodingReader:
    """A GB18030 byte source read as UTF-8 text, for Arrow to parse as it reads (a Python file).

    Arrow's own transcoding stream (``pa.transcoding_input_stream``) decodes with the same
    incremental decoder, but its buffers come from Arrow's default allocator whatever the
    pool set for loading (:mod:`analytics.io.memory`), which keeps ~10 MB of a 47 MB export
    after the parse; this one's are Python bytes, freed to the C allocator and handed back.
    Undecodable bytes raise the decoder's ``UnicodeDecodeError``, as Arrow's stream does.
    """

    def __init__(self, raw: _ViewReader | io.BufferedReader, codec: str) -> None:
        self._raw, self._decoder = raw, codecs.getincrementaldecoder(codec)()
        self._pending, self._done, self._read = b"", False, 0
        self.closed = False

    def read(self, size: int = -1) -> bytes:
        while not self._done and (size < 0 or len(self._pending) < size):
            chunk = self._raw.read(max(size, _TRANSCODE_BYTES) if size >= 0 else -1)
            self._done = not chunk
            self._pending += self._decoder.decode(chunk, final=self._done).encode("utf-8")
        if size < 0 or size >= len(self._pending):
            text, self._pending = self._pending, b""
        else:
            text, self._pending = self._pending[:size], self._pending[size:]
        self._read += len(text)
        return text

    def tell(self) -> int:
        return self._read

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return False

    def writable(self) -> bool:
        return False

    def close(self) -> None:
        self._raw.close()
        self.closed = True


class _Transcoded(_ScannedInBlocks):
    """The text of a GB18030 file (on disk, or an upload's bytes), transcoded to UTF-8 by Arrow as it is read.

    ``head`` is the UTF-8 text of the file's first bytes, as its whole transcoded copy starts
    (leading byte order marks removed). A byte offset into that text (the end of the header
    lines) becomes one into the file by encoding those lines back, checked against the file's
    bytes. Quotes and line breaks are single bytes in GB18030 that no multi-byte character
    contains, so they are looked for in the file's own bytes.
    """

    def __init__(self, source: Path | bytes, codec: str, head: bytes, source_head: bytes, skip: int) -> None:
        self.source, self.codec, self.head = source, codec, head
        self._source_head, self._skip = source_head, skip
        self.name = source.name if isinstance(source, Path) else ""

    @classmethod
    def of(
        cls, source: Path | bytes, codec: str, source_head: bytes, *, name: str = ""
    ) -> _Transcoded | None:
        """Return the file's transcoding reader, or None when its head does not decode (read it whole)."""
        if len(source_head) < FILE_HEAD_BYTES:
            return None
        try:
            text = codecs.getincrementaldecoder(codec)().decode(source_head, final=False)
        except UnicodeDecodeError:
            return None
        content = text.lstrip("\ufeff")
        marks = ("\ufeff" * (len(text) - len(content))).encode(codec)
        if not content or not source_head.startswith(marks):
            return None
        skip = len(marks)
        transcoded = cls(source, codec, content.encode("utf-8"), source_head, skip)
        transcoded.name = name or transcoded.name
        return transcoded

    def _source_offset(self, start: int) -> int:
        lines = self.head[:start].decode("utf-8").encode(self.codec)
        if self._source_head[self._skip : self._skip + len(lines)] != lines:
            raise _NotTheSameText
        return self._skip + len(lines)

    def arrow_input(self, start: int) -> pa.NativeFile:
        offset = self._source_offset(start)
        if isinstance(self.source, bytes):
            # A view of the upload, not a copy.
            raw: _ViewReader | io.BufferedReader = _ViewReader(memoryview(self.source)[offset:])
        else:
            raw = self.source.open("rb")
            raw.seek(offset)
        return pa.PythonFile(_TranscodingReader(raw, self.codec), mode="r")

    def blocks(self, start: int) -> Iterator[bytes]:
        offset = self._source_offset(start)
        if isinstance(self.source, bytes):
            view = memoryview(self.source)
            for at in range(offset, len(view), 4 * MB):
                yield bytes(view[at : at + 4 * MB])
            return
        with self.source.open("rb") as file:
            file.seek(offset)
            while block := file.read(4 * MB):
                yield block

    def rest(self, start: int) -> bytes:
        if isinstance(self.source, bytes):
            return transcode(self.name, self.source, self.codec)[start:]
        return transcode_file(self.source.name, self.source, self.codec)[start:]

    def release(self) -> None:
        self.head = None


def _read_body(
    name: str,
    body: _Bytes | _File | _Transcoded,
    encoding: str,
    columns: ColumnChoice | None,
    retry_gb18030: Callable[[], RawTable],
) -> RawTable:
    """Sniff, find the header and parse the UTF-8 text of a file (see :func:`read_text`)."""
    sample = sample_text(body.head)
    delimiter = sniff_delimiter(sample)
    records, lines_used = leading_records(sample, delimiter)
    _refuse_wide_records(name, body, records, lines_used, delimiter)
    layout = header_layout(records, lines_used)
    header_at, names, width, start = layout.header_at, layout.names, layout.width, layout.start
    first_line = layout.first_line
    keep = list(range(width)) if columns is None else _chosen(columns, names, records[header_at + 1 :])
    quotes = body.quote_count(start)
    if quotes % 2:
        # An odd number of quotes: one was opened and never closed, or one stands inside a value.
        scan = scan_records(body.blocks(start), delimiter, first_line=first_line)
        refuse_bad_records(name, dataclasses.replace(scan, longest_bytes=0))
    try:
        parsed, rows = _parse_with_arrow(body, start, delimiter, width, keep, quotes > 0)
    except pa.ArrowInvalid as exc:
        if "UTF8" in str(exc):
            if encoding == "utf-8" and sample.isascii():
                # An ASCII sample (English header) says nothing about the encoding; a later
                # line that is not UTF-8 means a GBK/GB18030 export.
                return retry_gb18030()
            raise FileFormatError("io.invalid_utf8_later", file=name) from exc
        if quotes % 2 == 0:
            # A record longer than a parse block (or ragged rows): a runaway record is refused
            # before the slower parser below holds it whole.
            refuse_bad_records(name, scan_records(body.blocks(start), delimiter, first_line=first_line))
        parsed, rows = _parse_with_python(name, body.rest(start), delimiter, width, header_at + 2)
        parsed = [clean_strings(parsed[i]) for i in keep]
    check_cells(name, parsed, [names[i] for i in keep], first_row=header_at + 2)
    body.release()
    release_freed_memory()
    frame = to_frame(parsed, [names[i] for i in keep], rows)
    del parsed
    release_freed_memory()
    return RawTable(
        frame,
        name,
        "csv",
        encoding=encoding,
        delimiter=delimiter,
        header_row=header_at + 1,
        headers=tuple(names),
    )


def _refuse_wide_records(
    name: str,
    body: _Bytes | _File | _Transcoded,
    records: list[list[str]],
    lines_used: list[str],
    delimiter: str,
) -> None:
    """Refuse a file whose leading records (header, title or data rows) are wider than :data:`MAX_COLUMNS`.

    The sample may end inside such a record (a header of 2,000,000 names is 20 MB long): its
    fields are counted on the file's bytes, so the message gives the record's real width.
    """
    for index, record in enumerate(records):
        if len(record) > MAX_COLUMNS:
            before = "".join(lines_used[:index])
            columns = count_fields(body.blocks(len(before.encode("utf-8"))), delimiter)
            refuse_wide_table(name, line=before.count("\n") + 1, columns=columns)


def _chosen(choose: ColumnChoice, names: list[str], records: list[list[str]]) -> list[int]:
    """Return the positions of the columns ``choose`` picks, judged on the sampled data records."""
    width = len(names)
    cells = [
        [clean_cell(cell) for cell in record[:width]] + [None] * (width - len(record)) for record in records
    ]
    sample = pd.DataFrame(cells, columns=range(width), dtype="str")
    sample.columns = names
    wanted = set(choose(names, sample))
    # At least one column is parsed, so the row count (blank rows included) is known.
    return [i for i, name in enumerate(names) if name in wanted] or [0]


def _parse_with_arrow(
    body: _Bytes | _File | _Transcoded,
    start: int,
    delimiter: str,
    width: int,
    keep: list[int],
    quoted: bool,
) -> tuple[list[pa.ChunkedArray], int]:
    """Parse the records from byte ``start`` on with pyarrow; return the columns at ``keep`` cleaned.

    Blank lines are records of empty fields, so blank rows stay counted
    (:func:`~analytics.io.delimited.arrow_options`). Ragged records raise ``ArrowInvalid``; the
    caller then parses with the csv module. Arrow parses the blocks of the file on all cores;
    each block's columns are then cleaned (:func:`~analytics.io.cells.clean_strings`) and the
    parsed block let go, so a parsed copy of the whole file never exists beside a cleaned one
    (most blocks need no cleaning copy at all).
    """
    if not body.text_after(start):
        return [pa.chunked_array([], pa.large_string()) for _ in keep], 0
    # A command may have started this very parse before its imports (analytics.io.early).
    table = (
        claim(body.path, body.skip + start, delimiter, width, keep, quoted)
        if isinstance(body, _File)
        else None
    )
    if table is None:
        read, parse, convert = arrow_options(delimiter, width, keep, quoted)
        table = pacsv.read_csv(
            body.arrow_input(start), read_options=read, parse_options=parse, convert_options=convert
        )
    rows = table.num_rows
    parsed = [list(table.column(i).chunks) for i in range(table.num_columns)]
    del table
    # The parser's buffers, then the cleaning's copies, are handed back as they are freed
    # (every few blocks), not once at the end: ~40 MB lower peak on a 45 MB file.
    release_freed_memory()
    cleaned = 0
    for chunks in parsed:
        for at, chunk in enumerate(chunks):
            chunks[at] = clean_strings(chunk)
            cleaned += chunk.nbytes
            if cleaned > _RELEASE_EVERY_BYTES:
                release_freed_memory()
                cleaned = 0
    return [pa.chunked_array(chunks, pa.large_string()) for chunks in parsed], rows


def _parse_with_python(
    name: str, rest: bytes, delimiter: str, width: int, first_row: int
) -> tuple[list[pa.Array], int]:
    """Parse ragged records: short ones are padded, long ones must only have empty extra fields.

    A long record with values beyond the header means an unquoted delimiter shifted the fields;
    reading it would put values under the wrong column, so it is refused naming the line.
    """
    text = rest.decode("utf-8", errors="replace")
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise FileFormatError("io.unparsable_text", file=name, detail=str(exc)) from exc
    longest = max(map(len, records), default=width)
    if longest > MAX_COLUMNS:
        position = next(i for i, record in enumerate(records) if len(record) > MAX_COLUMNS)
        raise FileFormatError(
            "io.row_too_many_columns",
            file=name,
            row=first_row + position,
            columns=len(records[position]),
            limit=MAX_COLUMNS,
        )
    # Short records (and blank lines, which parse as no field) are padded with missing values.
    records = [record + [None] * (longest - len(record)) for record in records]
    frame = pd.DataFrame(records, dtype=object, columns=range(longest))
    if frame.shape[1] > width:
        extra = frame.iloc[:, width:].fillna("").apply(lambda column: column.str.strip() != "").any(axis=1)
        if extra.any():
            position = int(np.flatnonzero(extra.to_numpy())[0])
            raise FileFormatError(
                "io.row_too_wide",
                file=name,
                row=first_row + position,
                fields=len(records[position]),
                width=width,
                delimiter=Term("io.delimiter.tab") if delimiter == "\t" else delimiter,
            )
        frame = frame.iloc[:, :width]
    frame = frame.reindex(columns=range(width))
    columns = [
        pa.array(frame[column].to_numpy(), type=pa.string(), from_pandas=True) for column in frame.columns
    ]
    return columns, len(frame)
