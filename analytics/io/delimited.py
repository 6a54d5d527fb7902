"""How delimited text is laid out, and the Arrow options that parse it: no pandas imported here.

The delimiter, the header row and where the data records start are read from the file's first
lines (:func:`sniff_delimiter`, :func:`leading_records`, :func:`header_layout`); Arrow then parses
the records with :func:`arrow_options`. :mod:`analytics.io.text` reads every text file this way,
and :mod:`analytics.io.early` plans a command's file the same way before pandas is even imported,
so its parse can start while the rest of the command's modules load.
"""

from __future__ import annotations

import csv
import io
import itertools
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv

from analytics.io.encoding import SNIFF_BYTES
from analytics.io.header import HEADER_SCAN_ROWS, header_index, unique_names

MB = 1024**2
DELIMITERS = (",", "\t", ";", "|")
# Text files at least this large are read from disk as they are parsed (see text.read_text_file).
STREAM_MIN_BYTES = 8 * MB
# The first bytes of such a file read to detect its encoding and sniff it.
FILE_HEAD_BYTES = 4 * SNIFF_BYTES
# Arrow parses a file in blocks of this size, several at once. 2 MB rather than 1 MB: a block's
# buffers then come from mappings of their own that are handed back whole when freed, not from
# the C allocator's heap (parse peak of a 47 MB 41-column GBK export ~211 -> ~180 MB, of a 45 MB
# 4-column CSV ~217 -> ~197 MB; 4 MB or more raises it again: more text in flight at once).
BLOCK_BYTES = 2 * MB
TAOBAO_WRAPPER = re.compile(r'(?s)^="(.*)"$')
_QUOTE = ord('"')


def clean_cell(value: str | None) -> str | None:
    """Clean one header or preview cell the way :func:`~analytics.io.cells.clean_strings` cleans columns.

    Examples
    --------
    >>> clean_cell(' ="1234567890123456789"\\t'), clean_cell("  ")
    ('1234567890123456789', None)
    """
    if value is None:
        return None
    value = value.strip()
    match = TAOBAO_WRAPPER.match(value)
    if match:
        value = match.group(1).strip()
    return value or None


def sample_text(body: bytes) -> str:
    """Return the first lines of the file as text, cut at a line end."""
    if len(body) <= SNIFF_BYTES:
        return body.decode("utf-8", errors="replace")
    cut = body.rfind(b"\n", 0, SNIFF_BYTES)
    return body[: cut + 1 if cut > 0 else SNIFF_BYTES].decode("utf-8", errors="replace")


def sniff_delimiter(sample: str) -> str:
    """Pick the delimiter that splits the most lines into the same number (> 1) of fields.

    Quotes are respected (``"1,234.50"`` is one field). Title lines above the header have one
    field whatever the delimiter, so they do not sway the choice. Ties go to the earlier of
    , tab ; | (the usual order of frequency in exports).

    Examples
    --------
    >>> sniff_delimiter('order;amount;note\\nA1;12,50;x\\nA2;"1,5";y\\n')
    ';'
    """
    best, best_score = ",", (0, 0)
    for delimiter in DELIMITERS:
        # Each record counts as the lines it spans: a quoted value holding line breaks is one
        # record under the right delimiter but several lines under a wrong one, which would
        # otherwise outnumber it.
        lines_per_width: dict[int, int] = {}
        reader = csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter)
        read_before = 0
        for record in itertools.islice(reader, 200):
            if len(record) > 1:
                lines_per_width[len(record)] = (
                    lines_per_width.get(len(record), 0) + reader.line_num - read_before
                )
            read_before = reader.line_num
        if not lines_per_width:
            continue
        usual = max(lines_per_width, key=lambda width: (lines_per_width[width], -width))
        score = (lines_per_width[usual], usual)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def leading_records(sample: str, delimiter: str) -> tuple[list[list[str]], list[str]]:
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


def count_quotes(blocks: Iterable[bytes | memoryview]) -> int:
    """Count the quote characters in text given in blocks (numpy: ~3x faster than ``bytes.count``).

    Examples
    --------
    >>> count_quotes([b'a,"b"', memoryview(b'"c')])
    3
    """
    return sum(int(np.count_nonzero(np.frombuffer(block, dtype=np.uint8) == _QUOTE)) for block in blocks)


@dataclass(frozen=True)
class Layout:
    """Where a text's header and data are: found from its leading records.

    ``header_at`` indexes the header among the leading records; ``names`` are the unique column
    names, ``width`` columns (the header's, or the usual data record's when that is wider);
    ``start`` is the byte offset of the first data record in the UTF-8 text, which begins on
    line ``first_line``.
    """

    header_at: int
    names: list[str]
    width: int
    start: int
    first_line: int


def header_layout(records: Sequence[Sequence[str]], lines_used: Sequence[str]) -> Layout:
    """Find the header among the leading records (see :func:`leading_records`) and the data's start."""
    header_at = header_index([[clean_cell(cell) for cell in record] for record in records])
    header: list[str | None] = [clean_cell(cell) for cell in records[header_at]] if records else []
    data_widths = [len(record) for record in records[header_at + 1 :] if record]
    width = max([len(header), *([max(set(data_widths), key=data_widths.count)] if data_widths else [])])
    header += [None] * (width - len(header))
    above = "".join(lines_used[: header_at + 1])
    return Layout(header_at, unique_names(header), width, len(above.encode("utf-8")), above.count("\n") + 1)


def arrow_options(
    delimiter: str, width: int, keep: Sequence[int], quoted: bool
) -> tuple[pacsv.ReadOptions, pacsv.ParseOptions, pacsv.ConvertOptions]:
    """Return Arrow's options to parse ``width``-column records, converting the columns at ``keep``.

    Every cell is read as a string, an empty one as null. With ``ignore_empty_lines=False``
    pyarrow keeps a blank line as a record of empty fields (pandas' ``skip_blank_lines`` would
    drop it), so blank rows stay counted. ``quoted``: the text holds quotes, so a quoted value
    may span lines.
    """
    names = [f"c{i}" for i in range(width)]
    return (
        pacsv.ReadOptions(column_names=names, block_size=BLOCK_BYTES),
        pacsv.ParseOptions(delimiter=delimiter, newlines_in_values=quoted, ignore_empty_lines=False),
        pacsv.ConvertOptions(
            column_types=dict.fromkeys(names, pa.large_string()),
            # Columns nobody reads are tokenised but never converted nor kept.
            include_columns=[names[i] for i in keep],
            strings_can_be_null=True,
            null_values=[""],
        ),
    )
