"""``inspect FILE... [--map FIELD=HEADER ...] [--sheet NAME] --json``: how exports were read and counted."""

from __future__ import annotations

import argparse
from typing import Any

from analytics.errors import ArgumentError
from analytics.loading import load_orders
from analytics.schema import FIELDS


def parse_map_options(items: list[str] | None) -> dict[str, str]:
    """Turn ``--map FIELD=HEADER`` options into ``{field: header}``.

    Raises
    ------
    ArgumentError
        When an option is not written as FIELD=HEADER.
    """
    overrides: dict[str, str] = {}
    for item in items or []:
        field, sep, header = item.partition("=")
        if not sep or not field.strip() or not header.strip():
            raise ArgumentError(
                f"--map {item}: write it as FIELD=HEADER, e.g. --map amount=实付金额; "
                f"fields: {', '.join(FIELDS)}"
            )
        overrides[field.strip()] = header.strip()
    return overrides


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Register the ``inspect`` command."""
    p = subparsers.add_parser("inspect", help="show how order exports are read, mapped and counted")
    p.add_argument("files", nargs="+", metavar="FILE", help="order exports (CSV, XLSX, XLS)")
    p.add_argument(
        "--map",
        action="append",
        metavar="FIELD=HEADER",
        help="use HEADER for the canonical FIELD (repeatable), e.g. --map order_time=付款时间",
    )
    p.add_argument("--sheet", help="Excel sheet to read (default: the sheet that looks like orders)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> dict[str, Any]:
    """Load the files and return the ``inspect`` block of the CLI contract."""
    load = load_orders(args.files, overrides=parse_map_options(args.map), sheet=args.sheet)
    return load.to_dict()
