"""The table of readers: each format with the rule that recognises its bytes.

The format is decided from the content, never from the file name: an ``.xlsx`` that is really a
CSV is read as CSV. Readers are tried in order and the first whose ``sniff`` accepts the file's
first bytes reads it; text comes last, as the fallback for whatever no binary format claims.

To add a format, write ``analytics/io/<format>.py`` with a sniffing rule and a reader
(``read(name, data, *, sheet=None) -> RawTable``), and add one line to :data:`READERS`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from analytics.io.raw import RawTable
from analytics.io.text import read_text
from analytics.io.xls import is_xls, read_xls
from analytics.io.xlsx import is_xlsx, read_xlsx

# How many leading bytes a sniffing rule sees: enough for any format's magic number.
HEAD_BYTES = 8


@dataclass(frozen=True)
class Reader:
    """One file format: how to recognise it and how to read it.

    ``binary`` says the format is not text, so the binary-content guard
    (:func:`analytics.io.guards.refuse_binary`) does not apply to it.
    """

    format: str
    sniff: Callable[[bytes], bool]
    read: Callable[..., RawTable]
    binary: bool


READERS: tuple[Reader, ...] = (
    Reader("xlsx", is_xlsx, read_xlsx, binary=True),
    Reader("xls", is_xls, read_xls, binary=True),
    Reader("csv", lambda head: True, read_text, binary=False),
)


def reader_for(data: bytes) -> Reader:
    """Return the reader of the first format whose sniffing rule accepts ``data``.

    Examples
    --------
    >>> reader_for(b"order,amount\\n").format, reader_for(b"PK\\x03\\x04...").format
    ('csv', 'xlsx')
    """
    head = data[:HEAD_BYTES]
    return next(reader for reader in READERS if reader.sniff(head))
