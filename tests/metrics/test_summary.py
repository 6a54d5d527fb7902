"""summarize: every DESIGN.md figure on a hand-computed frame, invariances and properties."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from metrics_fixtures import JAN, ROWS, sample_members, sample_orders

from analytics.frames import orders_frame
from analytics.metrics.period import Period, observed_days
from analytics.metrics.ratio import Ratio
from analytics.metrics.summary import summarize


def test_summary_figures_by_hand():
    s = summarize(sample_orders(), period=JAN)
    # January customers a, b, c, d (guests and e excluded) = 4
    assert s.customers == 4
    # January orders: a 3 (Jan 5 twice, Jan 20), b 1, c 1, d 1, guest 1 = 7
    assert s.orders == 7
    # January sales: a 20+5+15=40, b 40, c 25, d 50, guest 30 = 185
    assert s.sales == pytest.approx(185.0)
    # only a bought on two distinct days (Jan 5, Jan 20): 1 of 4
    assert s.repeat_purchase_rate == Ratio(1, 4)
    # only a first bought before Jan 1: 1 of 4; a's January sales 40 of 185; guest 30 of 185
    assert s.returning.customers == Ratio(1, 4)
    assert s.returning.sales_share.value == pytest.approx(40 / 185)
    assert s.returning.unidentified_sales_share.value == pytest.approx(30 / 185)
    # cohort: b (Jan 10) and c (Jan 25) <= Mar 1 - 30 = Jan 30; d (Jan 31) too late; b back in 26 days
    assert (s.repurchase.eligible, s.repurchase.repurchased) == (2, 1)
    assert s.members is None and s.tiers is None


def test_summary_members_and_tiers_by_hand():
    s = summarize(sample_orders(), period=JAN, members=sample_members()).to_dict()
    member, non_member = s["members"]["member"], s["members"]["non_member"]
    # members a, c: orders 3+1=4, sales 40+25=65, aov 65/4, 4 orders / 2 customers, repeat a only 1/2
    assert member == pytest.approx(
        {
            "customers": 2,
            "orders": 4,
            "sales": 65.0,
            "sales_share": 65 / 185,
            "aov": 16.25,
            "orders_per_customer": 2.0,
            "repeat_purchase_rate": 0.5,
        }
    )
    # non-members b, d: orders 2, sales 40+50=90, aov 45, 1 order each, nobody repeats
    assert non_member == pytest.approx(
        {
            "customers": 2,
            "orders": 2,
            "sales": 90.0,
            "sales_share": 90 / 185,
            "aov": 45.0,
            "orders_per_customer": 1.0,
            "repeat_purchase_rate": 0.0,
        }
    )
    # silver: c (1 member, bought 25 once); gold: a and z (2 members), a bought 40 in 3 orders, 2 days
    silver, gold = s["tiers"]
    assert (silver["tier"], silver["members"], silver["buyers"], silver["sales"]) == ("silver", 1, 1, 25.0)
    assert silver["repeat_purchase_rate"] == 0.0
    assert (gold["tier"], gold["members"], gold["buyers"], gold["sales"]) == ("gold", 2, 1, 40.0)
    assert gold["aov"] == pytest.approx(40 / 3) and gold["repeat_purchase_rate"] == 1.0
    assert gold["sales_share"] == pytest.approx(40 / 185)


def test_to_dict_has_design_keys_as_plain_numbers():
    d = summarize(sample_orders(), period=JAN).to_dict()
    assert d["period"] == {"start": "2025-01-01", "end": "2025-01-31"}
    for key in (
        "repeat_purchase_rate",
        "returning_customer_rate",
        "returning_sales_share",
        "unidentified_sales_share",
    ):
        assert isinstance(d[key], float)
    assert d["repurchase_within_days"] == {"days": 30, "eligible": 2, "repurchased": 1, "rate": 0.5}
    # 4 customers < 30: the UI must flag the repeat rate as a small sample
    assert d["confidence"]["repeat_purchase_rate"]["small_sample"] is True
    lo, hi = d["confidence"]["repeat_purchase_rate"]["ci"]
    assert 0 <= lo < 0.25 < hi <= 1


def test_repurchase_days_changes_the_cohort():
    # N = 20: eligible when f <= Mar 1 - 20 = Feb 9: b, c, d; b's gap 26 > 20, d's 15 <= 20 -> 1 of 3
    s = summarize(sample_orders(), period=JAN, repurchase_days=20)
    assert (s.repurchase.eligible, s.repurchase.repurchased) == (3, 1)


def test_invariant_to_row_order_duplicated_split_lines_and_int_ids():
    base = summarize(sample_orders(), period=JAN, members=sample_members()).to_dict()
    shuffled = sample_orders().sample(frac=1, random_state=7).reset_index(drop=True)
    assert summarize(shuffled, period=JAN, members=sample_members()).to_dict() == base
    # an extra 0-amount order on a purchase day a customer already has changes orders, nothing else
    extra = sample_orders([*ROWS, ("b", "2025-01-10", 0.0)])
    d = summarize(extra, period=JAN).to_dict()
    assert d["orders"] == 8 and d["repeat_purchase_rate"] == 0.25 and d["customers"] == 4
    ints = [
        (None if c is None else {"a": 1, "b": 2, "c": 3, "d": 4, "e": 5}[c], day, amt) for c, day, amt in ROWS
    ]
    d_int = summarize(sample_orders(ints), period=JAN).to_dict()
    d_str = summarize(sample_orders(), period=JAN).to_dict()
    assert d_int == d_str


def test_no_customers_gives_null_rates():
    o = orders_frame(customer_id=[None, None], order_day=["2025-01-02", "2025-01-03"], amount=[5.0, 0.0])
    d = summarize(o, period=JAN).to_dict()
    assert (d["customers"], d["orders"], d["sales"]) == (0, 2, 5.0)
    assert d["repeat_purchase_rate"] is None and d["returning_customer_rate"] is None
    assert d["unidentified_sales_share"] == 1.0 and d["repurchase_within_days"]["rate"] is None


def test_zero_sales_gives_null_shares():
    o = orders_frame(customer_id=["a"], order_day=["2025-01-02"], amount=[0.0])
    d = summarize(o, period=JAN).to_dict()
    assert d["customers"] == 1 and d["returning_sales_share"] is None


def test_membership_from_order_columns():
    o = orders_frame(
        customer_id=["a", "a", "b", None],
        order_day=["2025-01-02", "2025-01-09", "2025-01-03", "2025-01-04"],
        amount=[10.0, 10.0, 30.0, 50.0],
        is_member=[False, True, False, pd.NA],
    )
    d = summarize(o, period=JAN).to_dict()
    # a is a member (one order says so): 20 of 100; b non-member 30 of 100; guests 50 in neither group
    assert d["members"]["member"]["sales_share"] == 0.2 and d["members"]["non_member"]["sales_share"] == 0.3


orders_strategy = st.lists(
    st.tuples(
        st.sampled_from(["a", "b", "c", "d", "e", None]),
        st.integers(0, 59),
        st.sampled_from([0.0, 1.5, 10.0, 99.99]),
    ),
    min_size=1,
    max_size=40,
)


@settings(max_examples=60, deadline=None)
@given(rows=orders_strategy, start=st.integers(0, 59), length=st.integers(1, 40))
def test_properties_against_plain_pandas(rows, start, length):
    day0 = pd.Timestamp("2025-01-01")
    rows = [("a", 0, 1.0), *rows]  # so the member list always matches someone
    o = orders_frame(
        customer_id=[r[0] for r in rows],
        order_day=[day0 + pd.Timedelta(days=r[1]) for r in rows],
        amount=[r[2] for r in rows],
    )
    period = Period(day0 + pd.Timedelta(days=start), day0 + pd.Timedelta(days=start + length - 1))
    members = pd.DataFrame({"customer_id": pd.array(["a", "c"], dtype="str")})
    s = summarize(o, period=period, members=members)
    inside = o[o.order_day.between(period.start, period.end)]
    known = inside[inside.customer_id.notna()]
    days = known.groupby("customer_id").order_day.nunique()
    assert s.customers == len(days) and s.orders == len(inside)
    assert s.repeat_purchase_rate == Ratio(int((days >= 2).sum()), len(days))
    first = o[o.customer_id.notna()].groupby("customer_id").order_day.min()
    assert s.returning.customers.numerator == int((first[days.index] < period.start).sum())
    d = s.to_dict()
    for key in ("repeat_purchase_rate", "returning_customer_rate", "returning_sales_share"):
        assert d[key] is None or 0 <= d[key] <= 1
    m, n = s.members.member, s.members.non_member
    assert m.customers + n.customers == s.customers
    assert math.isclose(m.sales + n.sales + s.returning.unidentified_sales_share.part, s.sales, abs_tol=1e-6)
    assert s.repurchase.repurchased <= s.repurchase.eligible


def test_observed_days_of_a_period_starting_before_the_data():
    # Data from 1 Nov; the period 7 Oct .. 5 Nov is observed on 1..5 Nov = 5 days; a period
    # inside the data is fully observed (30 days); one wholly before it, 0 days.
    o = orders_frame(customer_id=["a", "b"], order_day=["2025-11-01", "2025-11-20"])
    early = Period(pd.Timestamp("2025-10-07"), pd.Timestamp("2025-11-05"))
    inside = Period(pd.Timestamp("2025-11-01"), pd.Timestamp("2025-11-30"))
    before = Period(pd.Timestamp("2025-09-01"), pd.Timestamp("2025-09-30"))
    assert [observed_days(p, o) for p in (early, inside, before)] == [5, 30, 0]
