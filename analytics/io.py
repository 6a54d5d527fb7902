"""Read bytes into a raw table of strings: CSV (any delimiter and encoding) or Excel, header row found.

The reader decides the format from the content, never from the file name: an ``.xlsx`` that is
really a CSV is read as CSV. Every cell comes out as a string (pandas ``str`` dtype) or NA, so the
schema layer parses dates and money once, with its own rules and messages.

Row accounting is exact: ``len(frame)`` is the number of records below the header, blank records
included (the schema layer counts them as ``blank_row``), so every input row is used or dropped
with a reason. For CSV a record is a line, except that a quoted value may span lines.

Safety: files larger than :data:`MAX_FILE_BYTES`, gzip streams that inflate beyond it and Excel
workbooks that would inflate beyond :data:`MAX_XLSX_INFLATED_BYTES` (zip bombs, also those whose
zip directory lies about sizes) are refused before parsing, with a message saying what to do.
"""

from __future__ import annotations

import codecs
import csv
import dataclasses
import datetime as dt
import io
import os
import re
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from analytics.errors import ArgumentError, FileFormatError

# A file path, or (file name, content) as the dashboard receives an upload.
Source = str | os.PathLike | tuple[str, bytes]

GIB = 1024**3
MB = 1024**2
# Largest file (or inflated gzip stream) accepted: above it a browser upload and pandas would
# exhaust memory long before a message could be shown.
MAX_FILE_BYTES = 2 * GIB
# Largest total an Excel workbook may inflate to; a 1,000,000-row sheet is well below it.
MAX_XLSX_INFLATED_BYTES = 1 * GIB
# Real sheet XML compresses 5-30x; 200x on a large member only happens in crafted files.
MAX_ZIP_RATIO = 200
RATIO_CHECK_MIN_BYTES = 16 * MB
# Title rows of back-office reports sit in the first lines; the header is searched there.
HEADER_SCAN_ROWS = 30
SNIFF_BYTES = 256 * 1024
DELIMITERS = (",", "\t", ";", "|")
# Words that say a sheet holds orders (Taobao, Shopify, POS exports), to pick it among others.
ORDER_WORDS = (
    "订单",
    "order",
    "invoice",
    "交易",
    "金额",
    "amount",
    "total",
    "付款",
    "paid",
    "customer",
    "买家",
    "会员",
)

_STR_DTYPE = pd.StringDtype("pyarrow", na_value=np.nan)
_XLSX_MAGIC = b"PK\x03\x04"
_EMPTY_ZIP_MAGIC = b"PK\x05\x06"
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_GZIP_MAGIC = b"\x1f\x8b"
_BINARY_MAGICS = {
    b"%PDF": "a PDF document",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"Rar!": "a RAR archive",
    b"7z\xbc\xaf": "a 7-Zip archive",
}
# Numbers, money, percentages, dates and times: cells that are data, not header names.
_NUMERIC_LIKE = re.compile(r"^[-+(]?[¥$€£]?\s*\d[\d,.:/\-\s]*%?\)?$|^[-+]?\d+(\.\d+)?[eE][-+]?\d+$")
_TAOBAO_WRAPPER = re.compile(r'(?s)^="(.*)"$')


@dataclass(frozen=True)
class RawTable:
    """A table as read from a file: header applied, every cell a string (or missing).

    ``frame`` holds the data rows only, all columns of pandas ``str`` dtype with NA for empty
    cells; ``row_numbers`` gives, per data row, its 1-based row number in the file or sheet so
    dropped rows can be pointed at. ``format`` is ``"csv"``, ``"xlsx"`` or ``"xls"``;
    ``encoding`` is ``"utf-8"``, ``"utf-8-sig"``, ``"utf-16"`` or ``"gb18030"`` for text;
    ``compression`` is ``"gzip"`` when the upload was a ``.gz``.
    """

    frame: pd.DataFrame
    name: str
    format: str
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    header_row: int = 1
    sheets: tuple[str, ...] = field(default_factory=tuple)
    compression: str | None = None

    @property
    def row_numbers(self) -> pd.Series:
        """Return the 1-based file row number of each data row."""
        return pd.Series(
            range(self.header_row + 1, self.header_row + 1 + len(self.frame)), index=self.frame.index
        )


