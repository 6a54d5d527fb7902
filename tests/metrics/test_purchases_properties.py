"""The purchase log's integer shortcuts agree with plain pandas on random orders.

A selection's log is derived from the whole log (no ids factorized again);
the repeat windows, the gaps between purchase days and the cohort grid are counted on the log's
sorted integer arrays. Each is checked here against the obvious pandas computation.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from analytics.frames import orders_frame
from analytics.metrics.cohorts import cohort_retention
from analytics.metrics.intervals import purchase_intervals
from analytics.metrics.period import Period
from analytics.metrics.purchases import PurchaseLog
from analytics.metrics.repeat import repeat_rate_windows, repurchase_within_days

FIELDS = ("code", "day", "amount", "pair_code", "pair_day", "first_day", "second_day")
DAY0 = pd.Timestamp("2025-01-01")

rows_strategy = st.lists(
    st.tuples(
        st.sampled_from(["a", "b", "c", "d", "e", "f", None]),
        st.integers(0, 150),
        st.sampled_from([0.0, 1.5, 10.0, 99.99]),
    ),
    min_size=1,
    max_size=60,
)


def _orders(rows) -> pd.DataFrame:
    return orders_frame(
        customer_id=[r[0] for r in rows],
        order_day=[DAY0 + pd.Timedelta(days=r[1]) for r in rows],
        amount=[r[2] for r in rows],
    )


def _purchase_days(o: pd.DataFrame) -> pd.DataFrame:
    known = o[o["customer_id"].notna()]
    return known[["customer_id", "order_day"]].drop_duplicates().sort_values(["customer_id", "order_day"])


@settings(max_examples=80, deadline=None)
@given(rows=rows_strategy, picks=st.lists(st.booleans(), min_size=60, max_size=60))
def test_a_subset_is_the_log_of_the_selected_orders(rows, picks):
    o = _orders(rows)
    keep = np.array(picks[: len(o)], dtype=bool)
    log = PurchaseLog.from_orders(o)
    part = log.subset(keep)
    fresh = PurchaseLog.from_orders(o[keep])
    assert list(part.customer_ids) == list(fresh.customer_ids)
    for field in FIELDS:
        assert getattr(part, field).tolist() == getattr(fresh, field).tolist(), field
    assert part.last_day == fresh.last_day


@settings(max_examples=60, deadline=None)
@given(rows=rows_strategy, windows=st.integers(1, 6), days=st.integers(1, 40), end=st.integers(0, 160))
def test_repeat_windows_against_plain_pandas(rows, windows, days, end):
    o = _orders(rows)
    last = DAY0 + pd.Timedelta(days=end)
    table = repeat_rate_windows(o, end=last, windows=windows, days=days)
    pairs = _purchase_days(o)
    age = (last - pairs["order_day"]).dt.days
    for k in range(windows):  # row windows - 1 - k is window k (k = 0 is the latest)
        inside = pairs[(age >= k * days) & (age < (k + 1) * days)]
        per_customer = inside.groupby("customer_id").size()
        row = table.iloc[windows - 1 - k]
        assert row["customers"] == len(per_customer)
        assert row["repeat_customers"] == int((per_customer >= 2).sum())
        assert row["end"] == last - pd.Timedelta(days=k * days)


@settings(max_examples=60, deadline=None)
@given(rows=rows_strategy, tiers=st.lists(st.sampled_from(["silver", "gold", None]), min_size=7, max_size=7))
def test_intervals_against_plain_pandas(rows, tiers):
    o = _orders([("a", 0, 1.0), *rows])  # so the member list always matches someone
    ids = ["a", "b", "c", "d", "e", "f", "z"]  # z never orders
    listed = [(i, t) for i, t in zip(ids, tiers, strict=True) if t is not None or i in ("a", "z")]
    members = pd.DataFrame(
        {
            "customer_id": pd.array([i for i, _ in listed], dtype="str"),
            "tier": pd.Categorical([t for _, t in listed], categories=["silver", "gold"], ordered=True),
        }
    )
    r = purchase_intervals(o, members=members)
    pairs = _purchase_days(o)
    gaps = pairs.groupby("customer_id")["order_day"].diff().dt.days.dropna()
    gap_ids = pairs.loc[gaps.index, "customer_id"]
    tier_of = dict(listed)

    def expected(mask) -> tuple:
        days = gaps[mask].to_numpy(dtype=np.int64)
        if not len(days):
            return (0, 0, None, None, None)
        return (
            gap_ids[mask].nunique(),
            len(days),
            float(np.median(days)),
            float(days.mean()),
            float(np.quantile(days, 0.75)),
        )

    summary = r.summary.set_index("group")
    groups = {
        "all": np.ones(len(gaps), dtype=bool),
        "silver": gap_ids.map(lambda i: tier_of.get(i) == "silver").to_numpy(dtype=bool),
        "gold": gap_ids.map(lambda i: tier_of.get(i) == "gold").to_numpy(dtype=bool),
        "non-member": (~gap_ids.isin(tier_of)).to_numpy(dtype=bool),
    }
    for group, mask in groups.items():
        row = summary.loc[group]
        got = (
            row["customers"],
            row["intervals"],
            row["median_days"],
            row["mean_days"],
            row["care_cycle_days"],
        )
        want = expected(mask)
        assert got[:2] == want[:2], group
        for g, w in zip(got[2:], want[2:], strict=True):
            assert (np.isnan(g) and w is None) or g == w, group  # the same floats, not close ones
    assert sorted(r.intervals["days"].tolist()) == sorted(gaps.astype(int).tolist())


@settings(max_examples=60, deadline=None)
@given(rows=rows_strategy, cumulative=st.booleans())
def test_cohort_grid_against_plain_pandas(rows, cumulative):
    o = _orders(rows)
    grid = cohort_retention(o, cumulative=cumulative)
    pairs = _purchase_days(o)
    if pairs.empty:
        assert grid.empty
        return
    month = pairs["order_day"].dt.year * 12 + pairs["order_day"].dt.month
    cohort = month.groupby(pairs["customer_id"]).transform("min")
    pairs = pairs.assign(cohort=cohort, since=month - cohort)
    sizes = pairs.groupby("cohort")["customer_id"].nunique()
    for row in grid.itertuples():
        key = row.cohort.year * 12 + row.cohort.month
        members = pairs[pairs["cohort"] == key]
        if cumulative:
            back = members[(members["since"] >= 1) & (members["since"] <= row.months_since)]
        else:
            back = members[members["since"] == row.months_since]
        assert row.cohort_size == sizes[key]
        assert row.customers == back["customer_id"].nunique()


@settings(max_examples=60, deadline=None)
@given(rows=rows_strategy, start=st.integers(0, 150), length=st.integers(1, 60), days=st.integers(1, 60))
def test_repurchase_against_plain_pandas(rows, start, length, days):
    o = _orders(rows)
    period = Period(DAY0 + pd.Timedelta(days=start), DAY0 + pd.Timedelta(days=start + length - 1))
    r = repurchase_within_days(o, period=period, days=days)
    pairs = _purchase_days(o)
    last = o["order_day"].max()
    first = pairs.groupby("customer_id")["order_day"].min()
    eligible = first[
        (first >= period.start) & (first <= period.end) & (first <= last - pd.Timedelta(days=days))
    ]
    back = 0
    for customer, day in eligible.items():
        later = pairs[(pairs["customer_id"] == customer) & (pairs["order_day"] > day)]["order_day"]
        back += int(((later - day).dt.days <= days).any())
    assert (r.eligible, r.repurchased) == (len(eligible), back)
