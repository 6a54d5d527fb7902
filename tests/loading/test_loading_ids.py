"""Order and customer ids: normalised, e-mails and phones as digests (analytics.loading.ids)."""

from __future__ import annotations

import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from analytics.io import read_table
from analytics.loading.ids import (
    cancellation_invoices,
    customer_ids,
    has_repeats,
    order_ids,
    parse_customer_ids,
    parse_ids,
    pseudonymise,
)


def S(values):
    return pd.Series(values, dtype="str")


def test_ids_normalised():
    ids = parse_ids(S(["17850.0", ' ="123" ', "A-1", " 17850 ", "C536379", "", None]))
    assert ids.iloc[:5].tolist() == ["17850", "123", "A-1", "17850", "C536379"]
    assert ids.iloc[5:].isna().all()
    assert str(ids.dtype) == "str"


def test_customer_emails_and_phones_never_stay_in_clear():
    ids = parse_customer_ids(
        S(["Ann@Example.com", "ann@example.com ", "13812345678", "+86 138 1234 5678", "17850"])
    )
    assert ids.iloc[0] == ids.iloc[1]  # case and spaces do not split one customer
    assert ids.iloc[0].startswith("e:") and ids.iloc[2].startswith("p:")
    assert not ids.str.contains("@").any() and not ids.str.contains("1234").any()
    assert ids.iloc[4] == "17850"  # a shop customer number is not a phone number
    phones = parse_customer_ids(S(["138-1234-5678", "13812345678"]), personal="phone")
    # the same phone written two ways is one customer
    assert phones.iloc[0] == phones.iloc[1]


def test_pseudonymise_is_stable_and_distinct():
    keys = pseudonymise(S(["a@x.com", "b@x.com", "a@x.com", None]), prefix="e:")
    assert keys.iloc[0] == keys.iloc[2] != keys.iloc[1]
    assert pd.isna(keys.iloc[3])


@given(
    st.lists(
        st.one_of(st.none(), st.integers(0, 50).map(str), st.sampled_from(["a", "b", "x1"])), max_size=40
    )
)
def test_repeat_check_never_misses_a_repeated_id(cells):
    # The quick integer check may only over-report (never for ids without leading zeros, as here).
    ids = pd.Series(cells, dtype="str")
    assert has_repeats(ids) == bool(ids.dropna().duplicated().any())


def test_order_ids_number_the_rows_when_there_is_no_id_column():
    raw = read_table(("a.csv", b"id,x\n17850.0,1\n,2\n"))
    assert order_ids(raw, {"order_id": "id"}, id_prefix="").tolist()[:1] == ["17850"]
    assert order_ids(raw, {}, id_prefix="a.csv:").tolist() == ["a.csv:row-2", "a.csv:row-3"]


def test_cancellation_invoices_only_in_files_with_numeric_ids():
    assert cancellation_invoices(S(["536365", "C536379", "c1"])).tolist() == [False, True, True]
    # an export keyed C1001 throughout keeps its orders
    assert not cancellation_invoices(S(["C1001", "C1002"])).any()


def test_customer_ids_hash_every_cell_of_a_phone_or_email_column():
    frame = pd.DataFrame({"手机号": ["138 1234 5678", None], "Email": ["A@x.com", "b@x.com"]}, dtype="str")
    phones = customer_ids(frame, {"customer_phone": "手机号"})
    assert phones.iloc[0].startswith("p:") and pd.isna(phones.iloc[1])
    assert customer_ids(frame, {"customer_email": "Email"}).str.startswith("e:").all()
    assert customer_ids(frame, {}).isna().all()


# Characters that make ids interesting: spaces, the Excel wrapper, points and zeros (17850.0),
# e-mail and phone marks, digits and CJK.
ID_CELL = st.one_of(
    st.none(),
    st.text(
        alphabet=[" ", "\u3000", "=", '"', ".", "0", "1", "3", "8", "+", "-", "@", "a", "C", "店"],
        max_size=13,
    ),
    st.sampled_from(["17850.0", "13812345678", "+86 138 1234 5678", "a@b.co", " 1.00", "C000120"]),
)


def chunked(chunks: list[list[str | None]]) -> pd.Series:
    """A str column made of several Arrow chunks, as a file parsed in blocks gives."""
    import pyarrow as pa

    array = pa.chunked_array([pa.array(chunk, pa.large_string()) for chunk in chunks], pa.large_string())
    return pd.Series(
        array.to_pandas(
            types_mapper={pa.large_string(): pd.StringDtype("pyarrow", na_value=float("nan"))}.get
        )
    )


@given(st.lists(st.lists(ID_CELL, max_size=6), min_size=1, max_size=3))
def test_ids_read_only_the_cells_that_may_change_yet_as_the_whole_column_would(chunks):
    from analytics.loading.ids import _parse_customer_ids, _parse_ids

    values = chunked(chunks)
    pd.testing.assert_series_equal(parse_ids(values), _parse_ids(values))
    pd.testing.assert_series_equal(
        parse_customer_ids(values), _parse_customer_ids(values, personal=None), check_index=False
    )


def test_consecutive_order_numbers_are_checked_for_repeats_without_hashing():
    # 10,000 consecutive numbers: the range (10,000) fits the bitmap; one repeat is found.
    numbers = [str(10_000_000 + i) for i in range(10_000)]
    assert not has_repeats(S(numbers))
    assert has_repeats(S([*numbers, "10000042"]))
    # Far apart (a range of 10**15): hashed instead, same answers.
    assert not has_repeats(S(["1", "1000000000000000"]))
    assert has_repeats(S(["1", "1000000000000000", "1"]))
