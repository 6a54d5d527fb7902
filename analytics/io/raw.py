"""The raw table a reader returns, and the two ways a file arrives (a path or an upload)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from analytics.errors import FileFormatError
from analytics.io.guards import check_size

# A file path, or (file name, content) as the dashboard receives an upload.
Source = str | os.PathLike | tuple[str, bytes]


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
    """Return the file name to show the user for a path or an uploaded (name, bytes) pair.

    Examples
    --------
    >>> source_name("exports/orders.csv"), source_name(("upload.xlsx", b""))
    ('orders.csv', 'upload.xlsx')
    """
    if isinstance(source, tuple):
        return source[0]
    return Path(source).name


def source_bytes(source: Source) -> bytes:
    """Return the raw bytes of a path or an uploaded (name, bytes) pair.

    Files above :data:`analytics.io.guards.MAX_FILE_BYTES` are refused before they are read into
    memory.
    """
    if isinstance(source, tuple):
        data = source[1]
        check_size(source[0], len(data))
        return bytes(data)
    path = Path(source)
    try:
        check_size(path.name, path.stat().st_size)
        return path.read_bytes()
    except FileNotFoundError as exc:
        raise FileFormatError("io.file_not_found", file=str(source)) from exc
    except IsADirectoryError as exc:
        raise FileFormatError("io.is_folder", file=str(source)) from exc
    except PermissionError as exc:
        raise FileFormatError("io.permission_denied", file=str(source)) from exc
