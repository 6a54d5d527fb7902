"""The scoring's progress: each stage reported once, in order, from the caller's thread."""

from __future__ import annotations

import threading

import numpy as np
import pandas as pd

from analytics.frames import orders_frame
from analytics.metrics.customers.scores import score_customers


def _orders() -> pd.DataFrame:
    # 40 customers over 120 days, most buying every 9-15 days: both models can be fitted.
    rng = np.random.default_rng(3)
    ids, days = [], []
    for customer in range(40):
        day = int(rng.integers(0, 20))
        while day < 120:
            ids.append(f"c{customer:02d}")
            days.append(pd.Timestamp("2025-01-01") + pd.Timedelta(days=day))
            day += int(rng.integers(9, 16)) if customer % 4 else 200
    return orders_frame(customer_id=ids, order_day=days, amount=rng.uniform(5, 50, len(ids)).round(2))


def test_scoring_reports_its_stages_in_order_from_the_callers_thread():
    seen: list[tuple[str, float, str]] = []
    scores = score_customers(
        _orders(), progress=lambda stage, done: seen.append((stage, done, threading.current_thread().name))
    )
    assert scores.bgnbd is not None and scores.backtest is not None  # the stages did their work
    assert [stage for stage, _, _ in seen] == ["summary", "models", "care", "done"]
    shares = [done for _, done, _ in seen]
    assert shares[0] == 0.0 and shares[-1] == 1.0 and shares == sorted(shares)
    # Streamlit draws on the thread that called: the worker thread never reports.
    assert {name for _, _, name in seen} == {threading.current_thread().name}


def test_scoring_without_progress_gives_the_same_scores():
    orders = _orders()
    quiet = score_customers(orders)
    reported = score_customers(orders, progress=lambda stage, done: None)
    pd.testing.assert_frame_equal(quiet.customers, reported.customers)
    assert quiet.bgnbd == reported.bgnbd
