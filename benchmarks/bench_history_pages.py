"""Time the dashboard's Overview on a 10M-order history database against the same at 1M orders.

Issue 18's target: with 10 million orders of history in DuckDB (and PostgreSQL), every dashboard
interaction under 1 s and the app process under 1 GB. The Overview on a history URL computes in
the engine (:mod:`analytics.store.pages`, cached by :mod:`ui.history_pages`): the sidebar's facts,
the period's cards and the comparison's, the store ranking, the store index and the monthly series.

For each size, two fresh child processes (so each peak RSS is that process's alone; DuckDB runs
inside it, so its memory is the app's):

- ``queries``: each engine call of the Overview once (the dashboard's cache is not used; the
  whole-history tables :mod:`analytics.store.pages` keeps per history stamp are made by the first
  calls), then a period change; on DuckDB followed by plain DuckDB's time for the period's
  per-customer activity and for a scan of the period (the references, same file, same run);
- ``app``: the real dashboard driven by Streamlit's AppTest (zh): the first visit (cold), a rerun
  with the same choices (the dashboard's cache answers), a period change (last 90 days), a store
  filter (2 of 50 stores), and back to the first choices (cached).

The history (a shortcut, said here): the store's own code creates the history's tables
(``open_engine(create=True)``) and one upload-log row; the generated orders are then inserted by the
engine's SQL straight into the ``orders`` table (``INSERT ... SELECT`` over ``range`` /
``generate_series``), in day order as weekly uploads append them, valid, with the canonical
columns. Ten million rows through the pandas ingest would take most of an hour on this 2-core
machine and time the ingest (``bench_engines.py`` times it), not the pages. The provenance table
(``order_versions``) stays empty: no page query reads it. The tables the writer keeps beside the
orders (:mod:`analytics.store.derived`: day totals, each customer's first and second day) are then
computed from the orders in the same transaction, as migrating a history to schema 5 does (timed).
Data: 50 stores, 3 years, about 3.7 orders per customer, 8% guest orders, amounts with cents.
Everything is written under a temporary folder in /tmp, deleted at the end.

Run: ``.venv/bin/python benchmarks/bench_history_pages.py [--orders 1000000 10000000]
[--engines duckdb postgresql]``
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "store"))

from analytics.metrics.period import Period  # noqa: E402
from analytics.store import derived, pages  # noqa: E402
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


def build(url: str, n: int) -> tuple[float, float]:
    """Create the history at ``url`` with ``n`` generated orders; return the seconds it took.

    Also the seconds of the kept tables' computation from those orders (:func:`derived.rebuild`,
    what migrating an existing history of that size to schema version 5 costs), in the same
    transaction.
    """
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
            # The orders went in outside the writer: the kept tables are computed from them.
            kept_began = time.perf_counter()
            derived.rebuild(engine)
            kept = time.perf_counter() - kept_began
        engine.refresh_statistics(("orders", "uploads", *derived.DERIVED_TABLES))
    return time.perf_counter() - began, kept


def peak_mb() -> float:
    """Return this process's peak RSS in MB (Linux reports kilobytes)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(call: Callable[[], object]) -> float:
    began = time.perf_counter()
    call()
    return time.perf_counter() - began


def reference(url: str, period: Period) -> list[tuple[str, float]]:
    """Return the time of plain DuckDB (its own connection, no app code) on the same history and period.

    The period's per-customer activity with each customer's first and second day over all history
    (the cards' one large query, as one SQL statement), and a scan of the period's orders alone (what
    a period change reads at the least).
    """
    import duckdb

    pages.close_kept()  # the pages' file kept open (pages.KEEP_OPEN_S): the reference opens its own
    location = parse_location(url, default=None)
    con = duckdb.connect(str(location.path), read_only=True)
    con.execute(f"SET memory_limit = '{pages.DUCKDB_MEMORY_LIMIT}'")
    days = [period.start.date(), period.end.date()]
    activity = """WITH period AS (
        SELECT customer_id, COUNT(DISTINCT order_day) AS days, COUNT(*) AS orders, SUM(amount) AS sales
        FROM orders WHERE status = 'valid' AND customer_id IS NOT NULL AND order_day BETWEEN ? AND ?
        GROUP BY customer_id
    ), firsts AS (
        SELECT customer_id, MIN(order_day, 2) AS days FROM (
            SELECT DISTINCT customer_id, order_day FROM orders WHERE status = 'valid'
                AND customer_id IN (SELECT customer_id FROM period)) d GROUP BY customer_id
    )
    SELECT * FROM period JOIN firsts USING (customer_id)"""
    scan = "SELECT COUNT(*), SUM(amount) FROM orders WHERE status = 'valid' AND order_day BETWEEN ? AND ?"
    try:
        return [
            ("ref: plain DuckDB, activity", timed(lambda: con.execute(activity, days).fetchall())),
            ("ref: plain DuckDB, period scan", timed(lambda: con.execute(scan, days).fetchall())),
        ]
    finally:
        con.close()


