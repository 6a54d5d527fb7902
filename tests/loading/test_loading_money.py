"""Amounts of money as exports write them (analytics.loading.money)."""

from __future__ import annotations

import math

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from analytics.loading.money import parse_money, row_amounts


def S(values):
    return pd.Series(values, dtype="str")


def test_money_strips_currency_marks_spaces_and_thousands():
    amounts, bad = parse_money(
        S(["¥1,234.50", "￥12", "$8.00", "€3.5", "£2", "100元", "CNY 5", "US$7", "HK$ 9.90", "1\u00a0234.50"])
    )
    assert amounts.tolist() == [1234.5, 12.0, 8.0, 3.5, 2.0, 100.0, 5.0, 7.0, 9.9, 1234.5]
    assert not bad.any()


def test_money_negative_forms_and_missing_and_unreadable():
    amounts, bad = parse_money(S(["(3.00)", "12.00-", "-$8.00", "-", "", None, "abc", "1.2.3.4"]))
    assert amounts.iloc[:3].tolist() == [-3.0, -12.0, -8.0]
    # "-", "" and an empty cell are missing (not errors); "abc" and "1.2.3.4" are not amounts
    assert amounts.iloc[3:].isna().all()
    assert bad.tolist() == [False, False, False, False, False, False, True, True]


def test_money_decimal_comma_decided_per_column():
    # every cell is written with a decimal comma and none with a decimal point -> comma is decimal
    amounts, _ = parse_money(S(["12,50", "1.234,50", "1 234,50", "7"]))
    assert amounts.tolist() == [12.5, 1234.5, 1234.5, 7.0]
    # one cell uses a decimal point -> the comma of "1,234" is a thousands separator everywhere
    amounts, _ = parse_money(S(["1,234", "2.50"]))
    assert amounts.tolist() == [1234.0, 2.5]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.integers(min_value=-(10**8), max_value=10**8), min_size=1, max_size=20),
    st.sampled_from(["¥", "$", ""]),
)
def test_money_round_trips_formatted_amounts(cents, mark):
    # an amount written as the exports write it ("¥1,234.50", negatives in parentheses) reads back exactly
    values = [c / 100 for c in cents]
    written = [f"({mark}{abs(v):,.2f})" if v < 0 else f"{mark}{v:,.2f}" for v in values]
    amounts, bad = parse_money(S(written))
    assert amounts.tolist() == values
    assert not bad.any()


def test_distinct_value_parsing_matches_cellwise_results_on_repeats():
    # parsing runs once per distinct string; repeated cells must get the same value in place
    values = S(["$1.00", None, "$2.00", "$1.00", "x", "$2.00"])
    amounts, bad = parse_money(values)
    assert [None if math.isnan(a) else a for a in amounts] == [1.0, None, 2.0, 1.0, None, 2.0]
    assert bad.tolist() == [False, False, False, False, True, False]
    assert amounts.index.equals(values.index)


def test_row_amounts_are_quantity_times_unit_price_without_an_amount_column():
    frame = pd.DataFrame({"Quantity": ["2", "x"], "UnitPrice": ["1.50", "3"]}, dtype="str")
    amounts = row_amounts(frame, {"quantity": "Quantity", "unit_price": "UnitPrice"})
    # 2 x 1.50 = 3.0; "x" is no quantity -> bad
    assert amounts.amount.iloc[0] == 3.0 and amounts.bad.tolist() == [False, True]
    assert amounts.quantity.tolist()[0] == 2.0 and not amounts.refund_row.any()


def test_refund_lines_count_negative():
    frame = pd.DataFrame({"Net Sales": ["5", "5"], "Event Type": ["Payment", "Refund"]}, dtype="str")
    amounts = row_amounts(frame, {"amount": "Net Sales", "event_type": "Event Type"})
    assert amounts.amount.tolist() == [5.0, -5.0] and amounts.refund_row.tolist() == [False, True]
    assert amounts.quantity is None
