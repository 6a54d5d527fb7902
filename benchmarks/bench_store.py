"""Time the history store on a year of orders: ingest, re-ingest, weekly ingest, read, delete.

Run: ``.venv/bin/python benchmarks/bench_store.py [--orders N] [--weeks W]``

Builds N orders spread over a year (default 100,000, a busy shop's year), then prints wall and
CPU seconds for: one ingest of the whole year into a new store; the same year again with every
amount edited (every order an update); W weekly uploads of 10-day overlapping slices into another
store; reading the year back as the canonical frame; the calendar strip; deleting an upload.
Target (2-core shared machine): a year-size ingest in a few seconds, a weekly upload well under
a second, reading the year back under a second.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from analytics.frames import orders_frame
from analytics.store import delete_upload, history_orders, ingest_frame, loaded_days


def _year(n: int) -> pd.DataFrame:
    rng = np.random.default_rng(0)
    seconds = np.sort(rng.integers(0, 365 * 86400, n))
    customers = rng.integers(0, max(n // 5, 1), n)
    return orders_frame(
        order_id=[f"T{i}" for i in range(n)],
        customer_id=[None if c % 10 == 0 else f"c{c}" for c in customers],
        order_time=pd.Timestamp("2025-01-01") + pd.to_timedelta(seconds, unit="s"),
        amount=np.round(rng.random(n) * 300, 2),
    )


def _timed(label: str, work: Callable[[], Any]) -> Any:
    wall, cpu = time.perf_counter(), time.process_time()
    result = work()
    print(f"{label:<44} {time.perf_counter() - wall:7.2f} s wall {time.process_time() - cpu:7.2f} s cpu")
    return result


def main() -> None:
    """Print the timings."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=100_000)
    parser.add_argument("--weeks", type=int, default=52)
    args = parser.parse_args()
    year = _year(args.orders)
    with tempfile.TemporaryDirectory() as folder:
        db, weekly_db = Path(folder) / "year.sqlite", Path(folder) / "weekly.sqlite"
        _timed(f"ingest {args.orders:,} orders (new store)", lambda: ingest_frame(db, year, file_name="year"))
        edited = year.assign(amount=year["amount"] + 1)
        _timed(f"re-ingest {args.orders:,} edited orders", lambda: ingest_frame(db, edited, file_name="edit"))
        starts = pd.date_range("2025-01-01", periods=args.weeks, freq="7D")

        def weekly() -> None:
            for n, start in enumerate(starts):
                part = year[
                    (year["order_day"] >= start) & (year["order_day"] < start + pd.Timedelta(days=10))
                ]
                ingest_frame(weekly_db, part, file_name=f"week{n}")

        _timed(f"{args.weeks} overlapping weekly uploads (total)", weekly)
        stored = _timed("read the year back (history_orders)", lambda: history_orders(weekly_db))
        assert len(stored) == len(year[year["order_day"] < starts[-1] + pd.Timedelta(days=10)])
        _timed("calendar strip (loaded_days)", lambda: loaded_days(weekly_db))
        _timed("delete one upload of the year store", lambda: delete_upload(db, 2))
        print(f"store size: {db.stat().st_size / 1e6:.1f} MB for {args.orders:,} orders in 2 versions")


if __name__ == "__main__":
    main()
