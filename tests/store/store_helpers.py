"""Shared frames for the history store's tests, and loading files the way the CLI and UI do.

The store takes canonical frames only; tests that start from an export load it first, then hand
the loader's frames and counts to :func:`analytics.store.ingest_frame`, as ``ingest`` does.
"""

from __future__ import annotations

import pandas as pd

from analytics.frames import orders_frame
from analytics.ingest import store_orders_load
from analytics.loading import OrdersLoad, load_orders
from analytics.store import IngestResult, with_upload


def orders_of(ids, customers, times, amounts, **optional) -> pd.DataFrame:
    """Return a canonical orders frame from ids, customers, ISO times and amounts."""
    times = pd.to_datetime(pd.Series(times, dtype="str"), format="ISO8601")
    return orders_frame(order_id=ids, customer_id=customers, order_time=times, amount=amounts, **optional)


def by_id(frame: pd.DataFrame) -> pd.DataFrame:
    """Return the frame sorted by order id, index reset (stored order is by time)."""
    return frame.sort_values("order_id", kind="stable").reset_index(drop=True)


def closed(ids, reason="refunded") -> pd.DataFrame:
    """Return ``invalid`` rows showing the orders ``ids`` with one drop reason."""
    return pd.DataFrame({"order_id": ids, "reason": [reason] * len(ids)})


WEEK1 = orders_of(
    ["1", "2", "3"],
    ["a", "b", None],
    ["2025-01-06 10:00:01", "2025-01-07 00:00:00", "2025-01-08 23:59:59"],
    [10.0, 20.0, 5.0],
)


def ingest_load(db, load: OrdersLoad, *, shop: str | None = None) -> list[IngestResult]:
    """Store one loaded upload, as the ``ingest`` command and the dashboard do."""
    return store_orders_load(db, load, shop=shop)


def ingest_files(db, paths, *, shop: str | None = None) -> list[IngestResult]:
    """Load every file first (a bad file stores nothing), then store each as one upload."""
    loads = [load_orders([path]) for path in paths]
    return [result for load in loads for result in ingest_load(db, load, shop=shop)]


def preview(stored: pd.DataFrame, load: OrdersLoad) -> pd.DataFrame:
    """Return the stored orders with a loaded upload applied, without storing it."""
    return with_upload(stored, load.orders, invalid=load.invalid_orders, has_order_ids=load.has_order_ids)
