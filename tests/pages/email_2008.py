"""A 2008 e-mail test built for the page tests: orders and a list with an "E-Mail" / "No E-Mail" split.

Modelled on the well-known 2008 e-mail test of an online retailer: 600 customers who all bought in
January-February 2008, half sent an e-mail on 2008-03-03 and half held out ("No E-Mail"). Within
the 14-day window 36% of the e-mailed customers and 12% of the others buy again, so the verdict
is clearly "better". The list has no start column when ``with_start`` is False.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

START = pd.Timestamp("2008-03-03")
CUSTOMERS = 600


def email_2008(*, with_start: bool = True) -> tuple[bytes, bytes]:
    """Return (orders CSV, campaign list CSV) of the 2008 e-mail test, deterministic."""
    rng = np.random.default_rng(2008)
    ids = [f"C{i:04d}" for i in range(CUSTOMERS)]
    groups = ["E-Mail" if i % 2 == 0 else "No E-Mail" for i in range(CUSTOMERS)]
    rows = []
    for i, (customer, group) in enumerate(zip(ids, groups, strict=True)):
        first = pd.Timestamp("2008-01-02") + pd.Timedelta(days=int(rng.integers(0, 55)))
        rows.append((customer, first, round(float(rng.uniform(20, 120)), 2)))
        # Every 25th customer buys exactly 9 days after the start, so both groups convert at a fixed rate.
        converts = (i // 2) % 25 < (9 if group == "E-Mail" else 3)
        if converts:
            rows.append(
                (
                    customer,
                    START + pd.Timedelta(days=int(rng.integers(0, 14))),
                    round(float(rng.uniform(20, 120)), 2),
                )
            )
        # Later orders (outside the window) so the data runs to the end of April.
        if rng.random() < 0.3:
            rows.append(
                (customer, pd.Timestamp("2008-03-20") + pd.Timedelta(days=int(rng.integers(0, 40))), 50.0)
            )
    orders = pd.DataFrame(rows, columns=["Customer ID", "Order Date", "Total"])
    orders = orders.sort_values("Order Date", kind="stable").reset_index(drop=True)
    orders.insert(0, "Order ID", [f"2008-{n:05d}" for n in range(1, len(orders) + 1)])
    orders["Order Date"] = orders["Order Date"].dt.strftime("%Y-%m-%d 10:00")
    orders["Currency"] = "USD"
    campaign = pd.DataFrame({"Customer ID": ids, "Segment": groups})
    if with_start:
        campaign["Start"] = START.strftime("%Y-%m-%d")
    return orders.to_csv(index=False).encode(), campaign.to_csv(index=False).encode()
