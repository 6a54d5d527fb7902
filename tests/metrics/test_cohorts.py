"""Monthly cohort retention, non-cumulative and cumulative, with immature cells."""

from __future__ import annotations

import pytest
from metrics_fixtures import sample_orders

from analytics.frames import orders_frame
from analytics.metrics.cohorts import cohort_retention, retention_table


def test_cohorts_by_hand():
    r = cohort_retention(sample_orders())
    table = retention_table(r)
    # cohorts: Nov (e), Dec (a), Jan (b, c, d). Data ends Mar 1, so March cells are immature.
    # Dec cohort a: month 1 (Jan) bought -> 1.0, Feb/Mar nothing -> 0
    # (the grid reaches month 4 for the Nov cohort; Dec's month 4 would be April: missing, not zero)
    assert table.loc["2024-12-01"].tolist()[:4] == [1.0, 1.0, 0.0, 0.0]
    assert table.loc["2024-12-01"].isna().tolist() == [False] * 4 + [True]
    # Jan cohort b c d: Feb b and d -> 2/3, Mar none
    jan = r[r["cohort"] == "2025-01-01"]
    assert jan["customers"].tolist() == [3, 2, 0] and jan["retention"].iloc[1] == pytest.approx(2 / 3)
    assert r.loc[r["immature"], "months_since"].tolist() == [4, 3, 2]  # the March cells of Nov, Dec, Jan


def test_cumulative_only_grows():
    o = orders_frame(
        customer_id=["a", "a", "a", "b"],
        order_day=["2025-01-03", "2025-03-04", "2025-04-01", "2025-01-20"],
    )
    r = cohort_retention(o, cumulative=True)
    # a comes back in month 2 (Mar) and 3; b never: months 1..3 -> 0, 1/2, 1/2; April ends after Apr 1
    assert r["months_since"].tolist() == [1, 2, 3]
    assert r["retention"].tolist() == [0.0, 0.5, 0.5] and r["immature"].tolist() == [False, False, True]


def test_month_complete_on_its_last_day_is_mature():
    o = orders_frame(customer_id=["a", "a"], order_day=["2025-01-31", "2025-02-28"])
    assert not cohort_retention(o)["immature"].any()


def test_only_guests_gives_empty_frame():
    assert cohort_retention(orders_frame(customer_id=[None], order_day=["2025-01-01"])).empty
