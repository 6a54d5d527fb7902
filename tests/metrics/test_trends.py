"""Trends by day/week/month, repeat-rate windows and KPI cards vs the previous period."""

from __future__ import annotations

import pandas as pd
import pytest
from metrics_fixtures import JAN, sample_members, sample_orders

from analytics.errors import ArgumentError
from analytics.frames import orders_frame
from analytics.metrics.repeat import repeat_rate_windows
from analytics.metrics.trends import kpis, trend


def test_monthly_trend_by_hand():
    t = trend(
        sample_orders(),
        start=pd.Timestamp("2025-01-01"),
        end=pd.Timestamp("2025-02-28"),
        freq="M",
        members=sample_members(),
    )
    jan, feb = t.iloc[0], t.iloc[1]
    # January: sales 185, buyers a b c d, returning a (first Dec 10): 1/4, a's 40 of 185; members a+c 65
    assert (jan["sales"], jan["buyers"], jan["returning_buyers"]) == (185.0, 4, 1)
    assert jan["returning_sales_share"] == pytest.approx(40 / 185)
    assert jan["member_sales_share"] == pytest.approx(65 / 185)
    # February: b (30) and d (12), both first bought in January -> both returning, all 42 returning
    assert (feb["sales"], feb["buyers"], feb["returning_buyers_share"], feb["returning_sales_share"]) == (
        42.0,
        2,
        1.0,
        1.0,
    )
    assert feb["member_sales_share"] == 0.0 and feb["days"] == 28


def test_weekly_buckets_are_clipped_and_complete():
    t = trend(sample_orders(), start=pd.Timestamp("2025-01-01"), end=pd.Timestamp("2025-01-31"), freq="W")
    # Jan 1 2025 is a Wednesday: first week Jan 1-5 (5 days), then Mondays Jan 6, 13, 20, 27 (27-31: 5 days)
    assert t["bucket_start"].dt.strftime("%m-%d").tolist() == ["01-01", "01-06", "01-13", "01-20", "01-27"]
    assert t["days"].tolist() == [5, 7, 7, 7, 5]
    assert t["sales"].sum() == pytest.approx(185.0)  # every January order lands in exactly one bucket
    assert t["member_sales_share"].isna().all()  # membership unknown


def test_daily_trend_returning_is_relative_to_the_bucket():
    o = orders_frame(customer_id=["a", "a"], order_day=["2025-01-01", "2025-01-02"])
    t = trend(o, start=pd.Timestamp("2025-01-01"), end=pd.Timestamp("2025-01-02"))
    # a is new on Jan 1 and returning on Jan 2
    assert t["returning_buyers"].tolist() == [0, 1]


def test_trend_rejects_bad_arguments():
    with pytest.raises(ArgumentError, match="before it starts"):
        trend(sample_orders(), start=pd.Timestamp("2025-02-01"), end=pd.Timestamp("2025-01-01"))
    with pytest.raises(ArgumentError, match="frequency"):
        trend(sample_orders(), start=pd.Timestamp("2025-01-01"), end=pd.Timestamp("2025-01-02"), freq="Q")


def test_repeat_rate_windows_by_hand():
    w = repeat_rate_windows(sample_orders(), end=pd.Timestamp("2025-01-31"), windows=2, days=30)
    # windows Dec 3 - Jan 1 (a once on Dec 10) and Jan 2 - Jan 31 (a twice; b, c, d once)
    assert w["start"].dt.strftime("%Y-%m-%d").tolist() == ["2024-12-03", "2025-01-02"]
    assert w["customers"].tolist() == [1, 4] and w["repeat_customers"].tolist() == [0, 1]
    assert w["small_sample"].all()


def test_kpis_against_previous_period():
    cards = {k.name: k for k in kpis(sample_orders(), period=JAN, members=sample_members())}
    # December 2 - 31: only a (Dec 10, 10.0) -> 1 customer, 1 order, sales 10
    assert (cards["customers"].current, cards["customers"].previous, cards["customers"].delta) == (4, 1, 3)
    assert cards["sales"].direction == "up" and cards["sales"].delta == pytest.approx(175.0)
    # December repeat rate 0/1 = 0, January 1/4: up by 0.25
    assert cards["repeat_purchase_rate"].delta == pytest.approx(0.25)
    # December's returning share: a's first purchase is Dec 10, inside, so not returning: 0 of 10
    assert cards["returning_sales_share"].previous == 0.0
    assert cards["member_sales_share"].previous == 1.0  # a is gold: 10 of 10


def test_kpis_previous_period_without_data_has_no_direction():
    cards = {k.name: k for k in kpis(sample_orders(), period=JAN.previous().previous().previous())}
    assert cards["repeat_purchase_rate"].to_dict()["direction"] is None


def test_trend_of_guest_only_orders():
    # Two guest orders (3 on 1 Jan, 4 on 5 Jan): sales per day 3, 0, 0, 0, 4; no buyers; guests' share 1.
    o = orders_frame(customer_id=[None, None], order_day=["2025-01-01", "2025-01-05"], amount=[3, 4])
    t = trend(o, start=pd.Timestamp("2025-01-01"), end=pd.Timestamp("2025-01-05"), freq="D")
    assert t["sales"].tolist() == [3, 0, 0, 0, 4]
    assert t["buyers"].sum() == 0
    assert t["unidentified_sales_share"].iloc[[0, 4]].tolist() == [1.0, 1.0]


def test_trend_unidentified_sales_share_by_hand():
    # 1 Jan: a pays 3, a guest pays 1 -> guests' share 1 / 4 = 0.25; 5 Jan: only a (4) -> 0.
    o = orders_frame(
        customer_id=["a", None, "a"], order_day=["2025-01-01", "2025-01-01", "2025-01-05"], amount=[3, 1, 4]
    )
    t = trend(o, start=pd.Timestamp("2025-01-01"), end=pd.Timestamp("2025-01-05"), freq="D")
    assert t["unidentified_sales_share"].iloc[[0, 4]].tolist() == [0.25, 0.0]
    assert t["returning_buyers"].tolist() == [0, 0, 0, 0, 1]
