"""Period refunds and net sales: refund lines subtract on the day they happen; sales stay gross."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from metrics_fixtures import JAN, sample_orders

from analytics.frames import empty_refunds
from analytics.metrics.period import Period
from analytics.metrics.refunds import period_refunds
from analytics.metrics.summary import summarize


def _refunds(days: list[str], amounts: list[float]) -> pd.DataFrame:
    day = pd.to_datetime(days)
    return pd.DataFrame(
        {
            "order_id": pd.array([f"C{i}" for i in range(len(days))], dtype="str"),
            "customer_id": pd.array(["a"] * len(days), dtype="str"),
            "order_time": day,
            "order_day": day,
            "amount": amounts,
        }
    )


def test_period_refunds_by_hand():
    refunds = _refunds(
        ["2024-12-31", "2025-01-01", "2025-01-15", "2025-01-31", "2025-02-01"],
        [-1.0, -2.0, -4.0, -8.0, -16.0],
    )
    # January 1-31 holds the refunds of Jan 1, Jan 15 and Jan 31 (both ends included): 2+4+8 = 14
    january = period_refunds(refunds, JAN)
    assert (january.amount, january.lines) == (pytest.approx(14.0), 3)
    # a period without refund days: 0, still shown (the file records refunds; none were made then)
    march = period_refunds(refunds, Period(pd.Timestamp("2025-03-01"), pd.Timestamp("2025-03-31")))
    assert (march.amount, march.lines, march.shown) == (0.0, 0, True)
    assert march.net(50.0) == 50.0


def test_what_is_shown_is_decided_by_the_result():
    # A file with refund lines shows its refunds (even a period's 0); a file without any has nothing
    # to say about refunds (0, not shown); a source keeping none (a history) has them unknown.
    with_lines = period_refunds(_refunds(["2025-02-01"], [-3.0]), JAN)
    without = period_refunds(empty_refunds(), JAN)
    unknown = period_refunds(None, JAN)
    assert [r.shown for r in (with_lines, without, unknown)] == [True, False, False]
    assert (without.amount, without.net(10.0)) == (0.0, 10.0)
    assert (unknown.amount, unknown.net(10.0)) == (None, None)


def test_summary_net_sales_by_hand():
    refunds = _refunds(["2025-01-05", "2025-01-20", "2025-02-10"], [-10.0, -2.5, -99.0])
    s = summarize(sample_orders(), period=JAN, refunds=refunds)
    # January sales (test_summary): 185; refunds made in January 10+2.5 = 12.5 (Feb 10 is outside)
    # net sales 185-12.5 = 172.5; sales stay gross, orders and customers unchanged (7 and 4)
    assert (s.sales, s.refunds, s.net_sales) == pytest.approx((185.0, 12.5, 172.5))
    assert (s.orders, s.customers) == (7, 4)
    assert s.refund.shown and s.refund.lines == 2
    d = s.to_dict()
    assert (d["sales"], d["refunds"], d["net_sales"]) == pytest.approx((185.0, 12.5, 172.5))


def test_summary_refunds_unknown_without_refund_lines():
    # No refunds frame (a stored history keeps none): unknown, not zero; an empty frame: zero.
    unknown = summarize(sample_orders(), period=JAN)
    assert unknown.refunds is None and unknown.net_sales is None
    assert unknown.to_dict()["net_sales"] is None
    none = summarize(sample_orders(), period=JAN, refunds=empty_refunds())
    assert none.refunds == 0.0 and none.net_sales == pytest.approx(185.0)
    assert not unknown.refund.shown and not none.refund.shown


def test_refunds_change_no_other_figure():
    # Refunds are not orders: every other figure equals the summary without them.
    refunds = _refunds(["2025-01-05"], [-30.0])
    with_refunds = summarize(sample_orders(), period=JAN, refunds=refunds).to_dict()
    without = summarize(sample_orders(), period=JAN).to_dict()
    for key in ("refunds", "net_sales"):
        with_refunds.pop(key), without.pop(key)
    assert with_refunds == without


@given(
    lines=st.lists(st.tuples(st.integers(0, 59), st.sampled_from([-0.5, -1.0, -10.0, -99.99])), max_size=40),
    split=st.integers(1, 59),
)
def test_refunds_of_two_adjacent_periods_add_up(lines, split):
    # A refund falls on one day, so it is in exactly one of two adjacent periods: the two periods'
    # refunds and lines add up to those of the span they cover (nothing lost, nothing counted twice).
    first = pd.Timestamp("2025-01-01")
    refunds = _refunds(
        [f"{first + pd.Timedelta(days=day):%Y-%m-%d}" for day, _ in lines], [amount for _, amount in lines]
    )
    whole = period_refunds(refunds, Period(first, first + pd.Timedelta(days=59)))
    before = period_refunds(refunds, Period(first, first + pd.Timedelta(days=split - 1)))
    after = period_refunds(refunds, Period(first + pd.Timedelta(days=split), first + pd.Timedelta(days=59)))
    assert before.amount + after.amount == pytest.approx(whole.amount)
    assert before.lines + after.lines == whole.lines == len(lines)
    assert whole.amount == pytest.approx(-sum(amount for _, amount in lines))
    assert before.shown == after.shown == (len(lines) > 0)
