"""The dashboard's selections and metric cache keys come from content digests, never object identity."""

from __future__ import annotations

import pandas as pd
import pyarrow as pa

from analytics.frames import orders_frame
from analytics.metrics.orderbook import Orders
from analytics.metrics.period import Period
from analytics.metrics.repeat import repeat_purchase_rate, repurchase_cohort
from ui import selections
from ui.results import argument_key, content_key, takes_orders


def _orders():
    # Five orders: stores 东店, 西店, 东店, (none), 南店; channels app, web, web, app, app.
    return orders_frame(
        customer_id=["a", "b", "c", "d", "e"],
        order_day=["2025-01-01", "2025-01-02", "2025-01-03", "2025-01-04", "2025-01-05"],
        amount=[10, 20, 30, 40, 50],
        store=["东店", "西店", "东店", None, "南店"],
        channel=["app", "web", "web", "app", "app"],
    )


def test_no_choice_is_the_dataset_itself():
    book = Orders(_orders(), "digest-1")
    assert selections.select(book) is book
    assert selections.select(book, stores=[], channels=()) is book


def test_a_choice_is_kept_on_the_source_and_the_choice():
    book = Orders(_orders(), "digest-2")
    east = selections.select(book, stores=["东店"])
    # Orders 1 and 3 are in 东店: customers a and c, sales 10 + 30 = 40.
    assert east.frame["customer_id"].tolist() == ["a", "c"] and east.frame["amount"].sum() == 40
    assert selections.select(book, stores=["东店"]) is east
    # The order of the picked values does not matter: 东店 or 南店 is orders 1, 3 and 5.
    both = selections.select(book, stores=["南店", "东店"])
    assert selections.select(book, stores=["东店", "南店"]) is both
    assert both.frame["customer_id"].tolist() == ["a", "c", "e"]
    # Store and channel together: 东店 orders on the web is order 3 only (customer c).
    assert selections.select(book, stores=["东店"], channels=["web"]).frame["customer_id"].tolist() == ["c"]
    # An unnamed object (no source to key on) is selected anew on each call, with equal rows.
    plain = Orders(_orders())
    first = selections.select(plain, stores=["东店"])
    assert selections.select(plain, stores=["东店"]) is not first
    pd.testing.assert_frame_equal(first.frame, east.frame)


def test_a_selection_is_the_same_frame_as_pandas_row_selection():
    orders = _orders()
    orders.attrs["file_name"] = "orders.csv"
    # Text columns in several Arrow chunks, as the loader reads them a block at a time.
    for column in ("customer_id", "store"):
        values = orders[column].array._pa_array
        chunked = pa.chunked_array([values.slice(0, 2), values.slice(2)])
        orders[column] = pd.Series(pd.arrays.ArrowStringArray(chunked, dtype=orders[column].dtype))
    book = Orders(orders)
    cases = [(["东店"], []), (["东店", "南店"], ["app"]), ([], ["web"]), (["西店"], ["app"])]
    for stores, channels in cases:
        got = book.select(stores=stores, channels=channels).frame
        keep = pd.Series(True, index=orders.index)
        if stores:
            keep &= orders["store"].isin(stores)
        if channels:
            keep &= orders["channel"].isin(channels)
        expected = orders[keep.to_numpy()]
        # Values, dtypes, index labels (rows 0 and 2 for 东店, not 0 and 1) and attrs all alike.
        pd.testing.assert_frame_equal(got, expected, check_exact=True)
        assert got.attrs == {"file_name": "orders.csv"}
    # 东店 or 南店 on the app: orders 1 and 5 (a, e); 西店 on the app: none.
    assert book.select(stores=["南店", "东店"], channels=["app"]).frame.index.tolist() == [0, 4]
    assert book.select(stores=["西店"], channels=["app"]).frame.empty


def test_metric_arguments_are_keyed_on_sources_and_contents():
    book = Orders(_orders(), "digest-3")
    assert argument_key(book) == ("orders", "digest-3")
    assert argument_key(book.select(stores=["东店"])) != argument_key(book)
    # Unnamed orders and other frames: by their contents. Equal rows, equal keys; one amount
    # changed, another key.
    assert argument_key(Orders(_orders())) == argument_key(_orders()) == content_key(_orders())
    changed = _orders()
    changed.loc[0, "amount"] = 11.0
    assert content_key(changed) != content_key(_orders())
    day = pd.Timestamp("2025-01-05")
    assert argument_key(Period(day, day)) == ("period", day.isoformat(), day.isoformat())


def test_the_orders_object_is_handed_only_to_functions_that_take_it():
    # repeat_purchase_rate takes ``pd.DataFrame | Orders``; repurchase_cohort reads the frame.
    assert takes_orders(repeat_purchase_rate)
    assert not takes_orders(repurchase_cohort)
    assert not takes_orders(len)


def test_cached_metric_keys_on_the_source_and_hands_each_function_what_it_takes():
    from ui.results import cached_metric

    book = Orders(_orders(), "digest-4")
    january = Period(pd.Timestamp("2025-01-01"), pd.Timestamp("2025-01-31"))
    rate = cached_metric(repeat_purchase_rate, book, period=january)
    # Five customers with one purchase day each: nobody repeats, 0 of 5.
    assert (rate.numerator, rate.denominator) == (0, 5)
    assert cached_metric(repeat_purchase_rate, book, period=january) is rate
    assert "log" in vars(book)  # the metric was handed the object: its log is built on it
    # Another source is other data: computed for it (a and b only: 0 of 2).
    other = Orders(_orders().iloc[:2], "digest-5")
    assert cached_metric(repeat_purchase_rate, other, period=january).denominator == 2
    # A function that reads the frame gets the frame: data 01-01..01-05, followed 1 day, 3-day cohort.
    cohort = cached_metric(repurchase_cohort, book, days=1, length=3)
    assert (cohort.start, cohort.end) == (pd.Timestamp("2025-01-02"), pd.Timestamp("2025-01-04"))
