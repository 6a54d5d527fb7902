"""``python -m analytics ingest FILE... [--store PATH] --json``: keep uploads in the history store.

Output: ``store``, ``shops``, ``uploads`` (one entry per stored upload: upload_id, shop, kind,
file_name, added, updated, duplicates, removed, rows_read, rows_used, dropped, skipped) and the
totals ``added``, ``updated``, ``duplicates``, ``removed``, ``rows_read``, ``rows_used``,
``dropped``. ``--delete ID`` removes uploads first (``deleted``); ``--list`` adds ``stored``, the
store's uploads. Every file is read and checked before anything is written.
"""

from __future__ import annotations

import argparse
from typing import Any

from analytics.cli.options import add_json_option, add_map_option, parse_overrides
from analytics.errors import ArgumentError, Term
from analytics.store import (
    ALL_SHOPS,
    STORE_ENV,
    IngestResult,
    delete_upload,
    list_shops,
    list_uploads,
    lists_shop,
)
from analytics.store.connection import shown_store

_COUNTS = ("added", "updated", "duplicates", "removed", "rows_read", "rows_used")


def add_parser(subparsers: Any) -> None:
    """Register ``ingest`` and its arguments."""
    p = subparsers.add_parser(
        "ingest", help="add order exports (and member/campaign lists) to the history store, deduplicated"
    )
    p.add_argument("files", nargs="*", metavar="FILE", help="order exports (CSV or Excel), one upload each")
    p.add_argument(
        "--store",
        metavar="PATH|URL",
        help="history: a SQLite file, duckdb:///path, postgresql://user@host:port/db or "
        f"spark://local[2]/path (default: ${STORE_ENV}, else $RCD_HISTORY_URL, else [connections.history] "
        "of .streamlit/secrets.toml, else data/history.sqlite; passwords from PGPASSWORD or secrets.toml, "
        "never on the command line)",
    )
    p.add_argument(
        "--shop",
        metavar="NAME",
        help="shop the uploads belong to (default: the export's store column, else the store's only shop, "
        "else 'default')",
    )
    p.add_argument("--members", metavar="F", help="member list to store (the latest list wins)")
    p.add_argument("--campaign", metavar="F", help="campaign list to store (the latest list wins)")
    add_map_option(p)
    p.add_argument("--sheet", metavar="NAME", help="sheet of the Excel order exports")
    p.add_argument(
        "--delete", metavar="ID", type=int, action="append", default=[], help="delete upload ID (repeatable)"
    )
    p.add_argument("--list", action="store_true", help="also list the stored uploads")
    add_json_option(p)
    p.set_defaults(func=run)


def _totals(results: list[IngestResult]) -> dict[str, Any]:
    totals: dict[str, Any] = {name: sum(getattr(r, name) for r in results) for name in _COUNTS}
    dropped: dict[str, int] = {}
    for result in results:
        for reason, rows in result.dropped.items():
            dropped[reason] = dropped.get(reason, 0) + rows
    totals["dropped"] = dropped
    return totals


def _stored(store: str | None, shop: str | None) -> list[dict[str, Any]]:
    uploads = list_uploads(store, shop=shop or ALL_SHOPS)
    for name in ("first_day", "last_day"):
        uploads[name] = uploads[name].dt.strftime("%Y-%m-%d")
    return uploads.astype(object).where(uploads.notna(), None).to_dict(orient="records")


def run(args: argparse.Namespace) -> dict[str, Any]:
    """Read every file, then store each as one upload; return what changed."""
    if not (args.files or args.members or args.campaign or args.delete or args.list):
        raise ArgumentError(
            "clierr.ingest_needs_input",
            options=[
                Term("option.members"),
                Term("option.campaign"),
                Term("option.delete"),
                Term("option.list"),
            ],
        )
    from analytics.ingest import store_list_load, store_orders_load
    from analytics.loading import load_campaign, load_members, load_orders

    overrides = parse_overrides(args.map) or None
    # Read and check everything first, so a bad file stores nothing.
    orders = [load_orders([f], overrides=overrides, sheet=args.sheet) for f in args.files]
    lists = [read(f) for read, f in ((load_members, args.members), (load_campaign, args.campaign)) if f]

    deleted = [delete_upload(args.store, upload_id) for upload_id in args.delete]
    results: list[IngestResult] = []
    for load in orders:
        results += store_orders_load(args.store, load, shop=args.shop)
    list_shop = lists_shop(args.shop, [r.shop for r in results])
    results += [store_list_load(args.store, loaded, shop=list_shop) for loaded in lists]

    out: dict[str, Any] = {"store": shown_store(args.store), "shops": list_shops(args.store)}
    if deleted:
        out["deleted"] = deleted
    out["uploads"] = [r.to_dict() for r in results]
    out.update(_totals([r for r in results if r.kind == "orders"]))
    if args.list:
        out["stored"] = _stored(args.store, args.shop)
    return out
