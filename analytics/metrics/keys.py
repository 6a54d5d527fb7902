"""Membership of keys in a set of keys (customer ids in a member list, a campaign's groups).

pandas' ``Series.isin`` on its Arrow-backed ``str`` columns compares element by element in Python
when the values are long and the candidates short, or the other way round (5 s for a 135,000-member
list against a million orders); Arrow's hash kernel does the same in tens of milliseconds. This
module holds that one choice so every metric asks the same way.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc


def _arrow_strings(values: object) -> pa.ChunkedArray | pa.Array | None:
    """Return the Arrow array under a pandas ``str`` Series or Index (no copy), else None."""
    array = values if isinstance(values, pd.arrays.ArrowStringArray) else getattr(values, "array", None)
    if isinstance(array, pd.arrays.ArrowStringArray):
        return array.__arrow_array__()
    return None


def among(values: pd.Series, keys: pd.Series | pd.Index | Iterable[object]) -> np.ndarray:
    """Mark which ``values`` are among ``keys``, exactly as ``values.isin(keys)`` does.

    A missing value (NA) counts as found only when ``keys`` holds a missing value too, as in pandas.

    Returns
    -------
    numpy.ndarray
        One bool per value, in the order of ``values``.

    Examples
    --------
    >>> among(pd.Series(["a", None, "b"], dtype="str"), pd.Series(["a"], dtype="str")).tolist()
    [True, False, False]
    """
    column = _arrow_strings(values)
    if column is None:
        return values.isin(keys).to_numpy(dtype=bool)
    candidates = _arrow_strings(keys)
    if candidates is None:
        listed = list(keys)
        if not all(k is None or isinstance(k, str) or k is pd.NA for k in listed):
            return values.isin(listed).to_numpy(dtype=bool)
        candidates = pa.array([None if k is pd.NA else k for k in listed], type=column.type)
    if isinstance(candidates, pa.ChunkedArray):
        candidates = candidates.combine_chunks()
    found = pc.is_in(column, value_set=candidates.cast(column.type))
    return np.asarray(found.to_numpy(zero_copy_only=False), dtype=bool)
