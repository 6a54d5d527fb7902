"""``python -m analytics customers FILE... --json``: customer models, segments and the scored list.

Output (the contract is in docs/cli.md): ``input`` (the files as ``inspect`` reads them), ``as_of``
(the scoring day), the models' parameters (``bgnbd``, ``gamma_gamma``), ``model_holds`` and
``problems`` (model health), ``lapse`` and ``lapse_backtest``, ``holdout``, ``segments``,
``pareto``, the care list counts and the totals of
:meth:`analytics.metrics.customers.scores.CustomerScores.to_dict`. ``--out`` writes one row per
customer (CSV or XLSX). When the data cannot support a model fit the figures that need no model are
still printed (and written), then one ``error:`` line, exit 2; a fitted model that does not hold is
no error (exit 0): ``problems`` says why and P(alive) and forecasts are null.
"""

from __future__ import annotations

import argparse
from typing import Any

from analytics.cli.options import add_json_option, add_map_option, parse_overrides
from analytics.cli.output import write_result
from analytics.errors import ArgumentError, Message

# Columns of --out, in order (reason is rendered in English words).
OUT_COLUMNS: tuple[str, ...] = (
    "customer_id",
    "frequency",
    "recency",
    "T",
    "monetary_value",
    "refunds",
    "sales",
    "p_alive",
    "expected_purchases",
    "expected_value",
    "value_band",
    "usual_gap_days",
    "lapsed",
    "purchase_chance",
    "contact_value",
    "rfm_score",
    "segment",
    "tier",
    "reason",
)


def add_parser(subparsers: Any) -> None:
    """Register ``customers`` and its arguments."""
    p = subparsers.add_parser(
        "customers", help="RFM segments, BG/NBD and Gamma-Gamma models, holdout check and care list"
    )
    p.add_argument("files", nargs="+", metavar="FILE", help="order exports (CSV or Excel)")
    p.add_argument("--members", metavar="F", help="member list (customer id, tier, join date)")
    p.add_argument(
        "--as-of",
        metavar="D",
        help="score as of this day, YYYY-MM-DD: orders after it are ignored (default: the last order day)",
    )
    p.add_argument(
        "--calibration-end",
        metavar="D",
        help="last day the holdout check fits on, YYYY-MM-DD (default: two thirds into the history)",
    )
    p.add_argument(
        "--time-unit", choices=("D", "W", "M"), default="W", help="days, weeks (default) or months"
    )
    p.add_argument(
        "--horizon", metavar="N", type=float, help="forecast length in time units (default about a quarter)"
    )
    p.add_argument("--out", metavar="FILE", help="write one row per customer to FILE (.csv or .xlsx)")
    add_map_option(p)
    add_json_option(p)
    p.set_defaults(func=run)


def _out_table(scores: Any) -> Any:
    """Return the --out rows: one per customer, the reason as an English sentence."""
    from analytics.metrics.customers.care import care_message

    customers = scores.customers.reset_index()
    reasons = [
        "" if reason is None else str(care_message(reason, params))
        for reason, params in zip(customers["reason"], customers["reason_params"], strict=True)
    ]
    table = customers.assign(reason=reasons)
    return table[[c for c in OUT_COLUMNS if c in table.columns]]


def _write_out(path: str, scores: Any) -> None:
    from analytics.exports.tables import csv_bytes, xlsx_bytes
    from analytics.files import write_atomically

    table = _out_table(scores)
    data = csv_bytes(table) if path.lower().endswith(".csv") else xlsx_bytes(table, sheet="customers")
    write_atomically(path, data)


def run(args: argparse.Namespace) -> dict[str, Any]:
    """Load the orders, score the customers, run the holdout check; return the JSON."""
    import pandas as pd

    from analytics.loading import load_members, load_orders
    from analytics.metrics.customers.holdout import holdout_check
    from analytics.metrics.customers.scores import score_customers

    if args.out and not args.out.lower().endswith((".csv", ".xlsx")):
        raise ArgumentError("customers.out_format", file=args.out)
    if args.out:
        from analytics.files import check_writable

        check_writable(args.out)  # a symbolic link or a missing folder fails before the models run
    as_of, calibration_end = _day(args.as_of), _day(args.calibration_end)
    load = load_orders(args.files, overrides=parse_overrides(args.map) or None)
    members = load_members(args.members).members if args.members else None
    scores = score_customers(
        load.orders,
        time_unit=args.time_unit,
        horizon=args.horizon,
        members=members,
        as_of=as_of,
        refunds=load.refunds,
    )
    problems: list[Message] = list(scores.problems)
    holdout, holdout_problem = scores.holdout, scores.holdout_problem
    if calibration_end is not None:
        orders = load.orders
        if as_of is not None:
            orders = orders[orders["order_day"] <= pd.Timestamp(as_of)]
        try:
            holdout = holdout_check(orders, calibration_end=calibration_end, time_unit=args.time_unit)
        except ArgumentError as error:
            holdout, holdout_problem = None, error.message
            # A date the user chose must work.
            if error.message not in problems:
                problems.append(error.message)
    result = {
        "input": load.to_dict(),
        **scores.to_dict(),
        "holdout": None if holdout is None else holdout.to_dict(),
        "holdout_problem": holdout_problem,
    }
    if args.out:
        _write_out(args.out, scores)
        result["out"] = args.out
    if problems:
        # The model-free figures first, then the reason as the one error line (exit 2).
        write_result(result, as_json=args.json)
        raise ArgumentError(problems[0].code, **problems[0].params)
    return result


def _day(value: str | None) -> Any:
    """Return ``value`` as a day, refusing anything that is not ``YYYY-MM-DD``."""
    import pandas as pd

    if value is None:
        return None
    try:
        return pd.Timestamp(value).normalize()
    except ValueError:
        raise ArgumentError("customers.bad_day", value=value) from None
