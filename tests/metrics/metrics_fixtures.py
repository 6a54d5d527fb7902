"""A small hand-checked orders frame shared by the metric tests (arithmetic in test comments)."""

from __future__ import annotations

import pandas as pd

from analytics.frames import orders_frame
from analytics.metrics.period import Period

JAN = Period(pd.Timestamp("2025-01-01"), pd.Timestamp("2025-01-31"))

# customer, day, amount
ROWS = [
    ("a", "2024-12-10", 10.0),  # a first bought before January: returning
    ("a", "2025-01-05", 20.0),
    ("a", "2025-01-05", 5.0),  # split order: same purchase day
    ("a", "2025-01-20", 15.0),  # a's second January purchase day: repeat
    ("b", "2025-01-10", 40.0),  # b new in January ...
    ("b", "2025-02-05", 30.0),  # ... back 26 days later (within 30)
    ("c", "2025-01-25", 25.0),  # c new, never back; Jan 25 <= Mar 1 - 30 = Jan 30: eligible
    ("d", "2025-01-31", 50.0),  # d new on Jan 31 > Jan 30: not eligible for the 30-day window
    ("d", "2025-02-15", 12.0),
    (None, "2025-01-15", 30.0),  # guest
    (None, "2025-03-01", 100.0),  # guest on the data's last day
    ("e", "2024-11-01", 8.0),  # e never buys in January
]


def sample_orders(rows: list[tuple] | None = None) -> pd.DataFrame:
    """Return the fixture as a canonical orders frame."""
    rows = ROWS if rows is None else rows
    return orders_frame(
        customer_id=[r[0] for r in rows], order_day=[r[1] for r in rows], amount=[r[2] for r in rows]
    )


def sample_members() -> pd.DataFrame:
    """Return a member list: a gold, c silver, z gold (z never ordered); silver < gold."""
    tier = pd.Categorical(["gold", "silver", "gold"], categories=["silver", "gold"], ordered=True)
    return pd.DataFrame({"customer_id": pd.array(["a", "c", "z"], dtype="str"), "tier": tier})
