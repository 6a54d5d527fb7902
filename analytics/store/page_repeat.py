"""The Repeat-purchase page's inputs over a history database, computed where the history lives.

Each function asks the engine for one small table and finishes the page's figure with the metric
function the files use, so the page shows the same figures whether its orders were uploaded or
live in DuckDB or PostgreSQL (DESIGN.md's definitions):

- :func:`cohort_repurchase`: "bought again within N days" of a cohort of first purchases, for
  several N (:func:`analytics.metrics.activity.repurchase_from_customers` on the cohort's
  per-customer activity: one row per customer who bought in the cohort's days);
- :func:`rate_windows`: the repeat-purchase rate of consecutive 30-day windows (one row per
  window: its customers and those with two purchase days or more,
  :func:`analytics.metrics.repeat.windows_from_counts`);
- :func:`gaps`: the time between purchases as a distribution (one row per number of days,
  :func:`analytics.metrics.intervals.intervals_from_distribution`).

The cohort grid is :func:`analytics.store.pages.cohorts_of`.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from analytics.metrics.activity import CustomerActivity, repurchase_from_customers
from analytics.metrics.intervals import PurchaseIntervals, intervals_from_distribution
from analytics.metrics.period import Period
from analytics.metrics.repeat import Repurchase, windows_from_counts
from analytics.store.engines.base import Engine
from analytics.store.pages import PageScope, intervals, open_pages, scope_of, with_firsts
from analytics.store.queries import Scope, customer_activity, period_totals


def cohort_repurchase(
    engine: Engine, rows: Scope, *, cohort: Period, days: Sequence[int], last_day: pd.Timestamp
) -> list[Repurchase]:
    """Return :func:`analytics.metrics.repeat.repurchase_within_days` of ``cohort`` for each N of ``days``.

    Cohort: customers whose first purchase day f over the whole history lies in ``cohort`` and
    f <= ``last_day`` (the history's last order day) - N; rate: the share of them with a purchase
    day in (f, f + N]. They all bought in the cohort's days, so the engine returns only those days'
    customers (with each one's first and second purchase day over all history).
    """
    customers = customer_activity(engine, rows, cohort.start, cohort.end)
    totals = period_totals(engine, rows, cohort.start, cohort.end)
    activity = CustomerActivity(
        period=cohort,
        customers=customers,
        orders=totals.orders,
        sales_units=totals.sales_units,
        guest_orders=totals.guest_orders,
        guest_sales_units=totals.guest_sales_units,
        last_day=pd.Timestamp(last_day).normalize(),
    )
    return [repurchase_from_customers(activity, n) for n in days]


def rate_windows(engine: Engine, rows: Scope, *, end: pd.Timestamp, windows: int, days: int) -> pd.DataFrame:
    """Return :func:`analytics.metrics.repeat.repeat_rate_windows` of ``rows``, counted in the engine.

    Window k (0: the latest) covers [end - (k+1)·days + 1, end - k·days]; the engine counts per
    window its identified customers and those with purchases on two or more distinct days in it.
    """
    where, params = rows.where()
    last = pd.Timestamp(end).normalize()
    found = engine.frame(
        f"""WITH dated AS (
            SELECT customer_id, order_day, (CAST(? AS DATE) - order_day) // {int(days)} AS k
            FROM orders WHERE {where} AND customer_id IS NOT NULL AND order_day BETWEEN ? AND ?
        ), per_customer AS (
            SELECT k, customer_id,
                -- two purchase days or more: the first and last differ (no distinct count needed)
                CASE WHEN MIN(order_day) < MAX(order_day) THEN 1 ELSE 0 END AS repeats
            FROM dated GROUP BY k, customer_id
        )
        SELECT k, COUNT(*) AS customers, SUM(repeats) AS repeaters
        FROM per_customer GROUP BY k""",
        (
            engine.day(last),
            *params,
            engine.day(last - pd.Timedelta(days=windows * days - 1)),
            engine.day(last),
        ),
    )
    k = found["k"].to_numpy(dtype=np.int64)
    customers = np.zeros(windows, dtype=np.int64)
    repeaters = np.zeros(windows, dtype=np.int64)
    customers[k] = found["customers"].to_numpy(dtype=np.int64)
    repeaters[k] = found["repeaters"].to_numpy(dtype=np.int64)
    return windows_from_counts(customers, repeaters, last=last, days=days)


def gaps(engine: Engine, rows: Scope) -> PurchaseIntervals:
    """Return :func:`analytics.metrics.intervals.purchase_intervals` of ``rows`` (no tiers) from the engine.

    The engine returns the gaps between consecutive purchase days as a distribution (one row per
    number of days, :func:`analytics.store.pages.intervals`), never one row per gap.
    """
    found = intervals(engine, rows)
    distribution: dict[str, int] = found["distribution"]  # type: ignore[assignment]
    (row,) = found["summary"]  # type: ignore[misc]
    days = np.array([int(d) for d in distribution], dtype=np.int64)
    counts = np.array(list(distribution.values()), dtype=np.int64)
    order = np.argsort(days)
    return intervals_from_distribution(days[order], counts[order], customers=int(row["customers"]))


def cohort_repurchase_of(
    where: PageScope, *, cohort: Period, days: Sequence[int], last_day: pd.Timestamp
) -> list[Repurchase]:
    """Return :func:`cohort_repurchase` of a history URL's shop and filter."""
    with open_pages(where) as engine:
        return cohort_repurchase(
            engine, with_firsts(engine, where), cohort=cohort, days=days, last_day=last_day
        )


def rate_windows_of(where: PageScope, *, end: pd.Timestamp, windows: int, days: int) -> pd.DataFrame:
    """Return :func:`rate_windows` of a history URL's shop and filter."""
    with open_pages(where) as engine:
        return rate_windows(engine, scope_of(engine, where), end=end, windows=windows, days=days)


def gaps_of(where: PageScope) -> PurchaseIntervals:
    """Return :func:`gaps` of a history URL's shop and filter."""
    with open_pages(where) as engine:
        return gaps(engine, scope_of(engine, where))
