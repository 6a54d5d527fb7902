"""Time the dashboard's Overview on a 10M-order history database against the same at 1M orders.

Issue 18's target: with 10 million orders of history in DuckDB (and PostgreSQL), every dashboard
interaction under 1 s and the app process under 1 GB. The Overview on a history URL computes in
the engine (:mod:`analytics.store.pages`): the sidebar's facts (days, stores), the period's cards,
the monthly series, the store ranking and the store index. Each is timed here as the page calls it
(the functions :mod:`ui.history` caches per history, stamp, shop, filter and period): its first
call (cold: nothing cached), the same call again (the engine's own caches warm; the dashboard's
cache then answers in microseconds), a period change and a store filter change. The peak RSS of
this process (the app's: DuckDB runs inside it) is printed after each size.

The history (shortcut, said here and in the output): the store's own ingest creates the history
and its upload log from a small seed upload (``ingest_frame``); the generated orders are then
inserted by the engine's SQL straight into the ``orders`` table (``INSERT ... SELECT`` over
``range``/``generate_series``), in that shop, valid, with the canonical columns. Ten million rows
through the pandas ingest would take most of an hour on a 2-core machine and time the ingest (issue
18 times it in ``bench_engines.py``), not the pages. The provenance table (``order_versions``)
stays empty: no page query reads it. Data: 50 stores, 3 years, about 3.7 orders per customer, 8%
guest orders, amounts with cents. Everything is written under a temporary folder, deleted at the end.

Run: ``.venv/bin/python benchmarks/bench_history_pages.py [--orders 1000000 10000000]
[--engines duckdb postgresql]``
"""

from __future__ import annotations

import argparse
import resource
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "store"))

from analytics.metrics.period import Period  # noqa: E402
from analytics.store import pages  # noqa: E402
from analytics.store.engines import open_engine  # noqa: E402
from analytics.store.url import parse_location  # noqa: E402

SHOP = "bench"
STORES = 50
DAYS = 3 * 365
FIRST_DAY = "2022-01-01"
ORDERS_PER_CUSTOMER = 3.7
TARGET_S = 1.0
TARGET_MB = 1024.0


def generate_sql(n: int, *, dialect: str) -> str:
    """Return the INSERT of ``n`` generated orders (seeded by the row number: the same rows every run).

    Customer ``k`` of ``n / 3.7`` customers; about 8% of orders are guests; a day in the 3 years
    skewed to recent days (more orders later, as a growing chain); one of 50 stores per order,
    a channel, an amount from 5.00 to 404.99. Rows are inserted in day order, as weekly uploads
    append them (an engine's zone maps then skip the days outside a period).
    """
    customers = int(n / ORDERS_PER_CUSTOMER)
    # A cheap deterministic hash of the row number (both engines do 64-bit integer arithmetic).
    h = "((i * 2654435761) % 4294967291)"
    div = "//" if dialect == "duckdb" else "/"  # integer division (DuckDB's / divides as decimals)
    series = "range(1, {n} + 1) t(i)" if dialect == "duckdb" else "generate_series(1, {n}) AS t(i)"
    return f"""INSERT INTO orders (shop, order_id, upload_id, status, reason, state_rank, customer_id,
        order_time, order_day, amount, store, channel)
    SELECT '{SHOP}', 'g' || CAST(i AS VARCHAR), 1, 'valid', NULL, 0,
        CASE WHEN {h} % 100 < 8 THEN NULL ELSE 'c' || CAST(({h} {div} 7) % {customers} AS VARCHAR) END,
        CAST(DATE '{FIRST_DAY}' + CAST(FLOOR({DAYS} * SQRT(({h} % 100003) / 100003.0)) AS INTEGER)
            AS TIMESTAMP),
        DATE '{FIRST_DAY}' + CAST(FLOOR({DAYS} * SQRT(({h} % 100003) / 100003.0)) AS INTEGER),
        5 + ({h} % 40000) / 100.0,
        'S' || LPAD(CAST(({h} {div} 13) % {STORES} AS VARCHAR), 2, '0'),
        CASE WHEN {h} % 3 = 0 THEN 'web' ELSE 'shop' END
    FROM {series.format(n=n)}
    ORDER BY 9"""


