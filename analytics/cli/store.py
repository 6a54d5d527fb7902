"""``python -m analytics store copy --from OLD --to NEW --json``: move a history to another engine.

Output: ``from``, ``to`` (never with a password), ``tables`` (rows copied per table) and ``shops``
(per shop: valid orders, sales, customers), checked equal on both sides before the copy is kept.
"""

from __future__ import annotations

import argparse
from typing import Any

from analytics.cli.options import add_json_option


def add_parser(subparsers: Any) -> None:
    """Register ``store`` and its sub-command ``copy``."""
    p = subparsers.add_parser("store", help="manage a history: copy it to another engine")
    actions = p.add_subparsers(dest="action", required=True, parser_class=type(p))
    copy = actions.add_parser(
        "copy", help="copy a whole history (SQLite file, duckdb:///..., postgresql://...) into an empty one"
    )
    copy.add_argument("--from", dest="source", metavar="PATH|URL", required=True, help="the history to copy")
    copy.add_argument(
        "--to",
        dest="target",
        metavar="PATH|URL",
        required=True,
        help="an empty history to copy into (created when missing; password from PGPASSWORD or secrets.toml)",
    )
    add_json_option(copy)
    copy.set_defaults(func=run)


def run(args: argparse.Namespace) -> dict[str, Any]:
    """Copy the history and return what was copied and checked."""
    from analytics.store.copy import copy_history

    return copy_history(args.source, args.target)
