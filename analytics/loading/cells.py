"""Read plain cells: trimmed text and yes/no flags."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from analytics.io.cells import trim_candidates
from analytics.schema.distinct import on_candidates, on_distinct, str_series

_TRUE = {"是", "y", "yes", "true", "t", "1", "会员", "member", "已入会", "√"}
_FALSE = {"否", "n", "no", "false", "f", "0", "非会员", "nonmember", "non-member", "未入会", "×"}


def text_column(frame: pd.DataFrame, header: str | None) -> pd.Series:
    """Return a column as trimmed strings with NA for empty cells (all NA when not mapped)."""
    if header is None:
        return missing_text(frame.index)
    # Cells read from a file are trimmed already: only those that may still change are looked at.
    return on_candidates(frame[header], _present_trim_candidates, _trimmed)


def _trimmed(values: pd.Series) -> pd.Series:
    text = values.astype("str").str.strip()
    return text.where(text != "")


def _present_trim_candidates(cells: pa.Array) -> np.ndarray:
    marked = trim_candidates(cells)
    if cells.null_count:
        marked &= pc.is_valid(cells).to_numpy(zero_copy_only=False)
    return marked


def missing_text(index: pd.Index) -> pd.Series:
    """Return a ``str`` column of missing cells on ``index`` (built by Arrow, no per-cell work)."""
    return str_series(pa.nulls(len(index), pa.large_string()), index)


def parse_booleans(values: pd.Series) -> pd.Series:
    """Read yes/no flags (是/否, Y/N, yes/no, true/false, 1/0, 会员/非会员) as a boolean column.

    Examples
    --------
    >>> parse_booleans(pd.Series(["是", "N", "会员", "?"], dtype="str")).tolist()
    [True, False, True, <NA>]
    """
    return on_distinct(values, _parse_booleans)


def _parse_booleans(values: pd.Series) -> pd.Series:
    key = values.astype("str").str.strip().str.lower()
    flags = pd.Series(pd.NA, index=values.index, dtype="boolean")
    flags[key.isin(_TRUE).fillna(False).astype(bool)] = True
    flags[key.isin(_FALSE).fillna(False).astype(bool)] = False
    return flags
