"""Values between pandas and SQLite: text times, NULLs, content fingerprints, upload timestamps."""

from __future__ import annotations

import hashlib
from typing import Any

import pandas as pd

# Times are stored as text that sorts as it reads; microseconds keep sub-second exports exact.
TIME_FORMAT = "%Y-%m-%d %H:%M:%S.%f"
DAY_FORMAT = "%Y-%m-%d"


def fingerprint(*frames: pd.DataFrame) -> str:
    """Return a sha256 of canonical content, so the same data in CSV or Excel is recognised."""
    digest = hashlib.sha256()
    for frame in frames:
        ordered = frame.sort_values(list(frame.columns)[:1], kind="stable") if len(frame) else frame
        digest.update(",".join(map(str, frame.columns)).encode())
        digest.update(pd.util.hash_pandas_object(ordered.astype("str"), index=False).to_numpy().tobytes())
    return digest.hexdigest()


def sql_tuples(frame: pd.DataFrame) -> list[tuple[Any, ...]]:
    """Return the rows of ``frame`` as tuples sqlite3 can bind."""
    # object dtype + None so sqlite3 binds NULL rather than the string "nan" or a pandas NA.
    plain = frame.astype(object).where(frame.notna(), None)
    return list(plain.itertuples(index=False, name=None))


def read_times(values: pd.Series) -> pd.Series:
    """Return stored time text as naive ``datetime64[ns]`` (NULL -> NaT)."""
    return pd.to_datetime(values, format=TIME_FORMAT).astype("datetime64[ns]")


def read_days(values: pd.Series) -> pd.Series:
    """Return stored day text as ``datetime64[ns]`` midnights (NULL -> NaT)."""
    return pd.to_datetime(values, format=DAY_FORMAT).astype("datetime64[ns]")


def utc_now() -> str:
    """Return the current UTC time as the upload timestamp text (``2025-01-13T08:00:00Z``)."""
    return pd.Timestamp.now(tz="UTC").strftime("%Y-%m-%dT%H:%M:%SZ")
