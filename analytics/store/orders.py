"""Store an upload of canonical orders, or preview it over the history without storing it.

The store takes the loader's canonical frames only: the valid orders (one row per order), the
``order_id``/``reason`` of the rows the loader dropped, and the row accounting. Reading files is
the caller's part (the ``ingest`` command, the dashboard), so a bad file stores nothing.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

import pandas as pd

from analytics.store.connection import store_location
from analytics.store.engines import open_history
from analytics.store.engines.orders import checked_orders, ingest_frame_engine
from analytics.store.order_rows import keyed_orders
from analytics.store.results import IngestResult
from analytics.store.versions import VALID_RANK, state_rows


def ingest_frame(
    path: str | os.PathLike | None,
    orders: pd.DataFrame,
    *,
    invalid: pd.DataFrame | None = None,
    file_name: str,
    shop: str | None = None,
    rows_read: int | None = None,
    rows_used: int | None = None,
    dropped: Mapping[str, int] | None = None,
    has_order_ids: bool = True,
    refunds: pd.DataFrame | None = None,
) -> list[IngestResult]:
    """Store one upload given as a canonical orders frame; return what changed, per shop.

    Each call is one transaction: a process killed mid-ingest leaves the store as it was.

    Parameters
    ----------
    path
        Store file or URL (see :func:`~analytics.store.connection.store_location`).
    orders
        Canonical orders frame of the upload (one row per valid order).
    invalid
        Rows the upload shows as not (or no longer) valid: columns ``order_id`` (normalised as in
        ``orders``) and ``reason`` (a loader drop reason), the loader's ``invalid_orders``.
        Reasons in :data:`~analytics.store.versions.STATE_RANK` change the stored order's state;
        others are ignored.
    file_name
        Name shown in the list of uploads.
    shop
        Shop the upload belongs to; default by the shop rule
        (:func:`~analytics.store.shops.split_by_shop`): the file's store column (a file naming
        several stores is split into one upload per store), else the store's only shop, else
        ``"default"``.
    rows_read, rows_used, dropped
        Row accounting of the upload, kept with it (defaults: one row per order, nothing
        dropped). A file split across shops keeps its dropped rows with its first shop's
        upload; the other shops' uploads count one row per order.
    has_order_ids
        False when the export had no order id column (the loader's ``has_order_ids``): its orders
        are then keyed by content (customer, time, amount), so overlapping exports still count
        each order once.
    refunds
        The upload's refund lines (the loader's ``refunds``: cancellation invoices, amounts < 0),
        kept so the history gives a period's refunds and net sales as the files do
        (:func:`analytics.store.refund_queries.history_refunds`); a line two overlapping exports
        show counts once.

    Raises
    ------
    ArgumentError
        ``store.repeated_order_ids`` when an order id repeats in ``orders`` (nothing is stored);
        a shop error of :mod:`analytics.store.shops`.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> from analytics.frames import orders_frame
    >>> db = Path(tempfile.mkdtemp()) / "h.sqlite"
    >>> week = orders_frame(customer_id=["a", "b"], order_day=["2025-01-06", "2025-01-07"])
    >>> [r.added for r in ingest_frame(db, week, file_name="w1.csv")]
    [2]
    >>> [(r.added, r.duplicates) for r in ingest_frame(db, week.iloc[:1], file_name="w1-part.csv")]
    [(0, 1)]
    """
    orders = checked_orders(orders, has_order_ids=has_order_ids, file_name=file_name)
    # Every history, the SQLite file included, is written by the one engine writer.
    with open_history(store_location(path), create=True) as engine:
        return ingest_frame_engine(
            engine,
            orders,
            invalid=invalid,
            file_name=file_name,
            shop=shop,
            rows_read=rows_read,
            rows_used=rows_used,
            dropped=dropped,
            refunds=refunds,
        )


def with_upload(
    stored: pd.DataFrame,
    orders: pd.DataFrame,
    *,
    invalid: pd.DataFrame | None = None,
    has_order_ids: bool = True,
) -> pd.DataFrame:
    """Return one shop's stored orders with an upload applied, without storing it.

    The same rules as :func:`ingest_frame`: the upload's version of an order replaces the stored
    one, an order the upload shows as closed, refunded or cancelled leaves, an order it shows as
    unpaid stays paid, and exports without an order id column are matched by content. Use it to
    show figures over the history plus the current upload before (or instead of) keeping it.

    Examples
    --------
    >>> from analytics.frames import orders_frame
    >>> stored = orders_frame(customer_id=["a", "b"], order_day=["2025-01-01", "2025-01-02"], amount=[5, 6])
    >>> new = orders_frame(customer_id=["b"], order_day=["2025-01-02"], amount=[4], order_id=["o2"])
    >>> with_upload(stored, new).amount.tolist()
    [5.0, 4.0]
    """
    current = keyed_orders(orders, has_order_ids)
    closed = state_rows(invalid, current["order_id"])
    leaving = closed.loc[closed["state_rank"] > VALID_RANK, "order_id"]
    replaced = stored["order_id"].isin(current["order_id"]) | stored["order_id"].isin(leaving)
    combined = pd.concat([stored[~replaced], current], ignore_index=True)
    return combined.sort_values(["order_time", "order_id"], kind="stable", ignore_index=True)