def source_name(source: Source) -> str:
    """Return the file name to show the user for a path or an uploaded (name, bytes) pair."""
    if isinstance(source, tuple):
        return source[0]
    return Path(source).name


def source_bytes(source: Source) -> bytes:
    """Return the raw bytes of a path or an uploaded (name, bytes) pair.

    Files above :data:`MAX_FILE_BYTES` are refused before they are read into memory.
    """
    if isinstance(source, tuple):
        data = source[1]
        _check_size(source[0], len(data))
        return bytes(data)
    path = Path(source)
    try:
        _check_size(path.name, path.stat().st_size)
        return path.read_bytes()
    except FileNotFoundError as exc:
        raise FileFormatError(f"{source}: file not found; check the path") from exc
    except IsADirectoryError as exc:
        raise FileFormatError(
            f"{source} is a folder, not a file; give the path of a CSV or Excel file"
        ) from exc
    except PermissionError as exc:
        raise FileFormatError(f"{source}: permission denied; copy the file somewhere readable") from exc


def read_table(source: Source, *, sheet: str | None = None) -> RawTable:
    """Read a CSV or Excel export into a :class:`RawTable` of strings.

    Parameters
    ----------
    source
        A path, or ``(file name, bytes)`` for an upload. Gzip-compressed files are inflated first.
    sheet
        For Excel: the sheet to read. By default the sheet that looks like orders (its header
        names orders, amounts or customers; the one with most rows), else the first non-empty one.
        Ignored for CSV.

    Returns
    -------
    RawTable
        Data rows below the detected header row, all cells strings with NA for empty cells,
        surrounding whitespace and Taobao ``="..."`` wrappers removed.

    Raises
    ------
    FileFormatError
        Empty, damaged, oversized or non-table files, with a message naming the file.
    ArgumentError
        ``sheet`` names a sheet the workbook does not have.

    Examples
    --------
    >>> table = read_table(("orders.csv", "title\\norder,amount\\nA1,=\\"12\\"\\n".encode()))
    >>> table.header_row, list(table.frame.columns), table.frame.amount.tolist()
    (2, ['order', 'amount'], ['12'])
    """
    name = source_name(source)
    data = source_bytes(source)
    compression = None
    if data.startswith(_GZIP_MAGIC):
        data, compression = _gunzip(name, data), "gzip"
    head = data[:8]
    if head.startswith((_XLSX_MAGIC, _EMPTY_ZIP_MAGIC)):
        table = _read_workbook(name, data, "xlsx", sheet)
    elif head.startswith(_OLE2_MAGIC):
        table = _read_workbook(name, data, "xls", sheet)
    else:
        table = _read_text(name, data)
    return dataclasses.replace(table, compression=compression) if compression else table


# ----------------------------------------------------------------------------------------------
# Size guards


def _check_size(name: str, size: int) -> None:
    if size > MAX_FILE_BYTES:
        raise FileFormatError(
            f"{name} is {size / GIB:.1f} GB, above the {MAX_FILE_BYTES / GIB:.0f} GB limit; "
            "export a smaller date range or split the file"
        )


def _gunzip(name: str, data: bytes) -> bytes:
    """Inflate a gzip upload, refusing it as soon as it would exceed :data:`MAX_FILE_BYTES`."""
    chunks: list[bytes] = []
    total = 0
    rest = data
    try:
        while rest:
            inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
            pending = rest
            while pending and not inflater.eof:
                out = inflater.decompress(pending, 64 * MB)
                pending = inflater.unconsumed_tail
                total += len(out)
                if total > MAX_FILE_BYTES:
                    raise FileFormatError(
                        f"{name}: the compressed file would expand to more than "
                        f"{MAX_FILE_BYTES / GIB:.0f} GB; export a smaller date range or split the file"
                    )
                chunks.append(out)
            if not inflater.eof:
                raise FileFormatError(
                    f"{name}: the gzip file is incomplete (cut off); compress or upload it again"
                )
            # Concatenated gzip members are legal; trailing zero padding is not another member.
            rest = inflater.unused_data.lstrip(b"\0")
    except zlib.error as exc:
        raise FileFormatError(
            f"{name}: the gzip file is damaged ({exc}); compress or upload it again"
        ) from exc
    return b"".join(chunks)


