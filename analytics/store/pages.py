"""The dashboard's page inputs over a history database, computed where the history lives.

A history in DuckDB or PostgreSQL can hold ten million orders: the pages never read them. Each
function here asks the engine for one small table (a row per day, month or store) written once in
DuckDB's SQL (transpiled per engine, see :mod:`analytics.store.queries`) and finishes the page's
typed result with the metric module the files use, so a page cannot tell where its figures came from:

- :func:`history_facts`: the first and last order day, the orders, the stores and channels (the
  sidebar's period bounds and filters);
- :func:`period_summary`: the Overview's cards (:class:`~analytics.metrics.summary.Summary`,
  from :func:`analytics.store.figures.summary_in_engine`);
- :func:`monthly`: :class:`~analytics.metrics.monthly.MonthlySales` (one row per month);
- :func:`ranking` and :func:`index_trend`: :class:`~analytics.metrics.stores.StoreRanking` and
  :class:`~analytics.metrics.store_index.StoreIndex` (one row per store and period).

The whole-history tables every period needs (each customer's first and second day, each store's
first day of a customer, the months) are computed once per history stamp and kept in the process
(:func:`with_firsts`, :func:`store_firsts`, :func:`monthly_of`): a period change reads only the
period's orders.

Money is summed as whole ten-thousandths (as every history query does), so every engine gives the
same figures; they equal the files' to the cent.
"""

from __future__ import annotations

import atexit
import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from analytics.metrics.cohorts import retention_cells
from analytics.metrics.monthly import MonthlySales, months_from_buckets
from analytics.metrics.period import Period
from analytics.metrics.ratio import Ratio
from analytics.metrics.share import Share
from analytics.metrics.store_index import TREND_PERIODS, StoreIndex, index_periods, store_index
from analytics.metrics.stores import StoreFigures, StoreRanking
from analytics.metrics.summary import Summary
from analytics.store import derived
from analytics.store.connection import store_location
from analytics.store.engines import open_history
from analytics.store.engines.base import Engine
from analytics.store.queries import _UNITS, MONEY_UNITS, Scope, scope
from analytics.store.shops import shops_in


@dataclass(frozen=True)
class HistoryFacts:
    """What the sidebar needs of a history: its days, its size, its stores and channels, its currency.

    ``first_day``/``last_day`` are NaT and ``orders`` 0 for a history (or filter) without orders.
    """

    first_day: pd.Timestamp
    last_day: pd.Timestamp
    orders: int
    stores: tuple[str, ...]
    channels: tuple[str, ...]
    currency: str | None = None


def _day(value: object) -> pd.Timestamp:
    return pd.NaT if value is None or pd.isna(value) else pd.Timestamp(value).normalize()


def history_facts(engine: Engine, rows: Scope) -> HistoryFacts:
    """Return the first and last order day, the orders and the distinct stores and channels of ``rows``."""
    where, params = rows.where(valid=not rows.kept)
    table = "day_totals" if rows.kept else "orders"  # the kept day totals carry every column read here
    first, last, orders = _span(engine, rows)

    def distinct(column: str) -> tuple[str, ...]:
        found = engine.execute(
            f"SELECT DISTINCT {column} FROM {table} WHERE {where} AND {column} IS NOT NULL", params
        ).fetchall()
        # Sorted here, as Orders.distinct sorts them (Python's order, not the engine's collation).
        return tuple(sorted(str(r[0]) for r in found))

    # The currency column's most frequent code (ties: the first in order), as guess_currency reads it
    # (the day totals keep the code already trimmed and upper-cased, blank as NULL).
    count = "SUM(orders)" if rows.kept else "COUNT(*)"
    code = engine.execute(
        f"""SELECT UPPER(TRIM(currency)) AS code, {count} AS n FROM {table}
        WHERE {where} AND currency IS NOT NULL AND TRIM(currency) <> ''
        GROUP BY UPPER(TRIM(currency)) ORDER BY n DESC, code LIMIT 1""",
        params,
    ).fetchone()
    return HistoryFacts(
        first,
        last,
        orders,
        distinct("store"),
        distinct("channel"),
        None if code is None else str(code[0]),
    )


def _span(engine: Engine, rows: Scope) -> tuple[pd.Timestamp, pd.Timestamp, int]:
    """Return the first and last order day (NaT without orders) and the orders of ``rows``."""
    where, params = rows.where(valid=not rows.kept)
    first, last, orders = engine.execute(
        f"SELECT MIN(order_day), MAX(order_day), SUM(orders) FROM day_totals WHERE {where}"
        if rows.kept
        else f"SELECT MIN(order_day), MAX(order_day), COUNT(*) FROM orders WHERE {where}",
        params,
    ).fetchone() or (None, None, 0)
    return _day(first), _day(last), int(orders or 0)


