"""Store a loaded export or list in the history: the bridges from ``loading`` to ``store``.

The store takes canonical frames only (it never reads files); the command line, the dashboard and
the tests all hand it a loaded export through :func:`store_orders_load`, so the three cannot
disagree on which counts and ids an upload carries. A loaded member or campaign list goes through
:func:`store_list_load` the same way.
"""

from __future__ import annotations

import os

from analytics.loading import CampaignLoad, MembersLoad, OrdersLoad
from analytics.privacy import scrub_text
from analytics.store import IngestResult, ingest_campaign, ingest_frame, ingest_members


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
    orders = load.orders
    if "item" in orders.columns:
        # A product title may carry what a buyer asked to engrave or where to call: the history
        # keeps the title without phone numbers, e-mail addresses or names.
        orders = orders.assign(item=scrub_text(orders["item"]))
    return ingest_frame(
        path,
        orders,
        invalid=load.invalid_orders,
        file_name=", ".join(report.file for report in load.files) or "upload",
        shop=shop,
        rows_read=load.rows_read,
        rows_used=load.rows_used,
        dropped=load.dropped,
        has_order_ids=load.has_order_ids,
        refunds=load.refunds,
    )


def store_list_load(
    path: str | os.PathLike | None, load: MembersLoad | CampaignLoad, *, shop: str | None = None
) -> IngestResult:
    """Store one loaded member or campaign list as one upload, with the loader's row accounting.

    Parameters
    ----------
    path
        History store file (see :func:`analytics.store.store_path`).
    load
        The list as :func:`analytics.loading.load_members` or
        :func:`analytics.loading.load_campaign` returned it; the latest list of its kind wins.
    shop
        The shop the list belongs to (see :func:`analytics.store.lists_shop`); None applies the
        store's shop rule.
    """
    if isinstance(load, MembersLoad):
        ingest, frame = ingest_members, load.members
    else:
        ingest, frame = ingest_campaign, load.campaign
    report = load.report
    return ingest(
        path, frame, file_name=report.file, shop=shop, rows_read=report.rows_read, dropped=report.dropped
    )
