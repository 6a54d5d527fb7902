"""Options several commands share: ``--map FIELD=HEADER`` (naming a column by hand) and ``--json``."""

from __future__ import annotations

import argparse

from analytics.errors import ArgumentError, Term
from analytics.schema import FIELDS

# Shown in the error for a mapping written wrongly (a Chinese header, as most exports have).
MAP_EXAMPLE = "amount=实付金额"


def add_map_option(
    parser: argparse.ArgumentParser,
    *,
    flag: str = "--map",
    help: str = "use HEADER of the orders export for canonical FIELD (repeatable)",
) -> None:
    """Register a repeatable ``FIELD=HEADER`` option on ``parser``."""
    parser.add_argument(flag, metavar="FIELD=HEADER", action="append", default=[], help=help)


def add_json_option(parser: argparse.ArgumentParser) -> None:
    """Register ``--json``: print the result as JSON (the contract) instead of ``key: value`` lines."""
    parser.add_argument("--json", action="store_true", help="print JSON")


def parse_overrides(pairs: list[str] | None, *, option: Term | None = None) -> dict[str, str]:
    """Return ``{field: header}`` from ``FIELD=HEADER`` strings.

    Parameters
    ----------
    pairs
        The option's values as typed.
    option
        The option they came from, named in the error (default ``Term("option.map")``).

    Raises
    ------
    ArgumentError
        ``clierr.map_syntax`` when a value is not written as FIELD=HEADER.

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
                "clierr.map_syntax",
                option=option or Term("option.map"),
                value=pair,
                example=MAP_EXAMPLE,
                fields=list(FIELDS),
            )
        overrides[field.strip()] = header.strip()
    return overrides
