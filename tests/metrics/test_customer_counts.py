"""New and returning customers counted per month (hand-computed)."""

import pandas as pd

from analytics.frames import orders_frame
from analytics.metrics.customer_counts import new_and_returning_by_month


def test_counts_per_month_follow_the_first_purchase():
    # a: first 2024-11-03, back in Dec and Jan; b: first 2024-12-10, back in Jan;
    # c: first 2025-01-15; a guest order (no id) in January counts in neither.
    orders = orders_frame(
        customer_id=["a", "a", "b", "a", "b", "c", None],
        order_day=[
            "2024-11-03",
            "2024-12-01",
            "2024-12-10",
            "2025-01-02",
            "2025-01-20",
            "2025-01-15",
            "2025-01-16",
        ],
    )
    counts = new_and_returning_by_month(orders, months=2)
    # Two months up to 2025-01-15..20: December and January.
    assert list(counts["month_start"]) == [pd.Timestamp("2024-12-01"), pd.Timestamp("2025-01-01")]
    # December: a returning (first in Nov), b new -> 1 new, 1 returning.
    # January: a and b returning, c new -> 1 new, 2 returning.
    assert counts[["new", "returning", "buyers"]].to_dict("list") == {
        "new": [1, 1],
        "returning": [1, 2],
        "buyers": [2, 3],
    }


def test_months_before_the_data_are_left_out():
    orders = orders_frame(customer_id=["a", "b"], order_day=["2025-03-10", "2025-04-02"])
    counts = new_and_returning_by_month(orders)  # 12 months asked, 2 months of data
    assert list(counts["month_start"]) == [pd.Timestamp("2025-03-10"), pd.Timestamp("2025-04-01")]
    assert list(counts["days"]) == [22, 2]  # 2025-03-10..31 and 2025-04-01..02
