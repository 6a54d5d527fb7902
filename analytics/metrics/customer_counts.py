"""New and returning customers as counts, month by month: how many came back, not only which share."""

from __future__ import annotations

import pandas as pd

from analytics.metrics.orderbook import Orders, frame_of
from analytics.metrics.period import require_orders
from analytics.metrics.trends import trend

# A year of months: long enough to see the season, short enough to read each bar.
DEFAULT_MONTHS = 12


def new_and_returning_by_month(
    orders: pd.DataFrame | Orders, *, end: pd.Timestamp | None = None, months: int = DEFAULT_MONTHS
) -> pd.DataFrame:
    """Count each calendar month's new and returning customers over the ``months`` months up to ``end``.

    A returning customer of a month is an identified buyer whose first purchase day in all loaded
    data is before the month's first day; a new customer's first purchase is in the month. Guests
    are in neither. The first month starts no earlier than the data's first day (partial months are
    clipped, ``days`` says how many days each covers); ``end`` defaults to the last order day.
    A month the data starts in has no earlier purchase to tell a returning customer by: every buyer
    of it counts as new, so ``history_before`` is False there and the split must not be read.

    Returns
    -------
    DataFrame
        One row per month: ``month_start``, ``month_end``, ``days``, ``buyers``, ``new``,
        ``returning`` (ints, ``new + returning == buyers``) and ``history_before`` (bool: the data
        has purchase days before the month).

    Examples
    --------
    >>> from analytics.frames import orders_frame
    >>> o = orders_frame(customer_id=["a", "b", "a", "c"],
    ...                  order_day=["2025-01-05", "2025-01-20", "2025-02-03", "2025-02-10"])
    >>> new_and_returning_by_month(o)[["new", "returning", "history_before"]].to_dict("list")
    {'new': [2, 1], 'returning': [0, 1], 'history_before': [False, True]}
    """
    frame = frame_of(orders)  # an Orders object is handed on, so the trend reuses its purchase log
    require_orders(frame)
    data_start = frame["order_day"].min()
    start, last = counted_months(frame["order_day"].max(), data_start, end=end, months=months)
    return counts_from_trend(trend(orders, start=start, end=last, freq="M"), data_start)


def counted_months(
    data_last: pd.Timestamp, data_start: pd.Timestamp, *, end: pd.Timestamp | None, months: int
) -> tuple[pd.Timestamp, pd.Timestamp]:
    """Return the first and last day :func:`new_and_returning_by_month` counts (its monthly trend's range)."""
    last = pd.Timestamp(end if end is not None else data_last).normalize()
    first_month = (last - pd.DateOffset(months=max(months, 1) - 1)).replace(day=1)
    return max(first_month, data_start), last


def counts_from_trend(buckets: pd.DataFrame, data_start: pd.Timestamp) -> pd.DataFrame:
    """Return :func:`new_and_returning_by_month`'s frame from the months' trend (:func:`trend`, freq "M")."""
    return pd.DataFrame(
        {
            "month_start": buckets["bucket_start"],
            "month_end": buckets["bucket_end"],
            "days": buckets["days"].astype("int64"),
            "buyers": buckets["buyers"].astype("int64"),
            "new": (buckets["buyers"] - buckets["returning_buyers"]).astype("int64"),
            "returning": buckets["returning_buyers"].astype("int64"),
            "history_before": buckets["bucket_start"] > data_start,
        }
    )