def _check_zip_bomb(name: str, archive: zipfile.ZipFile, data: bytes) -> None:
    """Refuse a workbook that would inflate beyond the limit, before any parser touches it.

    The declared sizes in the zip directory are checked first (cheap); then each deflated member
    is inflated in chunks, discarding the output, to verify that its real size matches the
    declared one, because a crafted directory can declare a small size for a huge stream.
    """
    infos = archive.infolist()
    declared = sum(info.file_size for info in infos)
    too_large = declared > MAX_XLSX_INFLATED_BYTES or any(
        info.file_size > RATIO_CHECK_MIN_BYTES and info.file_size > MAX_ZIP_RATIO * max(info.compress_size, 1)
        for info in infos
    )
    if too_large:
        raise _bomb_error(name, declared)
    budget = MAX_XLSX_INFLATED_BYTES
    for info in infos:
        real = _inflated_size(name, data, info, budget)
        if real > budget:
            raise _bomb_error(name, MAX_XLSX_INFLATED_BYTES - budget + real, more_than=True)
        if real != info.file_size:
            raise _damaged_error(name, f"{info.filename} does not match its declared size")
        budget -= real


def _bomb_error(name: str, size: int, *, more_than: bool = False) -> FileFormatError:
    amount = f"{'more than ' if more_than else ''}{size / GIB:.1f} GB"
    return FileFormatError(
        f"{name}: the Excel file would expand to {amount}, which is too large or malformed; "
        "export a smaller date range or as CSV"
    )


def _damaged_error(name: str, detail: str) -> FileFormatError:
    return FileFormatError(f"{name}: the Excel file is damaged or incomplete ({detail}): export it again")


def _inflated_size(name: str, data: bytes, info: zipfile.ZipInfo, limit: int) -> int:
    """Return the real inflated size of a zip member, stopping once it exceeds ``limit``."""
    if info.compress_type == zipfile.ZIP_STORED:
        return info.compress_size
    if info.compress_type != zipfile.ZIP_DEFLATED:
        raise _damaged_error(name, f"{info.filename} uses an unsupported compression")
    header = data[info.header_offset : info.header_offset + 30]
    if len(header) < 30 or header[:4] != b"PK\x03\x04":
        raise _damaged_error(name, f"{info.filename} is missing")
    name_len, extra_len = struct.unpack("<HH", header[26:30])
    start = info.header_offset + 30 + name_len + extra_len
    stream = memoryview(data)[start : start + info.compress_size]
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    total = 0
    try:
        # Bounded output per call keeps memory flat however far the stream inflates.
        for offset in range(0, len(stream), MB):
            pending: bytes | memoryview = stream[offset : offset + MB]
            while pending:
                total += len(inflater.decompress(pending, 16 * MB))
                pending = inflater.unconsumed_tail
                if total > limit:
                    return total
        total += len(inflater.flush())
    except zlib.error as exc:
        raise _damaged_error(name, f"{info.filename}: {exc}") from exc
    return total


# ----------------------------------------------------------------------------------------------
# Cell and header cleaning shared by CSV and Excel


def _clean_strings(array: pa.Array | pa.ChunkedArray) -> pa.Array | pa.ChunkedArray:
    """Trim whitespace, unwrap Taobao ``="..."`` cells and turn empty cells into nulls."""
    # pandas' "str" dtype holds large_string: casting here spares a copy in to_pandas.
    array = pc.utf8_trim_whitespace(array.cast(pa.large_string()))
    if pc.any(pc.starts_with(array, '="')).as_py():
        wrapped = pc.and_(pc.starts_with(array, '="'), pc.ends_with(array, '"'))
        array = pc.if_else(wrapped, pc.utf8_trim_whitespace(pc.utf8_slice_codeunits(array, 2, -1)), array)
    # Byte length is read from the offsets, far cheaper than comparing every string with "".
    empty = pc.equal(pc.binary_length(array), 0)
    if pc.any(empty).as_py():
        array = pc.if_else(empty, pa.scalar(None, pa.large_string()), array)
    return array


def _clean_cell(value: str | None) -> str | None:
    """Clean one header or preview cell the way :func:`_clean_strings` cleans columns."""
    if value is None:
        return None
    value = value.strip()
    match = _TAOBAO_WRAPPER.match(value)
    if match:
        value = match.group(1).strip()
    return value or None