def month_table(
    engine: Engine, rows: Scope, start: pd.Timestamp, last: pd.Timestamp, since: pd.Timestamp
) -> pd.DataFrame:
    """Return the figures of each month with orders from ``start`` to ``last`` (a row per month).

    Columns orders, sales_units, buyers, returning_buyers, returning_units, indexed by month; a
    buyer is returning in a month when their first day over all history is before the month's
    first day, or before ``since`` (the series' first day) in the month holding it.
    """
    if rows.kept and not (rows.stores or rows.channels):
        return _kept_month_table(engine, rows, start, last, since)
    where, params = rows.where()
    where_o, params_o = rows.where("o.")
    # The kept firsts when the caller prepared them (only the months' orders are read), else found.
    firsts = rows.firsts or (
        f"(SELECT customer_id, MIN(order_day) AS first_day FROM orders "
        f"WHERE {where} AND customer_id IS NOT NULL GROUP BY customer_id)"
    )
    found = engine.frame(
        f"""WITH months AS (
            SELECT o.customer_id, CAST(DATE_TRUNC('month', o.order_day) AS DATE) AS month,
                CAST(ROUND(o.amount * {MONEY_UNITS}) AS BIGINT) AS units, f.first_day
            FROM orders o LEFT JOIN {firsts} f ON f.customer_id = o.customer_id
            WHERE {where_o} AND o.order_day BETWEEN ? AND ?
        ), flagged AS (
            SELECT customer_id, month, units,
                CASE WHEN first_day < GREATEST(month, CAST(? AS DATE)) THEN 1 ELSE 0 END AS is_back
            FROM months
        )
        SELECT month, COUNT(*) AS orders, SUM(units) AS sales_units,
            COUNT(DISTINCT customer_id) AS buyers,
            COUNT(DISTINCT CASE WHEN is_back = 1 THEN customer_id END) AS returning_buyers,
            SUM(CASE WHEN is_back = 1 THEN units ELSE 0 END) AS returning_units
        FROM flagged GROUP BY month""",
        (
            *(rows.firsts_params if rows.firsts else params),
            *params_o,
            engine.day(start),
            engine.day(last),
            engine.day(since),
        ),
    )
    return found.assign(month=pd.to_datetime(found["month"]).dt.to_period("M")).set_index("month")


_MONTH = "CAST(DATE_TRUNC('month', order_day) AS DATE)"


def _kept_month_table(
    engine: Engine, rows: Scope, start: pd.Timestamp, last: pd.Timestamp, since: pd.Timestamp
) -> pd.DataFrame:
    """Return :func:`month_table` from the writer's kept tables (a shop's rows, no filter).

    The orders and sales from ``day_totals``; the buyers from ``customer_days`` (a row per
    customer and purchase day): a buyer's first row in a month's days is the one whose previous
    purchase day is before them, so each buyer is counted once without a distinct count.
    """
    where, params = rows.where(valid=False)
    days = (engine.day(start), engine.day(last))
    totals = engine.frame(
        f"""SELECT {_MONTH} AS month, SUM(orders) AS orders, SUM(sales_units) AS sales_units
        FROM day_totals WHERE {where} AND order_day BETWEEN ? AND ? GROUP BY {_MONTH}""",
        (*params, *days),
    )
    low = "GREATEST(month, CAST(? AS DATE))"  # the month's first day covered (since: the series')
    found = engine.frame(
        f"""SELECT month,
            SUM(CASE WHEN prev_day IS NULL OR prev_day < {low} THEN 1 ELSE 0 END) AS buyers,
            SUM(CASE WHEN (prev_day IS NULL OR prev_day < {low}) AND first_day < {low}
                THEN 1 ELSE 0 END) AS returning_buyers,
            SUM(CASE WHEN first_day < {low} THEN units ELSE 0 END) AS returning_units
        FROM (
            SELECT {_MONTH} AS month, units, prev_day, first_day FROM customer_days
            WHERE {where} AND order_day BETWEEN ? AND ?
        ) AS d
        GROUP BY month""",
        (engine.day(start), engine.day(start), engine.day(since), engine.day(since), *params, *days),
    )
    table = totals.merge(found, on="month", how="left").fillna(0)
    return table.assign(month=pd.to_datetime(table["month"]).dt.to_period("M")).set_index("month")


def _month_totals(engine: Engine, rows: Scope) -> pd.DataFrame:
    """Return :func:`month_table` of the whole history from the writer's ``month_totals`` (no filter)."""
    where, params = rows.where(valid=False)
    found = engine.frame(
        f"""SELECT month, SUM(orders) AS orders, SUM(sales_units) AS sales_units, SUM(buyers) AS buyers,
            SUM(returning_buyers) AS returning_buyers, SUM(returning_units) AS returning_units
        FROM month_totals WHERE {where} GROUP BY month""",
        params,
    )
    return found.assign(month=pd.to_datetime(found["month"]).dt.to_period("M")).set_index("month")


def _from_whole(
    engine: Engine,
    rows: Scope,
    whole: pd.DataFrame,
    first: pd.Timestamp,
    last: pd.Timestamp,
    data_last: pd.Timestamp,
) -> pd.DataFrame:
    """Return :func:`month_table` of ``first`` to ``last`` from the whole history's months.

    A month's figures do not depend on the series around it (its first day over all history decides
    whether a buyer returns), except the last month cut by ``last`` before its orders end: only that
    one is asked of the engine (at most a month of orders).
    """
    month = last.to_period("M")
    cut = last < data_last and last < month.to_timestamp(how="end").normalize()
    chosen = whole[
        (whole.index >= first.to_period("M")) & (whole.index < month if cut else whole.index <= month)
    ]
    if not cut:
        return chosen
    return pd.concat([chosen, month_table(engine, rows, max(first, month.to_timestamp()), last, first)])


