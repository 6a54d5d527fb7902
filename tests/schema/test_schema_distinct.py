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
