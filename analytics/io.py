"""Read bytes into a raw table of strings: CSV (any delimiter and encoding) or Excel, header row found.

Baseline implementation; see the module owner's work for full robustness.
"""

from __future__ import annotations

import io
import os
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from analytics.errors import FileFormatError

# A file path, or (file name, content) as the dashboard receives an upload.
Source = str | os.PathLike | tuple[str, bytes]


@dataclass(frozen=True)
class RawTable:
    """A table as read from a file: header applied, every cell a string (or missing).

    ``frame`` holds the data rows only, all columns of pandas ``str`` dtype with NA for empty
    cells; ``row_numbers`` gives, per data row, its 1-based row number in the file or sheet so
    dropped rows can be pointed at.
    """

    frame: pd.DataFrame
    name: str
    format: str
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    header_row: int = 1
    sheets: tuple[str, ...] = field(default_factory=tuple)

    @property
    def row_numbers(self) -> pd.Series:
        """Return the 1-based file row number of each data row."""
        return pd.Series(range(self.header_row + 1, self.header_row + 1 + len(self.frame)), index=self.frame.index)


def source_name(source: Source) -> str:
    """Return the file name to show the user for a path or an uploaded (name, bytes) pair."""
    if isinstance(source, tuple):
        return source[0]
    return Path(source).name


def source_bytes(source: Source) -> bytes:
    """Return the raw bytes of a path or an uploaded (name, bytes) pair."""
    if isinstance(source, tuple):
        return source[1]
    try:
        return Path(source).read_bytes()
    except FileNotFoundError as exc:
        raise FileFormatError(f"{source}: file not found") from exc


def read_table(source: Source, *, sheet: str | None = None) -> RawTable:
    """Read a CSV or Excel export into a :class:`RawTable` of strings."""
    name = source_name(source)
    data = source_bytes(source)
    if data[:4] == b"PK\x03\x04":
        frame = pd.read_excel(io.BytesIO(data), sheet_name=sheet or 0, dtype=str, engine="calamine")
        return RawTable(frame.astype("str"), name, "xlsx", sheet=sheet)
    text = data.decode("utf-8-sig")
    frame = pd.read_csv(io.StringIO(text), dtype=str, sep=None, engine="python")
    return RawTable(frame, name, "csv", encoding="utf-8", delimiter=",")
