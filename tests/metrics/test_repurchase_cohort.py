"""The default cohort of the repeat page's "repurchase within N days": the latest observable one."""

import pandas as pd

from analytics.frames import orders_frame
from analytics.metrics.period import Period
from analytics.metrics.repeat import repurchase_cohort, repurchase_within_days


def test_latest_observable_cohort_has_a_value_where_the_last_30_days_have_none():
    # Data 2025-01-01 .. 2025-03-31. a first buys 2025-02-20 and again 2025-03-05 (13 days later);
    # b first buys 2025-02-25 and never again; c first buys 2025-03-20 (only 11 days observed).
    orders = orders_frame(
        customer_id=["z", "a", "a", "b", "c", "z"],
        order_day=["2025-01-01", "2025-02-20", "2025-03-05", "2025-02-25", "2025-03-20", "2025-03-31"],
    )
    last_30 = Period(pd.Timestamp("2025-03-02"), pd.Timestamp("2025-03-31"))
    assert repurchase_within_days(orders, period=last_30, days=30).eligible == 0
    cohort = repurchase_cohort(orders, days=30, length=30)
    # 2025-03-31 - 30 days = 2025-03-01; 30 days back to 2025-01-31
    assert cohort == Period(pd.Timestamp("2025-01-31"), pd.Timestamp("2025-03-01"))
    result = repurchase_within_days(orders, period=cohort, days=30)
    # eligible: a and b (c is after 2025-03-01, z's first purchase is before the cohort); a came back
    assert (result.repurchased, result.eligible) == (1, 2)


def test_no_cohort_when_the_data_is_shorter_than_n_days():
    orders = orders_frame(customer_id=["a", "b"], order_day=["2025-03-01", "2025-03-14"])
    assert repurchase_cohort(orders, days=14, length=30) is None  # 13 days of data
    assert repurchase_cohort(orders, days=13, length=30) == Period(
        pd.Timestamp("2025-03-01"), pd.Timestamp("2025-03-01")
    )
