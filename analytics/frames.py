"""Canonical frame columns and a small constructor used by docstrings and tests.

The canonical orders frame (one row per valid order) is the only contract between reading
exports and computing metrics; see docs/definitions.md.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

ORDER_COLUMNS: tuple[str, ...] = ("order_id", "customer_id", "order_time", "order_day", "amount")
OPTIONAL_ORDER_COLUMNS: tuple[str, ...] = (
    "quantity",
    "store",
    "channel",
    "region",
    "coupon_code",
    "is_member",
    "tier",
    "item",
    "currency",
)
MEMBER_COLUMNS: tuple[str, ...] = ("customer_id", "tier", "joined")
CAMPAIGN_COLUMNS: tuple[str, ...] = ("customer_id", "group", "start")


def orders_frame(
    *,
    customer_id: Sequence[Any],
    order_day: Sequence[Any] | None = None,
    order_time: Sequence[Any] | None = None,
    amount: Sequence[float] | None = None,
    order_id: Sequence[Any] | None = None,
    **optional: Sequence[Any],
) -> pd.DataFrame:
    """Build a canonical orders frame from plain lists (for tests, docstrings and benchmarks).

    ``order_time`` defaults to ``order_day`` at midnight, ``amount`` to 1.0 per order and
    ``order_id`` to ``o1, o2, ...``. ``None`` in ``customer_id`` marks a guest order.

    Examples
    --------
    >>> o = orders_frame(customer_id=["a", None], order_day=["2025-01-01", "2025-01-02"])
    >>> list(o.columns)[:5]
    ['order_id', 'customer_id', 'order_time', 'order_day', 'amount']
    """
    n = len(customer_id)
    if order_time is None and order_day is None:
        raise ValueError("orders_frame needs order_day or order_time")
    times = pd.to_datetime(pd.Series(order_time if order_time is not None else order_day))
    frame = pd.DataFrame(
        {
            "order_id": pd.array(
                [str(x) for x in order_id] if order_id is not None else [f"o{i + 1}" for i in range(n)],
                dtype="str",
            ),
            "customer_id": pd.array([None if x is None else str(x) for x in customer_id], dtype="str"),
            "order_time": times.astype("datetime64[ns]").to_numpy(),
            "amount": np.asarray(amount if amount is not None else [1.0] * n, dtype="float64"),
        }
    )
    frame.insert(3, "order_day", frame["order_time"].dt.normalize())
    for name, values in optional.items():
        frame[name] = list(values)
    return frame


def empty_refunds() -> pd.DataFrame:
    """Return a refunds frame without rows (the canonical columns and types)."""
    return pd.DataFrame(
        {
            "order_id": pd.array([], dtype="str"),
            "customer_id": pd.array([], dtype="str"),
            "order_time": np.array([], dtype="datetime64[ns]"),
            "order_day": np.array([], dtype="datetime64[ns]"),
            "amount": np.array([], dtype="float64"),
        }
    )
