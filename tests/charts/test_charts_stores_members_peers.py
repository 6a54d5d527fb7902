"""Store ranking bars, members' daily share lines, peers' dashed reference lines, calendar month ticks."""

from __future__ import annotations

import pandas as pd
from charts_helpers import labels

from analytics import charts
from analytics.charts.calendar import calendar_figure
from analytics.charts.reference import PEER_LINE_COLOUR
from analytics.frames import orders_frame
from analytics.metrics.member_trend import member_daily_trend
from analytics.metrics.period import Period
from analytics.metrics.stores import store_ranking
from analytics.metrics.trends import trend

NAMES = {"peer_average": "同行均值", "empty": "无数据", "currency": "¥", "sales": "成交金额"}


def _peer_lines(fig):
    return [s for s in fig.layout.shapes if s.line.dash == "dash" and s.line.color == PEER_LINE_COLOUR]


def _stores():
    # 东店: a 100 + 50 (two days), b 30 -> sales 180, repeat 1 of 2; 西店: c 200 -> sales 200, repeat 0 of 1.
    return orders_frame(
        customer_id=["a", "a", "b", "c"],
        order_day=["2025-03-01", "2025-03-05", "2025-03-02", "2025-03-02"],
        amount=[100, 50, 30, 200],
        store=["东店", "东店", "东店", "西店"],
    )


def test_store_bars_best_first_with_the_peer_line():
    ranking = store_ranking(_stores(), period=Period(pd.Timestamp("2025-03-01"), pd.Timestamp("2025-03-31")))
    fig = charts.store_ranking_chart(ranking, "sales", labels=labels("门店排名", names=NAMES), peer=150.0)
    bar = fig.data[0]
    assert list(bar.y) == ["西店", "东店"] and list(bar.x) == [200.0, 180.0]
    assert list(bar.text) == ["¥200", "¥180"]
    (line,) = _peer_lines(fig)
    assert line.x0 == line.x1 == 150.0  # vertical: a value on the x axis
    assert any("同行均值 ¥150" in a.text for a in fig.layout.annotations)
    rate = charts.store_ranking_chart(ranking, "repeat_purchase_rate", labels=labels(names=NAMES))
    assert list(rate.data[0].text) == ["50.0%", "0.0%"] and not _peer_lines(rate)


def test_member_share_lines_and_peer_line():
    orders = orders_frame(
        customer_id=["m", "x", None, "m"],
        order_day=["2025-01-01", "2025-01-01", "2025-01-01", "2025-01-02"],
        amount=[30, 10, 60, 20],
    )
    daily = member_daily_trend(
        orders, end=pd.Timestamp("2025-01-02"), days=2, members=pd.DataFrame({"customer_id": ["m"]})
    )
    fig = charts.member_share_trend(daily, labels=labels("会员占比", names=NAMES), peer=0.4)
    sales, buyers = fig.data
    assert list(sales.y) == [0.3, 1.0] and list(buyers.y) == [0.5, 1.0]  # 30/100, 20/20; 1 of 2, 1 of 1
    (line,) = _peer_lines(fig)
    assert line.y0 == line.y1 == 0.4
    assert any("同行均值 40.0%" in a.text for a in fig.layout.annotations)


def test_returning_trend_draws_peer_lines_on_both_panels():
    orders = orders_frame(customer_id=["a", "a", "b"], order_day=["2025-01-01", "2025-01-02", "2025-01-02"])
    buckets = trend(orders, start=pd.Timestamp("2025-01-01"), end=pd.Timestamp("2025-01-02"))
    peers = {"returning_customer_rate": 0.18, "returning_sales_share": 0.3}
    fig = charts.returning_share_trend(buckets, labels=labels(names=NAMES), peers=peers)
    assert sorted(s.y0 for s in _peer_lines(fig)) == [0.18, 0.3]
    assert not _peer_lines(charts.returning_share_trend(buckets, labels=labels(names=NAMES)))


def test_calendar_month_labels_are_level_and_few():
    # 13 months of days: a label every 2 months (7 labels), never slanted into the footnote.
    days = pd.DataFrame({"day": pd.date_range("2025-01-01", "2026-01-31")})
    days["orders"], days["covered"] = 1, True
    fig = calendar_figure(days, labels=labels(), weekdays=list("一二三四五六日"))
    assert fig.layout.xaxis.tickangle == 0 and fig.layout.xaxis.dtick == "M2"
