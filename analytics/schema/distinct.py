"""Read a column through its distinct values, or only through the cells that may need it.

Exports repeat the same cells on many rows (:func:`on_distinct`), and most cells of a clean
column come out of a parser unchanged (:func:`on_candidates`): both spare a parser most cells.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc


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


def on_candidates(
    values: pd.Series,
    candidates: Callable[[pa.Array], np.ndarray],
    parse: Callable[[pd.Series], pd.Series],
) -> pd.Series:
    """Apply a text parser (text in, text out) only to the cells it may change; keep the others.

    ``candidates`` marks, per chunk of the column's Arrow strings, every cell ``parse`` could
    change (it may mark more, never fewer): the parser being a function of each cell alone, the
    result is the one ``parse`` gives on the whole column. A clean column (no cell marked) costs
    a few cheap passes instead of the parser's string passes; a column of which every cell may
    change goes through ``parse`` whole. The result has ``str`` dtype and ``values``' index.
    """
    values = values.astype("str")
    array = getattr(values.array, "_pa_array", None)
    if array is None or len(values) == 0:
        return parse(values).astype("str")
    chunks = array.chunks
    marks = [np.asarray(candidates(chunk), dtype=bool) for chunk in chunks]
    marked = sum(int(np.count_nonzero(mark)) for mark in marks)
    if marked == 0:
        return values
    if marked == len(values):
        return parse(values).astype("str")
    at = np.flatnonzero(np.concatenate(marks))
    parsed = parse(values.iloc[at]).astype("str").array._pa_array.combine_chunks().cast(pa.large_string())
    result, used = [], 0
    for chunk, mark in zip(chunks, marks, strict=True):
        chunk = chunk.cast(pa.large_string())
        count = int(np.count_nonzero(mark))
        if count:
            chunk = pc.replace_with_mask(chunk, pa.array(mark), parsed[used : used + count])
            used += count
        result.append(chunk)
    return str_series(pa.chunked_array(result, pa.large_string()), values.index)


_STR_DTYPE = pd.StringDtype("pyarrow", na_value=np.nan)


def str_series(strings: pa.ChunkedArray | pa.Array, index: pd.Index) -> pd.Series:
    """Wrap Arrow large strings as a ``str`` Series on ``index`` without copying them."""
    wrapped = strings.to_pandas(types_mapper={pa.large_string(): _STR_DTYPE, pa.string(): _STR_DTYPE}.get)
    return pd.Series(wrapped.array, index=index, copy=False)
