"""``python -m analytics summarize FILE... --json``: the period's returning-customer figures.

Output: the input block (as ``inspect`` prints it) merged with
:meth:`analytics.metrics.summary.Summary.to_dict` (the contract is in docs/cli.md).
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from analytics.cli.options import add_json_option, add_map_option, parse_overrides
from analytics.errors import ArgumentError, Message, Term
from analytics.metrics.repeat import DEFAULT_REPURCHASE_DAYS

if TYPE_CHECKING:
    import pandas as pd

    from analytics.loading import OrdersLoad


def add_parser(subparsers: Any) -> None:
    """Register ``summarize`` and its arguments."""
    p = subparsers.add_parser(
        "summarize", help="repeat-purchase, returning-customer and member figures of a period"
    )
    p.add_argument("files", nargs="*", metavar="FILE", help="order exports (CSV or Excel)")
    p.add_argument("--members", metavar="F", help="member list (customer id, tier, join date)")
    p.add_argument("--start", metavar="D", help="first day of the period, YYYY-MM-DD")
    p.add_argument("--end", metavar="D", help="last day of the period, YYYY-MM-DD (default: last order day)")
    p.add_argument(
        "--repurchase-days",
        metavar="N",
        type=int,
        default=DEFAULT_REPURCHASE_DAYS,
        help=f"window N of repurchase_within_days (default {DEFAULT_REPURCHASE_DAYS})",
    )
    p.add_argument(
        "--store",
        metavar="PATH|URL",
        help="history to read orders (and members) from: a SQLite file, duckdb:///path, "
        "postgresql://user@host:port/db or spark://local[2]/path (password from PGPASSWORD or secrets.toml)",
    )
    p.add_argument("--shop", metavar="NAME", help="shop within the store")
    add_map_option(p)
    add_json_option(p)
    p.set_defaults(func=run)


def _with_history(args: argparse.Namespace, load: OrdersLoad | None) -> tuple[pd.DataFrame, dict]:
    """Return the stored orders with the files applied by the ingest rules, and a note of what was used.

    ``analytics.store.with_upload`` is the one place that decides how an upload meets the history
    (an order now closed leaves, a file's version replaces the stored one), so that summarizing
    files with ``--store`` gives what ingesting them first would.
    """
    from analytics.store import history_orders, with_upload
    from analytics.store.connection import store_location

    location = store_location(args.store)
    if not location.is_file:
        # Applying files to a server's history would mean reading it whole: ingest them instead.
        raise ArgumentError("store.files_with_engine", store=location.shown)
    stored = history_orders(args.store, shop=args.shop)
    note = {"path": location.shown, "orders": len(stored)}
    if load is None:
        return stored, note
    merged = with_upload(stored, load.orders, invalid=load.invalid_orders, has_order_ids=load.has_order_ids)
    return merged, note


def _history_only(args: argparse.Namespace) -> dict[str, Any]:
    """Summarize a stored history where it lives: the engine returns small tables, never the orders."""
    from analytics.store.figures import history_summary

    members, source = None, {}
    if args.members:
        from analytics.io import source_name
        from analytics.loading import load_members

        members, source = load_members(args.members).members, {"members_source": source_name(args.members)}
    else:
        from analytics.store.connection import shown_store

        source = {"members_source": Message("clierr.stored_member_list", {"store": shown_store(args.store)})}
    summary, note = history_summary(
        args.store,
        shop=args.shop,
        start=args.start,
        end=args.end,
        repurchase_days=args.repurchase_days,
        members=members,
        stored_members=not args.members,
        **source,
    )
    from dataclasses import replace

    from analytics.metrics.refunds import period_refunds
    from analytics.store.refund_queries import history_refunds

    # The history keeps its uploads' refund lines: the period's refunds and net sales as on the files.
    refunds = history_refunds(args.store, shop=args.shop)
    summary = replace(summary, refund=period_refunds(refunds, summary.period))
    return {"store": note, **summary.to_dict()}


def run(args: argparse.Namespace) -> dict[str, Any]:
    """Load the orders (and members), resolve the period and return the summary JSON."""
    from analytics.metrics.orderbook import Orders, frame_of
    from analytics.metrics.period import resolve_period
    from analytics.metrics.summary import summarize

    if not args.files and not args.store:
        raise ArgumentError("clierr.summarize_needs_input", option=Term("option.store"))
    if args.store and not args.files:
        return _history_only(args)
    overrides = parse_overrides(args.map)
    block: dict[str, Any] = {}
    orders, load = None, None
    if args.files:
        from analytics.loading import load_orders

        load = load_orders(args.files, overrides=overrides or None)
        if args.store:
            block.update(load.to_dict())
        else:
            load.require_orders()
            # One purchase log gives the loaded customers and the figures: a million ids hashed
            # once, by the loader as it read them.
            orders = Orders(load.orders, customers=load.customer_codes)
            block.update(load.to_dict(customers=orders.log.n_customers))
        # The summary's figures are the period's; keep the whole load's under "loaded".
        block["loaded"] = {
            key: block.get(key) for key in ("orders", "customers", "sales", "refunds", "net_sales")
        }
    if args.store:
        orders, block["store"] = _with_history(args, load)
    members, source = None, {}
    if args.members:
        from analytics.io import source_name
        from analytics.loading import load_members

        members, source = load_members(args.members).members, {"members_source": source_name(args.members)}
    elif args.store:
        from analytics.store import history_members

        members = history_members(args.store, shop=args.shop)
        source = {"members_source": Message("clierr.stored_member_list", {"store": str(args.store)})}
    period = resolve_period(frame_of(orders), start=args.start, end=args.end)
    summary = summarize(
        orders,
        period=period,
        members=members,
        repurchase_days=args.repurchase_days,
        # The history store keeps no refund lines: with --store the period's refunds are unknown (null).
        refunds=load.refunds if load is not None and not args.store else None,
        **source,
    )
    return {**block, **summary.to_dict()}
