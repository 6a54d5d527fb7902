"""``inspect FILE... [--map FIELD=HEADER ...] [--sheet NAME] --json``: how exports were read and counted."""

from __future__ import annotations

import argparse
from typing import Any

from analytics.cli.options import add_json_option, add_map_option, parse_overrides


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Register the ``inspect`` command."""
    p = subparsers.add_parser("inspect", help="show how order exports are read, mapped and counted")
    p.add_argument("files", nargs="+", metavar="FILE", help="order exports (CSV, XLSX, XLS)")
    add_map_option(p, help="use HEADER for the canonical FIELD (repeatable), e.g. --map order_time=付款时间")
    p.add_argument("--sheet", help="Excel sheet to read (default: the sheet that looks like orders)")
    add_json_option(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> dict[str, Any]:
    """Load the files and return the ``inspect`` block of the CLI contract."""
    from analytics.loading import load_orders

    load = load_orders(args.files, overrides=parse_overrides(args.map), sheet=args.sheet)
    return load.to_dict()
