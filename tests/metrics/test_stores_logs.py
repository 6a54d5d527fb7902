"""Each store's purchase log is derived once per orders frame and equals the log of its own orders."""

from __future__ import annotations

import pandas as pd

from analytics.frames import orders_frame
from analytics.metrics.period import Period
from analytics.metrics.purchases import PurchaseLog
from analytics.metrics.stores import store_logs, store_ranking

FIELDS = ("code", "day", "amount", "pair_code", "pair_day", "first_day", "second_day")


def _orders():
    # 东店: b 01-02, a 01-03, a 01-03 again (one purchase day), guest 01-04.
    # 西店: a 01-01, c 01-05, a 01-06. " 西店 " is 西店 once stripped; "" and missing are no store.
    return orders_frame(
        customer_id=["a", "b", "a", "a", None, "c", "a", "d", "e"],
        order_day=[
            "2025-01-01",
            "2025-01-02",
            "2025-01-03",
            "2025-01-03",
            "2025-01-04",
            "2025-01-05",
            "2025-01-06",
            "2025-01-07",
            "2025-01-07",
        ],
        amount=[10, 20, 30, 40, 50, 60, 70, 80, 90],
        store=["西店", "东店", "东店", "东店", "东店", " 西店 ", "西店", "", None],
    )


def test_each_store_log_is_the_log_of_its_own_orders():
    orders = _orders()
    logs = dict(store_logs(orders))
    assert list(logs) == ["东店", "西店"]  # sorted by name; d ("") and e (no store) in neither
    names = orders["store"].astype("str").str.strip()
    for store, log in logs.items():
        own = orders[(names == store).to_numpy()]
        fresh = PurchaseLog._build(own)
        assert list(log.customer_ids) == list(fresh.customer_ids)
        for field in FIELDS:
            assert getattr(log, field).tolist() == getattr(fresh, field).tolist(), (store, field)
        assert log.last_day == fresh.last_day
    # 东店's customers in order of appearance: b then a (code 0, 1; the guest -1); a's one purchase
    # day 01-03 counts once.
    east = logs["东店"]
    assert list(east.customer_ids) == ["b", "a"] and east.code.tolist() == [0, 1, 1, -1]
    assert east.pair_code.tolist() == [0, 1]
    # 西店: a on 01-01 and 01-06 (first and second day), c on 01-05.
    west = logs["西店"]
    assert list(west.customer_ids) == ["a", "c"] and west.pair_code.tolist() == [0, 0, 1]


def test_store_logs_are_kept_per_frame_so_a_new_period_only_counts():
    orders = _orders()
    first = store_logs(orders)
    assert store_logs(orders) is first
    # A replaced column is other data: the logs are derived again.
    changed = orders.assign(amount=orders["amount"] * 2)
    assert store_logs(changed) is not first
    # Two periods over the same logs: 东店 01-01..01-03 has a and b, 2 customers, sales 20+30+40 = 90;
    # 01-04..01-07 has only the guest: no customer, sales 50, so 东店 is listed with 1 order.
    early = store_ranking(orders, period=Period(pd.Timestamp("2025-01-01"), pd.Timestamp("2025-01-03")))
    late = store_ranking(orders, period=Period(pd.Timestamp("2025-01-04"), pd.Timestamp("2025-01-07")))
    east_early = next(s for s in early.stores if s.store == "东店")
    east_late = next(s for s in late.stores if s.store == "东店")
    assert (east_early.customers, east_early.orders, east_early.sales) == (2, 3, 90.0)
    assert (east_late.customers, east_late.orders, east_late.sales) == (0, 1, 50.0)
    # 西店 late: c 01-05 (60) and a 01-06 (70), a first bought in 西店 on 01-01: returning share
    # 70 / 130.
    west_late = next(s for s in late.stores if s.store == "西店")
    assert west_late.returning_sales_share.part == 70.0 and west_late.returning_sales_share.total == 130.0


def test_a_subset_of_a_log_equals_the_log_of_the_subset():
    orders = _orders()
    keep = (orders["customer_id"] != "a").fillna(True).to_numpy(dtype=bool)
    part = PurchaseLog.from_orders(orders).subset(keep)
    fresh = PurchaseLog._build(orders[keep])
    # Without a: b, guest, c, d, e in that order -> codes 0, -1, 1, 2, 3.
    assert part.code.tolist() == fresh.code.tolist() == [0, -1, 1, 2, 3]
    for field in FIELDS:
        assert getattr(part, field).tolist() == getattr(fresh, field).tolist(), field