def _unique_names(cells: Sequence[str | None]) -> list[str]:
    """Name the columns: blank names become ``Unnamed: i``, repeats get ``.1``, ``.2`` (as pandas)."""
    names = [cell or f"Unnamed: {i}" for i, cell in enumerate(cells)]
    seen = set(names)
    counts: dict[str, int] = {}
    result = []
    for position, name in enumerate(names):
        if name in counts:
            suffix = counts[name]
            while f"{name}.{suffix}" in seen:
                suffix += 1
            counts[name] = suffix + 1
            unique = f"{name}.{suffix}"
            seen.add(unique)
            result.append(unique)
        else:
            counts[name] = 1
            result.append(names[position])
    return result


def _header_index(rows: Sequence[Sequence[str | None]]) -> int:
    """Return the 0-based index of the header among the first rows of a table.

    The header is the first row with the most distinct, non-empty, non-numeric cells, among rows
    that are mostly text and span at least half the usual width of the table. Title rows above it
    ("店铺订单报表", "导出时间: ...") fill one or two cells, data rows are mostly numbers and dates.
    """
    sample = rows[:HEADER_SCAN_ROWS]
    spans = [max((i + 1 for i, cell in enumerate(row) if cell), default=0) for row in sample]
    filled = [span for span in spans if span]
    if not filled:
        return 0
    usual_span = max(set(filled), key=filled.count)
    best, best_score = 0, 0
    for index, (row, span) in enumerate(zip(sample, spans, strict=True)):
        cells = [cell for cell in row if cell]
        texts = {cell for cell in cells if not _NUMERIC_LIKE.match(cell)}
        if 2 * len(texts) < len(cells) or 2 * span < usual_span:
            continue
        if len(texts) > best_score:
            best, best_score = index, len(texts)
    return best


def _to_frame(columns: Sequence[pa.Array | pa.ChunkedArray], names: Sequence[str], rows: int) -> pd.DataFrame:
    if not columns:
        return pd.DataFrame(index=pd.RangeIndex(rows))
    table = pa.table(list(columns), names=[f"c{i}" for i in range(len(columns))])
    frame = table.to_pandas(types_mapper={pa.large_string(): _STR_DTYPE, pa.string(): _STR_DTYPE}.get)
    frame.columns = list(names)
    return frame


# ----------------------------------------------------------------------------------------------
# Text (CSV, TSV, Excel "Unicode text")


def _read_text(name: str, data: bytes, *, encoding: str | None = None) -> RawTable:
    _refuse_binary(name, data)
    body, encoding = (
        _to_utf8(name, data) if encoding is None else (_transcode(name, data, encoding), encoding)
    )
    if not body[:SNIFF_BYTES].strip() and not body.strip():
        raise FileFormatError(f"{name} is empty; export the orders again with at least a header row")
    sample = _sample_text(body)
    delimiter = _sniff_delimiter(sample)
    records, lines_used = _leading_records(sample, delimiter)
    header_index = _header_index([[_clean_cell(cell) for cell in record] for record in records])
    header = [_clean_cell(cell) for cell in records[header_index]] if records else []
    data_widths = [len(record) for record in records[header_index + 1 :] if record]
    width = max([len(header), *([max(set(data_widths), key=data_widths.count)] if data_widths else [])])
    header += [None] * (width - len(header))
    names = _unique_names(header)
    start = len("".join(lines_used[: header_index + 1]).encode("utf-8"))
    try:
        columns, rows = _parse_with_arrow(body, start, delimiter, width)
    except pa.ArrowInvalid as exc:
        if "UTF8" in str(exc):
            if encoding == "utf-8" and sample.isascii():
                # An ASCII sample (English header) says nothing about the encoding; a later
                # line that is not UTF-8 means a GBK/GB18030 export.
                return _read_text(name, data, encoding="gb18030")
            raise FileFormatError(
                f"{name}: part of the file is not valid UTF-8 text although it starts as UTF-8; "
                "save it again as 'CSV UTF-8' and upload it again"
            ) from exc
        columns, rows = _parse_with_python(name, body[start:], delimiter, width, header_index + 2)
    # Each parsed column is released as soon as its cleaned copy exists, to bound peak memory.
    columns.reverse()
    cleaned = [_clean_strings(columns.pop()) for _ in range(len(columns))]
    frame = _to_frame(cleaned, names, rows)
    return RawTable(frame, name, "csv", encoding=encoding, delimiter=delimiter, header_row=header_index + 1)


