"""What makes customers come back: repeat rate by first order, second-order conversion, LTV cohorts."""

from __future__ import annotations

import pytest

from analytics.frames import orders_frame
from analytics.metrics.customers.comeback import comeback_drivers, second_order
from analytics.metrics.customers.ltv import ltv_cohorts
from analytics.metrics.customers.summary import customer_summary

# customer, day, amount, item, channel, coupon
ROWS = [
    ("a", "2025-01-01", 10.0, "soap", "app", "C1"),  # a: first soap/app/coupon, back Jan 11 (10 days)
    ("a", "2025-01-11", 40.0, "tea", "web", None),
    ("b", "2025-01-02", 20.0, "soap", "web", None),  # b: first soap/web, never back
    ("c", "2025-01-03", 30.0, "tea", "app", ""),  # c: first tea/app, back Feb 2 (30 days)
    ("c", "2025-02-02", 30.0, "tea", "app", ""),
    ("d", "2025-02-20", 100.0, "soap", "app", "C2"),  # d: first soap/app/coupon, never back
    ("d", "2025-02-20", 5.0, "tea", "app", None),  # same day: not a second purchase day
]


def _orders():
    ids, days, amounts, items, channels, coupons = zip(*ROWS, strict=True)
    times = [f"{d} {h:02d}:00" for d, h in zip(days, range(len(days)), strict=True)]
    return orders_frame(
        customer_id=list(ids),
        order_time=times,
        amount=list(amounts),
        item=list(items),
        channel=list(channels),
        coupon_code=list(coupons),
    )


def test_repeat_rate_by_first_order():
    orders = _orders()
    drivers = comeback_drivers(orders, customer_summary(orders))
    # a and c came back of a, b, c, d.
    assert (drivers.overall.numerator, drivers.overall.denominator) == (2, 4)
    rows = lambda name: drivers.tables[name].set_index("value")[["customers", "returned"]].to_dict("index")  # noqa: E731
    # First items: soap a, b, d (a back) 1/3; tea c (back) 1/1.
    assert rows("item") == {"soap": {"customers": 3, "returned": 1}, "tea": {"customers": 1, "returned": 1}}
    # First channels: app a, c, d (a, c back) 2/3; web b 0/1.
    assert rows("channel") == {"app": {"customers": 3, "returned": 2}, "web": {"customers": 1, "returned": 0}}
    # Coupon on the first order: a (C1), d (C2) -> 1/2; none: b, c ("" is no code) -> 1/2.
    assert rows("coupon") == {
        "used": {"customers": 2, "returned": 1},
        "not_used": {"customers": 2, "returned": 1},
    }
    bands = drivers.tables["value_band"]
    # First amounts 10, 20, 30, 100: quartile edges 10, 17.5, 25, 47.5, 100, one customer per band.
    assert bands["low"].tolist() == [10.0, 17.5, 25.0, 47.5]
    assert bands["returned"].tolist() == [1, 0, 1, 0]
    assert drivers.tables["channel"]["repeat_rate"].tolist() == pytest.approx([2 / 3, 0.0])


def test_first_before_keeps_customers_old_enough():
    orders = _orders()
    drivers = comeback_drivers(orders, customer_summary(orders), first_before="2025-01-31")
    assert drivers.customers == 3  # d first bought Feb 20


def test_top_items_puts_the_rest_in_one_row():
    orders = _orders()
    table = comeback_drivers(orders, customer_summary(orders), top_items=1).tables["item"]
    assert table["is_other"].tolist() == [False, True]
    assert table["customers"].tolist() == [3, 1]  # soap, then tea as "other"


def test_second_order_conversion_and_days():
    orders = _orders()
    second = second_order(customer_summary(orders), windows=(10, 30, 60))
    # a back after 10 days, c after 30; 2 of 4 converted; median of 10 and 30 is 20.
    assert (second.converted.numerator, second.converted.denominator) == (2, 4)
    assert second.median_days == 20.0
    assert second.quartile_days == (15.0, 25.0)
    # Last day Feb 20: ages a 50, b 49, c 48, d 0 days.
    # Within 10: eligible a, b, c; a back -> 1/3. Within 30: a, c -> 2/3. Within 60: nobody is 60 days old.
    assert [(r.numerator, r.denominator) for r in second.within.values()] == [(1, 3), (2, 3), (0, 0)]


