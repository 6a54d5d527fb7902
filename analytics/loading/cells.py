"""Read plain cells: trimmed text and yes/no flags."""

from __future__ import annotations

import pandas as pd

from analytics.schema.distinct import on_distinct

_TRUE = {"是", "y", "yes", "true", "t", "1", "会员", "member", "已入会", "√"}
_FALSE = {"否", "n", "no", "false", "f", "0", "非会员", "nonmember", "non-member", "未入会", "×"}


def text_column(frame: pd.DataFrame, header: str | None) -> pd.Series:
    """Return a column as trimmed strings with NA for empty cells (all NA when not mapped)."""
    if header is None:
        return pd.Series(pd.NA, index=frame.index, dtype="str")
    text = frame[header].astype("str").str.strip()
    return text.where(text != "")


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
