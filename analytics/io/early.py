"""Start parsing a command's order file before pandas is imported; the reader claims the result.

A ``python -m analytics summarize FILE`` spends ~0.4 s of one core importing pandas and its own
modules while the other core has nothing to do, then parses the file. For a large plain UTF-8
CSV given by its path, :func:`start_early_read` (called by ``analytics/__main__.py`` before those
imports) finds the file's layout as :mod:`analytics.io.text` will (the same functions, from
:mod:`analytics.io.delimited`, which imports no pandas) and starts Arrow's parse of every column
on a thread of its own: Arrow works without the interpreter, so the imports go on meanwhile.

The text reader then asks for the parse with :func:`claim`, giving the file, the data's offset
and the options it would parse with; it gets the table only when they are the ones the early
parse used and the file is unchanged since, and parses the file itself otherwise (a narrower
column choice is taken from the early table: unconverted columns are not read differently).
A failed early parse gives nothing: the reader parses again and reports the error as usual.
Wide files (an export whose many unused columns the reader would not convert) are not read
early. Each parse is claimed once; nothing is kept after.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv

from analytics.io.delimited import (
    FILE_HEAD_BYTES,
    MB,
    STREAM_MIN_BYTES,
    arrow_options,
    count_quotes,
    header_layout,
    leading_records,
    sample_text,
    sniff_delimiter,
)
from analytics.io.encoding import SNIFF_BYTES, detect_encoding

# Files with more columns are not parsed early: converting columns the loader then leaves unread
# would cost memory and time (a 41-column Taobao export uses about ten).
EARLY_MAX_COLUMNS = 16
_GZIP_MAGIC = b"\x1f\x8b"


@dataclass
class _EarlyParse:
    """One file's parse, started early: what it was started with, and its table once done."""

    identity: tuple[int, ...]
    offset: int
    delimiter: str
    width: int
    quotes: int
    done: threading.Event = field(default_factory=threading.Event)
    table: pa.Table | None = None


_LOCK = threading.Lock()
_STARTED: dict[str, _EarlyParse] = {}


def _identity(path: str) -> tuple[int, ...]:
    status = os.stat(path)
    return (status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns)


def start_early_read(path: str | os.PathLike) -> bool:
    """Start parsing ``path`` on a thread when it is a large plain UTF-8 text file; say whether it started.

    Anything unusual (no such file, small, compressed, binary, another encoding, a blank head,
    wide, an unbalanced quote) starts nothing: the reader will handle and explain it.
    """
    try:
        key = os.path.realpath(path)
        identity = _identity(key)
        if identity[2] < STREAM_MIN_BYTES:
            return False
        with open(key, "rb") as file:
            head = file.read(FILE_HEAD_BYTES)
    except OSError:
        return False
    try:
        encoding, codec, skip = detect_encoding(head)
        if head.startswith(_GZIP_MAGIC) or b"\x00" in head or codec is not None or encoding == "utf-16":
            return False
        text = head[skip:]
        if not text[:SNIFF_BYTES].strip():
            return False
        sample = sample_text(text)
        delimiter = sniff_delimiter(sample)
        records, lines_used = leading_records(sample, delimiter)
        if any(len(record) > EARLY_MAX_COLUMNS for record in records):
            return False
        layout = header_layout(records, lines_used)
    except Exception:  # a head this look cannot read (a 2,000,000-column header...): the reader explains it
        return False
    entry = _EarlyParse(identity, skip + layout.start, delimiter, layout.width, quotes=-1)
    with _LOCK:
        if key in _STARTED:
            return False
        _STARTED[key] = entry
    threading.Thread(target=_parse, args=(key, entry), name="early-read", daemon=True).start()
    return True


def _parse(path: str, entry: _EarlyParse) -> None:
    try:
        with open(path, "rb") as file:
            file.seek(entry.offset)
            entry.quotes = count_quotes(iter(lambda: file.read(4 * MB), b""))
        if entry.quotes % 2 == 0:  # an odd count is refused by the reader before any parse
            read, parse, convert = arrow_options(
                entry.delimiter, entry.width, range(entry.width), entry.quotes > 0
            )
            source = pa.OSFile(path)
            source.seek(entry.offset)
            entry.table = pacsv.read_csv(
                source, read_options=read, parse_options=parse, convert_options=convert
            )
    except Exception:
        entry.table = None
    finally:
        entry.done.set()


def _entry(path: Path, offset: int) -> _EarlyParse | None:
    """Return the early parse of ``path`` from byte ``offset``, waiting for it (None without one)."""
    key = os.path.realpath(path)
    with _LOCK:
        entry = _STARTED.get(key)
    if entry is None or entry.offset != offset:
        return None
    entry.done.wait()
    try:
        unchanged = _identity(key) == entry.identity
    except OSError:
        unchanged = False
    return entry if unchanged else None


def early_quotes(path: Path, offset: int) -> int | None:
    """Return the quotes the early parse counted from byte ``offset`` of ``path`` on (None without one)."""
    entry = _entry(path, offset)
    return None if entry is None or entry.quotes < 0 else entry.quotes


def claim(
    path: Path, offset: int, delimiter: str, width: int, keep: Sequence[int], quoted: bool
) -> pa.Table | None:
    """Return the early parse's columns at ``keep``, if it parsed ``path`` from ``offset`` as asked.

    As :func:`~analytics.io.delimited.arrow_options` with these arguments would have it (columns
    named ``c0``, ``c1`` ...); None when no early parse matches, it failed, or the file changed.
    The parse is handed over once.
    """
    entry = _entry(path, offset)
    if entry is None or (entry.delimiter, entry.width, entry.quotes > 0) != (delimiter, width, quoted):
        return None
    with _LOCK:
        _STARTED.pop(os.path.realpath(path), None)
    table, entry.table = entry.table, None
    if table is None:
        return None
    return table.select([f"c{i}" for i in keep])
