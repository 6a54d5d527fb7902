"""Store a loaded order export in the history: the one bridge from ``loading`` to ``store``.

The store takes canonical frames only (it never reads files); the command line, the dashboard and
the tests all hand it a loaded export through :func:`store_orders_load`, so the three cannot
disagree on which counts and ids an upload carries.
"""

from __future__ import annotations

import os

from analytics.loading import OrdersLoad
from analytics.store import IngestResult, ingest_frame


def store_orders_load(
    path: str | os.PathLike | None, load: OrdersLoad, *, shop: str | None = None
) -> list[IngestResult]:
    """Store one loaded export as one upload (per shop); the loader already did the row accounting.

    Parameters
    ----------
    path
        History store file (see :func:`analytics.store.store_path`).
    load
        The export as :func:`analytics.loading.load_orders` returned it: its valid orders, the ids
        of the orders it shows as closed or unpaid, and its row counts.
    shop
        The shop the upload belongs to; None applies the store's shop rule.
    """
    return ingest_frame(
        path,
        load.orders,
        invalid=load.invalid_orders,
        file_name=", ".join(report.file for report in load.files) or "upload",
        shop=shop,
        rows_read=load.rows_read,
        rows_used=load.rows_used,
        dropped=load.dropped,
        has_order_ids=load.has_order_ids,
    )
