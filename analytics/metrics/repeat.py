"""Repeat purchase: buying on two or more days in a period, and coming back within N days."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analytics.errors import ArgumentError, Term
from analytics.metrics.orderbook import Orders, purchase_log
from analytics.metrics.period import DEFAULT_PERIOD_DAYS, Period
from analytics.metrics.purchases import PurchaseLog, day_number, day_timestamp
from analytics.metrics.ratio import Ratio
from analytics.metrics.share import plain

# N of "bought again within N days": a different question from the period's length, though also 30.
DEFAULT_REPURCHASE_DAYS = 30


def repeat_purchase_rate(orders: pd.DataFrame | Orders, *, period: Period) -> Ratio:
    """Compute the share of the period's customers who bought on two or more distinct days.

    Customers are identified customers with an order in the period; two orders on one day are one
    purchase occasion, so split orders never count as a repeat. With a 30-day period this is the
    30-day-cycle repeat-purchase rate (复购率).

    Examples
    --------
    >>> from analytics.frames import orders_frame
    >>> o = orders_frame(customer_id=["a", "a", "b"], order_day=["2025-01-01", "2025-01-02", "2025-01-01"])
    >>> repeat_purchase_rate(o, period=Period(pd.Timestamp("2025-01-01"), pd.Timestamp("2025-01-31")))
    Ratio(numerator=1, denominator=2)
    """
    return purchase_log(orders).activity(period).group().repeat_purchase_rate


@dataclass(frozen=True)
class Repurchase:
    """New customers of a period who came back within ``days`` days of their first purchase day."""

    days: int
    rate: Ratio

    @property
    def eligible(self) -> int:
        """Return the cohort size: first purchase in the period and at least ``days`` days observed."""
        return self.rate.denominator

    @property
    def repurchased(self) -> int:
        """Return how many of the cohort bought again within ``days`` days."""
        return self.rate.numerator

    def to_dict(self) -> dict[str, object]:
        """Return ``{days, eligible, repurchased, rate}`` (rate null when nobody is eligible)."""
        return {
            "days": self.days,
            "eligible": self.eligible,
            "repurchased": self.repurchased,
            "rate": plain(self.rate.value),
        }


def repurchase_from_log(log: PurchaseLog, period: Period, days: int) -> Repurchase:
    """Compute :func:`repurchase_within_days` on a prepared :class:`PurchaseLog`."""
    if days < 1:
        raise ArgumentError(
            "metrics.repurchase_days_too_small", days=days, option=Term("option.repurchase_days")
        )
    start, end = day_number(period.start), day_number(period.end)
    first = log.first_day
    # Only customers observed for the full N days after their first purchase are eligible, so a
    # customer who joined yesterday does not count as "not yet returned".
    eligible = np.flatnonzero((first >= start) & (first <= min(end, log.last_day - days)))
    # The second purchase day is the earliest day after f, so "a day in (f, f+N]" is second - f <= N.
    returned = np.count_nonzero(log.second_day.take(eligible) - first.take(eligible) <= days)
    return Repurchase(days, Ratio(int(returned), len(eligible)))


def repurchase_within_days(
    orders: pd.DataFrame | Orders, *, period: Period, days: int = DEFAULT_REPURCHASE_DAYS
) -> Repurchase:
    """Compute the share of the period's new customers who bought again within ``days`` days.

    Cohort: customers whose first purchase day f in all loaded data lies in the period and
    f <= the data's last day - ``days`` (so the whole window is observed). Rate: share of the cohort
    with a purchase day in (f, f + days].

    Examples
    --------
    >>> from analytics.frames import orders_frame
    >>> o = orders_frame(customer_id=["a", "a", "b", "c"],
    ...                  order_day=["2025-01-01", "2025-01-05", "2025-01-02", "2025-02-28"])
    >>> r = repurchase_within_days(o, period=Period(pd.Timestamp("2025-01-01"), pd.Timestamp("2025-01-31")))
    >>> r.repurchased, r.eligible
    (1, 2)
    """
    return repurchase_from_log(purchase_log(orders), period, days)


def repeat_rate_windows(
    orders: pd.DataFrame | Orders,
    *,
    end: pd.Timestamp | None = None,
    windows: int = 12,
    days: int = DEFAULT_PERIOD_DAYS,
) -> pd.DataFrame:
    """Compute the repeat-purchase rate of consecutive ``days``-day windows ending on ``end``.

    Window k (k = 0 is the latest) covers [end - (k+1)·days + 1, end - k·days]; its rate is the
    share of the window's customers who bought on two or more distinct days in it. ``end``
    defaults to the data's last order day.

    Returns
    -------
    DataFrame
        One row per window, oldest first: start, end, customers (n), repeat_customers,
        repeat_purchase_rate, ci_low, ci_high, small_sample.
    """
    if windows < 1 or days < 1:
        raise ArgumentError("metrics.windows_too_few", windows=windows, days=days)
    log = purchase_log(orders)
    last = log.last_day if end is None else day_number(end)
    inside = np.flatnonzero((log.pair_day <= last) & (log.pair_day > last - windows * days))
    window = (last - log.pair_day.take(inside)) // days
    code = log.pair_code.take(inside)
    # Pairs are unique (customer, day) sorted by customer then day, so each customer's windows come
    # in a run (oldest first): a (window, customer) group is a run of pairs, and its length is
    # the customer's purchase days in that window.
    run_start = np.ones(len(code), dtype=bool)
    np.not_equal(code[1:], code[:-1], out=run_start[1:])
    run_start[1:] |= window[1:] != window[:-1]
    starts = np.flatnonzero(run_start)
    per_customer = np.diff(np.append(starts, len(code)))
    win_of = window[starts]
    customers = np.bincount(win_of, minlength=windows)
    repeaters = np.bincount(win_of[per_customer >= 2], minlength=windows)
    return windows_from_counts(customers, repeaters, last=day_timestamp(last), days=days)


def windows_from_counts(
    customers: np.ndarray, repeaters: np.ndarray, *, last: pd.Timestamp, days: int
) -> pd.DataFrame:
    """Return :func:`repeat_rate_windows`'s frame from each window's customers and repeat customers.

    ``customers[k]`` / ``repeaters[k]``: window k's customers and those with two or more purchase
    days in it (k = 0 is the latest, ending on ``last``); counted from the orders, or by a history's
    engine (:mod:`analytics.store.page_repeat`).
    """
    last, windows = day_number(last), len(customers)
    rows = []
    for k in range(windows - 1, -1, -1):  # a dozen windows at most: building rows is not the hot path
        ratio = Ratio(int(repeaters[k]), int(customers[k]))
        lo, hi = ratio.ci
        rows.append(
            {
                "start": day_timestamp(last - (k + 1) * days + 1),
                "end": day_timestamp(last - k * days),
                "customers": ratio.denominator,
                "repeat_customers": ratio.numerator,
                "repeat_purchase_rate": ratio.value,
                "ci_low": lo,
                "ci_high": hi,
                "small_sample": ratio.small_sample,
            }
        )
    return pd.DataFrame(rows)


def repurchase_cohort(orders: pd.DataFrame, *, days: int, length: int) -> Period | None:
    """Return the latest cohort of first purchases whose "repurchase within ``days``" is observable.

    The cohort covers ``length`` days ending on the data's last day - ``days`` (every customer in it
    has ``days`` full days of data after the first purchase), clipped to the data's first day; None
    when the data spans ``days`` days or fewer, so nobody can be followed that long.

    Examples
    --------
    >>> from analytics.frames import orders_frame
    >>> o = orders_frame(customer_id=["a", "b"], order_day=["2025-01-01", "2025-03-31"])
    >>> repurchase_cohort(o, days=30, length=30).to_dict()  # 2025-03-31 - 30 days = 2025-03-01
    {'start': '2025-01-31', 'end': '2025-03-01'}
    >>> repurchase_cohort(o, days=90, length=30) is None  # 2025-03-31 - 90 days is before the data
    True
    """
    if days < 1:
        raise ArgumentError(
            "metrics.repurchase_days_too_small", days=days, option=Term("option.repurchase_days")
        )
    first, last = orders["order_day"].min(), orders["order_day"].max()
    end = last - pd.Timedelta(days=days)
    if pd.isna(end) or end < first:
        return None
    return Period(max(first, end - pd.Timedelta(days=max(length, 1) - 1)), end)