def monthly(
    engine: Engine,
    rows: Scope,
    *,
    end: pd.Timestamp | None = None,
    months: int | None = None,
    whole: pd.DataFrame | None = None,
) -> MonthlySales | None:
    """Return :func:`analytics.metrics.monthly.monthly_sales` of ``rows``, the months summed in the engine.

    A month's buyers are its distinct identified customers; a returning buyer (and their sales) has
    a first purchase day in the whole history (of the shop and filter) before the month's first
    day covered. None without orders. ``whole``: :func:`month_table` of the whole history, when the
    caller keeps it (then only a month cut by ``end`` is read).
    """
    data_first, data_last, orders = _span(engine, rows)
    if orders == 0:
        return None
    first = data_first
    last = pd.Timestamp(data_last if end is None else end).normalize()
    if last < first:
        return None
    if months is not None:
        first = max(first, (last.to_period("M") - (months - 1)).to_timestamp())
    # Each order's month, clipped to the range's first day (the first month may start after the 1st).
    if whole is None:
        by_month = month_table(engine, rows, first, last, first)
    else:
        by_month = _from_whole(engine, rows, whole, first, last, data_last)
    calendar = pd.period_range(first, last, freq="M")
    table = by_month.reindex(calendar).fillna(0)
    starts = pd.Series([max(m.to_timestamp(), first) for m in calendar])
    ends = pd.Series([min(m.to_timestamp(how="end").normalize(), last) for m in calendar])
    buckets = pd.DataFrame(
        {
            "bucket_start": starts.to_numpy(dtype="datetime64[ns]"),
            "bucket_end": ends.to_numpy(dtype="datetime64[ns]"),
            "days": ((ends - starts).dt.days + 1).to_numpy(),
            "orders": table["orders"].to_numpy(dtype="int64"),
            "sales": table["sales_units"].to_numpy(dtype="int64") / MONEY_UNITS,
            "buyers": table["buyers"].to_numpy(dtype="int64"),
            "returning_buyers": table["returning_buyers"].to_numpy(dtype="int64"),
            "returning_sales": table["returning_units"].to_numpy(dtype="int64") / MONEY_UNITS,
        }
    )
    return months_from_buckets(buckets, data_first=data_first)


def rankings(
    engine: Engine, rows: Scope, *, periods: Sequence[Period], kept: str | None = None
) -> list[StoreRanking]:
    """Return :func:`analytics.metrics.stores.store_ranking` of each period, all ranked in one engine query.

    ``periods`` are consecutive periods of equal length, oldest first (as
    :func:`analytics.metrics.store_index.index_periods` gives them). A store's name is its value with
    surrounding spaces removed (blank: no store); each store is measured on its own orders, so a
    customer is returning in a store when they bought in that store before the period. ``kept``:
    the relation of each (store, customer)'s first day there (:func:`store_firsts`), when ready.
    """
    length, last, first = periods[-1].days, periods[-1].end, periods[0].start
    if _kept_days_rank(engine, rows):
        found = _kept_ranked(engine, rows, length, first, last)
    else:
        found = _ranked(engine, rows, kept, length, first, last)
    found = found.sort_values(["back", "store"], kind="stable")
    out = []
    for back, period in enumerate(reversed(periods)):
        figures = []
        for r in found[found["back"] == back].itertuples():
            sales = int(r.units) / MONEY_UNITS
            figures.append(
                StoreFigures(
                    store=str(r.store),
                    customers=int(r.customers),
                    orders=int(r.orders),
                    sales=sales,
                    repeat_purchase_rate=Ratio(int(r.repeaters), int(r.customers)),
                    returning_sales_share=Share(int(r.returning_units) / MONEY_UNITS, sales),
                )
            )
        out.append(StoreRanking(period, tuple(figures)))
    return out[::-1]


def _kept_days_rank(engine: Engine, rows: Scope) -> bool:
    """Return True when the kept purchase days per store rank ``rows`` (:func:`_kept_ranked`).

    They are kept per store (name trimmed) over every channel: not with a channel filter, nor
    with a store filter when some stored store name has surrounding spaces (the filter matches
    the stored names, the kept table has them trimmed).
    """
    if not rows.kept or rows.channels:
        return False
    if not rows.stores:
        return True
    where, params = scope(engine, rows.shop).where(valid=False) if rows.shop else ("1 = 1", ())
    (spaced,) = engine.execute(
        f"SELECT COUNT(*) FROM day_totals WHERE {where} AND store <> TRIM(store)", params
    ).fetchone() or (0,)
    return not spaced


