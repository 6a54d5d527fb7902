"""The raw table a reader returns, and the two ways a file arrives (a path or an upload)."""

from __future__ import annotations

import os
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from analytics.errors import FileFormatError
from analytics.io.guards import check_size

# A file path, or (file name, content) as the dashboard receives an upload.
Source = str | os.PathLike | tuple[str, bytes]
# Chooses the columns to parse from the header names and a sample of the first data rows (all
# cells strings or NA): parsing only the columns a loader uses keeps a wide export's memory low.
ColumnChoice = Callable[[Sequence[str], pd.DataFrame], Collection[str]]


@dataclass(frozen=True)
class RawTable:
    """A table as read from a file: header applied, every cell a string (or missing).

    ``frame`` holds the data rows only, all columns of pandas ``str`` dtype with NA for empty
    cells; ``row_numbers`` gives, per data row, its 1-based row number in the file or sheet so
    dropped rows can be pointed at. ``format`` is ``"csv"``, ``"xlsx"`` or ``"xls"``;
    ``encoding`` is ``"utf-8"``, ``"utf-8-sig"``, ``"utf-16"`` or ``"gb18030"`` for text;
    ``compression`` is ``"gzip"`` when the upload was a ``.gz``.

    ``headers`` names every column of the file in order; ``frame`` holds only the columns chosen
    when the file was read (all of them unless a column choice was given), and
    :meth:`read_columns` parses others on demand.
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
    headers: tuple[str, ...] = ()
    # Parses more columns of the same sheet again; set when the frame holds only some columns.
    reread: Callable[[Collection[str]], pd.DataFrame] | None = field(default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        if not self.headers:
            object.__setattr__(self, "headers", tuple(str(c) for c in self.frame.columns))

    @property
    def unread(self) -> list[str]:
        """Return the headers whose columns the frame does not hold (not parsed)."""
        held = set(self.frame.columns)
        return [header for header in self.headers if header not in held]

    def read_columns(self, names: Collection[str]) -> pd.DataFrame:
        """Return the columns ``names`` (in file order) for every data row, parsing the file again if needed.

        Rarely needed: only a blank-looking row or a repeated line makes the loader look at
        columns it did not map.
        """
        wanted = [header for header in self.headers if header in set(names)]
        missing = [header for header in wanted if header not in self.frame.columns]
        if not missing:
            return self.frame.loc[:, wanted]
        if self.reread is None:
            raise RuntimeError("columns not read and no way to read them")
        extra = self.reread(missing)
        extra.index = self.frame.index
        held = self.frame.loc[:, [h for h in wanted if h in self.frame.columns]]
        return pd.concat([held, extra], axis=1).loc[:, wanted]

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
    return source_head(source, None)[0]


def source_head(source: str | os.PathLike, size: int | None) -> tuple[bytes, int]:
    """Return the first ``size`` bytes of a file (all of it for None) and the file's size.

    Files above :data:`analytics.io.guards.MAX_FILE_BYTES` are refused before they are read.
    """
    path = Path(source)
    try:
        total = path.stat().st_size
        check_size(path.name, total)
        if size is None:
            return path.read_bytes(), total
        with path.open("rb") as file:
            return file.read(size), total
    except FileNotFoundError as exc:
        raise FileFormatError("io.file_not_found", file=str(source)) from exc
    except IsADirectoryError as exc:
        raise FileFormatError("io.is_folder", file=str(source)) from exc
    except PermissionError as exc:
        raise FileFormatError("io.permission_denied", file=str(source)) from exc