def _refuse_binary(name: str, data: bytes) -> None:
    """Refuse images, PDFs, archives and random bytes with a message, not a garbled table."""
    for magic, what in _BINARY_MAGICS.items():
        if data.startswith(magic):
            raise FileFormatError(
                f"{name} is {what}, not a table (CSV or Excel); export the orders as CSV or Excel"
            )
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or _utf16_without_bom(data):
        return
    head = data[:SNIFF_BYTES]
    # Tab, newline, carriage return and form feed are text; other control bytes are not.
    controls = sum(head.count(bytes([b])) for b in (*range(0, 9), 11, *range(14, 27), *range(28, 32)))
    if head and (b"\0" in head or controls > 0.01 * len(head)):
        raise FileFormatError(
            f"{name} is not a table (CSV or Excel): its content is binary; export the orders as CSV or Excel"
        )


def _utf16_without_bom(data: bytes) -> str | None:
    """Return "utf-16-le"/"utf-16-be" when text is UTF-16 without a byte order mark."""
    head = data[:4096]
    if len(head) < 8:
        return None
    even_zeros, odd_zeros = head[0::2].count(0), head[1::2].count(0)
    half = len(head) // 2
    if odd_zeros > 0.3 * half and even_zeros < 0.05 * half:
        return "utf-16-le"
    if even_zeros > 0.3 * half and odd_zeros < 0.05 * half:
        return "utf-16-be"
    return None


def _to_utf8(name: str, data: bytes) -> tuple[bytes, str]:
    """Return the content as UTF-8 bytes (BOM removed) and the encoding it was written in.

    UTF-8 is tried before GB18030 because GB18030 would decode UTF-8 bytes into garbage without
    an error. Only a sample is checked here; pyarrow validates the rest while parsing, and the
    caller falls back to GB18030 if a later line is not UTF-8.
    """
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :], "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _transcode(name, data, "utf-16"), "utf-16"
    utf16 = _utf16_without_bom(data)
    if utf16:
        return _transcode(name, data, utf16), "utf-16"
    sample = data[:SNIFF_BYTES]
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=len(sample) == len(data))
    except UnicodeDecodeError:
        return _transcode(name, data, "gb18030"), "gb18030"
    return data, "utf-8"


def _transcode(name: str, data: bytes, encoding: str) -> bytes:
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise FileFormatError(
            f"{name}: the text is neither UTF-8 nor GBK/GB18030 (undecodable byte at position {exc.start}); "
            "save it as 'CSV UTF-8' and upload it again"
        ) from exc
    return text.lstrip("\ufeff").encode("utf-8")


def _sample_text(body: bytes) -> str:
    """Return the first lines of the file as text, cut at a line end."""
    if len(body) <= SNIFF_BYTES:
        return body.decode("utf-8", errors="replace")
    cut = body.rfind(b"\n", 0, SNIFF_BYTES)
    return body[: cut + 1 if cut > 0 else SNIFF_BYTES].decode("utf-8", errors="replace")


def _sniff_delimiter(sample: str) -> str:
    """Pick the delimiter that splits the most lines into the same number (> 1) of fields.

    Quotes are respected (``"1,234.50"`` is one field). Title lines above the header have one
    field whatever the delimiter, so they do not sway the choice. Ties go to the earlier of
    , tab ; | (the usual order of frequency in exports).
    """
    best, best_score = ",", (0, 0)
    for delimiter in DELIMITERS:
        widths = [len(record) for record in csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter)]
        widths = [width for width in widths[:200] if width > 1]
        if not widths:
            continue
        usual = max(set(widths), key=widths.count)
        score = (widths.count(usual), usual)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _leading_records(sample: str, delimiter: str) -> tuple[list[list[str]], list[str]]:
    """Parse the first records and return them with the physical lines each one consumed."""
    lines_used: list[str] = []

    def lines() -> Iterator[str]:
        for line in io.StringIO(sample, newline=""):
            lines_used.append(line)
            yield line

    records: list[list[str]] = []
    consumed: list[str] = []
    reader = csv.reader(lines(), delimiter=delimiter)
    try:
        for record in reader:
            records.append(record)
            consumed.append("".join(lines_used))
            lines_used.clear()
            if len(records) >= HEADER_SCAN_ROWS + 200:
                break
    except csv.Error:
        pass
    return records, consumed