def _kept_ranked(
    engine: Engine, rows: Scope, length: int, first: pd.Timestamp, last: pd.Timestamp
) -> pd.DataFrame:
    """Return :func:`rankings`' table (back, store, orders, units, customers, repeaters, returning_units).

    From the writer's kept tables: the orders and sales per store from ``day_totals``, the buyers
    from ``store_customer_days`` (a row per store, customer and purchase day with the days before
    and after it): a buyer's first row in a period is the one whose previous day is before the
    period, they repeat when their next day is in it, and their sales are returning when their
    first day in the store is before it. One pass over the periods' rows, nothing grouped per
    customer.
    """
    where, params = rows.where(valid=False)
    span = (engine.day(first), engine.day(last))
    back = f"(CAST(? AS DATE) - order_day) // {int(length)}"
    totals = engine.frame(
        f"""SELECT back, TRIM(store) AS store, SUM(orders) AS orders, SUM(sales_units) AS units FROM (
            SELECT store, orders, sales_units, {back} AS back FROM day_totals
            WHERE {where} AND order_day BETWEEN ? AND ? AND store IS NOT NULL AND TRIM(store) <> ''
        ) AS t GROUP BY back, TRIM(store)""",
        (engine.day(last), *params, *span),
    )
    before = f"(prev_day IS NULL OR CAST(? AS DATE) - prev_day >= (back + 1) * {int(length)})"
    buyers = engine.frame(
        f"""SELECT back, store, SUM(CASE WHEN {before} THEN 1 ELSE 0 END) AS customers,
            SUM(CASE WHEN {before} AND next_day IS NOT NULL
                AND CAST(? AS DATE) - next_day >= back * {int(length)} THEN 1 ELSE 0 END) AS repeaters,
            SUM(CASE WHEN CAST(? AS DATE) - first_day >= (back + 1) * {int(length)}
                THEN units ELSE 0 END) AS returning_units
        FROM (
            SELECT store, units, prev_day, next_day, first_day, {back} AS back FROM store_customer_days
            WHERE {where} AND order_day BETWEEN ? AND ?
        ) AS d GROUP BY back, store""",
        (*(engine.day(last),) * 5, *params, *span),
    )
    table = totals.merge(buyers, on=["back", "store"], how="left")
    return table.fillna({"customers": 0, "repeaters": 0, "returning_units": 0})


def _ranked(
    engine: Engine, rows: Scope, kept: str | None, length: int, first: pd.Timestamp, last: pd.Timestamp
) -> pd.DataFrame:
    """Return :func:`rankings`' table from the periods' orders (grouped per buyer in the engine)."""
    # Each order's period counted back from the last one (0: the last), by whole periods of days; a
    # buyer is returning in a store when their first day there is at least (back + 1) periods before
    # the last day; a buyer repeats with two purchase days or more (their first and last differ: no
    # distinct count). Only the periods' orders are grouped per buyer; the orders before them are
    # read for those buyers only (a semi-join, or the kept first days), never grouped whole.
    where, params = rows.where()
    kept_where, kept_params = rows.where(valid=False)
    firsts = (
        f"SELECT store, customer_id, first_day FROM {kept}"
        if kept
        # The writer's kept first days per store and channel (analytics.store.derived), of the buyers.
        else f"""SELECT TRIM(store) AS store, customer_id, MIN(first_day) AS first_day
            FROM store_customer_firsts WHERE {kept_where} AND store IS NOT NULL
                AND customer_id IN (SELECT customer_id FROM buyers)
            GROUP BY TRIM(store), customer_id"""
        if rows.kept
        else f"""SELECT store, customer_id, MIN(first_day) AS first_day FROM (
                SELECT TRIM(store) AS store, customer_id, MIN(order_day) AS first_day FROM orders
                WHERE {where} AND order_day < ? AND store IS NOT NULL
                    AND customer_id IN (SELECT customer_id FROM buyers)
                GROUP BY TRIM(store), customer_id
                UNION ALL
                SELECT store, customer_id, MIN(order_day) AS first_day FROM recent
                WHERE customer_id IS NOT NULL GROUP BY store, customer_id
            ) both_parts GROUP BY store, customer_id"""
    )
    return engine.frame(
        f"""WITH recent AS MATERIALIZED (
            SELECT TRIM(store) AS store, customer_id, order_day, {_UNITS} AS units,
                (CAST(? AS DATE) - order_day) // {int(length)} AS back
            FROM orders WHERE {where} AND order_day BETWEEN ? AND ?
                AND store IS NOT NULL AND TRIM(store) <> ''
        ), totals AS (
            SELECT back, store, COUNT(*) AS orders, SUM(units) AS units FROM recent GROUP BY back, store
        ), buyers AS MATERIALIZED (
            SELECT back, store, customer_id, SUM(units) AS units,
                CASE WHEN MIN(order_day) < MAX(order_day) THEN 1 ELSE 0 END AS repeats
            FROM recent WHERE customer_id IS NOT NULL GROUP BY back, store, customer_id
        ), firsts AS (
            {firsts}
        ), per_store AS (
            SELECT b.back, b.store, COUNT(*) AS customers,
                SUM(b.repeats) AS repeaters,
                SUM(CASE WHEN CAST(? AS DATE) - f.first_day >= (b.back + 1) * {int(length)}
                    THEN b.units ELSE 0 END) AS returning_units
            FROM buyers b JOIN firsts f ON f.store = b.store AND f.customer_id = b.customer_id
            GROUP BY b.back, b.store
        )
        SELECT t.back, t.store, t.orders, t.units, COALESCE(s.customers, 0) AS customers,
            COALESCE(s.repeaters, 0) AS repeaters, COALESCE(s.returning_units, 0) AS returning_units
        FROM totals t LEFT JOIN per_store s ON s.back = t.back AND s.store = t.store""",
        (
            engine.day(last),
            *params,
            engine.day(first),
            engine.day(last),
            *(() if kept else kept_params if rows.kept else (*params, engine.day(first))),
            engine.day(last),
        ),
    )


def ranking(engine: Engine, rows: Scope, *, period: Period, kept: str | None = None) -> StoreRanking:
    """Return :func:`analytics.metrics.stores.store_ranking` of ``rows`` (see :func:`rankings`)."""
    return rankings(engine, rows, periods=[period], kept=kept)[0]


