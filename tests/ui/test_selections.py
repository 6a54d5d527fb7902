"""Store/channel selections and distinct values are computed once per orders frame and reused."""

import gc

from analytics.frames import orders_frame
from ui import data


def _orders():
    # Five orders: stores 东店, 西店, 东店, (none), 南店; channels app, web, web, app, app.
    return orders_frame(
        customer_id=["a", "b", "c", "d", "e"],
        order_day=["2025-01-01", "2025-01-02", "2025-01-03", "2025-01-04", "2025-01-05"],
        amount=[10, 20, 30, 40, 50],
        store=["东店", "西店", "东店", None, "南店"],
        channel=["app", "web", "web", "app", "app"],
    )


def test_no_choice_is_the_frame_itself():
    orders = _orders()
    assert data.filter_orders(orders) is orders
    assert data.filter_orders(orders, stores=[], channels=()) is orders


def test_a_choice_is_selected_once_and_returned_as_the_same_object():
    orders = _orders()
    east = data.filter_orders(orders, stores=["东店"])
    # Orders 1 and 3 are in 东店: customers a and c, sales 10 + 30 = 40.
    assert east["customer_id"].tolist() == ["a", "c"]
    assert east["amount"].sum() == 40
    assert data.filter_orders(orders, stores=["东店"]) is east
    # The order of the picked values does not matter: 东店 or 南店 is orders 1, 3 and 5.
    both = data.filter_orders(orders, stores=["南店", "东店"])
    assert data.filter_orders(orders, stores=["东店", "南店"]) is both
    assert both["customer_id"].tolist() == ["a", "c", "e"]
    # Store and channel together: 东店 orders on the web is order 3 only (customer c).
    assert data.filter_orders(orders, stores=["东店"], channels=["web"])["customer_id"].tolist() == ["c"]


def test_a_new_frame_gets_its_own_key_and_selections():
    orders = _orders()
    key = data.frame_key(orders)
    assert data.frame_key(orders) == key
    other = _orders()
    assert data.frame_key(other) != key
    assert data.filter_orders(other, stores=["西店"]) is not data.filter_orders(orders, stores=["西店"])
    # Entries go with their frame.
    frame_id = id(other)
    del other
    gc.collect()
    assert not any(k[0] == frame_id for k in data._SELECTIONS)


def test_distinct_values_sorted_without_blanks_and_kept():
    orders = _orders()
    assert data.distinct_values(orders, "store") == ["东店", "南店", "西店"]
    assert data.distinct_values(orders, "channel") == ["app", "web"]
    assert data.distinct_values(orders, "region") == []
    # A caller editing the returned list does not change what the next caller gets.
    data.distinct_values(orders, "store").append("x")
    assert data.distinct_values(orders, "store") == ["东店", "南店", "西店"]


def test_a_selection_gets_the_purchase_log_of_its_own_orders():
    from analytics.metrics.purchases import PurchaseLog

    orders = _orders()
    both = data.filter_orders(orders, stores=["东店", "南店"])
    log = PurchaseLog.from_orders(both)
    # Derived from the whole frame's log when selected (no id factorized again), kept for the
    # selection, and equal to the log built from the selected orders: a, c, e coded 0, 1, 2 in
    # their order, amounts 10, 30, 50.
    assert PurchaseLog.from_orders(both) is log
    fresh = PurchaseLog._build(both)
    assert list(log.customer_ids) == list(fresh.customer_ids) == ["a", "c", "e"]
    for field in ("code", "day", "amount", "pair_code", "pair_day", "first_day", "second_day"):
        assert getattr(log, field).tolist() == getattr(fresh, field).tolist(), field
    assert log.amount.tolist() == [10.0, 30.0, 50.0]


def test_a_choice_matches_values_exactly_and_never_a_missing_store():
    orders = _orders()
    # " 东店" (with a space) is not 东店, and a store nobody has selects nothing; order 4 has no
    # store and is in no selection.
    assert data.filter_orders(orders, stores=[" 东店"]).empty
    assert data.filter_orders(orders, stores=["北店"]).empty
    assert data.filter_orders(orders, channels=["app"])["customer_id"].tolist() == ["a", "d", "e"]
    assert data.filter_orders(orders, stores=["西店", "南店"])["customer_id"].tolist() == ["b", "e"]


def test_a_selection_is_the_same_frame_as_pandas_row_selection():
    import pandas as pd
    import pyarrow as pa

    orders = _orders()
    orders.attrs["file_name"] = "orders.csv"
    # Text columns in several Arrow chunks, as the loader reads them a block at a time.
    for column in ("customer_id", "store"):
        values = orders[column].array._pa_array
        chunked = pa.chunked_array([values.slice(0, 2), values.slice(2)])
        orders[column] = pd.Series(pd.arrays.ArrowStringArray(chunked, dtype=orders[column].dtype))
    cases = [(["东店"], []), (["东店", "南店"], ["app"]), ([], ["web"]), (["西店"], ["app"])]
    for stores, channels in cases:
        got = data.filter_orders(orders, stores=stores, channels=channels)
        keep = pd.Series(True, index=orders.index)
        if stores:
            keep &= orders["store"].isin(stores)
        if channels:
            keep &= orders["channel"].isin(channels)
        expected = orders[keep.to_numpy()]
        # Values, dtypes, index labels (rows 0 and 2 for 东店, not 0 and 1) and attrs all alike.
        pd.testing.assert_frame_equal(got, expected, check_exact=True)
        assert got.attrs == {"file_name": "orders.csv"}
        assert got.index.tolist() == expected.index.tolist()
    # 东店 or 南店 on the app: orders 1 and 5 (a, e); 西店 on the app: none.
    assert data.filter_orders(orders, stores=["南店", "东店"], channels=["app"]).index.tolist() == [0, 4]
    assert data.filter_orders(orders, stores=["西店"], channels=["app"]).empty