def queries(url: str) -> list[tuple[str, float]]:
    """Return the time of each engine call the Overview makes (no dashboard cache), last 30 days.

    The first calls find and keep the whole history's tables (first days, months); the period
    changes after them show what a user's next choice costs.
    """
    everything = pages.page_scope(url, SHOP)
    facts = pages.facts_of(everything)
    period = Period(facts.last_day - pd.Timedelta(days=29), facts.last_day)
    other = Period(facts.last_day - pd.Timedelta(days=94), facts.last_day - pd.Timedelta(days=5))
    calls = [
        ("sidebar facts (days, stores)", lambda: pages.facts_of(everything)),
        (
            "cards: period summary",
            lambda: pages.period_summary(everything, period=period, repurchase_days=30),
        ),
        (
            "cards: comparison",
            lambda: pages.period_summary(everything, period=period.previous(), repurchase_days=30),
        ),
        ("store ranking", lambda: pages.ranking_of(everything, period=period)),
        ("store index (6 periods)", lambda: pages.index_of(everything, period=period)),
        ("monthly series (24 months)", lambda: pages.monthly_of(everything, end=period.end, months=24)),
        (
            "period change: cards (90 days)",
            lambda: pages.period_summary(everything, period=other, repurchase_days=30),
        ),
        ("period change: monthly (cut)", lambda: pages.monthly_of(everything, end=other.end, months=24)),
    ]
    out = [(name, timed(call)) for name, call in calls]
    return out + (reference(url, period) if url.startswith("duckdb") else [])


def app_interactions(url: str) -> list[tuple[str, float]]:
    """Return the time of the dashboard's Overview interactions (AppTest, this process, zh)."""
    from streamlit import config
    from streamlit.testing.v1 import AppTest

    # One local user on the loopback address, as `python3 bootstrap.py run` starts the app: the
    # history database named by the operator is theirs (ui.history.shared_history).
    config.set_option("server.address", "localhost")
    os.environ["RCD_HISTORY_URL"] = url
    os.environ["RCD_DATA_DIR"] = tempfile.mkdtemp(prefix="bench_history_pages_data_", dir="/tmp")
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=3600)
    at.query_params["lang"] = "zh"
    out = [("first visit (cold)", timed(at.run))]
    out.append(("rerun (same choices)", timed(at.run)))
    at.selectbox(key="period_preset_zh").set_value("90")
    out.append(("period change: last 90 days", timed(at.run)))
    at.multiselect(key="filter_stores").set_value(["S00", "S01"])
    out.append(("store filter: 2 of 50 stores", timed(at.run)))
    at.multiselect(key="filter_stores").set_value([])
    at.selectbox(key="period_preset_zh").set_value("30")
    out.append(("back to all stores, 30 days", timed(at.run)))
    assert not at.exception, [e.value for e in at.exception]
    assert any("历史数据库" in c.value for c in at.caption), "the Overview did not read the history database"
    shutil.rmtree(os.environ["RCD_DATA_DIR"], ignore_errors=True)
    return out


def measure(url: str, mode: str) -> None:
    """Print one size's timings and this process's peak RSS as JSON (run in a child process)."""
    rows = queries(url) if mode == "queries" else app_interactions(url)
    print(json.dumps({"rows": rows, "peak_mb": peak_mb()}))


def child(args: list[str]) -> dict:
    found = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True, cwd=ROOT)
    if found.returncode != 0:
        raise SystemExit(found.stderr[-3000:])
    return json.loads(found.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--orders", type=int, nargs="+", default=[1_000_000, 10_000_000])
    parser.add_argument("--engines", nargs="+", default=["duckdb"], choices=["duckdb", "postgresql"])
    parser.add_argument("--build", nargs=2, metavar=("URL", "N"), help=argparse.SUPPRESS)
    parser.add_argument("--measure", nargs=2, metavar=("URL", "MODE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.build:
        seconds, kept = build(args.build[0], int(args.build[1]))
        print(json.dumps({"seconds": seconds, "kept": kept}))
        return
    if args.measure:
        measure(*args.measure)
        return
    folder = Path(tempfile.mkdtemp(prefix="bench_history_pages_", dir="/tmp"))
    cluster = None
    try:
        for engine in args.engines:
            for n in args.orders:
                if engine == "duckdb":
                    url = f"duckdb://{folder}/h{n}.duckdb"
                else:
                    from postgres_server import PASSWORD, start_cluster

                    if cluster is None:
                        cluster = start_cluster()
                    os.environ["PGPASSWORD"] = PASSWORD
                    url = f"{cluster.url()}?schema=b_{uuid.uuid4().hex[:8]}"
                label = f"{engine} {n:,} orders"
                built = child(["--build", url, str(n)])
                print(
                    f"{label}: generated by SQL into the store's tables in {built['seconds']:.1f} s "
                    f"(a child process), of which the kept tables {built['kept']:.1f} s "
                    f"(as a migration to schema 5 computes them); load average {os.getloadavg()[0]:.1f}"
                )
                # Each measurement in a fresh process: its peak RSS is the app's alone.
                for mode in ("queries", "app"):
                    found = child(["--measure", url, mode])
                    for name, took in found["rows"]:
                        mark = "" if took < TARGET_S else "  (over 1 s)"
                        print(f"  {label:<24} {mode:<8} {name:<30} {took:8.3f} s{mark}", flush=True)
                    print(
                        f"  {label:<24} {mode:<8} peak RSS of the process: {found['peak_mb']:.0f} MB "
                        f"(target {TARGET_MB:.0f} MB); load average {os.getloadavg()[0]:.1f} (2 cores)",
                        flush=True,
                    )
    finally:
        if cluster is not None:
            cluster.stop()
        shutil.rmtree(folder, ignore_errors=True)
    print(
        f"Targets (issue 18): each interaction under {TARGET_S:.1f} s at 10M orders, "
        f"the app under {TARGET_MB:.0f} MB."
    )


if __name__ == "__main__":
    main()