def index_trend(
    engine: Engine, rows: Scope, *, period: Period, periods: int = TREND_PERIODS, kept: str | None = None
) -> StoreIndex:
    """Return :func:`analytics.metrics.store_index.store_index_trend` of ``rows``, ranked in the engine."""
    return store_index(index_rankings(engine, rows, period=period, periods=periods, kept=kept))


def index_rankings(
    engine: Engine, rows: Scope, *, period: Period, periods: int = TREND_PERIODS, kept: str | None = None
) -> list[StoreRanking]:
    """Return the rankings :func:`index_trend` ranks: ``period`` and the periods before it, oldest first."""
    first = _span(engine, rows)[0]
    chosen = index_periods(period, first=first, periods=periods) if not pd.isna(first) else [period]
    return rankings(engine, rows, periods=chosen, kept=kept)


def _months(values: pd.Series) -> np.ndarray:
    """Return months since 1970-01 of dates."""
    return pd.to_datetime(values).to_numpy(dtype="datetime64[M]").astype(np.int64)


def cohorts(engine: Engine, rows: Scope, *, cumulative: bool = False) -> pd.DataFrame:
    """Return :func:`analytics.metrics.cohorts.cohort_retention` of ``rows``, counted in the engine.

    The engine returns one row per (cohort month, month active) (non-cumulative) or per (cohort
    month, first month back) (cumulative): at most months x months rows, whatever the orders.
    """
    where, params = rows.where()
    last = engine.execute(f"SELECT MAX(order_day) FROM orders WHERE {where}", params).fetchone()
    found = engine.frame(
        f"""WITH active AS MATERIALIZED (
            SELECT DISTINCT customer_id, CAST(DATE_TRUNC('month', order_day) AS DATE) AS month
            FROM orders WHERE {where} AND customer_id IS NOT NULL
        ), firsts AS MATERIALIZED (
            SELECT customer_id, MIN(month) AS cohort FROM active GROUP BY customer_id
        ), backs AS (
            SELECT f.customer_id, f.cohort, MIN(a.month) AS back FROM firsts f
            LEFT JOIN active a ON a.customer_id = f.customer_id AND a.month > f.cohort
            GROUP BY f.customer_id, f.cohort
        )
        {
            "SELECT cohort, back AS month, COUNT(*) AS customers FROM backs GROUP BY cohort, back"
            if cumulative
            else "SELECT f.cohort, a.month, COUNT(*) AS customers FROM active a "
            "JOIN firsts f ON f.customer_id = a.customer_id GROUP BY f.cohort, a.month"
        }""",
        params,
    )
    columns = ["cohort", "months_since", "cohort_size", "customers", "retention", "immature"]
    if len(found) == 0 or last is None or last[0] is None:
        return pd.DataFrame({c: [] for c in columns})
    cohort = _months(found["cohort"])
    first_cohort = int(cohort.min())
    last_day = int(pd.Timestamp(last[0]).to_datetime64().astype("datetime64[D]").astype(np.int64))
    width = int(np.datetime64(last_day, "D").astype("datetime64[M]").astype(np.int64)) - first_cohort + 1
    index = cohort - first_cohort
    customers = found["customers"].to_numpy(dtype=np.int64)
    if cumulative:
        # Never back: month ``width`` (past the grid), as cohort_retention counts it.
        month = found["month"]
        since = np.where(month.isna(), width, _months(month.fillna(pd.Timestamp("1970-01-01"))) - cohort)
        counts = np.zeros((width, width + 1), dtype=np.int64)
        np.add.at(counts, (index, since), customers)
        sizes = counts.sum(axis=1)
        grid = counts[:, :width].cumsum(axis=1)
    else:
        grid = np.zeros((width, width), dtype=np.int64)
        np.add.at(grid, (index, _months(found["month"]) - cohort), customers)
        sizes = grid[:, 0].copy()  # month 0: every customer of the cohort
    return retention_cells(grid, sizes, first_cohort, last_day, cumulative=cumulative)


def _quantile(values: np.ndarray, counts: np.ndarray, q: float) -> float:
    """Return numpy's linear ``q`` quantile of ``values`` each repeated ``counts`` times (values sorted)."""
    position = (int(counts.sum()) - 1) * q
    below = int(np.floor(position))
    ends = np.cumsum(counts)  # the sorted gaps' positions end (exclusive) at each value's
    low = values[np.searchsorted(ends, below, side="right")]
    high = values[np.searchsorted(ends, below + 1, side="right")] if position > below else low
    return float(low + (position - below) * (high - low))


