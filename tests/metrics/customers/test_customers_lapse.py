"""The lapse rule (silence against the shop's own gaps by value band), its backtest and the chances."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from analytics.errors import ArgumentError
from analytics.frames import orders_frame
from analytics.metrics.customers.lapse import (
    MIN_BAND_GAPS,
    lapse_backtest,
    lapse_rule,
    lapse_status,
    purchase_chance,
    value_bands,
)
from analytics.metrics.customers.summary import customer_summary


def _orders(rows):
    ids, days, amounts = zip(*rows, strict=True)
    return orders_frame(customer_id=list(ids), order_day=list(days), amount=list(amounts))


def test_value_bands_top_fifth_and_median():
    # 10 customers with sales 1..10: 80th percentile 8.2 -> 9, 10 high; median 5.5 -> 6, 7, 8 middle.
    bands = value_bands(np.arange(1.0, 11.0))
    assert bands.tolist() == ["low"] * 5 + ["middle"] * 3 + ["high"] * 2


def test_rule_uses_each_bands_own_gaps_when_it_has_enough():
    # 40 high-value customers buying every 5 days (3 gaps each = 120 gaps) and 80 low-value
    # customers with one 50-day gap (80 gaps), all bought up to 2025-06-30.
    rows = []
    for i in range(40):
        rows += [(f"h{i}", day, 100.0) for day in ("2025-06-15", "2025-06-20", "2025-06-25", "2025-06-30")]
    for i in range(80):
        rows += [(f"l{i}", "2025-05-11", 5.0), (f"l{i}", "2025-06-30", 5.0)]
    summary = customer_summary(_orders(rows))
    rule = lapse_rule(summary)
    # high: sales 400 >= the 80th percentile (400); the median of 40 x 400 and 80 x 10 is 10, so the
    # 80 customers with 10 are "middle" (>= the median) and "low" is empty.
    assert rule.usual_days["high"] == 5.0 and rule.gaps["high"] == 120
    assert rule.usual_days["middle"] == 50.0 and rule.gaps["middle"] == 80
    assert rule.pooled == ("low",) and rule.gaps["low"] == 0
    # The shop's 90th percentile over 200 gaps: 120 of 5 and 80 of 50 -> 50.
    assert rule.shop_days == 50.0 and rule.usual_days["low"] == 50.0
    assert MIN_BAND_GAPS == 30


def test_status_compares_silence_with_the_band_gap():
    # End 2025-03-01. a: gaps 10, 10 -> last Jan 21, 39 days silent. b: today. Too few gaps for any
    # band of its own: every band uses the shop's 90th percentile of (10, 10) = 10 days.
    rows = [
        ("a", "2025-01-01", 50.0),
        ("a", "2025-01-11", 50.0),
        ("a", "2025-01-21", 50.0),
        ("b", "2025-03-01", 1.0),
    ]
    status = lapse_status(customer_summary(_orders(rows)))
    c = status.customers
    assert c["lapsed"].tolist() == [True, False]
    assert c.loc["a", "silence"] == pytest.approx(3.9) and c.loc["a", "usual_gap_days"] == 10.0
    assert status.lapsed == 1


def test_backtest_counts_who_came_back_in_the_window():
    # Gaps: a 10, 10 (usual 10 days). As of 2025-03-01 - 30 days = Jan 30: a silent 9 days (not lapsed),
    # c silent 29 days (lapsed: last Jan 1), b silent 0 days. In Jan 31 .. Mar 1: a and c come back.
    rows = [
        ("a", "2025-01-10", 10.0),
        ("a", "2025-01-20", 10.0),
        ("a", "2025-01-21", 10.0),
        ("a", "2025-02-10", 10.0),
        ("c", "2024-12-22", 10.0),
        ("c", "2025-01-01", 10.0),
        ("c", "2025-02-20", 10.0),
        ("b", "2025-01-30", 10.0),
        ("z", "2025-03-01", 10.0),
    ]
    backtest = lapse_backtest(_orders(rows), as_of="2025-03-01", window_days=30)
    assert str(backtest.as_of.date()) == "2025-01-30" and str(backtest.window_end.date()) == "2025-03-01"
    # Gaps up to Jan 30: a 10, 1; c 10 -> 90th percentile of (1, 10, 10) = 10.
    # lapsed: c (29 > 10), came back -> 1 of 1; others: a (9 days) back, b (0) not -> 1 of 2.
    assert (backtest.lapsed.numerator, backtest.lapsed.denominator) == (1, 1)
    assert (backtest.active.numerator, backtest.active.denominator) == (1, 2)
    table = backtest.table.set_index(["value_band", "silence_band"])
    assert table["customers"].xs("all").sum() == 3


def test_backtest_same_whether_the_summaries_share_a_log_or_not():
    from analytics.metrics.purchases import PurchaseLog

    # The backtest finds the day's customers among today's by their codes in one purchase log;
    # a summary of the same orders in another row order (other codes) is matched by id instead.
    rows = [
        ("a", "2025-01-10", 10.0),
        ("a", "2025-02-10", 10.0),
        ("c", "2024-12-22", 10.0),
        ("c", "2025-01-01", 10.0),
        ("c", "2025-02-20", 10.0),
        ("b", "2025-01-30", 10.0),
        ("z", "2025-03-01", 10.0),
    ]
    orders = _orders(rows)
    log = PurchaseLog.from_orders(orders)
    shared = lapse_backtest(
        orders, as_of="2025-03-01", window_days=30, current=customer_summary(orders, log=log), log=log
    )
    other = lapse_backtest(
        orders, as_of="2025-03-01", window_days=30, current=customer_summary(orders.iloc[::-1]), log=log
    )
    # As of Jan 30: a, b, c known; a and c buy again by Mar 1, b does not.
    for backtest in (shared, other):
        assert backtest.lapsed.numerator + backtest.active.numerator == 2
        assert backtest.lapsed.denominator + backtest.active.denominator == 3
    assert shared.table.equals(other.table)


def test_backtest_needs_a_window_inside_the_data():
    o = _orders([("a", "2025-01-01", 1.0), ("a", "2025-01-20", 1.0)])
    with pytest.raises(ArgumentError) as error:
        lapse_backtest(o, as_of="2025-01-20", window_days=30)
    assert error.value.code == "customers.no_backtest_window"


def test_chance_falls_back_to_the_silence_band_for_small_cells():
    rows = [
        ("a", "2025-01-10", 10.0),
        ("a", "2025-01-20", 10.0),
        ("b", "2025-02-25", 1.0),
        ("b", "2025-03-01", 1.0),
    ]
    orders = _orders(rows)
    backtest = lapse_backtest(orders, as_of="2025-03-01", window_days=14)
    status = lapse_status(customer_summary(orders))
    chance = purchase_chance(status, backtest)
    # Every cell holds fewer than 20 customers: each chance is its silence band's over all bands.
    pooled = backtest.table[backtest.table["value_band"] == "all"].set_index("silence_band")["rate"]
    from analytics.metrics.customers.lapse import silence_bands

    expected = [pooled.get(int(b), np.nan) for b in silence_bands(status.customers["silence"].to_numpy())]
    assert np.allclose(chance, expected, equal_nan=True)


@given(
    st.lists(
        st.tuples(st.sampled_from("abcdef"), st.integers(0, 120), st.floats(0, 500)), min_size=2, max_size=40
    )
)
def test_lapse_properties(rows):
    orders = orders_frame(
        customer_id=[r[0] for r in rows],
        order_day=pd.Timestamp("2025-01-01") + pd.to_timedelta([r[1] for r in rows], unit="D"),
        amount=[r[2] for r in rows],
    )
    summary = customer_summary(orders)
    status = lapse_status(summary)
    c = status.customers.join(summary.customers)
    # Lapsed exactly when silent longer than the band's usual gap; shuffling the rows changes nothing.
    assert (c["lapsed"] == (c["days_since_last"] > c["usual_gap_days"])).all()
    shuffled = lapse_status(customer_summary(orders.sample(frac=1.0, random_state=1)))
    pd.testing.assert_frame_equal(shuffled.customers, status.customers)