def build(url: str, n: int) -> float:
    """Create the history at ``url`` with ``n`` generated orders; return the seconds it took."""
    began = time.perf_counter()
    location = parse_location(url, default=None)
    with open_engine(location, create=True) as engine:  # the store's own tables (and indexes)
        with engine.transaction():
            # One upload in the upload log, as the ingest records it: the shop list comes from there.
            engine.execute(
                "INSERT INTO uploads (upload_id, shop, kind, file_name, uploaded_at, rows_read, rows_used, "
                "first_day, last_day, added) VALUES (1, ?, 'orders', 'generated.csv', ?, ?, ?, ?, ?, ?)",
                (SHOP, "2026-12-07T00:00:00Z", n, n, FIRST_DAY, None, n),
            )
            engine.execute(generate_sql(n, dialect=engine.kind), native=True)
        engine.refresh_statistics(("orders", "uploads"))
    return time.perf_counter() - began


def peak_mb() -> float:
    """Return this process's peak RSS in MB (Linux reports kilobytes)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(call: Callable[[], object]) -> float:
    began = time.perf_counter()
    call()
    return time.perf_counter() - began


def interactions(url: str) -> list[tuple[str, Callable[[], object]]]:
    """Return the Overview's engine calls as a visit makes them, then a period and a filter change."""
    everything = pages.page_scope(url, SHOP)
    facts = pages.facts_of(everything)
    last = facts.last_day
    period = Period(last - pd.Timedelta(days=29), last)
    before = period.previous()
    quarter = Period(last - pd.Timedelta(days=89), last)
    two = pages.page_scope(url, SHOP, stores=facts.stores[:2])

    def overview(where, p: Period) -> Callable[[], object]:
        def run() -> None:
            pages.period_summary(where, period=p, repurchase_days=30)
            pages.period_summary(where, period=p.previous(), repurchase_days=30)
            pages.ranking_of(where, period=p)
            pages.index_of(where, period=p)
            pages.monthly_of(where, end=p.end, months=24)

        return run

    return [
        ("sidebar facts (days, stores)", lambda: pages.facts_of(everything)),
        (
            "cards: period summary",
            lambda: pages.period_summary(everything, period=period, repurchase_days=30),
        ),
        (
            "cards: comparison summary",
            lambda: pages.period_summary(everything, period=before, repurchase_days=30),
        ),
        ("store ranking", lambda: pages.ranking_of(everything, period=period)),
        ("store index (6 periods)", lambda: pages.index_of(everything, period=period)),
        ("monthly series (24 months)", lambda: pages.monthly_of(everything, end=period.end, months=24)),
        ("whole Overview, last 30 days", overview(everything, period)),
        ("period change: last 90 days", overview(everything, quarter)),
        ("store filter: 2 of 50 stores", overview(two, period)),
    ]


def measure(url: str, label: str) -> list[tuple[str, float, float]]:
    rows = []
    for name, call in interactions(url):
        first = timed(call)
        again = timed(call)
        rows.append((name, first, again))
        print(f"  {label:<22} {name:<32} first {first:7.3f} s   again {again:7.3f} s", flush=True)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--orders", type=int, nargs="+", default=[1_000_000, 10_000_000])
    parser.add_argument("--engines", nargs="+", default=["duckdb"], choices=["duckdb", "postgresql"])
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench_history_pages_", dir="/tmp"))
    cluster = None
    results: dict[tuple[str, int], list[tuple[str, float, float]]] = {}
    try:
        for engine in args.engines:
            for n in args.orders:
                if engine == "duckdb":
                    url = f"duckdb://{folder}/h{n}.duckdb"
                else:
                    import os
                    import uuid

                    from postgres_server import PASSWORD, start_cluster

                    if cluster is None:
                        cluster = start_cluster()
                    os.environ["PGPASSWORD"] = PASSWORD
                    url = f"{cluster.url()}?schema=b_{uuid.uuid4().hex[:8]}"
                seconds = build(url, n)
                label = f"{engine} {n:,}"
                print(f"{label}: generated by SQL into the store's tables in {seconds:.1f} s", flush=True)
                results[(engine, n)] = measure(url, label)
                print(f"  peak RSS of this (the app's) process so far: {peak_mb():.0f} MB", flush=True)
    finally:
        if cluster is not None:
            cluster.stop()
        shutil.rmtree(folder, ignore_errors=True)
    print(
        f"\nTargets: each interaction under {TARGET_S:.1f} s at 10M orders, the app under {TARGET_MB:.0f} MB."
    )
    for (engine, n), rows in results.items():
        worst_first = max(r[1] for r in rows[-3:])
        worst_again = max(r[2] for r in rows[-3:])
        print(
            f"{engine} {n:>12,}: whole Overview first {worst_first:.2f} s (worst of visit/period/filter), "
            f"again {worst_again:.2f} s (the dashboard's cache answers repeats without the engine)"
        )
    print(f"peak RSS {peak_mb():.0f} MB (target {TARGET_MB:.0f} MB)")


if __name__ == "__main__":
    main()