def intervals(engine: Engine, rows: Scope) -> dict[str, object]:
    """Return :meth:`analytics.metrics.intervals.PurchaseIntervals.to_dict` of ``rows`` without tiers.

    The engine returns the gaps between consecutive purchase days as a distribution (one row per
    number of days) and the customers with a gap; the median, mean and care cycle (75th
    percentile) are those of the gaps themselves, computed from the distribution.
    """
    from analytics.metrics.intervals import CARE_CYCLE_QUANTILE

    where, params = rows.where()
    found = engine.frame(
        f"""WITH days AS (
            SELECT DISTINCT customer_id, order_day FROM orders WHERE {where} AND customer_id IS NOT NULL
        ), gaps AS (
            SELECT customer_id,
                order_day - LAG(order_day) OVER (PARTITION BY customer_id ORDER BY order_day) AS gap
            FROM days
        )
        SELECT gap, COUNT(*) AS n FROM gaps
        WHERE gap IS NOT NULL GROUP BY gap""",
        params,
    )
    (customers,) = engine.execute(
        f"""SELECT COUNT(*) FROM (SELECT customer_id FROM orders WHERE {where} AND customer_id IS NOT NULL
            GROUP BY customer_id HAVING COUNT(DISTINCT order_day) >= 2) c""",
        params,
    ).fetchone() or (0,)
    found = found.sort_values("gap")
    values = found["gap"].to_numpy(dtype=np.int64)
    counts = found["n"].to_numpy(dtype=np.int64)
    n = int(counts.sum())
    nan = None  # as PurchaseIntervals.to_dict writes an undefined figure
    row = {
        "group": "all",
        "customers": int(customers),
        "intervals": n,
        "median_days": _quantile(values, counts, 0.5) if n else nan,
        "mean_days": float((values * counts).sum() / n) if n else nan,
        "care_cycle_days": _quantile(values, counts, CARE_CYCLE_QUANTILE) if n else nan,
    }
    return {
        "summary": [row],
        "distribution": {str(int(v)): int(c) for v, c in zip(values, counts, strict=True)},
    }


@dataclass(frozen=True)
class PageScope:
    """One history's rows as a page asks for them: the history, the shop and the sidebar's filter."""

    path: str
    shop: str | None
    stores: tuple[str, ...] = ()
    channels: tuple[str, ...] = ()


# DuckDB runs inside the dashboard's process: its memory is the app's. Capped so a page's query on
# ten million orders spills its large aggregates to disk instead of growing the app past 1 GB
# (DuckDB's default is 80% of the machine's memory).
DUCKDB_MEMORY_LIMIT = "500MB"


# DuckDB drops its cache of the file's blocks when the process's last connection to it closes, so
# each page call would read and decompress the same columns again (one interaction asks for the
# facts, the cards twice, the ranking, the index and the months in a row: seconds at ten million
# orders). The file is kept open for KEEP_OPEN_S seconds after the process's last page call, then
# closed: a writer in another process (which waits up to 120 s for the file) goes on after that.
KEEP_OPEN_S = 3.0
_keeper_lock = threading.Lock()
_keepers: dict[str, tuple[object, threading.Timer]] = {}


def _keep_open(engine: Engine) -> None:
    """Keep the process's DuckDB database of ``engine`` open for :data:`KEEP_OPEN_S` more seconds."""
    path = str(engine.location.path)
    with _keeper_lock:
        found = _keepers.pop(path, None)
        if found is not None:
            found[1].cancel()
        # A connection of the same process shares the open database (and its cache of blocks).
        try:
            conn = found[0] if found is not None else engine._duckdb.connect(path)  # type: ignore[attr-defined]
        except engine._duckdb.Error:  # type: ignore[attr-defined]
            return  # opened otherwise in this process (read-only): the pages run without the cache
        timer = threading.Timer(KEEP_OPEN_S, _let_go, (path,))
        timer.daemon = True
        _keepers[path] = (conn, timer)
        timer.start()


def _let_go(path: str) -> None:
    """Close the kept connection of ``path`` unless a later page call kept it again."""
    with _keeper_lock:
        found = _keepers.get(path)
        if found is None or found[1] is not threading.current_thread():
            return
        del _keepers[path]
        # Closed under the lock: close_kept (at exit) then waits for it, so no timer thread is
        # still closing a connection while the interpreter shuts down (DuckDB aborted the process).
        found[0].close()  # type: ignore[attr-defined]


@atexit.register
def close_kept() -> None:
    """Close every kept DuckDB connection now (also at the end of the process: timers are daemons)."""
    with _keeper_lock:
        found = list(_keepers.values())
        _keepers.clear()
        for conn, timer in found:
            timer.cancel()
            conn.close()  # type: ignore[attr-defined]


@contextmanager
def open_pages(where: PageScope) -> Iterator[Engine]:
    """Open the history ``where`` names for a page's queries (DuckDB's memory capped), then close it."""
    with open_history(store_location(where.path)) as engine:
        if engine.kind == "duckdb":
            engine.execute(f"SET memory_limit = '{DUCKDB_MEMORY_LIMIT}'", native=True)
            # A query over 2 s draws a progress bar on the server's terminal otherwise.
            engine.execute("SET enable_progress_bar = false", native=True)
            _keep_open(engine)
        yield engine


def scope_of(engine: Engine, where: PageScope) -> Scope:
    """Return the rows of an open history that ``where`` names (its shop and filter).

    ``kept`` when the history keeps the writer's tables (:mod:`analytics.store.derived`) and the
    rows are one shop's (the kept first days are a shop's; all shops of a history of one shop are).
    """
    rows = scope(engine, where.shop, stores=where.stores, channels=where.channels)
    one_shop = rows.shop is not None or len(shops_in(engine)) <= 1  # type: ignore[arg-type]
    return replace(rows, kept=one_shop and derived.ready(engine))


