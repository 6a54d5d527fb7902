"""``python -m analytics report FILE... --out report.pdf|report.xlsx|charts.zip``: the meeting pack.

Reads the exports (or the history store, so a Monday cron job needs no file), and writes the
report :func:`analytics.report.build_report` makes, the same file the dashboard's Report page
gives. The output's extension chooses the format; the file is written whole or not at all.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from analytics.cli.options import add_json_option, add_map_option, parse_overrides
from analytics.errors import ArgumentError, InputError, Term


def add_parser(subparsers: Any) -> None:
    """Register ``report`` and its arguments."""
    from analytics.report import COMPARISONS, LANGUAGES

    p = subparsers.add_parser("report", help="the meeting report as PDF, XLSX or a zip of chart PNGs")
    p.add_argument("files", nargs="*", metavar="FILE", help="order exports (CSV or Excel)")
    p.add_argument("--members", metavar="F", help="member list (customer id, tier, join date)")
    p.add_argument("--campaign", metavar="F", help="campaign list (customer id, group, start): adds its page")
    p.add_argument(
        "--peers",
        metavar="F",
        help="peer figures (生意参谋 同行 export or metric,value[,window] table): adds the industry position",
    )
    p.add_argument("--store", metavar="PATH", help="history store to read orders (and members) from")
    p.add_argument("--shop", metavar="NAME", help="shop within the store; also the name on every page")
    p.add_argument("--start", metavar="D", help="first day of the period, YYYY-MM-DD (default: 30 days)")
    p.add_argument("--end", metavar="D", help="last day of the period, YYYY-MM-DD (default: last order day)")
    p.add_argument(
        "--compare", choices=COMPARISONS, default="previous", help="comparison period (default previous)"
    )
    p.add_argument("--lang", choices=LANGUAGES, default="zh", help="language of the report (default zh)")
    p.add_argument(
        "--currency", metavar="CODE", help="ISO currency of the amounts (default: CNY for Chinese exports)"
    )
    p.add_argument("--out", metavar="F", required=True, help="output file: .pdf, .xlsx, or .zip (chart PNGs)")
    add_map_option(p)
    add_json_option(p)
    p.set_defaults(func=run)


def _shop(args: argparse.Namespace, orders: Any, files: list[str]) -> str:
    if args.shop:
        return args.shop
    if "store" in orders.columns:
        stores = orders["store"].dropna().astype(str).unique()
        if len(stores) == 1:
            return str(stores[0])
    return ""  # several stores or none named: the pack says "all stores", as the dashboard does


def _peers(path: str) -> tuple[Any, dict[str, Any]]:
    """Read the peer figures as the dashboard's peer table does; return them and what was read.

    Rows that cannot be used are left out, each with its message (``problems``), as the dashboard
    lists them under its table. A file without one usable figure is refused: a report that silently
    lacks the section the option asked for would be a wrong answer.

    Raises
    ------
    InputError
        ``clierr.peers_none`` when no row of the file gives a peer figure (``metrics.peer_columns``
        when it has fewer than two columns).
    """
    from analytics.io import read_table, source_name
    from analytics.metrics.peers import read_peer_frame

    raw = read_table(path)
    name = source_name(path)
    table = read_peer_frame(raw.frame, file=name, row_numbers=raw.row_numbers.tolist())
    if not table.figures:
        raise InputError("clierr.peers_none", file=name)
    return table.figures, {
        "file": name,
        "figures": len(table.figures.figures),
        "problems": list(table.problems),
    }


def run(args: argparse.Namespace) -> dict[str, Any]:
    """Load the inputs, build the report and write it to ``--out``; return what was written."""
    from analytics.metrics.currency import guess_currency
    from analytics.metrics.period import resolve_period
    from analytics.report import (
        ReportInputs,
        RowAccounting,
        build_report,
        check_writable,
        format_for,
        write_atomically,
    )

    out = Path(args.out)
    # Both checked first: a wrong --out should fail in a second, not after the charts are drawn.
    fmt = format_for(out)
    check_writable(out)
    if not args.files and not args.store:
        raise ArgumentError("report.needs_input", option=Term("option.store"))
    overrides = parse_overrides(args.map)
    orders, accounting, headers = None, None, []
    if args.files:
        from analytics.loading import load_orders

        load = load_orders(args.files, overrides=overrides or None)
        orders = load.orders
        accounting = RowAccounting(load.rows_read, load.rows_used, dict(load.dropped))
        headers = [str(h) for f in load.files for h in (getattr(f, "mapping", None) or {}).values() if h]
    if args.store:
        from analytics.store import history_orders, with_upload

        stored = history_orders(args.store, shop=args.shop)
        orders = (
            stored
            if orders is None
            else with_upload(stored, orders, invalid=load.invalid_orders, has_order_ids=load.has_order_ids)
        )
    members, members_source = None, "members"
    if args.members:
        from analytics.io import source_name
        from analytics.loading import load_members

        members, members_source = load_members(args.members).members, source_name(args.members)
    elif args.store:
        from analytics.store import history_members

        members = history_members(args.store, shop=args.shop)
    campaign, campaign_source = None, "campaign"
    if args.campaign:
        from analytics.io import source_name
        from analytics.loading import load_campaign

        campaign, campaign_source = load_campaign(args.campaign).campaign, source_name(args.campaign)
    peers, peers_read = (None, None) if not args.peers else _peers(args.peers)
    shop = _shop(args, orders, args.files)
    inputs = ReportInputs(
        orders=orders,
        shop=shop,
        currency=args.currency or guess_currency(orders, headers=headers, shops=[shop]),
        members=members,
        campaign=campaign,
        campaign_source=campaign_source,
        members_source=members_source,
        accounting=accounting,
        peers=peers,
        # The history store keeps no refund lines: with --store the refunds are unknown (not shown).
        refunds=load.refunds if args.files and not args.store else None,
    )
    period = resolve_period(orders, start=args.start, end=args.end)
    data = build_report(inputs, period=period, compare=args.compare, lang=args.lang, fmt=fmt)
    write_atomically(out, data)
    return {
        "out": str(out),
        "format": fmt,
        "bytes": len(data),
        "lang": args.lang,
        "shop": shop or None,  # None: several stores, or none named
        "period": period.to_dict(),
        "compare": args.compare,
        **({} if peers_read is None else {"peers": peers_read}),
    }
