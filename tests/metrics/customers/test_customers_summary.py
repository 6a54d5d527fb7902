"""Per-customer summary: hand-computed figures, calibration end, invariance, properties."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analytics.errors import ArgumentError
from analytics.frames import orders_frame
from analytics.metrics.customers.summary import customer_summary

# customer, day, amount
ROWS = [
    ("a", "2025-01-01", 10.0),
    ("a", "2025-01-01", 5.0),  # split order: one purchase day with 15 spent
    ("a", "2025-01-08", 20.0),
    ("a", "2025-01-22", 30.0),
    ("b", "2025-01-15", 40.0),
    ("c", "2025-01-02", 8.0),
    ("c", "2025-01-29", 12.0),
    (None, "2025-01-29", 100.0),  # guest: sets the data's last day, has no summary row
]


def _orders(rows=ROWS, **kw):
    ids, days, amounts = zip(*rows, strict=True)
    return orders_frame(customer_id=list(ids), order_day=list(days), amount=list(amounts), **kw)


def test_hand_computed_summary_in_weeks():
    s = customer_summary(_orders(), time_unit="W")
    c = s.customers
    assert s.calibration_end == pd.Timestamp("2025-01-29")  # the data's last day (guest order)
    assert list(c.index) == ["a", "b", "c"]
    # a: days Jan 1, 8, 22 -> 3 purchase days, frequency 2; recency 21 d = 3 w; T 28 d = 4 w
    assert c.loc["a", ["purchase_days", "frequency", "orders"]].tolist() == [3, 2, 4]
    assert c.loc["a", ["recency", "T"]].tolist() == [3.0, 4.0]
    # sales 10+5+20+30 = 65; AOV 65/4 = 16.25; monetary (20+30)/2 = 25 (first day left out)
    assert c.loc["a", ["sales", "average_order_value", "monetary_value"]].tolist() == [65.0, 16.25, 25.0]
    # gaps 7 and 14 days -> median 10.5; last purchase Jan 22 -> 7 days before Jan 29
    assert c.loc["a", "typical_gap_days"] == 10.5
    assert c.loc["a", "days_since_last"] == 7
    assert c.loc["a", "second_purchase_day"] == pd.Timestamp("2025-01-08")
    # b: one purchase on Jan 15: frequency 0, recency 0, T 14 d = 2 w, monetary 0, no gap
    assert c.loc["b", ["frequency", "recency", "T", "monetary_value"]].tolist() == [0, 0.0, 2.0, 0.0]
    assert np.isnan(c.loc["b", "typical_gap_days"]) and pd.isna(c.loc["b", "second_purchase_day"])
    # c: Jan 2 and Jan 29: recency = T = 27 d; monetary 12; gap 27
    assert c.loc["c", "recency"] == c.loc["c", "T"] == pytest.approx(27 / 7)
    assert c.loc["c", ["monetary_value", "typical_gap_days", "days_since_last"]].tolist() == [12.0, 27.0, 0]


def test_calibration_end_is_inclusive_and_drops_later_orders():
    c = customer_summary(_orders(), calibration_end="2025-01-22", time_unit="D").customers
    # a's Jan 22 purchase counts (inclusive): frequency 2, T = 21 days
    assert c.loc["a", ["frequency", "T", "recency"]].tolist() == [2, 21.0, 21.0]
    # c's Jan 29 purchase is after the end: one purchase day, T = Jan 22 - Jan 2 = 20 days
    assert c.loc["c", ["frequency", "T", "sales"]].tolist() == [0, 20.0, 8.0]
    # b: T = 7 days
    assert c.loc["b", "T"] == 7.0


def test_month_unit_is_the_average_month():
    c = customer_summary(_orders(), time_unit="M").customers
    assert c.loc["a", "T"] == pytest.approx(28 / (365.25 / 12))


def test_members_add_flag_and_tier():
    members = pd.DataFrame(
        {
            "customer_id": ["a", "x"],
            "tier": pd.Categorical(["金卡", "银卡"], categories=["银卡", "金卡"], ordered=True),
        }
    )
    c = customer_summary(_orders(), members=members).customers
    assert c["is_member"].tolist() == [True, False, False]
    assert c.loc["a", "tier"] == "金卡" and pd.isna(c.loc["b", "tier"])


def test_row_order_and_int_ids_do_not_change_the_result():
    base = customer_summary(_orders()).customers
    shuffled = customer_summary(_orders(list(reversed(ROWS)))).customers
    pd.testing.assert_frame_equal(base, shuffled)
    mapping = {"a": 1, "b": 2, "c": 3, None: None}
    numeric = customer_summary(_orders([(mapping[c], d, a) for c, d, a in ROWS])).customers
    assert list(numeric.index) == ["1", "2", "3"]
    pd.testing.assert_frame_equal(numeric.set_axis(base.index), base)


def test_unknown_time_unit_and_empty_orders_are_refused():
    with pytest.raises(ArgumentError) as error:
        customer_summary(_orders(), time_unit="Y")
    assert error.value.code == "customers.unknown_time_unit"
    with pytest.raises(ArgumentError) as error:
        customer_summary(_orders().iloc[:0])
    assert error.value.code == "customers.no_orders"


def test_only_guests_give_no_customers():
    s = customer_summary(_orders([(None, "2025-01-01", 5.0)]))
    assert s.customers.empty


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(["a", "b", "c", "d"]), st.integers(0, 60), st.floats(0, 500)),
        min_size=1,
        max_size=40,
    )
)
def test_properties(rows):
    days = [str((pd.Timestamp("2025-01-01") + pd.Timedelta(days=d)).date()) for _, d, _ in rows]
    o = orders_frame(customer_id=[c for c, _, _ in rows], order_day=days, amount=[a for _, _, a in rows])
    c = customer_summary(o).customers
    assert (c["frequency"] == c["purchase_days"] - 1).all()
    assert ((c["recency"] >= 0) & (c["recency"] <= c["T"])).all()
    assert (c["purchase_days"] <= c["orders"]).all()
    assert c["sales"].sum() == pytest.approx(sum(a for _, _, a in rows))
    gap = c["typical_gap_days"]
    assert ((gap.isna()) == (c["purchase_days"] == 1)).all()


@given(
    st.lists(
        st.tuples(st.sampled_from(["a", "b", "c", "d", None]), st.integers(0, 60), st.floats(0, 500)),
        min_size=1,
        max_size=40,
    ),
    st.integers(0, 60),
)
def test_a_log_cut_at_the_calibration_end_equals_one_built_from_the_orders_up_to_it(rows, cut):
    # The scoring hands its one purchase log to the holdout split and the backtest's day.
    from analytics.metrics.purchases import PurchaseLog

    days = [pd.Timestamp("2025-01-01") + pd.Timedelta(days=d) for _, d, _ in rows]
    o = orders_frame(customer_id=[c for c, _, _ in rows], order_day=days, amount=[a for _, _, a in rows])
    end = min(days) + pd.Timedelta(days=cut)
    built = customer_summary(o, calibration_end=end)
    cut_log = customer_summary(o, calibration_end=end, log=PurchaseLog.from_orders(o))
    pd.testing.assert_frame_equal(cut_log.customers, built.customers)

    # The same gaps of the same customers (listed in the log's customer order, which may differ).
    def pairs(summary):
        return sorted(zip(summary.gap_customer.tolist(), summary.gap_days.tolist(), strict=True))

    assert pairs(cut_log) == pairs(built)
