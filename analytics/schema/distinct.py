"""Read a column through its distinct values: exports repeat the same cells on many rows."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd


def on_distinct(values: pd.Series, parse: Callable[[pd.Series], Any]) -> Any:
    """Apply a column parser to the distinct values only and spread the results back.

    Exports repeat the same dates, prices and customers on many rows, so parsing each distinct
    string once is much cheaper than parsing every cell.
    """
    values = values.astype("str")
    head = values.iloc[:20_000]
    if len(values) > 50_000 and head.nunique() > len(head) // 2:
        # Mostly distinct (order ids, timestamps to the second): factorizing would cost more than it saves.
        return parse(values)
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    distinct = pd.Series(uniques, dtype="str")
    parsed = parse(pd.concat([distinct, pd.Series([pd.NA], dtype="str")], ignore_index=True))
    position = np.where(codes < 0, len(distinct), codes)

    def spread(result: pd.Series) -> pd.Series:
        return pd.Series(result.array.take(position), index=values.index, dtype=result.dtype)

    return tuple(spread(p) for p in parsed) if isinstance(parsed, tuple) else spread(parsed)