def kept_firsts(rows: Scope) -> Scope:
    """Return ``rows`` with the relation of each customer's first and second day among them (kept rows).

    Without a filter: the shop's ``customer_firsts``. With a store or channel filter: the two
    smallest distinct days of the customer's ``store_customer_firsts`` rows among the chosen
    stores and channels (the first and second day of each store and channel are the only
    candidates for the first and second day of their union).
    """
    where, params = rows.where(valid=False)
    if not (rows.stores or rows.channels):
        return replace(
            rows,
            firsts=f"(SELECT customer_id, first_day, second_day FROM customer_firsts WHERE {where})",
            firsts_params=params,
        )
    # Per customer the smallest first day (m); the second day is the smallest of the other rows'
    # first days and every row's second day (a row's second day follows its first, so of a row
    # whose first day is after m its first day is the smaller). Grouped, no window: a window over
    # the chosen stores' rows took seconds at ten million orders.
    relation = f"""(WITH c AS MATERIALIZED (
            SELECT customer_id, first_day, second_day FROM store_customer_firsts WHERE {where}
        )
        SELECT c.customer_id, m.first_day,
            MIN(CASE WHEN c.first_day > m.first_day THEN c.first_day ELSE c.second_day END) AS second_day
        FROM c JOIN (SELECT customer_id, MIN(first_day) AS first_day FROM c GROUP BY customer_id) m
            ON m.customer_id = c.customer_id
        GROUP BY c.customer_id, m.first_day)"""
    return replace(rows, firsts=relation, firsts_params=params)


# Each customer's first and second purchase day over a shop's (and filter's) whole history, and
# each (store, customer)'s first day there: the whole-history aggregates the Overview's cards,
# monthly series and store ranking need, the same for every period. On DuckDB they are computed
# once per history stamp and kept in the process as Arrow tables (about 20 bytes a customer or a
# pair: ~5 MB and ~18 MB at 1M orders, ~10 times that at 10M), registered on each page's
# connection (DuckDB scans a registered Arrow table without copying it), so a period change reads
# only the period's orders.
# The DuckDB file is not kept open between pages (but for KEEP_OPEN_S): that would lock every
# writer out of it.
FIRSTS_TABLE = "page_customer_firsts"
STORE_FIRSTS_TABLE = "page_store_firsts"
FIRSTS_KEPT_BYTES = 320_000_000  # over all scopes; the least recently used scope goes first
# The (store, customer) pairs are about 3 an identified customer: above this many orders their table
# (~55 MB here) is not kept, and the ranking reads its buyers' earlier orders instead (a semi-join):
# the app stays under 1 GB with DuckDB's own memory (DUCKDB_MEMORY_LIMIT) beside it.
STORE_FIRSTS_MAX_ORDERS = 3_000_000


class _Kept:
    """Tables kept per (page scope, history stamp, what); the least recently used go past ``size``."""

    def __init__(self, size: int, weigh: Callable[[object], int]) -> None:
        self.size, self.weigh = size, weigh
        self.found: OrderedDict[tuple[PageScope, str, str], object] = OrderedDict()
        self.lock = threading.Lock()  # Streamlit runs each session's script in its own thread

    def get(self, key: tuple[PageScope, str, str], make: Callable[[], object]) -> object:
        with self.lock:
            found = self.found.get(key)
            if found is not None:
                self.found.move_to_end(key)
                return found
        found = make()  # outside the lock: another scope's page need not wait for this one
        with self.lock:
            self.found[key] = found
            while len(self.found) > 1 and sum(self.weigh(t) for t in self.found.values()) > self.size:
                self.found.popitem(last=False)
        return found


_kept_firsts = _Kept(FIRSTS_KEPT_BYTES, lambda t: t.nbytes)  # type: ignore[attr-defined]
# The whole history's months (a row per month): kept for any engine, a period change then reads at
# most the month its end cuts.
_kept_months = _Kept(10_000, len)  # type: ignore[arg-type]


def _firsts_sql(where: str) -> str:
    # DuckDB's MIN(x, 2) lists the two smallest values: of the distinct days, the first and second.
    return f"""SELECT customer_id, days[1] AS first_day, days[2] AS second_day FROM (
        SELECT customer_id, MIN(order_day, 2) AS days FROM (
            SELECT DISTINCT customer_id, order_day FROM orders WHERE {where} AND customer_id IS NOT NULL
        ) d GROUP BY customer_id
    ) m"""


def _store_firsts_sql(where: str) -> str:
    # A store's name without surrounding spaces, blank: no store (as the ranking names stores).
    return f"""SELECT TRIM(store) AS store, customer_id, MIN(order_day) AS first_day FROM orders
        WHERE {where} AND customer_id IS NOT NULL AND store IS NOT NULL AND TRIM(store) <> ''
        GROUP BY TRIM(store), customer_id"""


def _stamp(where: PageScope) -> str:
    from analytics.store.uploads import history_stamp

    return history_stamp(where.path)  # called with the file open: no writer changes it meanwhile


def _register(engine: Engine, where: PageScope, name: str, sql: Callable[[str], str]) -> None:
    """Register on ``engine`` (DuckDB) as ``name`` the kept table ``sql`` gives for ``where``."""
    clause, params = scope_of(engine, where).where()
    table = _kept_firsts.get(
        (where, _stamp(where), name),
        lambda: engine.conn.sql(sql(clause), params=list(params)).to_arrow_table(),  # type: ignore[attr-defined]
    )
    engine.conn.register(name, table)  # type: ignore[attr-defined]


