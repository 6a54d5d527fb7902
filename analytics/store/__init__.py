"""History of weekly uploads (a SQLite file, or DuckDB / PostgreSQL / Spark by URL), read back as frames.

A manager uploads this week's export every Monday; "returning customer" and every trend need
the months before. Each upload is stored once in a SQLite file and the figures are computed
over everything stored. The store takes canonical frames only: reading and checking files is
the loader's part, called by the ``ingest`` command and the dashboard before the store.

Semantics (what the figures see)
--------------------------------
- Orders are keyed by ``(shop, order_id)``: an order present in several uploads counts once
  (exports without order ids are keyed by content).
- Every upload's view of an order is kept; states only move forward (unpaid -> paid -> closed),
  so an edited export can close or re-price an order and an older export never reopens it
  (:mod:`analytics.store.versions`).
- An upload whose content is identical to one already stored for the shop changes nothing
  (``skipped``).
- Deleting an upload removes its versions: orders only it supplied leave the figures, orders
  other uploads also supplied stay with what the remaining uploads say.
- The latest member list and the latest campaign list of a shop win.
- A store holds several shops; the shop rule (:mod:`analytics.store.shops`) says which shop an
  upload belongs to and which one a read shows; :data:`ALL_SHOPS` mixes shops on purpose.

Files: ``connection`` (open, WAL, transactions, schema version), ``schema`` (DDL, migrations),
``shops`` (the shop rule), ``orders`` (ingest and preview an upload), ``versions`` (effective
order), ``lists`` (member and campaign lists), ``read`` (history frames), ``uploads`` (list,
delete, calendar, summary), ``values`` (pandas <-> SQLite), ``results`` (:class:`IngestResult`),
``url`` (a path or a URL: which engine), ``engines/`` (DuckDB, PostgreSQL, Spark histories),
``queries`` (the history queries, written once), ``figures`` (the summary computed where the
history lives), ``copy`` (move a history between engines).
"""

from __future__ import annotations

from analytics.store.connection import STORE_ENV, open_store, shown_store, store_location, store_path
from analytics.store.lists import ingest_campaign, ingest_members
from analytics.store.orders import ingest_frame, with_upload
from analytics.store.read import history_campaigns, history_members, history_orders
from analytics.store.results import IngestResult
from analytics.store.shops import (
    ALL_SHOPS,
    DEFAULT_SHOP,
    default_shop,
    list_shops,
    lists_shop,
    orders_of_shop,
    upload_shop,
)
from analytics.store.uploads import delete_upload, history_stamp, list_uploads, loaded_days, store_summary

__all__ = [
    "ALL_SHOPS",
    "DEFAULT_SHOP",
    "STORE_ENV",
    "IngestResult",
    "default_shop",
    "delete_upload",
    "history_campaigns",
    "history_members",
    "history_orders",
    "history_stamp",
    "ingest_campaign",
    "ingest_frame",
    "ingest_members",
    "list_shops",
    "list_uploads",
    "lists_shop",
    "loaded_days",
    "open_store",
    "orders_of_shop",
    "shown_store",
    "store_location",
    "store_path",
    "store_summary",
    "upload_shop",
    "with_upload",
]
