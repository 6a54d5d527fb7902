"""Options several commands share: ``--map FIELD=HEADER`` for naming a column by hand."""

from __future__ import annotations

import argparse

from analytics.errors import ArgumentError
from analytics.schema import FIELDS


def add_map_option(
    parser: argparse.ArgumentParser,
    *,
    flag: str = "--map",
    help: str = "use HEADER of the orders export for canonical FIELD (repeatable)",
) -> None:
    """Register a repeatable ``FIELD=HEADER`` option on ``parser``."""
    parser.add_argument(flag, metavar="FIELD=HEADER", action="append", default=[], help=help)


def parse_overrides(pairs: list[str] | None) -> dict[str, str]:
    """Return ``{field: header}`` from ``FIELD=HEADER`` strings.

    Raises
    ------
    ArgumentError
        When an option is not written as FIELD=HEADER.

    Examples
    --------
    >>> parse_overrides(["amount = 实付金额", "order_time=付款时间"])
    {'amount': '实付金额', 'order_time': '付款时间'}
    """
    overrides: dict[str, str] = {}
    for pair in pairs or []:
        field, sep, header = pair.partition("=")
        if not sep or not field.strip() or not header.strip():
            raise ArgumentError(
                f"--map {pair}: write it as FIELD=HEADER, e.g. --map amount=实付金额; "
                f"fields: {', '.join(FIELDS)}"
            )
        overrides[field.strip()] = header.strip()
    return overrides
