"""Members' daily share of sales and of buyers over a short window."""

from __future__ import annotations

import math

import pandas as pd

from analytics.frames import orders_frame
from analytics.metrics.member_trend import member_daily_trend

MEMBERS = pd.DataFrame({"customer_id": ["m1", "m2"]})


def test_three_days_hand_computed():
    # 01-01: m1 30, x 10, guest 60 -> members' sales 30/100 = 0.3; buyers m1, x -> 1/2.
    # 01-02: no orders -> no share (nan), 0 buyers.
    # 01-03: m1 20 and 20 (one buyer, two orders), m2 10, y 50 -> 50/100 = 0.5; buyers m1, m2, y -> 2/3.
    orders = orders_frame(
        customer_id=["m1", "x", None, "m1", "m1", "m2", "y"],
        order_day=["2025-01-01"] * 3 + ["2025-01-03"] * 4,
        amount=[30, 10, 60, 20, 20, 10, 50],
    )
    trend = member_daily_trend(orders, end=pd.Timestamp("2025-01-03"), days=10, members=MEMBERS)
    # Ten days asked, but the data starts on 01-01: the window is clipped to 3 days.
    assert [f"{d.day:%m-%d}" for d in trend.days] == ["01-01", "01-02", "01-03"]
    first, empty, third = trend.days
    assert (first.sales, first.member_sales, first.sales_share.value) == (100.0, 30.0, 0.3)
    assert (first.buyers, first.member_buyers, first.buyers_share) == (2, 1, 0.5)
    assert empty.sales == 0 and math.isnan(empty.sales_share.value) and math.isnan(empty.buyers_share)
    assert third.sales_share.value == 0.5 and (third.buyers, third.member_buyers) == (3, 2)


def test_ten_days_window_and_no_membership():
    days = pd.date_range("2025-01-01", "2025-01-20").strftime("%Y-%m-%d").tolist()
    orders = orders_frame(customer_id=["m1"] * 20, order_day=days)
    trend = member_daily_trend(orders, end=pd.Timestamp("2025-01-20"), members=MEMBERS)
    assert len(trend.days) == 10 and f"{trend.period.start:%m-%d}" == "01-11"
    assert all(d.sales_share.value == 1.0 for d in trend.days)
    assert member_daily_trend(orders, end=pd.Timestamp("2025-01-20")) is None  # nothing says who is a member
