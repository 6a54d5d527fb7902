"""Monthly sales: sales, orders, buyers and returning share per calendar month, partial months marked.

A manager reads the year month by month. The first and the last month of the data are often only
partly covered (an export that starts on the 14th, a history that ends on 9 December): their totals
are not comparable with a full month, so they are marked and never enter a month-on-month change.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from analytics.metrics.orderbook import Orders, frame_of
from analytics.metrics.period import Period
from analytics.metrics.share import Share
from analytics.metrics.trends import trend

# Months a page, the report and the workbook show: two years read at a glance, longer histories
# keep their latest 24 months.
MONTHS_SHOWN = 24


@dataclass(frozen=True)
class MonthSales:
    """One calendar month of sales.

    ``start``/``end`` are the days of the month the data covers; ``partial`` is True when that is
    fewer than the month's days. ``sales_change`` / ``orders_change`` are relative changes against
    the month before (0.12 for +12%), None when this month or the one before is partial, or the
    month before had no sales (orders). ``history_before`` is False for the data's first month:
    nobody can be told returning there (no earlier purchase is known), so its returning shares are
    None rather than a misleading 0%.
    """

    month: pd.Timestamp
    start: pd.Timestamp
    end: pd.Timestamp
    covered_days: int
    month_days: int
    orders: int
    sales: float
    buyers: int
    returning_buyers: int
    returning_sales: float
    sales_change: float | None
    orders_change: float | None
    history_before: bool = True

    @property
    def partial(self) -> bool:
        """Return True when the data covers only part of the month."""
        return self.covered_days < self.month_days

    @property
    def returning_buyers_share(self) -> Share | None:
        """Return returning buyers / identified buyers of the month (first purchase before the 1st).

        None for the data's first month (see ``history_before``).
        """
        return Share(self.returning_buyers, self.buyers) if self.history_before else None

    @property
    def returning_sales_share(self) -> Share | None:
        """Return returning customers' sales / the month's sales (guests included in the total)."""
        return Share(self.returning_sales, self.sales) if self.history_before else None


@dataclass(frozen=True)
class MonthlySales:
    """Sales by calendar month over ``period`` (the days of the data the months cover)."""

    period: Period
    months: tuple[MonthSales, ...]

    @property
    def partial_months(self) -> tuple[MonthSales, ...]:
        """Return the months the data covers only in part (at most the first and the last)."""
        return tuple(m for m in self.months if m.partial)

    def to_frame(self) -> pd.DataFrame:
        """Return one row per month: month, start, end, covered_days, month_days, partial, orders,
        sales, buyers, returning_buyers, returning_buyers_share, returning_sales_share, sales_change,
        orders_change (changes nan where not comparable)."""
        return pd.DataFrame(
            {
                "month": [m.month for m in self.months],
                "start": [m.start for m in self.months],
                "end": [m.end for m in self.months],
                "covered_days": [m.covered_days for m in self.months],
                "month_days": [m.month_days for m in self.months],
                "partial": [m.partial for m in self.months],
                "orders": [m.orders for m in self.months],
                "sales": [m.sales for m in self.months],
                "buyers": [m.buyers for m in self.months],
                "returning_buyers": [m.returning_buyers for m in self.months],
                "returning_buyers_share": [_share(m.returning_buyers_share) for m in self.months],
                "returning_sales_share": [_share(m.returning_sales_share) for m in self.months],
                "sales_change": [_nan(m.sales_change) for m in self.months],
                "orders_change": [_nan(m.orders_change) for m in self.months],
            }
        )


def _nan(value: float | None) -> float:
    return math.nan if value is None else value


def _share(share: Share | None) -> float:
    return math.nan if share is None else share.value


def _change(now: float, before: float) -> float | None:
    return None if before == 0 else now / before - 1


def monthly_sales(
    orders: pd.DataFrame | Orders, *, end: pd.Timestamp | None = None, months: int | None = None
) -> MonthlySales | None:
    """Compute sales, orders, buyers and returning shares for each calendar month of the data.

    The months run from the first order day to ``end`` (default: the last order day); with
    ``months`` only the last ``months`` calendar months are kept. A month's orders and sales are its
    valid orders (guests included); buyers are its identified customers; a returning buyer's first
    purchase day in all loaded data is before the month's first day (as the Returning page's monthly
    trend). A month is partial when the data covers fewer than all its days: the data's first month
    when it starts after the 1st, its last when ``end`` falls before the month's last day. Month-on-
    month changes compare two full consecutive months only. None when there is no order.

    Examples
    --------
    >>> from analytics.frames import orders_frame
    >>> o = orders_frame(customer_id=["a", "b", "a", "c"], amount=[10, 20, 30, 40],
    ...                  order_day=["2025-01-01", "2025-01-31", "2025-02-10", "2025-03-05"])
    >>> result = monthly_sales(o)
    >>> [(f"{m.month:%Y-%m}", m.sales, m.partial, m.sales_change) for m in result.months]
    [('2025-01', 30.0, False, None), ('2025-02', 30.0, False, 0.0), ('2025-03', 40.0, True, None)]
    """
    if len(frame_of(orders)) == 0:
        return None
    days = frame_of(orders)["order_day"]  # an Orders object is handed on: the trend reuses its log
    first = data_first = pd.Timestamp(days.min()).normalize()
    last = pd.Timestamp(days.max() if end is None else end).normalize()
    if last < first:
        return None
    if months is not None:
        first = max(first, (last.to_period("M") - (months - 1)).to_timestamp())
    return months_from_buckets(trend(orders, start=first, end=last, freq="M"), data_first=data_first)


def months_from_buckets(buckets: pd.DataFrame, *, data_first: pd.Timestamp) -> MonthlySales:
    """Return the months of :func:`monthly_sales` from its monthly buckets (as :func:`trend` gives them).

    ``buckets`` has one row per month, oldest first: bucket_start, bucket_end, days, orders, sales,
    buyers, returning_buyers, returning_sales; ``data_first`` is the data's first order day. A
    history in a database engine computes the buckets there (:mod:`analytics.store.pages`).
    """
    rows: list[MonthSales] = []
    for r in buckets.itertuples():
        month = pd.Timestamp(r.bucket_start).to_period("M")
        previous = rows[-1] if rows else None
        covered, length = int(r.days), int(month.days_in_month)
        comparable = previous is not None and not previous.partial and covered == length
        rows.append(
            MonthSales(
                month=month.to_timestamp(),
                start=pd.Timestamp(r.bucket_start),
                end=pd.Timestamp(r.bucket_end),
                covered_days=covered,
                month_days=length,
                orders=int(r.orders),
                sales=float(r.sales),
                buyers=int(r.buyers),
                returning_buyers=int(r.returning_buyers),
                returning_sales=float(r.returning_sales),
                sales_change=_change(float(r.sales), previous.sales) if comparable else None,
                orders_change=_change(int(r.orders), previous.orders) if comparable else None,
                history_before=pd.Timestamp(r.bucket_start) > data_first,
            )
        )
    period = Period(
        pd.Timestamp(buckets["bucket_start"].iloc[0]), pd.Timestamp(buckets["bucket_end"].iloc[-1])
    )
    return MonthlySales(period, tuple(rows))
