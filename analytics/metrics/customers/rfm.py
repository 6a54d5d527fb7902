"""RFM scores: recency, frequency and monetary value scored 1-5 against the shop's own customers.

R rewards a recent last purchase (few days since the last purchase day up to the calibration end),
F many purchase days, M high total sales. Each score is the customer's quintile among the shop's
identified customers: 5 is the best fifth.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analytics.metrics.customers.labels import labels
from analytics.metrics.customers.summary import CustomerSummary

SCORE_LEVELS = 5
# Every RFM score's three digits, in the order of ((r - 1) * 5 + f - 1) * 5 + m - 1.
RFM_WORDS: tuple[str, ...] = tuple(
    f"{r}{f}{m}" for r in range(1, 6) for f in range(1, 6) for m in range(1, 6)
)


def quintile_scores(values: np.ndarray) -> np.ndarray:
    """Return a 1-5 score per value: its quintile by rank, higher values scoring higher.

    Ties share one score, that of the tie's lowest rank: ``1 + floor(5 * (customers strictly
    below) / customers)``. This is deterministic and independent of row order and customer ids;
    breaking ties by id instead (``rank(method="first")``) would spread the many one-time buyers of
    a shop over F scores 1 to 4 by the accident of their ids.

    Examples
    --------
    >>> quintile_scores(np.array([10.0, 20.0, 30.0, 40.0, 50.0])).tolist()
    [1, 2, 3, 4, 5]
    >>> quintile_scores(np.array([1, 1, 1, 1, 2])).tolist()
    [1, 1, 1, 1, 5]
    """
    values = np.asarray(values)
    if len(values) == 0:
        return np.empty(0, dtype=np.int64)
    if values.dtype.kind in "iu" and int(values.max()) - int(values.min()) <= 4 * len(values):
        # Whole numbers over a short range (days, purchase days): customers below each value by
        # counting, not by sorting 300,000 values and searching them again.
        offset = values.astype(np.int64) - int(values.min())
        below = np.concatenate(([0], np.cumsum(np.bincount(offset))))[offset]
    elif values.dtype.kind == "f" and np.isnan(values).any():
        below = np.searchsorted(np.sort(values, kind="stable"), values, side="left")
    else:
        # Each value's place in sorted order, and the first place of its tie: one sort, no search.
        order = np.argsort(values, kind="stable")
        ordered = values[order]
        starts = np.flatnonzero(np.concatenate(([True], ordered[1:] != ordered[:-1])))
        tie = np.zeros(len(values), dtype=np.int64)
        tie[starts[1:]] = 1
        below = np.empty(len(values), dtype=np.int64)
        below[order] = starts[np.cumsum(tie)]
    return 1 + (SCORE_LEVELS * below) // len(values)


def rfm_scores(summary: CustomerSummary) -> pd.DataFrame:
    """Score every customer of ``summary`` on recency, frequency and monetary value (1-5 each).

    Returns a frame indexed like ``summary.customers`` with ``r_score``, ``f_score``, ``m_score``
    and ``rfm_score`` (the three digits, e.g. ``"545"``).

    Examples
    --------
    >>> from analytics.frames import orders_frame
    >>> from analytics.metrics.customers.summary import customer_summary
    >>> o = orders_frame(customer_id=["a", "b"], order_day=["2025-01-01", "2025-01-05"], amount=[5.0, 1.0])
    >>> rfm_scores(customer_summary(o))["rfm_score"].tolist()
    ['113', '311']
    """
    customers = summary.customers
    r = quintile_scores(-customers["days_since_last"].to_numpy())
    f = quintile_scores(customers["purchase_days"].to_numpy())
    m = quintile_scores(customers["sales"].to_numpy())
    # The three digits from the 125 combinations' words (scores are 1-5).
    rfm = labels(RFM_WORDS, ((r - 1) * SCORE_LEVELS + f - 1) * SCORE_LEVELS + m - 1)
    return pd.DataFrame(
        {"r_score": r, "f_score": f, "m_score": m, "rfm_score": rfm},
        index=customers.index,
    )
