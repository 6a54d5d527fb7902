"""Store ranking: each store's figures are the store filter's figures, computed by hand here."""

from __future__ import annotations

import math

import pandas as pd

from analytics.frames import orders_frame
from analytics.metrics.period import Period
from analytics.metrics.stores import store_ranking
from analytics.metrics.summary import summarize

PERIOD = Period(pd.Timestamp("2025-03-01"), pd.Timestamp("2025-03-31"))


def _orders():
    # 东店: a bought 02-10 (before the period, 40), 03-01 (100), 03-05 (50); b 03-02 (30); guest 03-03 (20).
    # 西店: c 03-02 (200), d 03-04 (100); a 03-06 (60) -- a's first purchase in 西店 is in the period.
    # A row without a store (online, 999) is in no store.
    return orders_frame(
        customer_id=["a", "a", "a", "b", None, "c", "d", "a", "e"],
        order_day=[
            "2025-02-10",
            "2025-03-01",
            "2025-03-05",
            "2025-03-02",
            "2025-03-03",
            "2025-03-02",
            "2025-03-04",
            "2025-03-06",
            "2025-03-07",
        ],
        amount=[40, 100, 50, 30, 20, 200, 100, 60, 999],
        store=["东店", "东店", "东店", "东店", "东店", "西店", "西店", "西店", None],
    )


def test_each_store_hand_computed():
    ranking = store_ranking(_orders(), period=PERIOD)
    east, west = (next(s for s in ranking.stores if s.store == name) for name in ("东店", "西店"))
    # 东店 in March: customers a, b = 2; orders 4 (guest included); sales 100+50+30+20 = 200;
    # repeat: a has 2 purchase days -> 1 of 2; returning: a (first 02-10) -> 150 / 200 = 0.75; AOV 200/4 = 50.
    assert (east.customers, east.orders, east.sales) == (2, 4, 200.0)
    assert (east.repeat_purchase_rate.numerator, east.repeat_purchase_rate.denominator) == (1, 2)
    assert east.returning_sales_share.value == 0.75 and east.aov == 50.0
    # 西店: c, d, a = 3 customers, 3 orders, sales 360; nobody twice -> 0 of 3; nobody bought in 西店
    # before March -> returning share 0; AOV 360 / 3 = 120.
    assert (west.customers, west.orders, west.sales) == (3, 3, 360.0)
    assert west.repeat_purchase_rate.value == 0.0 and west.returning_sales_share.value == 0.0
    assert west.aov == 120.0
    assert len(ranking.stores) == 2  # the order without a store is in no store


def test_ranking_order_and_agreement_with_the_store_filter():
    orders = _orders()
    ranking = store_ranking(orders, period=PERIOD)
    assert [s.store for s in ranking.ranked("sales")] == ["西店", "东店"]  # 360 > 200
    assert [s.store for s in ranking.ranked("repeat_purchase_rate")] == ["东店", "西店"]  # 50% > 0%
    for figures in ranking.stores:
        alone = summarize(orders[orders["store"] == figures.store], period=PERIOD)
        assert (figures.customers, figures.orders, figures.sales) == (
            alone.customers,
            alone.orders,
            alone.sales,
        )
        assert figures.repeat_purchase_rate == alone.repeat_purchase_rate
        assert figures.returning_sales_share.value == alone.returning.sales_share.value


def test_a_store_without_orders_in_the_period_and_no_store_column():
    orders = _orders()
    march_only = store_ranking(orders, period=Period(pd.Timestamp("2025-02-01"), pd.Timestamp("2025-02-28")))
    assert [s.store for s in march_only.stores] == ["东店"]  # 西店 sold nothing in February
    no_column = store_ranking(orders.drop(columns="store"), period=PERIOD)
    assert no_column.stores == ()
    undefined = store_ranking(
        orders_frame(customer_id=[None], order_day=["2025-03-01"], store=["北店"]), period=PERIOD
    )
    assert math.isnan(undefined.stores[0].repeat_purchase_rate.value)  # guests only: no customers
