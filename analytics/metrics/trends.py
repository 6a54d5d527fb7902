"""Trends over a range (by day, week or month) and KPI cards compared with the previous period."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from analytics.errors import ArgumentError
from analytics.metrics.members import member_mask, membership
from analytics.metrics.orderbook import Orders, orders_and_log
from analytics.metrics.period import Period
from analytics.metrics.purchases import PurchaseLog, day_number
from analytics.metrics.returning import returning_from_activity
from analytics.metrics.share import Share, plain

Frequency = Literal["D", "W", "M"]


def _bucket_starts(days: np.ndarray, freq: str) -> np.ndarray:
    """Return the natural bucket start (day number) of each day: itself, its Monday, its 1st."""
    if freq == "D":
        return days
    if freq == "W":
        # 1970-01-01 was a Thursday: (day + 3) % 7 is the weekday with Monday = 0.
        return days - (days + 3) % 7
    if freq == "M":
        return days.astype("datetime64[D]").astype("datetime64[M]").astype("datetime64[D]").astype(np.int64)
    raise ArgumentError("metrics.unknown_frequency", frequency=repr(freq))


def trend(
    orders: pd.DataFrame | Orders,
    *,
    start: pd.Timestamp,
    end: pd.Timestamp,
    freq: Frequency = "D",
    members: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Compute sales, orders, buyers and returning / member shares per day, week or month.

    Buckets are calendar days, Monday-based weeks or calendar months, clipped to [start, end] so
    the first and last may be partial (``days`` says how many days each covers). Within a bucket,
    a returning buyer is an identified buyer whose first purchase day in all loaded data is before
    the bucket's first day. Shares are of the bucket's sales (guests included); member_sales_share
    is nan when membership is unknown (see :func:`analytics.metrics.members.membership`).

    Returns
    -------
    DataFrame
        One row per bucket, empty buckets included: bucket_start, bucket_end, days, orders, sales,
        buyers, returning_buyers, returning_buyers_share, returning_sales, returning_sales_share,
        unidentified_sales, unidentified_sales_share (guest orders), member_sales, member_sales_share.
    """
    first, last = day_number(start), day_number(end)
    bucket_of_day, bucket_first, bucket_last = trend_buckets(start, end, freq)
    orders, log = orders_and_log(orders)
    resolved = membership(orders, members)
    n = len(bucket_first)

    in_range = (log.day >= first) & (log.day <= last)
    day, code, amount = log.day[in_range], log.code[in_range], log.amount[in_range]
    bucket = bucket_of_day[day - first]
    identified = code >= 0
    # Guests have code -1; point them at a padding slot so guest-only data indexes safely.
    safe_code = np.where(identified, code, log.n_customers)
    first_day = np.r_[log.first_day, np.iinfo(np.int64).max]
    returning_order = identified & (first_day[safe_code] < bucket_first[bucket])
    is_member = member_mask(log, resolved) if resolved is not None else np.zeros(log.n_customers, bool)
    member_order = identified & np.r_[is_member, False][safe_code]
    guest_sales = np.bincount(bucket, weights=np.where(identified, 0.0, amount), minlength=n)

    pair_in = (log.pair_day >= first) & (log.pair_day <= last)
    pair_code = log.pair_code[pair_in]
    pair_bucket = bucket_of_day[log.pair_day[pair_in] - first]
    # Pairs are sorted by customer then day, so each customer's buckets never decrease: a buyer of a
    # bucket is where the (customer, bucket) changes from the previous pair; no sort is needed.
    new_buyer = np.r_[True, (pair_code[1:] != pair_code[:-1]) | (pair_bucket[1:] != pair_bucket[:-1])]
    new_buyer = new_buyer[: len(pair_code)]
    buyer_bucket, buyer_code = pair_bucket[new_buyer], pair_code[new_buyer]
    buyer_returning = log.first_day[buyer_code] < bucket_first[buyer_bucket]

    return trend_from_sums(
        bucket_first,
        bucket_last,
        orders=np.bincount(bucket, minlength=n),
        sales=np.bincount(bucket, weights=amount, minlength=n),
        buyers=np.bincount(buyer_bucket, minlength=n),
        returning_buyers=np.bincount(buyer_bucket, weights=buyer_returning, minlength=n).astype(np.int64),
        returning_sales=np.bincount(bucket, weights=np.where(returning_order, amount, 0.0), minlength=n),
        guest_sales=guest_sales,
        member_sales=np.bincount(bucket, weights=np.where(member_order, amount, 0.0), minlength=n)
        if resolved is not None
        else None,
    )


