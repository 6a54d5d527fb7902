"""``python -m analytics uplift FILE... --campaign F --json``: did the campaign work, how much did it bring?

Output: the orders' input block (as ``inspect`` prints it), ``campaign_input`` (the campaign file's
report), then :meth:`analytics.metrics.campaign.ControlledUplift.to_dict` (control, arms, srm, ...)
or, for a list without control group, the directional block; ``coupon`` with ``--coupon``.
"""

from __future__ import annotations

import argparse
import math
from typing import Any

from analytics.cli.options import add_json_option, add_map_option, parse_overrides
from analytics.errors import ArgumentError, Message, Term
from analytics.metrics.campaign import DEFAULT_WINDOW_DAYS

# Fields of the campaign list; --map entries for them go to the campaign file, not the orders.
CAMPAIGN_FIELDS: frozenset[str] = frozenset({"group", "start"})


def add_parser(subparsers: Any) -> None:
    """Register ``uplift`` and its arguments."""
    p = subparsers.add_parser("uplift", help="campaign uplift: treatment vs control, with intervals")
    p.add_argument("files", nargs="+", metavar="FILE", help="order exports (CSV or Excel)")
    p.add_argument("--campaign", metavar="F", help="campaign list: customer id, group, optional start date")
    p.add_argument("--control", metavar="LABEL", help="label of the control group (default: found by name)")
    p.add_argument(
        "--start", metavar="D", help="first day of the campaign window (default: the file's start)"
    )
    p.add_argument(
        "--days",
        metavar="N",
        type=int,
        default=DEFAULT_WINDOW_DAYS,
        help=f"length of the window in days (default {DEFAULT_WINDOW_DAYS})",
    )
    p.add_argument("--cost-per-contact", metavar="X", type=float, help="cost of contacting one customer")
    p.add_argument(
        "--split",
        metavar="A:B...",
        help="intended group split for the sample-ratio check: weights control first then the arms in "
        "label order (50:50, 1:1:2) or LABEL=W pairs (对照组=1:实验组=4); default equal",
    )
    p.add_argument(
        "--coupon",
        metavar="CODE",
        nargs="?",
        const="",
        help="also measure coupon redemptions and redeemers' repeat rate (optionally only CODE[,CODE...])",
    )
    add_map_option(
        p, help="use HEADER for canonical FIELD (repeatable; group and start apply to the campaign file)"
    )
    add_map_option(
        p, flag="--campaign-map", help="use HEADER of the campaign file for FIELD (e.g. customer_id=会员名)"
    )
    add_json_option(p)
    p.set_defaults(func=run)


def parse_split(text: str | None) -> dict[str, float] | list[float] | None:
    """Return the intended split: ``{label: weight}`` from ``A=1:B=1`` or ``[w, ...]`` from ``50:50``.

    Raises
    ------
    ArgumentError
        ``clierr.split_mixed`` (weights and pairs mixed), ``clierr.split_weight`` (a weight that is
        not a positive number), ``clierr.split_too_few`` (fewer than two groups).

    Examples
    --------
    >>> parse_split("50:50"), parse_split("对照组=1,实验组=4")
    ([50.0, 50.0], {'对照组': 1.0, '实验组': 4.0})
    """
    if text is None or not text.strip():
        return None
    parts = [p.strip() for p in text.replace(",", ":").split(":") if p.strip()]
    named = all("=" in p for p in parts)
    if not named and any("=" in p for p in parts):
        raise ArgumentError("clierr.split_mixed", option=Term("option.split"), value=text)
    out: dict[str, float] = {}
    for i, part in enumerate(parts):
        label, _, value = part.rpartition("=") if named else (str(i), "", part)
        try:
            weight = float(value)
        except ValueError:
            weight = math.nan
        if not math.isfinite(weight) or weight <= 0:
            raise ArgumentError("clierr.split_weight", option=Term("option.split"), value=text, weight=value)
        out[label.strip()] = weight
    if len(out) < 2:
        raise ArgumentError("clierr.split_too_few", option=Term("option.split"), value=text)
    return out if named else list(out.values())


def run(args: argparse.Namespace) -> dict[str, Any]:
    """Load orders and the campaign list, and return the uplift JSON."""
    from analytics.io import source_name
    from analytics.loading import load_campaign, load_orders
    from analytics.metrics.campaign import campaign_uplift
    from analytics.metrics.campaign.coupon import coupon_effect

    if args.campaign is None and args.coupon is None:
        raise ArgumentError(
            "clierr.uplift_needs_input", campaign=Term("option.campaign"), coupon=Term("option.coupon")
        )
    overrides = parse_overrides(args.map)
    order_overrides = {k: v for k, v in overrides.items() if k not in CAMPAIGN_FIELDS}
    campaign_overrides = {k: v for k, v in overrides.items() if k in CAMPAIGN_FIELDS}
    campaign_overrides.update(parse_overrides(args.campaign_map, option=Term("option.campaign_map")))
    split = parse_split(args.split)
    load = load_orders(args.files, overrides=order_overrides or None)
    result: dict[str, Any] = dict(load.to_dict())
    if args.campaign is not None:
        campaign = load_campaign(args.campaign, overrides=campaign_overrides or None)
        result["campaign_input"] = campaign.report.to_dict()
        uplift = campaign_uplift(
            load.orders,
            campaign.campaign,
            control=args.control,
            start=args.start,
            days=args.days,
            cost_per_contact=args.cost_per_contact,
            split=split,
            source=source_name(args.campaign),
        )
        block = uplift.to_dict()
        # Rows the campaign loader set aside (duplicates, rows without customer or group) change the
        # groups, so they are repeated among the warnings, not only in campaign_input.
        dropped = [
            Message(
                "clierr.campaign_rows_dropped", {"file": campaign.report.file, "rows": rows, "reason": reason}
            )
            for reason, rows in campaign.report.dropped.items()
            if rows
        ]
        block["warnings"] = [*dropped, *block["warnings"]]
        result.update(block)
    if args.coupon is not None:
        codes = [c for c in args.coupon.split(",") if c.strip()] or None
        result["coupon"] = coupon_effect(load.orders, codes=codes).to_dict()
    return result
