"""An Orders object owns its frame's derived tables; a plain frame gets its tables built for each call.

The tables (purchase log, store codes and logs, distinct values, selections) must equal what is
built afresh from the object's frame, and nothing is remembered between calls on plain frames:
editing a frame in place, or a copy of it, changes exactly the answers it should.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from analytics.frames import orders_frame
from analytics.metrics.orderbook import Orders, as_orders, orders_and_log, purchase_log
from analytics.metrics.period import Period
from analytics.metrics.purchases import PurchaseLog
from analytics.metrics.repeat import repeat_purchase_rate, repeat_rate_windows
from analytics.metrics.stores import store_logs, store_ranking
from analytics.metrics.summary import summarize

FIELDS = ("code", "day", "amount", "pair_code", "pair_day", "first_day", "second_day")
DAY0 = pd.Timestamp("2025-01-01")
JANUARY = Period(DAY0, pd.Timestamp("2025-01-31"))


def _same_log(got: PurchaseLog, fresh: PurchaseLog) -> None:
    assert list(got.customer_ids) == list(fresh.customer_ids)
    for field in FIELDS:
        assert getattr(got, field).tolist() == getattr(fresh, field).tolist(), field
    assert got.last_day == fresh.last_day


def _stores():
    # 东店: b 01-02, a 01-03, a 01-03 again (one purchase day), guest 01-04.
    # 西店: a 01-01, c 01-05, a 01-06. " 西店 " is 西店 once stripped; "" and missing are no store.
    return orders_frame(
        customer_id=["a", "b", "a", "a", None, "c", "a", "d", "e"],
        order_day=[f"2025-01-0{d}" for d in (1, 2, 3, 3, 4, 5, 6, 7, 7)],
        amount=[10, 20, 30, 40, 50, 60, 70, 80, 90],
        store=["西店", "东店", "东店", "东店", "东店", " 西店 ", "西店", "", None],
        channel=["app", "web", "web", "app", "app", "web", "app", "web", "app"],
    )


def test_the_log_is_the_log_of_the_frame_built_once_per_object():
    orders = _stores()
    book = Orders(orders)
    _same_log(book.log, PurchaseLog.from_orders(orders))
    assert book.log is book.log  # owned by the object: asked twice, built once
    # A plain frame is built for each call: nothing is kept between calls.
    assert PurchaseLog.from_orders(orders) is not PurchaseLog.from_orders(orders)
    assert as_orders(book) is book and as_orders(orders) is not as_orders(orders)
    frame, log = orders_and_log(book)
    assert frame is orders and log is book.log and purchase_log(book) is book.log


def test_each_store_log_is_the_log_of_its_own_orders():
    orders = _stores()
    logs = dict(Orders(orders).store_logs)
    assert list(logs) == ["东店", "西店"]  # sorted by name; d ("") and e (no store) in neither
    names = orders["store"].astype("str").str.strip()
    for store, log in logs.items():
        _same_log(log, PurchaseLog.from_orders(orders[(names == store).to_numpy()]))
    # 东店's customers in order of appearance: b then a (code 0, 1; the guest -1); a's one purchase
    # day 01-03 counts once.
    east = logs["东店"]
    assert list(east.customer_ids) == ["b", "a"] and east.code.tolist() == [0, 1, 1, -1]
    assert east.pair_code.tolist() == [0, 1]
    # 西店: a on 01-01 and 01-06 (first and second day), c on 01-05.
    west = logs["西店"]
    assert list(west.customer_ids) == ["a", "c"] and west.pair_code.tolist() == [0, 0, 1]
    # The plain-frame function gives the same logs.
    assert [name for name, _ in store_logs(orders)] == ["东店", "西店"]


def test_store_ranking_from_the_object_or_the_frame_over_two_periods():
    orders = _stores()
    book = Orders(orders)
    # 东店 01-01..01-03 has a and b, 2 customers, sales 20+30+40 = 90; 01-04..01-07 has only the
    # guest: no customer, sales 50, so 东店 is listed with 1 order.
    early_period = Period(DAY0, pd.Timestamp("2025-01-03"))
    late_period = Period(pd.Timestamp("2025-01-04"), pd.Timestamp("2025-01-07"))
    early, late = store_ranking(book, period=early_period), store_ranking(book, period=late_period)
    east_early = next(s for s in early.stores if s.store == "东店")
    east_late = next(s for s in late.stores if s.store == "东店")
    assert (east_early.customers, east_early.orders, east_early.sales) == (2, 3, 90.0)
    assert (east_late.customers, east_late.orders, east_late.sales) == (0, 1, 50.0)
    # 西店 late: c 01-05 (60) and a 01-06 (70), a first bought in 西店 on 01-01: returning share 70 / 130.
    west_late = next(s for s in late.stores if s.store == "西店")
    assert west_late.returning_sales_share.part == 70.0 and west_late.returning_sales_share.total == 130.0
    assert store_ranking(orders, period=late_period).to_dict() == late.to_dict()


def test_distinct_values_sorted_without_missing_and_a_fresh_list_each_time():
    book = Orders(_stores())
    assert book.distinct("store") == ["", " 西店 ", "东店", "西店"]  # as written; missing left out
    assert book.distinct("channel") == ["app", "web"]
    assert book.distinct("region") == []
    # A caller editing the returned list does not change what the next caller gets.
    book.distinct("channel").append("x")
    assert book.distinct("channel") == ["app", "web"]


def test_a_selection_matches_values_exactly_and_never_a_missing_value():
    book = Orders(_stores(), "src")
    assert book.select() is book and book.select(stores=[], channels=()) is book
    # " 西店" (a leading space only) is not " 西店 ", and a store nobody has selects nothing.
    assert book.select(stores=[" 西店"]).frame.empty
    assert book.select(stores=["北店"]).frame.empty
    # 东店 on the web: b 01-02 and a 01-03 (orders 2 and 3).
    both = book.select(stores=["东店"], channels=["web"])
    assert both.frame.index.tolist() == [1, 2] and list(both.log.customer_ids) == ["b", "a"]
    # The source names the parent's and the choice, whatever order the values were picked in.
    assert book.select(stores=["西店", "东店"]).source == book.select(stores=["东店", "西店"]).source
    assert book.select(stores=["东店"]).source != book.select(channels=["东店"]).source
    assert Orders(_stores()).select(stores=["东店"]).source == ""


rows_strategy = st.lists(
    st.tuples(
        st.sampled_from(["a", "b", "c", "d", None]),
        st.integers(0, 60),
        st.sampled_from([0.0, 1.5, 10.0]),
        st.sampled_from(["东店", "西店", "南店", None]),
        st.sampled_from(["app", "web", None]),
    ),
    min_size=1,
    max_size=40,
)


def _orders(rows) -> pd.DataFrame:
    return orders_frame(
        customer_id=[r[0] for r in rows],
        order_day=[DAY0 + pd.Timedelta(days=r[1]) for r in rows],
        amount=[r[2] for r in rows],
        store=[r[3] for r in rows],
        channel=[r[4] for r in rows],
    )


@given(
    rows=rows_strategy,
    stores=st.lists(st.sampled_from(["东店", "西店", "南店", "北店"]), max_size=3),
    channels=st.lists(st.sampled_from(["app", "web"]), max_size=2),
)
def test_a_selections_frame_and_log_are_those_of_the_selected_rows(rows, stores, channels):
    orders = _orders(rows)
    chosen = Orders(orders).select(stores=stores, channels=channels)
    keep = pd.Series(True, index=orders.index)
    if stores:
        keep &= orders["store"].isin(stores)
    if channels:
        keep &= orders["channel"].isin(channels)
    expected = orders[keep.to_numpy()]
    pd.testing.assert_frame_equal(chosen.frame, expected, check_exact=True)
    # The log derived from the parent's equals the log built from the selected frame.
    _same_log(chosen.log, PurchaseLog.from_orders(expected))
    # And so does every figure asked of it.
    assert repeat_purchase_rate(chosen, period=JANUARY) == repeat_purchase_rate(expected, period=JANUARY)


@given(rows=rows_strategy, factor=st.sampled_from([2.0, 0.5]))
def test_editing_a_copy_never_changes_the_objects_answers(rows, factor):
    orders = _orders(rows)
    book = Orders(orders)
    before = summarize(book, period=JANUARY).to_dict()
    windows = repeat_rate_windows(book, windows=3, days=10)
    edited = orders.copy()
    edited["amount"] = edited["amount"] * factor
    edited["customer_id"] = edited["customer_id"].where(edited["customer_id"] != "a", "b")
    # The object still answers for its own frame, and a plain frame answers for what it holds now.
    assert summarize(book, period=JANUARY).to_dict() == before == summarize(orders, period=JANUARY).to_dict()
    pd.testing.assert_frame_equal(repeat_rate_windows(book, windows=3, days=10), windows)
    assert summarize(edited, period=JANUARY).to_dict() == summarize(Orders(edited), period=JANUARY).to_dict()


def test_a_plain_frame_edited_in_place_is_counted_as_it_is_now():
    # a buys on 01-01 and 01-02 (a repeat), b on 01-01: repeat rate 1 of 2.
    orders = orders_frame(customer_id=["a", "a", "b"], order_day=["2025-01-01", "2025-01-02", "2025-01-01"])
    assert repeat_purchase_rate(orders, period=JANUARY).numerator == 1
    # a's second order becomes b's: a 1 day, b 2 days; still 1 of 2, but the repeater is b.
    orders.loc[1, "customer_id"] = "b"
    log = purchase_log(orders)
    assert list(log.customer_ids) == ["a", "b"] and np.bincount(log.pair_code).tolist() == [1, 2]
    # Every order on one day: nobody repeats (0 of 2), seen at once (no log kept from before).
    orders["order_day"] = pd.Timestamp("2025-01-01")
    assert repeat_purchase_rate(orders, period=JANUARY).numerator == 0
