"""Time scoring 100,000 customers: summary, RFM, segments, BG/NBD fit and predictions.

Generates (seeded) orders of N customers over two years with gamma-distributed purchase rates,
then times, in one run: building the purchase-day log alone (the reference every metric pays),
and the whole scoring. Prints both, the ratio and the 10 s target.

Run: ``.venv/bin/python benchmarks/bench_customers.py [N_CUSTOMERS]``
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analytics.frames import orders_frame  # noqa: E402
from analytics.metrics.customers import customer_summary, fit_bgnbd, rfm_segments  # noqa: E402
from analytics.metrics.purchases import PurchaseLog  # noqa: E402

DAYS = 730
TARGET_SECONDS = 10.0


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


def score(orders: pd.DataFrame) -> pd.DataFrame:
    """Score every customer: RFM segment, P(alive), expected purchases over 12 weeks."""
    summary = customer_summary(orders, time_unit="W")
    segments = rfm_segments(summary)
    fit = fit_bgnbd(summary)
    c = summary.customers
    x, t_x, T = c["frequency"].to_numpy(), c["recency"].to_numpy(), c["T"].to_numpy()
    return segments.customers.assign(
        p_alive=fit.p_alive(x, t_x, T), expected_purchases=fit.expected_purchases(12, x, t_x, T)
    )


def main(customers: int = 100_000) -> None:
    orders = generate(customers)
    started = time.perf_counter()
    PurchaseLog.from_orders(orders)
    reference = time.perf_counter() - started
    started = time.perf_counter()
    scored = score(orders)
    elapsed = time.perf_counter() - started
    print(f"orders: {len(orders):,}  customers scored: {len(scored):,}")
    print(f"purchase-day log alone (reference): {reference:.2f} s")
    print(
        f"scoring (summary, RFM, segments, BG/NBD fit + predictions): {elapsed:.2f} s "
        f"= {elapsed / reference:.1f}x the reference; target < {TARGET_SECONDS:.0f} s: "
        f"{'met' if elapsed < TARGET_SECONDS else 'MISSED'}"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