def test_ltv_cohorts_cumulative_revenue_per_customer():
    cells = ltv_cohorts(_orders()).cells
    jan = cells[cells["cohort"] == "2025-01-01"].set_index("months_since")
    # January cohort a, b, c (3): month 0 sales 10 + 40 + 20 + 30 = 100; month 1 adds c's 30 -> 130.
    assert jan["revenue"].tolist() == [100.0, 130.0]
    assert jan["revenue_per_customer"].tolist() == pytest.approx([100 / 3, 130 / 3])
    feb = cells[cells["cohort"] == "2025-02-01"]
    # February cohort d: 105 in its first month, which is not over on Feb 20 (immature).
    assert feb["revenue_per_customer"].tolist() == [105.0]
    assert jan["immature"].tolist() == [False, True] and feb["immature"].tolist() == [True]


def test_rows_carry_labels_for_every_reader():
    from analytics.errors import Message, Term
    from analytics.money import Money
    from analytics.report.text import Texts

    orders = _orders()
    drivers = comeback_drivers(orders, customer_summary(orders), top_items=1)
    items = drivers.rows("item")
    # soap shown as written (3 customers, a back: 1/3); tea falls in "all other products".
    assert [r.label for r in items] == ["soap", Term("customers.comeback.other_items")]
    assert [(r.rate.numerator, r.rate.denominator) for r in items] == [(1, 3), (1, 1)]
    assert [r.label for r in drivers.rows("coupon")] == [
        Term("customers.comeback.coupon_not_used"),
        Term("customers.comeback.coupon_used"),
    ]
    band = drivers.rows("value_band")[1].label
    # Second quartile band of first amounts 10, 20, 30, 100: 17.5 to 25.
    assert band == Message("customers.comeback.value_band", {"low": Money(17.5, 2), "high": Money(25.0, 2)})
    assert Texts("zh", "CNY")(band) == "¥17.50 – ¥25.00"
    assert Texts("en", "GBP")(band) == "£17.50 – £25.00"


def test_first_order_tie_broken_by_order_id_and_same_from_the_orders_object():
    from analytics.metrics.orderbook import Orders

    # e's two orders share the earliest time: the first is order "o1" (text order: "o1" < "o2"),
    # the tea one, whatever the row order; f is a guest-free one-order customer on soap.
    orders = orders_frame(
        order_id=["o2", "o1", "o3", "o4"],
        customer_id=["e", "e", "e", "f"],
        order_time=["2025-01-01 09:00", "2025-01-01 09:00", "2025-01-05 10:00", "2025-01-02 10:00"],
        amount=[10.0, 20.0, 5.0, 7.0],
        item=["soap", "tea", "soap", "soap"],
    )
    summary = customer_summary(orders)
    for given in (orders, orders.iloc[::-1], Orders(orders)):
        table = comeback_drivers(given, summary).tables["item"].set_index("value")
        # e: first tea, came back (Jan 5) -> 1/1; f: first soap, never back -> 0/1.
        assert table[["customers", "returned"]].to_dict("index") == {
            "soap": {"customers": 1, "returned": 0},
            "tea": {"customers": 1, "returned": 1},
        }


def test_ltv_cohorts_same_from_the_orders_object():
    from analytics.metrics.orderbook import Orders

    orders = _orders()
    assert ltv_cohorts(Orders(orders)).cells.equals(ltv_cohorts(orders).cells)


def test_customers_outside_the_summary_are_left_out():
    # The summary ends on Jan 2: g (first order Jan 3) is not in it, so not in the tables either;
    # e (tea, back Jan 5 in the data) and f (soap) are.
    orders = orders_frame(
        order_id=["o1", "o2", "o3", "o4"],
        customer_id=["e", "g", "e", "f"],
        order_time=["2025-01-01 09:00", "2025-01-03 09:00", "2025-01-05 10:00", "2025-01-02 10:00"],
        amount=[10.0, 20.0, 5.0, 7.0],
        item=["tea", "soap", "soap", "soap"],
    )
    summary = customer_summary(orders, calibration_end="2025-01-02")
    table = comeback_drivers(orders, summary).tables["item"].set_index("value")
    assert table["customers"].to_dict() == {"soap": 1, "tea": 1}
