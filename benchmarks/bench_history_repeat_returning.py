"""Time the Repeat, Returning, Members and Tiers pages' engine calls on a generated DuckDB history.

Issue 18: with a history in DuckDB every dashboard interaction under 1 s and the app under 1 GB.
These pages compute in the engine (:mod:`analytics.store.page_repeat`, ``page_returning``,
``page_members``, the cohort grid of :mod:`analytics.store.pages`). Each engine call is timed
once (no dashboard cache), in a child process per size (its peak RSS is its own, DuckDB's
included). The reference, in the same run: the same figures by the files' metric functions on the
same orders held in memory (``--files``; read back once, not timed, the purchase log built by the
first call as a page's first visit builds it).

The history is generated as :mod:`benchmarks.bench_history_pages` builds it (50 stores, 3 years,
8% guest orders), with a member list of every fifth customer in three tiers sent to the engine
as the Members and Tiers pages send it.

Run: ``.venv/bin/python benchmarks/bench_history_repeat_returning.py [--orders 1000000 10000000]
[--files]``
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_history_pages import SHOP, build, timed  # noqa: E402

from analytics.metrics.period import Period  # noqa: E402
from analytics.store import page_members, page_repeat, page_returning, pages  # noqa: E402

N_DAYS = (7, 14, 30, 60, 90)


def peak_mb() -> float:
    """Return this process's own peak RSS in MB (``VmHWM``).

    Not ``getrusage``'s ``ru_maxrss``: Linux carries it over a fork and exec, so a child started by
    the parent that built a 10M-order history (about 2 GB in DuckDB) would report the parent's peak.
    """
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM in /proc/self/status")


def _members(url: str) -> pd.DataFrame:
    """Return the member list written by :func:`_write_members` beside the history."""
    return pd.read_parquet(_members_path(url))


def _members_path(url: str) -> Path:
    return Path(url.removeprefix("duckdb://") + ".members.parquet")


def _write_members(url: str) -> None:
    """Write a member list of every fifth customer of the history, in three tiers, beside it.

    Made in the parent process: reading 2.7M distinct ids (at 10M orders) is the benchmark's
    own cost, not a page's, and would set the measured process's peak.
    """
    with pages.open_pages(pages.page_scope(url, SHOP)) as engine:
        ids = engine.frame(
            "SELECT DISTINCT customer_id FROM orders WHERE customer_id IS NOT NULL ORDER BY customer_id"
        )["customer_id"].iloc[::5]
    tiers = ["silver", "gold", "platinum"]
    pd.DataFrame(
        {
            "customer_id": ids.astype("str").to_numpy(),
            "tier": pd.Categorical([tiers[k % 3] for k in range(len(ids))], categories=tiers, ordered=True),
        }
    ).to_parquet(_members_path(url))


def engine_calls(url: str) -> list[tuple[str, float]]:
    """Return the time of each engine call of the four pages (last 30 days, then a 90-day period)."""
    where = pages.page_scope(url, SHOP)
    facts = pages.facts_of(where)
    first, last = facts.first_day, facts.last_day
    period = Period(last - pd.Timedelta(days=29), last)
    cohort = Period(last - pd.Timedelta(days=59), last - pd.Timedelta(days=30))
    members = _members(url)
    calls = [
        (
            "repeat: 12 windows of 30 days",
            lambda: page_repeat.rate_windows_of(where, end=last, windows=12, days=30),
        ),
        (
            "repeat: cohort repurchase, 5 N",
            lambda: page_repeat.cohort_repurchase_of(where, cohort=cohort, days=N_DAYS, last_day=last),
        ),
        ("repeat: gap distribution", lambda: page_repeat.gaps_of(where)),
        ("repeat: cohort grid", lambda: pages.cohorts_of(where)),
        ("repeat: cohort grid, cumulative", lambda: pages.cohorts_of(where, cumulative=True)),
        (
            "returning: trend by day (30 days)",
            lambda: page_returning.returning_trend_of(where, start=period.start, end=period.end, freq="D"),
        ),
        (
            "returning: trend by week (90 days)",
            lambda: page_returning.returning_trend_of(
                where, start=last - pd.Timedelta(days=89), end=last, freq="W"
            ),
        ),
        (
            "returning: new/returning, 12 months",
            lambda: page_returning.monthly_counts_of(where, data_start=first, data_last=last, end=last),
        ),
        (
            "returning: new/returning, end 40 days back",  # the whole months kept: one cut month read
            lambda: page_returning.monthly_counts_of(
                where, data_start=first, data_last=last, end=last - pd.Timedelta(days=40)
            ),
        ),
        (
            "members: 10-day trend",
            lambda: page_members.member_trend_of_page(
                where, end=last, days=10, data_first=first, members=members, members_source="members"
            ),
        ),
        (
            "tiers: gaps per tier",
            lambda: page_members.tier_gaps_of(where, members=members, members_source="members"),
        ),
    ]
    # Each call's time and the process's peak RSS after it (MB): where the memory goes.
    return [(name, timed(call), peak_mb()) for name, call in calls]


def files_calls(url: str) -> list[tuple[str, float]]:
    """Return the time of the same figures by the files' metric functions on the orders in memory."""
    from analytics.metrics.cohorts import cohort_retention
    from analytics.metrics.customer_counts import new_and_returning_by_month
    from analytics.metrics.intervals import purchase_intervals
    from analytics.metrics.member_trend import member_daily_trend
    from analytics.metrics.orderbook import Orders
    from analytics.metrics.repeat import repeat_rate_windows, repurchase_within_days
    from analytics.metrics.trends import trend
    from analytics.store import history_orders

    members = _members(url)
    book = Orders(history_orders(url, shop=SHOP))
    orders = book.frame
    last = orders["order_day"].max()
    period = Period(last - pd.Timedelta(days=29), last)
    cohort = Period(last - pd.Timedelta(days=59), last - pd.Timedelta(days=30))
    calls = [
        ("repeat: 12 windows of 30 days", lambda: repeat_rate_windows(book, end=last, windows=12, days=30)),
        (
            "repeat: cohort repurchase, 5 N",
            lambda: [repurchase_within_days(book, period=cohort, days=n) for n in N_DAYS],
        ),
        ("repeat: gap distribution", lambda: purchase_intervals(book)),
        ("repeat: cohort grid", lambda: cohort_retention(book)),
        ("repeat: cohort grid, cumulative", lambda: cohort_retention(book, cumulative=True)),
        (
            "returning: trend by day (30 days)",
            lambda: trend(book, start=period.start, end=period.end, freq="D"),
        ),
        (
            "returning: trend by week (90 days)",
            lambda: trend(book, start=last - pd.Timedelta(days=89), end=last, freq="W"),
        ),
        ("returning: new/returning, 12 months", lambda: new_and_returning_by_month(book, end=last)),
        (
            "returning: new/returning, end 40 days back",
            lambda: new_and_returning_by_month(book, end=last - pd.Timedelta(days=40)),
        ),
        ("members: 10-day trend", lambda: member_daily_trend(orders, end=last, days=10, members=members)),
        ("tiers: gaps per tier", lambda: purchase_intervals(book, members=members)),
    ]
    return [(name, timed(call)) for name, call in calls]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--orders", type=int, nargs="+", default=[1_000_000])
    parser.add_argument("--files", action="store_true", help="also time the files' metric functions")
    parser.add_argument("--measure", nargs=2, help=argparse.SUPPRESS)  # child: URL, engine|files
    args = parser.parse_args()
    if args.measure:
        url, mode = args.measure
        rows = engine_calls(url) if mode == "engine" else files_calls(url)
        print(json.dumps({"rows": rows, "peak_mb": peak_mb()}))
        return
    folder = Path(tempfile.mkdtemp(prefix="bench_repeat_returning_", dir="/tmp"))
    try:
        for n in args.orders:
            url = f"duckdb://{folder}/h{n}.duckdb"
            seconds, _ = build(url, n)
            _write_members(url)
            print(f"\n{n:,} orders in DuckDB (built in {seconds:.1f} s)")
            found = {}
            for mode in ("engine", "files") if args.files else ("engine",):
                done = subprocess.run(
                    [sys.executable, __file__, "--measure", url, mode],
                    capture_output=True,
                    text=True,
                    cwd=ROOT,
                )
                if done.returncode != 0:
                    raise SystemExit(done.stderr[-3000:])
                found[mode] = json.loads(done.stdout.strip().splitlines()[-1])
            reference = dict(found["files"]["rows"]) if "files" in found else {}
            for name, seconds, peak in found["engine"]["rows"]:
                ref = reference.get(name)
                tail = f"   files {ref * 1000:8.0f} ms  ratio {seconds / ref:5.2f}x" if ref else ""
                print(f"  {name:42s} engine {seconds * 1000:8.0f} ms (peak {peak:5.0f} MB){tail}")
            print(f"  peak RSS: engine process {found['engine']['peak_mb']:.0f} MB", end="")
            print(f", files process {found['files']['peak_mb']:.0f} MB" if "files" in found else "")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
