"""``among`` marks exactly what pandas' ``isin`` marks, through Arrow's hash kernel."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from analytics.metrics.keys import among

ids = st.one_of(st.none(), st.sampled_from(["C1", "C2", "c1", "C1 ", "会员7", ""]), st.text(max_size=4))


def test_members_found_by_hand():
    # Orders by C1, a guest, C2, C1; the list has C1 and C3: rows 0 and 3 are members' orders.
    orders = pd.Series(["C1", None, "C2", "C1"], dtype="str")
    assert among(orders, pd.Series(["C1", "C3"], dtype="str")).tolist() == [True, False, False, True]


def test_a_guest_is_found_only_among_keys_that_hold_a_missing_value():
    orders = pd.Series(["C1", None], dtype="str")
    assert among(orders, ["C1"]).tolist() == [True, False]
    assert among(orders, ["C1", None]).tolist() == [True, True]


@settings(max_examples=200, deadline=None)
@given(
    values=st.lists(ids, max_size=30),
    keys=st.lists(ids, max_size=10),
    kind=st.sampled_from(["series", "index", "list", "set", "unique"]),
)
def test_same_as_pandas_isin(values, keys, kind):
    column = pd.Series(values, dtype="str")
    key_series = pd.Series(keys, dtype="str")
    candidates = {
        "series": key_series,
        "index": pd.Index(key_series),
        "list": list(key_series.astype(object).where(key_series.notna(), None)),
        "set": set(key_series.dropna()),
        "unique": key_series.unique(),
    }[kind]
    expected = column.isin(candidates).to_numpy(dtype=bool)
    got = among(column, candidates)
    assert got.dtype == np.bool_
    assert got.tolist() == expected.tolist()


def test_an_index_of_ids_is_marked_too():
    first_days = pd.Index(["C1", "C2", "C3"], dtype="str")
    assert first_days[~among(first_days, pd.Series(["C2"], dtype="str"))].tolist() == ["C1", "C3"]


def test_numbers_fall_back_to_pandas():
    assert among(pd.Series([1, 2, 3]), [2]).tolist() == [False, True, False]