def with_firsts(engine: Engine, where: PageScope) -> Scope:
    """Return :func:`scope_of` with each customer's first and second day ready on the connection.

    A history with the writer's kept tables: :func:`kept_firsts` (every engine, nothing computed
    here). Else DuckDB: the table of ``where`` kept in the process at the history's stamp (computed
    now when not kept); other engines: the scope alone (each query finds the days in the orders).
    """
    rows = scope_of(engine, where)
    if rows.kept:
        return kept_firsts(rows)
    if engine.kind != "duckdb":
        return rows
    _register(engine, where, FIRSTS_TABLE, _firsts_sql)
    return replace(rows, firsts=FIRSTS_TABLE)


def store_firsts(engine: Engine, where: PageScope) -> str | None:
    """Return the relation of each (store, customer)'s first day there made ready, or None.

    None: not DuckDB, a history with the writer's kept tables (:func:`rankings` reads them), or more
    than :data:`STORE_FIRSTS_MAX_ORDERS` orders. A store's first days do
    not depend on the store filter: one table serves every filter.
    """
    every = replace(where, stores=())
    rows = scope_of(engine, every)
    if engine.kind != "duckdb" or rows.kept or _span(engine, rows)[2] > STORE_FIRSTS_MAX_ORDERS:
        return None
    _register(engine, every, STORE_FIRSTS_TABLE, _store_firsts_sql)
    return STORE_FIRSTS_TABLE


def facts_of(where: PageScope) -> HistoryFacts:
    """Return :func:`history_facts` of a history URL's shop and filter."""
    with open_pages(where) as engine:
        return history_facts(engine, scope_of(engine, where))


def period_summary(
    where: PageScope,
    *,
    period: Period,
    repurchase_days: int,
    members: pd.DataFrame | None = None,
    members_source: str = "the member list",
) -> Summary:
    """Return the Overview's summary of ``period`` (members: the given list, else the stored one)."""
    from analytics.store.figures import summary_in_engine

    with open_pages(where) as engine:
        summary, _ = summary_in_engine(
            engine,
            rows=with_firsts(engine, where),
            shop=where.shop,
            start=period.start,
            end=period.end,
            repurchase_days=repurchase_days,
            members=members,
            members_source=members_source,
            stored_members=True,
            require_orders=False,  # the sidebar checked the period against the whole history
        )
    return summary


def monthly_of(where: PageScope, *, end: pd.Timestamp, months: int | None) -> MonthlySales | None:
    """Return :func:`monthly` of a history URL's shop and filter."""
    with open_pages(where) as engine:
        rows = with_firsts(engine, where)

        def whole() -> pd.DataFrame:
            first, last, orders = _span(engine, rows)
            if not orders:
                return pd.DataFrame()
            if rows.kept and not (rows.stores or rows.channels):
                return _month_totals(engine, rows)
            return month_table(engine, rows, first, last, first)

        kept = _kept_months.get((where, _stamp(where), "months"), whole)
        return monthly(engine, rows, end=end, months=months, whole=kept)  # type: ignore[arg-type]


# The rankings the store index ranked, per scope, stamp and period: the page's ranking of the period
# is the index's last one (same scope without a store filter), not ranked again.
_kept_rankings = _Kept(64, lambda found: 1)


def _ranking_key(where: PageScope, stamp: str, period: Period) -> tuple[PageScope, str, str]:
    return where, stamp, f"ranking {period.start:%Y-%m-%d} {period.end:%Y-%m-%d}"


def ranking_of(where: PageScope, *, period: Period) -> StoreRanking:
    """Return :func:`ranking` of a history URL's shop and filter (the store index's when it ranked it)."""
    with open_pages(where) as engine:
        return _kept_rankings.get(  # type: ignore[return-value]
            _ranking_key(where, _stamp(where), period),
            lambda: ranking(engine, scope_of(engine, where), period=period, kept=store_firsts(engine, where)),
        )


def index_of(where: PageScope, *, period: Period) -> StoreIndex:
    """Return :func:`index_trend` of a history URL's shop and filter (its rankings kept for the ranking)."""
    with open_pages(where) as engine:
        found = index_rankings(
            engine, scope_of(engine, where), period=period, kept=store_firsts(engine, where)
        )
        stamp = _stamp(where)
        for ranked in found:
            _kept_rankings.get(_ranking_key(where, stamp, ranked.period), lambda ranked=ranked: ranked)
    return store_index(found)


def page_scope(
    path: str | os.PathLike, shop: str | None, *, stores: Sequence[str] = (), channels: Sequence[str] = ()
) -> PageScope:
    """Return the :class:`PageScope` of a history, a shop and a filter (sorted: equal choices, equal keys)."""
    return PageScope(
        str(path), shop, tuple(sorted({str(s) for s in stores})), tuple(sorted({str(c) for c in channels}))
    )


def cohorts_of(where: PageScope, *, cumulative: bool = False) -> pd.DataFrame:
    """Return :func:`cohorts` of a history URL's shop and filter."""
    with open_pages(where) as engine:
        return cohorts(engine, scope_of(engine, where), cumulative=cumulative)


def intervals_of(where: PageScope) -> dict[str, object]:
    """Return :func:`intervals` of a history URL's shop and filter."""
    with open_pages(where) as engine:
        return intervals(engine, scope_of(engine, where))