def _parse_with_arrow(
    body: bytes, start: int, delimiter: str, width: int
) -> tuple[list[pa.ChunkedArray], int]:
    """Parse the records from byte ``start`` on with pyarrow, all as strings.

    With ``ignore_empty_lines=False`` pyarrow keeps a blank line as a record of empty fields
    (pandas' ``skip_blank_lines`` would drop it), so blank rows stay counted. Ragged records
    raise ``ArrowInvalid``; the caller then parses with the csv module.
    """
    if not re.compile(rb"[^\r\n]").search(body, start):
        return [pa.chunked_array([], pa.large_string()) for _ in range(width)], 0
    # A view, not a slice: no copy of a file of hundreds of MB.
    rest = memoryview(body)[start:]
    names = [f"c{i}" for i in range(width)]
    table = pacsv.read_csv(
        pa.BufferReader(pa.py_buffer(rest)),
        read_options=pacsv.ReadOptions(column_names=names, block_size=16 * MB),
        parse_options=pacsv.ParseOptions(
            delimiter=delimiter,
            # Quoted values may hold line breaks (buyer notes); without quotes there are none,
            # and pyarrow then splits the file across threads.
            newlines_in_values=body.find(b'"', start) >= 0,
            ignore_empty_lines=False,
        ),
        convert_options=pacsv.ConvertOptions(
            column_types=dict.fromkeys(names, pa.large_string()),
            strings_can_be_null=True,
            null_values=[""],
        ),
    )
    return list(table.columns), table.num_rows


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
        raise FileFormatError(
            f"{name}: cannot parse the file as delimited text ({exc}); export it again"
        ) from exc
    longest = max(map(len, records), default=width)
    # Short records (and blank lines, which parse as no field) are padded with missing values.
    records = [record + [None] * (longest - len(record)) for record in records]
    frame = pd.DataFrame(records, dtype=object, columns=range(longest))
    if frame.shape[1] > width:
        extra = frame.iloc[:, width:].fillna("").apply(lambda column: column.str.strip() != "").any(axis=1)
        if extra.any():
            position = int(np.flatnonzero(extra.to_numpy())[0])
            fields = len(records[position])
            raise FileFormatError(
                f"{name}: row {first_row + position} has {fields} fields but the header has {width} "
                f"(a '{_delimiter_label(delimiter)}' inside a value without quotes?); quote that value or "
                "export the file again"
            )
        frame = frame.iloc[:, :width]
    frame = frame.reindex(columns=range(width))
    columns = [
        pa.array(frame[column].to_numpy(), type=pa.string(), from_pandas=True) for column in frame.columns
    ]
    return columns, len(frame)


def _delimiter_label(delimiter: str) -> str:
    return {"\t": "tab"}.get(delimiter, delimiter)


# ----------------------------------------------------------------------------------------------
# Excel (.xlsx, .xls)


class _Workbook:
    """Sheets of a workbook as lists of row values, whichever library could read it."""

    def __init__(self, names: list[str], load: Callable[[str], tuple[list[list[Any]], int]]) -> None:
        self.names = names
        self._load = load
        self._cache: dict[str, tuple[list[list[Any]], int]] = {}

    def rows(self, sheet: str) -> tuple[list[list[Any]], int]:
        """Return the sheet's rows (from its first used row) and that row's 0-based index."""
        if sheet not in self._cache:
            self._cache[sheet] = self._load(sheet)
        return self._cache[sheet]


def _read_workbook(name: str, data: bytes, kind: str, sheet: str | None) -> RawTable:
    workbook = _open_workbook(name, data, kind)
    if not workbook.names:
        raise FileFormatError(f"{name} is empty: the workbook has no sheets; export the orders again")
    if sheet is not None and sheet not in workbook.names:
        listed = ", ".join(f"'{s}'" for s in workbook.names)
        raise ArgumentError(f"{name} has no sheet named '{sheet}'; its sheets are: {listed}")
    chosen = sheet if sheet is not None else _choose_sheet(name, workbook)
    try:
        rows, first_row = workbook.rows(chosen)
    except FileFormatError:
        raise
    except Exception as exc:
        raise _damaged_error(name, f"sheet '{chosen}': {exc}") from exc
    if not rows:
        if sheet is not None:
            raise FileFormatError(
                f"{name}: sheet '{chosen}' is empty; choose the sheet that holds the orders"
            )
        raise FileFormatError(f"{name} is empty: no sheet has any cells; export the orders again")
    preview = [[_clean_cell(_cell_text(cell)) for cell in row] for row in rows[:HEADER_SCAN_ROWS]]
    header_index = _header_index(preview)
    names = _unique_names(preview[header_index])
    body = rows[header_index + 1 :]
    width = len(names)
    if body:
        cells = np.array(body, dtype=object)
        if cells.ndim != 2 or cells.shape[1] != width:
            cells = pd.DataFrame(body).reindex(columns=range(width)).to_numpy(dtype=object)
        columns = [_clean_strings(_excel_column(cells[:, j])) for j in range(width)]
    else:
        columns = [pa.array([], pa.string()) for _ in range(width)]
    frame = _to_frame(columns, names, len(body))
    return RawTable(
        frame,
        name,
        kind,
        sheet=chosen,
        header_row=first_row + header_index + 1,
        sheets=tuple(workbook.names),
    )


