"""The Returning-customers page's inputs over a history database, computed where the history lives.

- :func:`returning_trend`: :func:`analytics.metrics.trends.trend` (by day, week or month): the
  engine sums each bucket's orders, sales, guests' sales, buyers and returning buyers and their
  sales (one row per bucket), :func:`analytics.metrics.trends.trend_from_sums` finishes the frame;
- :func:`monthly_counts_of`: :func:`analytics.metrics.customer_counts.new_and_returning_by_month`
  from the Overview's monthly series (its whole months kept per history stamp).

A buyer is returning in a bucket when their first purchase day over the whole history (of the
shop and filter) is before the bucket's first day, as for files. Money is summed as whole
ten-thousandths (:data:`analytics.store.queries.MONEY_UNITS`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analytics.metrics.customer_counts import DEFAULT_MONTHS, counted_months, counts_from_trend
from analytics.metrics.purchases import day_numbers
from analytics.metrics.trends import Frequency, trend_buckets, trend_from_sums
from analytics.store import pages
from analytics.store.engines.base import Engine
from analytics.store.pages import PageScope, open_pages, with_firsts
from analytics.store.queries import MONEY_UNITS, Scope

# Each order's natural bucket (its day, its week's Monday, its month's first day), as trend's.
_NATURAL = {
    "D": "o.order_day",
    "W": "CAST(DATE_TRUNC('week', o.order_day) AS DATE)",
    "M": "CAST(DATE_TRUNC('month', o.order_day) AS DATE)",
}


def returning_trend(
    engine: Engine, rows: Scope, *, start: pd.Timestamp, end: pd.Timestamp, freq: Frequency
) -> pd.DataFrame:
    """Return :func:`analytics.metrics.trends.trend` of ``rows`` without membership, summed in the engine.

    Member sales are not asked (the page does not show them): ``member_sales_share`` is nan.
    """
    _, bucket_first, bucket_last = trend_buckets(start, end, freq)  # also checks the period
    where_o, params_o = rows.where("o.")
    where, params = rows.where()
    # The kept first days when the caller prepared them (only the range's orders are read), else found.
    firsts = rows.firsts or (
        f"(SELECT customer_id, MIN(order_day) AS first_day FROM orders "
        f"WHERE {where} AND customer_id IS NOT NULL GROUP BY customer_id)"
    )
    first_day = engine.day(pd.Timestamp(start).normalize())
    found = engine.frame(
        f"""WITH dated AS (
            SELECT o.customer_id, GREATEST({_NATURAL[freq]}, CAST(? AS DATE)) AS bucket,
                CAST(ROUND(o.amount * {MONEY_UNITS}) AS BIGINT) AS units, f.first_day
            FROM orders o LEFT JOIN {firsts} f ON f.customer_id = o.customer_id
            WHERE {where_o} AND o.order_day BETWEEN ? AND ?
        ), per_buyer AS (
            -- One row per (bucket, buyer), the guests of a bucket together (customer_id NULL):
            -- buyers are then counted, not distinct-counted.
            SELECT bucket, customer_id, COUNT(*) AS orders, SUM(units) AS units,
                CASE WHEN MIN(first_day) < bucket THEN 1 ELSE 0 END AS is_back
            FROM dated GROUP BY bucket, customer_id
        )
        SELECT bucket, SUM(orders) AS orders, SUM(units) AS sales_units,
            SUM(CASE WHEN customer_id IS NULL THEN units ELSE 0 END) AS guest_units,
            COUNT(customer_id) AS buyers, SUM(is_back) AS returning_buyers,
            SUM(CASE WHEN is_back = 1 THEN units ELSE 0 END) AS returning_units
        FROM per_buyer GROUP BY bucket""",
        (
            first_day,  # the parameters in the text's order: the bucket's clip, the firsts, the orders
            *(rows.firsts_params if rows.firsts else params),
            *params_o,
            first_day,
            engine.day(pd.Timestamp(end).normalize()),
        ),
    )
    at = np.searchsorted(bucket_first, day_numbers(pd.to_datetime(found["bucket"])))

    def per_bucket(column: str, scale: int = 1) -> np.ndarray:
        values = np.zeros(len(bucket_first), dtype=np.int64)
        values[at] = found[column].to_numpy(dtype=np.int64)
        return values / scale if scale != 1 else values

    return trend_from_sums(
        bucket_first,
        bucket_last,
        orders=per_bucket("orders"),
        sales=per_bucket("sales_units", MONEY_UNITS),
        buyers=per_bucket("buyers"),
        returning_buyers=per_bucket("returning_buyers"),
        returning_sales=per_bucket("returning_units", MONEY_UNITS),
        guest_sales=per_bucket("guest_units", MONEY_UNITS),
        member_sales=None,
    )


def returning_trend_of(
    where: PageScope, *, start: pd.Timestamp, end: pd.Timestamp, freq: Frequency
) -> pd.DataFrame:
    """Return :func:`returning_trend` of a history URL's shop and filter."""
    with open_pages(where) as engine:
        return returning_trend(engine, with_firsts(engine, where), start=start, end=end, freq=freq)


def monthly_counts_of(
    where: PageScope, *, data_start: pd.Timestamp, data_last: pd.Timestamp, end: pd.Timestamp | None
) -> pd.DataFrame:
    """Return each month's new and returning customers of a history URL's shop and filter.

    As :func:`analytics.metrics.customer_counts.new_and_returning_by_month` counts them (the 12
    months up to ``end``, else ``data_last``; ``data_start``: the selection's first order day),
    from the Overview's monthly series (:func:`analytics.store.pages.monthly_of`: the same
    months, buyers and returning buyers, a buyer returning when their first day is before the
    month's first day covered), whose whole months are kept per history stamp: a period change
    reads at most the month its end cuts.
    """
    _, last = counted_months(data_last, data_start, end=end, months=DEFAULT_MONTHS)
    found = pages.monthly_of(where, end=last, months=DEFAULT_MONTHS)
    months = () if found is None else found.months
    buckets = pd.DataFrame(
        {
            "bucket_start": pd.to_datetime([m.start for m in months]).astype("datetime64[ns]"),
            "bucket_end": pd.to_datetime([m.end for m in months]).astype("datetime64[ns]"),
            "days": [m.covered_days for m in months],
            "buyers": [m.buyers for m in months],
            "returning_buyers": [m.returning_buyers for m in months],
        }
    )
    return counts_from_trend(buckets, data_start)
