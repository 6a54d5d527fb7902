"""Seeded synthetic orders drawn from the BG/NBD story, as a fixture for the model-level tests."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analytics.frames import orders_frame


def _synthetic_orders(customers: int = 2000, days: int = 365, seed: int = 3) -> pd.DataFrame:
    """Return orders of customers with gamma purchase rates who may drop out after each purchase."""
    rng = np.random.default_rng(seed)
    rate = rng.gamma(0.8, 1 / 40, customers)  # purchases per day while alive
    dropout = rng.beta(1.0, 4.0, customers)
    start = rng.integers(0, days // 3, customers)
    ids, day_list, amounts = [], [], []
    for c in range(customers):
        day = float(start[c])
        while day < days:
            ids.append(f"c{c:05d}")
            day_list.append(int(day))
            amounts.append(float(rng.gamma(6.0, 8.0)))
            if rng.random() < dropout[c]:
                break
            day += rng.exponential(1 / rate[c])
    order_day = pd.Timestamp("2024-01-01") + pd.to_timedelta(np.array(day_list), unit="D")
    return orders_frame(customer_id=ids, order_day=order_day, amount=amounts)


@pytest.fixture
def synthetic_orders():
    """Return the generator of seeded synthetic orders (customers, days, seed)."""
    return _synthetic_orders