def _open_workbook(name: str, data: bytes, kind: str) -> _Workbook:
    if kind == "xlsx":
        try:
            archive = zipfile.ZipFile(io.BytesIO(data))
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            raise _damaged_error(name, str(exc)) from exc
        members = set(archive.namelist())
        if "xl/workbook.xml" not in members:
            raise FileFormatError(_zip_kind_message(name, members))
        _check_zip_bomb(name, archive, data)
    errors = []
    openers = (_open_calamine, _open_openpyxl) if kind == "xlsx" else (_open_calamine, _open_xlrd)
    for opener in openers:
        try:
            return opener(data)
        except Exception as exc:
            errors.append(f"{exc}".strip() or type(exc).__name__)
    if kind == "xls":
        raise FileFormatError(
            f"{name}: cannot read it as an Excel .xls workbook ({errors[0]}); if it is password-protected, "
            "remove the password, else save it again as .xlsx or CSV"
        )
    raise _damaged_error(name, errors[0])


def _zip_kind_message(name: str, members: set[str]) -> str:
    if "xl/workbook.bin" in members:
        return f"{name} is an Excel binary workbook (.xlsb); save it as .xlsx or CSV and upload it again"
    if "content.xml" in members:
        return f"{name} is an OpenDocument spreadsheet; save it as .xlsx or CSV and upload it again"
    return f"{name} is a zip archive, not a table (CSV or Excel); unzip it and upload the CSV or Excel file"


def _open_calamine(data: bytes) -> _Workbook:
    from python_calamine import CalamineWorkbook, SheetTypeEnum

    book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    names = [meta.name for meta in book.sheets_metadata if meta.typ == SheetTypeEnum.WorkSheet]

    def load(sheet: str) -> tuple[list[list[Any]], int]:
        loaded = book.get_sheet_by_name(sheet)
        rows = loaded.to_python()
        return rows, (loaded.start[0] if loaded.start else 0)

    return _Workbook(names, load)


def _open_openpyxl(data: bytes) -> _Workbook:
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)

    def load(sheet: str) -> tuple[list[list[Any]], int]:
        rows = [list(row) for row in book[sheet].iter_rows(values_only=True)]
        return _trim_empty_rows(rows)

    return _Workbook(list(book.sheetnames), load)


def _open_xlrd(data: bytes) -> _Workbook:
    import xlrd

    book = xlrd.open_workbook(file_contents=data)

    def load(sheet: str) -> tuple[list[list[Any]], int]:
        loaded = book.sheet_by_name(sheet)
        rows = [
            [
                xlrd.xldate.xldate_as_datetime(value, book.datemode) if kind == xlrd.XL_CELL_DATE else value
                for value, kind in zip(loaded.row_values(i), loaded.row_types(i), strict=True)
            ]
            for i in range(loaded.nrows)
        ]
        return _trim_empty_rows(rows)

    return _Workbook(list(book.sheet_names()), load)


def _trim_empty_rows(rows: list[list[Any]]) -> tuple[list[list[Any]], int]:
    """Drop leading and trailing rows without values, as calamine does; return the first row index."""
    filled = [
        i for i, row in enumerate(rows[: HEADER_SCAN_ROWS * 10]) if any(v not in (None, "") for v in row)
    ]
    first = filled[0] if filled else 0
    last = len(rows)
    while last > first and all(v in (None, "") for v in rows[last - 1]):
        last -= 1
    return rows[first:last], first