def trend_buckets(
    start: pd.Timestamp, end: pd.Timestamp, freq: Frequency
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return :func:`trend`'s buckets: each day's bucket, and each bucket's first and last day.

    Day numbers (days since 1970-01-01); the first array has one entry per day of [start, end]
    (its bucket's position), the others one per bucket, clipped to [start, end].
    """
    first, last = day_number(start), day_number(end)
    if last < first:
        raise ArgumentError("metrics.period_reversed", start=start, end=end)
    calendar = np.arange(first, last + 1, dtype=np.int64)
    calendar_starts = _bucket_starts(calendar, freq)
    natural = np.unique(calendar_starts)
    # Each day of the range looked up in a table of the range's days: a million orders' months are
    # found by indexing rather than by datetime conversions and binary searches.
    bucket_of_day = np.searchsorted(natural, calendar_starts)
    return bucket_of_day, np.maximum(natural, first), np.r_[natural[1:] - 1, last]


def trend_from_sums(
    bucket_first: np.ndarray,
    bucket_last: np.ndarray,
    *,
    orders: np.ndarray,
    sales: np.ndarray,
    buyers: np.ndarray,
    returning_buyers: np.ndarray,
    returning_sales: np.ndarray,
    guest_sales: np.ndarray,
    member_sales: np.ndarray | None,
) -> pd.DataFrame:
    """Return :func:`trend`'s frame from each bucket's sums (one entry per bucket, in order).

    The sums are those :func:`trend` defines, counted from the orders or by a history's engine
    (:mod:`analytics.store.page_returning`); ``member_sales`` None: membership unknown (nan shares).
    """
    # Money to the ten-thousandth, as a history's engine sums it exactly: a float sum a hair under
    # a half (6409.4999...) would otherwise show 6,409 where the exact sum shows 6,410.
    sales, returning_sales, guest_sales = (np.round(v, 4) for v in (sales, returning_sales, guest_sales))
    member_sales = None if member_sales is None else np.round(member_sales, 4)
    with np.errstate(invalid="ignore", divide="ignore"):
        frame = pd.DataFrame(
            {
                "bucket_start": bucket_first.astype("datetime64[D]").astype("datetime64[ns]"),
                "bucket_end": bucket_last.astype("datetime64[D]").astype("datetime64[ns]"),
                "days": bucket_last - bucket_first + 1,
                "orders": orders,
                "sales": sales,
                "buyers": buyers,
                "returning_buyers": returning_buyers,
                "returning_buyers_share": np.where(buyers > 0, returning_buyers / buyers, np.nan),
                "returning_sales": returning_sales,
                "returning_sales_share": np.where(sales != 0, returning_sales / sales, np.nan),
                "unidentified_sales": guest_sales,
                "unidentified_sales_share": np.where(sales != 0, guest_sales / sales, np.nan),
                "member_sales": np.zeros(len(sales)) if member_sales is None else member_sales,
                "member_sales_share": np.nan
                if member_sales is None
                else np.where(sales != 0, member_sales / sales, np.nan),
            }
        )
    return frame


@dataclass(frozen=True)
class Kpi:
    """One KPI card: the period's value, the previous period's, and the change.

    ``delta`` is current - previous (percentage points for rates, as a fraction); ``direction`` is
    "up", "down" or "flat", or None when either value is undefined.
    """

    name: str
    current: float
    previous: float

    @property
    def delta(self) -> float:
        """Return current - previous (nan when either is undefined)."""
        return self.current - self.previous

    @property
    def direction(self) -> str | None:
        """Return "up", "down", "flat", or None when the change is undefined."""
        if math.isnan(self.delta):
            return None
        return "up" if self.delta > 0 else "down" if self.delta < 0 else "flat"

    def to_dict(self) -> dict[str, object]:
        """Return ``{name, current, previous, delta, direction}`` with nan as None."""
        return {
            "name": self.name,
            "current": plain(self.current),
            "previous": plain(self.previous),
            "delta": plain(self.delta),
            "direction": self.direction,
        }


KPI_NAMES: tuple[str, ...] = (
    "customers",
    "orders",
    "sales",
    "repeat_purchase_rate",
    "returning_sales_share",
    "member_sales_share",
)


def _kpi_values(log: PurchaseLog, period: Period, is_member: np.ndarray | None) -> dict[str, float]:
    activity = log.activity(period)
    everyone = activity.group()
    returning = returning_from_activity(log, activity)
    member_sales = (
        Share(float(activity.sales_by_customer[is_member].sum()), activity.sales).value
        if is_member is not None
        else math.nan
    )
    return {
        "customers": float(everyone.customers),
        "orders": float(activity.orders),
        "sales": activity.sales,
        "repeat_purchase_rate": everyone.repeat_purchase_rate.value,
        "returning_sales_share": returning.sales_share.value,
        "member_sales_share": member_sales,
    }


def kpis(orders: pd.DataFrame | Orders, *, period: Period, members: pd.DataFrame | None = None) -> list[Kpi]:
    """Compute the KPI cards for ``period`` against the previous period of equal length.

    Cards: customers, orders, sales, repeat_purchase_rate, returning customers' share of sales and
    members' share of sales (nan when membership is unknown), all as defined in DESIGN.md. A
    previous period before the data starts has zero customers and undefined rates.

    Examples
    --------
    >>> from analytics.frames import orders_frame
    >>> o = orders_frame(customer_id=["a", "a", "b"], order_day=["2025-01-01", "2025-01-02", "2025-01-02"])
    >>> day = pd.Timestamp("2025-01-02")
    >>> cards = {k.name: k for k in kpis(o, period=Period(day, day))}
    >>> cards["customers"].current, cards["customers"].previous, cards["customers"].direction
    (2.0, 1.0, 'up')
    """
    orders, log = orders_and_log(orders)
    resolved = membership(orders, members)
    is_member = member_mask(log, resolved) if resolved is not None else None
    now = _kpi_values(log, period, is_member)
    before = _kpi_values(log, period.previous(), is_member)
    return [Kpi(name, now[name], before[name]) for name in KPI_NAMES]
