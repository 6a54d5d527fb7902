"""Time between purchases: days between a customer's consecutive purchase days, and a care cycle."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analytics.metrics.members import membership
from analytics.metrics.orderbook import Orders, orders_and_log
from analytics.metrics.share import plain

# The suggested care cycle: by this many days after a purchase, 3 in 4 returning purchases happened.
CARE_CYCLE_QUANTILE = 0.75


@dataclass(frozen=True, eq=False)
class PurchaseIntervals:
    """Gaps between consecutive purchase days, and their summary overall and per tier.

    ``intervals``: one row per gap (customer_id, tier, days), or, computed by a history's engine
    (:func:`intervals_from_distribution`), one row per distinct gap: days and ``count`` (how many
    gaps of that many days). ``summary``: one row per group
    ("all", then each tier low to high, then "non-member" when membership is known): customers
    (with at least one gap), intervals, median_days, mean_days, care_cycle_days (75th percentile).
    """

    intervals: pd.DataFrame
    summary: pd.DataFrame

    def to_dict(self) -> dict[str, object]:
        """Return the summary rows (nan as None) and the distribution as {days: count}."""
        rows = [
            {k: (plain(v) if isinstance(v, float) else v) for k, v in row.items()}
            for row in self.summary.to_dict("records")
        ]
        gaps = self.intervals
        counts = (
            gaps.groupby("days")["count"].sum()
            if "count" in gaps.columns
            else gaps["days"].value_counts().sort_index()
        )
        return {"summary": rows, "distribution": {str(int(k)): int(v) for k, v in counts.items()}}


def _describe(group: str, codes: np.ndarray, days: np.ndarray) -> dict[str, object]:
    # ``codes`` come sorted (the purchase log's pairs are), so customers are counted as changes of
    # code: hashing a million id strings, or even their integer codes, cost most of the call.
    empty = len(days) == 0
    # One partition for both figures; on whole days the linear 0.5 quantile is the median exactly.
    median, care = (float("nan"),) * 2 if empty else np.quantile(days, [0.5, CARE_CYCLE_QUANTILE])
    return {
        "group": group,
        "customers": 0 if empty else int(np.count_nonzero(codes[1:] != codes[:-1])) + 1,
        "intervals": len(days),
        "median_days": float(median),
        "mean_days": float("nan") if empty else float(days.mean()),
        "care_cycle_days": float(care),
    }


def purchase_intervals(
    orders: pd.DataFrame | Orders, *, members: pd.DataFrame | None = None
) -> PurchaseIntervals:
    """Compute days between consecutive purchase days per customer, overall and per tier.

    Purchase days (not orders) are used, so two orders on one day never make a 0-day gap. The
    suggested care cycle is the 75th percentile of the gaps: reminding a customer that long
    after a purchase reaches the quarter who have not yet come back. Customers with a single
    purchase day have no gap and are not counted. Tiers come from
    :func:`analytics.metrics.members.membership` (member list, else the orders' columns).

    Examples
    --------
    >>> from analytics.frames import orders_frame
    >>> o = orders_frame(customer_id=["a", "a", "a", "b", "b"],
    ...                  order_day=["2025-01-01", "2025-01-11", "2025-01-31", "2025-01-05", "2025-01-05"])
    >>> r = purchase_intervals(o)
    >>> sorted(r.intervals["days"].tolist()), float(r.summary.loc[0, "median_days"])
    ([10, 20], 15.0)
    """
    orders, log = orders_and_log(orders)
    same_customer = log.pair_code[1:] == log.pair_code[:-1]
    gap_code = log.pair_code[1:][same_customer]
    gaps = (log.pair_day[1:] - log.pair_day[:-1])[same_customer]
    resolved = membership(orders, members)
    # Fresh arrays: the frame keeps them as they are (a copy of 700,000 ids and gaps is measurable).
    intervals = pd.DataFrame({"customer_id": log.customer_ids.take(gap_code), "days": gaps}, copy=False)
    rows = [_describe("all", gap_code, gaps)]
    if resolved is not None:
        tier = pd.Categorical(resolved["tier"]) if "tier" in resolved.columns else None
        # Each customer code's tier (-1: none, or not a member) and membership, looked up once
        # per member instead of once per gap (hundreds of thousands of id strings).
        member_code = log.codes_of(resolved["customer_id"])  # -1: a member who never ordered
        listed = member_code >= 0
        tier_of = np.full(log.n_customers, -1, dtype=np.int64)
        tier_of[member_code[listed]] = tier.codes[listed]
        member_of = np.zeros(log.n_customers, dtype=bool)
        member_of[member_code[listed]] = True
        gap_tier = tier_of.take(gap_code)
        intervals["tier"] = pd.Categorical.from_codes(gap_tier, dtype=tier.dtype)
        is_member = member_of.take(gap_code)
        for number, label in enumerate(tier.categories):  # a handful of tiers
            in_tier = gap_tier == number
            rows.append(_describe(str(label), gap_code[in_tier], gaps[in_tier]))
        rows.append(_describe("non-member", gap_code[~is_member], gaps[~is_member]))
    return PurchaseIntervals(intervals, pd.DataFrame(rows))


def distribution_quantile(days: np.ndarray, counts: np.ndarray, q: float) -> float:
    """Return numpy's linear ``q`` quantile of ``days`` each repeated ``counts`` times.

    ``days`` ascending and distinct: the quantile of a distribution of gaps, as ``np.quantile``
    gives it on every gap listed (nan without gaps).

    Examples
    --------
    >>> float(distribution_quantile(np.array([10, 20]), np.array([3, 1]), 0.75))  # 10 10 10 20
    12.5
    """
    total = int(counts.sum())
    if total == 0:
        return float("nan")
    position = (total - 1) * q
    below = int(np.floor(position))
    ends = np.cumsum(counts)  # the sorted gaps' positions end (exclusive) at each value's
    low = days[np.searchsorted(ends, below, side="right")]
    high = days[np.searchsorted(ends, below + 1, side="right")] if position > below else low
    return float(low + (position - below) * (high - low))


def intervals_from_distribution(days: np.ndarray, counts: np.ndarray, *, customers: int) -> PurchaseIntervals:
    """Return :func:`purchase_intervals` without tiers from the distribution of the gaps.

    A history's engine counts the gaps between consecutive purchase days per number of days
    (``days`` ascending, ``counts``) and the ``customers`` with a gap; the median, mean and care
    cycle are those of the gaps themselves, as :func:`purchase_intervals` computes them.
    """
    return intervals_from_groups([("all", days, counts, customers)])


def intervals_from_groups(groups: Sequence[tuple[str, np.ndarray, np.ndarray, int]]) -> PurchaseIntervals:
    """Return :func:`purchase_intervals` from each group's distribution of gaps.

    ``groups``: (group, days ascending, counts, customers with a gap), "all" first, then as
    :func:`purchase_intervals` orders its summary (each tier low to high, then "non-member"); the
    ``intervals`` frame is the first group's distribution.
    """
    rows = []
    for group, days, counts, customers in groups:
        days, counts = np.asarray(days, dtype=np.int64), np.asarray(counts, dtype=np.int64)
        n = int(counts.sum())
        rows.append(
            {
                "group": group,
                "customers": int(customers),
                "intervals": n,
                "median_days": distribution_quantile(days, counts, 0.5),
                "mean_days": float((days * counts).sum() / n) if n else float("nan"),
                "care_cycle_days": distribution_quantile(days, counts, CARE_CYCLE_QUANTILE),
            }
        )
    _, days, counts, _ = groups[0]
    distribution = pd.DataFrame(
        {"days": np.asarray(days, dtype=np.int64), "count": np.asarray(counts, dtype=np.int64)}
    )
    return PurchaseIntervals(distribution, pd.DataFrame(rows))
