"""Reading a column through its distinct values (analytics.schema.distinct)."""

from __future__ import annotations

import pandas as pd

from analytics.schema.distinct import on_distinct


def test_each_distinct_value_is_parsed_once_and_spread_back_in_place():
    calls: list[int] = []

    def upper(values: pd.Series) -> pd.Series:
        calls.append(len(values))
        return values.str.upper()

    values = pd.Series(["a", None, "b", "a", "b"], dtype="str", index=[5, 4, 3, 2, 1])
    result = on_distinct(values, upper)
    # two distinct strings plus the missing-value slot
    assert calls == [3]
    assert result.index.equals(values.index)
    assert result.tolist()[:1] == ["A"] and result.isna().tolist() == [False, True, False, False, False]
    assert result.dropna().tolist() == ["A", "B", "A", "B"]


def test_tuples_of_results_are_spread_back_together():
    values = pd.Series(["1", "x", "1"], dtype="str")
    numbers, bad = on_distinct(values, lambda v: (pd.to_numeric(v, errors="coerce"), v == "x"))
    assert numbers.tolist()[::2] == [1.0, 1.0] and bad.tolist() == [False, True, False]


def test_only_marked_cells_are_parsed_and_the_rest_kept():
    import numpy as np

    from analytics.schema.distinct import on_candidates

    seen: list[list[str]] = []

    def upper(values: pd.Series) -> pd.Series:
        seen.append(values.tolist())
        return values.str.upper()

    def starting_with_x(cells) -> np.ndarray:
        return np.array([cell is not None and cell.startswith("x") for cell in cells.to_pylist()])

    values = pd.Series(["xa", "b", None, "xc"], dtype="str", index=[9, 8, 7, 6])
    result = on_candidates(values, starting_with_x, upper)
    assert seen == [["xa", "xc"]]
    assert result.index.equals(values.index) and str(result.dtype) == "str"
    assert result.tolist()[:2] == ["XA", "b"] and result.isna().tolist() == [False, False, True, False]
    # No cell marked: the column comes back as it is, the parser never called.
    assert on_candidates(pd.Series(["b"], dtype="str"), starting_with_x, upper).tolist() == ["b"]
    assert len(seen) == 1