def _choose_sheet(name: str, workbook: _Workbook) -> str:
    """Pick the sheet with most rows among those whose header names orders; else the first non-empty."""
    best: tuple[int, str] | None = None
    first_filled = None
    for sheet in workbook.names:
        try:
            rows, _ = workbook.rows(sheet)
        except Exception as exc:
            raise _damaged_error(name, f"sheet '{sheet}': {exc}") from exc
        if not rows:
            continue
        first_filled = first_filled or sheet
        preview = [[_clean_cell(_cell_text(cell)) for cell in row] for row in rows[:HEADER_SCAN_ROWS]]
        header = " ".join(cell for cell in preview[_header_index(preview)] if cell).lower()
        if any(word in header for word in ORDER_WORDS) and (best is None or len(rows) > best[0]):
            best = (len(rows), sheet)
    if best is not None:
        return best[1]
    return first_filled or workbook.names[0]


def _excel_column(values: np.ndarray) -> pa.Array:
    """Turn one column of Excel cell values into strings, vectorised by the column's type.

    Whole numbers lose their ``.0`` (order number 17850.0 -> "17850"), datetimes become
    ``YYYY-MM-DD HH:MM:SS`` rounded to the second (Excel stores times as fractions of a day, so
    10:22:11 may come back as 10:22:10.999999), dates ``YYYY-MM-DD``. Text stays as stored, so a
    19-digit order number kept as text keeps all its digits.
    """
    kind = pd.api.types.infer_dtype(values, skipna=True)
    if kind.startswith("mixed"):
        # Empty cells come back as "", which makes a numeric or date column look mixed.
        values = np.where(values == "", None, values)
        kind = pd.api.types.infer_dtype(values, skipna=True)
    if kind in ("string", "empty"):
        return pa.array(values, type=pa.string(), from_pandas=True)
    if kind == "integer":
        try:
            return pa.array(values, type=pa.int64(), from_pandas=True).cast(pa.string())
        except (pa.ArrowException, OverflowError, TypeError):
            return pa.array([_cell_text(value) for value in values], type=pa.string())
    if kind in ("floating", "mixed-integer-float"):
        return _number_strings(pd.to_numeric(pd.Series(values), errors="coerce").to_numpy(dtype=float))
    # calamine returns a date for a midnight datetime, so a datetime column may mix both.
    if kind in ("datetime", "date") or (kind == "mixed" and _all_dates(values)):
        return _datetime_strings(pd.to_datetime(pd.Series(values), errors="coerce"))
    # Other mixed columns (text and numbers, times, booleans) are rare and small: cell by cell.
    return pa.array([_cell_text(value) for value in values], type=pa.string())


def _all_dates(values: np.ndarray) -> bool:
    return all(isinstance(value, dt.date) for value in values if value is not None)


def _datetime_strings(stamps: pd.Series) -> pa.Array:
    """Format a column of datetimes: ``YYYY-MM-DD`` when all are midnight, else to the second."""
    stamps = stamps.dt.round("s")
    midnight = stamps.isna() | (stamps == stamps.dt.normalize())
    # Arrow's casts print ISO text in C++, far faster than pandas' strftime per element.
    seconds = pa.array(stamps.to_numpy(dtype="datetime64[s]"), from_pandas=True)
    return (seconds.cast(pa.date32()) if midnight.all() else seconds).cast(pa.string())


def _number_strings(numbers: np.ndarray) -> pa.Array:
    whole = np.isfinite(numbers) & (numbers == np.round(numbers)) & (np.abs(numbers) < 2**63)
    as_int = pa.array(np.where(whole, numbers, 0).astype(np.int64)).cast(pa.string())
    as_float = pa.array(numbers, from_pandas=True).cast(pa.string())
    return pc.if_else(pa.array(whole), as_int, as_float)


def _cell_text(value: Any) -> str | None:
    """Return one Excel cell as text, with the same rules as :func:`_excel_column`."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        if not np.isfinite(value):
            return None
        return str(int(value)) if value.is_integer() and abs(value) < 2**63 else repr(value)
    if isinstance(value, dt.datetime):
        stamp = pd.Timestamp(value).round("s")
        return stamp.strftime("%Y-%m-%d" if stamp == stamp.normalize() else "%Y-%m-%d %H:%M:%S")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.replace(microsecond=0).isoformat()
    return str(value)
