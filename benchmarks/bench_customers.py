"""Time scoring 100,000 customers, and the ``customers`` command against ``inspect`` on the UCI file.

1. Generates (seeded) orders of N customers over two years with gamma-distributed purchase rates,
   then times, in one run: building the purchase-day log alone (the reference every metric pays),
   and the whole scoring (:func:`score_customers`: summary, RFM, both fits, the holdout check, the
   model health, the lapse rule and its backtest, the care lists). Prints both, the ratio and the
   10 s target.
2. Runs ``python -m analytics inspect`` and ``python -m analytics customers`` on the bundled UCI
   Online Retail file as whole commands (new processes, imports included), interleaved, best of 3,
   and prints both with the ratio against the 3x target (issue 20).

Run: ``.venv/bin/python benchmarks/bench_customers.py [N_CUSTOMERS] [--skip-cli]``
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analytics.frames import orders_frame  # noqa: E402
from analytics.metrics.customers.scores import score_customers  # noqa: E402
from analytics.metrics.purchases import PurchaseLog  # noqa: E402

DAYS = 730
TARGET_SECONDS = 10.0
UCI = ROOT / "sample_data" / "real" / "online_retail.csv.gz"
TARGET_CLI_RATIO = 3.0


def generate(customers: int, seed: int = 11) -> pd.DataFrame:
    """Return a canonical orders frame: ~3 orders per customer, 5% guest orders."""
    rng = np.random.default_rng(seed)
    rates = rng.gamma(shape=0.6, scale=3.0 / 0.6 / DAYS, size=customers)
    counts = np.maximum(rng.poisson(rates * DAYS), 1)
    owner = np.repeat(np.arange(customers), counts)
    ids = np.char.add("C", np.char.zfill(np.arange(customers).astype(str), 6)).astype(object)
    customer = np.concatenate([ids[owner], np.full(len(owner) // 20, None, dtype=object)])
    day = pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.integers(0, DAYS, len(customer)), unit="D")
    return orders_frame(
        customer_id=customer, order_day=day, amount=np.round(rng.lognormal(3.5, 0.8, len(customer)), 2)
    )


def main(customers: int = 100_000) -> None:
    orders = generate(customers)
    started = time.perf_counter()
    PurchaseLog.from_orders(orders)
    reference = time.perf_counter() - started
    started = time.perf_counter()
    scored = score_customers(orders, time_unit="W")
    elapsed = time.perf_counter() - started
    print(f"orders: {len(orders):,}  customers scored: {len(scored.customers):,}")
    print(f"purchase-day log alone (reference): {reference:.2f} s")
    print(
        f"scoring (summary, RFM, both fits, holdout, model health, lapse rule and backtest, care lists):"
        f" {elapsed:.2f} s = {elapsed / reference:.1f}x the reference; target < {TARGET_SECONDS:.0f} s: "
        f"{'met' if elapsed < TARGET_SECONDS else 'MISSED'}"
    )


def command_seconds(*argv: str) -> float:
    """Return the wall time of ``python -m analytics ARGV --json`` as a new process (output discarded)."""
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "analytics", *argv, "--json"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=False,
    )
    return time.perf_counter() - started


def cli_against_inspect(repeats: int = 3) -> None:
    """Print ``customers`` and ``inspect`` on the UCI file, best of ``repeats`` each, interleaved."""
    inspect, customers = [], []
    for _ in range(repeats):
        inspect.append(command_seconds("inspect", str(UCI)))
        customers.append(command_seconds("customers", str(UCI)))
    ratio = min(customers) / min(inspect)
    print(
        f"inspect on UCI (reference): {min(inspect):.2f} s (runs: {', '.join(f'{t:.2f}' for t in inspect)})"
    )
    print(
        f"customers on UCI: {min(customers):.2f} s (runs: {', '.join(f'{t:.2f}' for t in customers)})"
        f" = {ratio:.1f}x inspect; target <= {TARGET_CLI_RATIO:.0f}x: "
        f"{'met' if ratio <= TARGET_CLI_RATIO else 'MISSED'}"
    )


if __name__ == "__main__":
    numbers = [a for a in sys.argv[1:] if not a.startswith("--")]
    main(int(numbers[0]) if numbers else 100_000)
    if "--skip-cli" not in sys.argv:
        cli_against_inspect()
