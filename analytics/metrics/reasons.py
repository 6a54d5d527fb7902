"""Why a figure is missing ("—") or zero: one reason code per case, so every empty state says the truth.

A "—" with the wrong reason misleads as much as a wrong number: a 30-day repurchase rate that
cannot be computed because the period has no new customers is not "still being observed", and a
Saturday without sales in a shop that never sells on Saturdays is not a bad Saturday. The pages
and the report word each code from their catalogs (``reason_<code>``, ``report.reason_<code>``).

Codes:

- ``no_new_customers``: the cohort whose repurchase can be followed holds no first purchase (every
  customer of those days had bought before);
- ``window_not_complete``: the data does not yet cover N days after any first purchase;
- ``no_members``: nothing tells who is a member (no member list, no member column);
- ``no_sales_weekday``: a day without sales on a weekday the data never sells on;
- ``no_sales_day``: a day without sales on a weekday the shop otherwise sells on.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

import pandas as pd

from analytics.metrics.period import Period

Reason = Literal["no_new_customers", "window_not_complete", "no_members", "no_sales_weekday", "no_sales_day"]
REASONS: tuple[str, ...] = (
    "no_new_customers",
    "window_not_complete",
    "no_members",
    "no_sales_weekday",
    "no_sales_day",
)


def repurchase_reason(cohort: Period | None, eligible: int | None) -> Reason | None:
    """Return why "repurchase within N days" has no value, None when it has one.

    ``cohort`` is :func:`analytics.metrics.repeat.repurchase_cohort`'s answer (None: the data spans
    N days or fewer), ``eligible`` the cohort's new customers.

    Examples
    --------
    >>> day = Period(pd.Timestamp("2025-01-01"), pd.Timestamp("2025-01-01"))
    >>> repurchase_reason(None, None), repurchase_reason(day, 0), repurchase_reason(day, 5)
    ('window_not_complete', 'no_new_customers', None)
    """
    if cohort is None:
        return "window_not_complete"
    if not eligible:
        return "no_new_customers"
    return None


def selling_weekdays(order_days: pd.Series) -> frozenset[int]:
    """Return the weekdays (Monday = 0) on which the data has at least one order."""
    return frozenset(int(d) for d in pd.DatetimeIndex(order_days.dropna().unique()).day_of_week.unique())


def empty_day_reasons(days: Iterable[pd.Timestamp], *, selling: frozenset[int]) -> dict[pd.Timestamp, Reason]:
    """Return the reason of each day in ``days`` (days without sales): a weekday never sold on, or not.

    Examples
    --------
    >>> saturday, monday = pd.Timestamp("2011-12-03"), pd.Timestamp("2011-12-05")
    >>> empty_day_reasons([saturday, monday], selling=frozenset({0, 1, 2, 3, 4, 6}))
    {Timestamp('2011-12-03 00:00:00'): 'no_sales_weekday', Timestamp('2011-12-05 00:00:00'): 'no_sales_day'}
    """
    return {
        pd.Timestamp(day): "no_sales_day" if pd.Timestamp(day).weekday() in selling else "no_sales_weekday"
        for day in days
    }


def order_weekdays(orders: pd.DataFrame) -> frozenset[int]:
    """Return the weekdays (Monday = 0) on which ``orders`` has at least one order."""
    return selling_weekdays(orders["order_day"])


def days_without_sales(days: Iterable[pd.Timestamp], sales: Iterable[float]) -> list[pd.Timestamp]:
    """Return the days whose sales are zero (a daily trend's rows where every share shows "—").

    Examples
    --------
    >>> days_without_sales(pd.date_range("2011-12-02", periods=3), [10.0, 0.0, 5.0])
    [Timestamp('2011-12-03 00:00:00')]
    """
    return [pd.Timestamp(d) for d, s in zip(days, sales, strict=True) if not s]
