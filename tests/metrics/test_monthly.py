"""Monthly sales: hand-computed months, partial months marked and kept out of changes, invariance."""

from __future__ import annotations

import math

import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from analytics.frames import orders_frame
from analytics.metrics.monthly import monthly_sales


def _orders():
    # a: 10 on 14 Jan, 30 on 3 Feb, 5 on 20 Mar; b: 20 on 28 Feb; guest: 40 on 2 Mar.
    # The data runs 14 Jan .. 20 Mar: January (18 of 31 days) and March (20 of 31) are partial.
    return orders_frame(
        customer_id=["a", "a", "b", None, "a"],
        amount=[10, 30, 20, 40, 5],
        order_day=["2025-01-14", "2025-02-03", "2025-02-28", "2025-03-02", "2025-03-20"],
    )


def test_months_sum_orders_and_mark_the_partial_ends():
    result = monthly_sales(_orders())
    rows = [
        (f"{m.month:%Y-%m}", m.orders, m.sales, m.buyers, m.covered_days, m.partial) for m in result.months
    ]
    assert rows == [
        ("2025-01", 1, 10.0, 1, 18, True),
        ("2025-02", 2, 50.0, 2, 28, False),
        ("2025-03", 2, 45.0, 1, 20, True),
    ]
    assert [f"{m.month:%Y-%m}" for m in result.partial_months] == ["2025-01", "2025-03"]


def test_a_partial_month_never_enters_a_change():
    # February is full, but both its neighbours are partial: no change anywhere.
    result = monthly_sales(_orders())
    assert [m.sales_change for m in result.months] == [None, None, None]
    assert [m.orders_change for m in result.months] == [None, None, None]


def test_changes_between_full_months():
    # Jan 100 (1 order), Feb 150 (2 orders), Mar 1: Feb vs Jan +50% sales, +100% orders; March partial.
    o = orders_frame(
        customer_id=["a", "b", "c", "a"],
        amount=[100, 50, 100, 1],
        order_day=["2025-01-01", "2025-02-10", "2025-02-28", "2025-03-01"],
    )
    result = monthly_sales(o, end=pd.Timestamp("2025-03-31"))
    feb = result.months[1]
    assert math.isclose(feb.sales_change, 0.5) and math.isclose(feb.orders_change, 1.0)
    assert not result.months[2].partial  # end given as 31 March: the whole month is covered


def test_returning_share_of_buyers_and_sales():
    # February: a (first bought in January: returning) and b (new); returning sales 30 of 50.
    feb = monthly_sales(_orders()).months[1]
    assert feb.returning_buyers_share.value == 0.5
    assert feb.returning_sales_share.value == 30 / 50
    # March: a returns (5), the guest's 40 counts in sales only: 5 / 45.
    march = monthly_sales(_orders()).months[2]
    assert math.isclose(march.returning_sales_share.value, 5 / 45)


def test_the_first_month_has_no_returning_share():
    # Nobody can be told returning in the data's first month: None, not 0%.
    first = monthly_sales(_orders()).months[0]
    assert first.returning_buyers_share is None and first.returning_sales_share is None
    frame = monthly_sales(_orders()).to_frame()
    assert math.isnan(frame.loc[0, "returning_buyers_share"])


def test_months_keeps_the_latest_months_only():
    result = monthly_sales(_orders(), months=2)
    assert [f"{m.month:%Y-%m}" for m in result.months] == ["2025-02", "2025-03"]
    # February now opens the months shown, but January's data still tells returning customers.
    assert result.months[0].returning_buyers_share.value == 0.5


def test_empty_months_inside_the_data_are_listed_with_zero_sales():
    o = orders_frame(customer_id=["a", "a"], order_day=["2025-01-01", "2025-03-31"], amount=[1, 2])
    result = monthly_sales(o)
    assert [(f"{m.month:%Y-%m}", m.sales) for m in result.months] == [
        ("2025-01", 1.0),
        ("2025-02", 0.0),
        ("2025-03", 2.0),
    ]
    assert result.months[2].sales_change is None  # February had no sales: no base to compare with


def test_no_orders_gives_none():
    assert monthly_sales(_orders().iloc[:0]) is None


@given(st.permutations(range(5)))
def test_row_order_does_not_matter(order):
    base = monthly_sales(_orders()).to_frame()
    shuffled = monthly_sales(_orders().iloc[list(order)].reset_index(drop=True)).to_frame()
    pd.testing.assert_frame_equal(base, shuffled)


@given(
    st.lists(
        st.tuples(st.integers(0, 400), st.sampled_from(["a", "b", "c", None]), st.integers(0, 500)),
        min_size=1,
        max_size=40,
    )
)
def test_months_add_up_to_all_orders(rows):
    days = [pd.Timestamp("2024-11-20") + pd.Timedelta(days=d) for d, _, _ in rows]
    o = orders_frame(customer_id=[c for _, c, _ in rows], order_day=days, amount=[float(a) for *_, a in rows])
    result = monthly_sales(o)
    assert sum(m.orders for m in result.months) == len(o)
    assert math.isclose(sum(m.sales for m in result.months), o["amount"].sum())
    # Only the first and the last month can be partial.
    assert all(not m.partial for m in result.months[1:-1])
