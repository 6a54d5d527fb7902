"""The history queries, each written once and run where the history lives (SQLite, DuckDB, PostgreSQL, Spark).

Each query is one SQL text in DuckDB's dialect, transpiled per engine by sqlglot
(:mod:`analytics.store.engines.sql`). They return the small tables the metric functions finish
the figures from, never the order rows:

- :func:`daily_orders`: orders and sales per calendar day (the period's bounds, daily series);
- :func:`period_totals`: orders, sales, guest orders and guest sales of a period;
- :func:`customer_activity`: per identified customer of the period, the first and second
  purchase day over all history, purchase days, orders and sales in the period (a few percent of
  the order rows: 3.5-8% in the prototype's measurements);
- :func:`member_evidence` / :func:`order_membership`: what the member list needs from the orders.

Money is summed as whole ten-thousandths (``amount`` x 10,000 rounded, summed as integers), so a
sum does not depend on the order in which an engine adds its rows: the same history gives the same
figures, to the last digit, in every engine.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from analytics.store.engines.base import Engine
from analytics.store.shops import read_shop

# Money is summed in units of 1/MONEY_UNITS of the currency (exact integers in every engine).
MONEY_UNITS = 10_000
_UNITS = f"CAST(ROUND(amount * {MONEY_UNITS}) AS BIGINT)"


@dataclass(frozen=True)
class Scope:
    """The rows a query reads: one shop's valid orders (``shop`` None: all shops).

    ``stores`` / ``channels``: the dashboard's store and channel filter (empty: all), matching the
    column's value exactly as :meth:`analytics.metrics.orderbook.Orders.select` does (a missing
    value never matches). Every history figure is then that of the chosen stores' orders alone.
    """

    shop: str | None
    stores: tuple[str, ...] = ()
    channels: tuple[str, ...] = ()
    # A relation the caller prepared on the connection (customer_id, first_day, second_day) holding
    # each customer's first and second purchase day of these rows (analytics.store.pages keeps it per
    # history stamp): a period's query then reads the period's orders only.
    firsts: str | None = None
    firsts_params: tuple[str, ...] = ()  # the parameters of ``firsts`` (a relation's own filter)
    # True when the history keeps the writer's tables (analytics.store.derived) for these rows:
    # the day totals answer the days, totals and facts without reading the orders.
    kept: bool = False

    def where(self, alias: str = "", *, valid: bool = True) -> tuple[str, tuple[str, ...]]:
        """Return the SQL condition and its parameters (``valid`` False: of a kept table, no status)."""
        condition, params = [f"{alias}status = 'valid'" if valid else "1 = 1"], []
        if self.shop is not None:
            condition.append(f"{alias}shop = ?")
            params.append(self.shop)
        for column, values in (("store", self.stores), ("channel", self.channels)):
            if values:
                condition.append(f"{alias}{column} IN ({', '.join('?' * len(values))})")
                params.extend(values)
        return " AND ".join(condition), tuple(params)


def scope(
    engine: Engine, shop: str | None, *, stores: Sequence[str] = (), channels: Sequence[str] = ()
) -> Scope:
    """Return the rows to read by the store's shop rule (see :func:`analytics.store.shops.read_shop`)."""
    return Scope(
        read_shop(engine, shop, engine.where),  # type: ignore[arg-type]
        tuple(sorted({str(s) for s in stores})),
        tuple(sorted({str(c) for c in channels})),
    )


def _days(values: pd.Series) -> pd.Series:
    return pd.to_datetime(values).astype("datetime64[ns]")


def daily_orders(engine: Engine, rows: Scope) -> pd.DataFrame:
    """Return order_day, orders, guest_orders, sales (float, exact sum) per day with orders, sorted."""
    where, params = rows.where(valid=not rows.kept)
    frame = engine.frame(
        f"""SELECT order_day, SUM(orders) AS orders, SUM(guest_orders) AS guest_orders,
            SUM(sales_units) AS sales_units
        FROM day_totals WHERE {where} GROUP BY order_day ORDER BY order_day"""
        if rows.kept
        else f"""SELECT order_day, COUNT(*) AS orders,
            SUM(CASE WHEN customer_id IS NULL THEN 1 ELSE 0 END) AS guest_orders,
            SUM({_UNITS}) AS sales_units
        FROM orders WHERE {where} GROUP BY order_day ORDER BY order_day""",
        params,
    )
    return pd.DataFrame(
        {
            "order_day": _days(frame["order_day"]),
            "orders": frame["orders"].astype("int64"),
            "guest_orders": frame["guest_orders"].astype("int64"),
            "sales": frame["sales_units"].astype("int64") / MONEY_UNITS,
        }
    )


@dataclass(frozen=True)
class PeriodTotals:
    """Orders and sales of a period, guests included, and the guests' part (sales as exact units)."""

    orders: int
    sales_units: int
    guest_orders: int
    guest_sales_units: int


def period_totals(engine: Engine, rows: Scope, start: pd.Timestamp, end: pd.Timestamp) -> PeriodTotals:
    """Return the period's orders and sales, and those of guests (no customer id)."""
    where, params = rows.where(valid=not rows.kept)
    found = engine.execute(
        f"""SELECT COALESCE(SUM(orders), 0), COALESCE(SUM(sales_units), 0), COALESCE(SUM(guest_orders), 0),
            COALESCE(SUM(guest_sales_units), 0)
        FROM day_totals WHERE {where} AND order_day BETWEEN ? AND ?"""
        if rows.kept
        else f"""SELECT COUNT(*), COALESCE(SUM({_UNITS}), 0),
            COALESCE(SUM(CASE WHEN customer_id IS NULL THEN 1 ELSE 0 END), 0),
            COALESCE(SUM(CASE WHEN customer_id IS NULL THEN {_UNITS} ELSE 0 END), 0)
        FROM orders WHERE {where} AND order_day BETWEEN ? AND ?""",
        (*params, engine.day(start), engine.day(end)),
    ).fetchone()
    assert found is not None  # an aggregate always returns one row
    return PeriodTotals(*(int(v) for v in found))


def customer_activity(engine: Engine, rows: Scope, start: pd.Timestamp, end: pd.Timestamp) -> pd.DataFrame:
    """Return one row per identified customer with an order in the period.

    Columns: customer_id, first_day (first purchase day over all history), second_day (the next
    purchase day after it, over all history; NaT when none, and NaT when not asked: from the kept
    purchase days, for a customer first seen before the period), purchase_days (distinct days
    with an order in the period), orders and sales_units (the period's, money in 1/10,000).
    """
    where, params = rows.where()
    period = f"""SELECT customer_id, COUNT(DISTINCT order_day) AS purchase_days, COUNT(*) AS orders,
                SUM({_UNITS}) AS sales_units
            FROM orders
            WHERE {where} AND customer_id IS NOT NULL AND order_day BETWEEN ? AND ?
            GROUP BY customer_id"""
    columns = "p.customer_id, f.first_day, f.second_day, p.purchase_days, p.orders, p.sales_units"
    if rows.kept and not (rows.stores or rows.channels):
        # The writer's kept purchase days (analytics.store.derived): a row per customer and day with
        # the customer's first day and the next purchase day, stored in day order, so the period's
        # customers are grouped from the period's rows alone, without a distinct count or a join.
        # A customer first seen in the period has their first day's row in it, whose next day is
        # their second day; for the others the second day is not asked (NaT): only customers first
        # seen in the period can repurchase within N days of their first purchase.
        where, params = rows.where(valid=False)
        frame = engine.frame(
            f"""SELECT customer_id, MIN(first_day) AS first_day,
                MIN(CASE WHEN order_day = first_day THEN next_day END) AS second_day,
                COUNT(*) AS purchase_days, SUM(orders) AS orders, SUM(units) AS sales_units
            FROM customer_days WHERE {where} AND order_day BETWEEN ? AND ?
            GROUP BY customer_id""",
            (*params, engine.day(start), engine.day(end)),
        )
    elif rows.firsts is not None:
        frame = engine.frame(
            f"SELECT {columns} FROM ({period}) p JOIN {rows.firsts} f ON f.customer_id = p.customer_id",
            (*params, engine.day(start), engine.day(end), *rows.firsts_params),
        )
    else:
        frame = _activity_from_orders(engine, period, columns, where, params, start, end)
    return pd.DataFrame(
        {
            "customer_id": frame["customer_id"].astype("str"),
            "first_day": _days(frame["first_day"]),
            "second_day": _days(frame["second_day"]),
            "purchase_days": frame["purchase_days"].astype("int64"),
            "orders": frame["orders"].astype("int64"),
            "sales_units": frame["sales_units"].astype("int64"),
        }
    )


def _activity_from_orders(
    engine: Engine,
    period: str,
    columns: str,
    where: str,
    params: tuple,
    start: pd.Timestamp,
    end: pd.Timestamp,
) -> pd.DataFrame:
    """Return :func:`customer_activity`'s rows, the first and second days found in the orders."""
    # A semi-join (IN) and a window over each customer's distinct days: one pass over the orders
    # in every engine. A join of the orders on customer_id would make SQLite, which has no index
    # on it, loop over the orders once per customer.
    return engine.frame(
        f"""WITH period AS MATERIALIZED (
            {period}
        ), days AS (
            SELECT DISTINCT customer_id, order_day FROM orders
            WHERE {where} AND customer_id IN (SELECT customer_id FROM period)
        ), ranked AS (
            SELECT customer_id, order_day,
                ROW_NUMBER() OVER (PARTITION BY customer_id ORDER BY order_day) AS k
            FROM days
        ), firsts AS MATERIALIZED (
            SELECT customer_id, MIN(CASE WHEN k = 1 THEN order_day END) AS first_day,
                MIN(CASE WHEN k = 2 THEN order_day END) AS second_day
            FROM ranked WHERE k <= 2 GROUP BY customer_id
        )
        SELECT {columns}
        FROM period p JOIN firsts f ON f.customer_id = p.customer_id""",
        (*params, engine.day(start), engine.day(end), *params),
    )


def member_evidence(engine: Engine, rows: Scope, upload_id: int) -> tuple[int, list[str]]:
    """Return how many ids of a stored member list are customers of the orders, and three order ids.

    The member list's check ("none of its ids is a customer") needs the whole history's customer
    ids; the engine answers it without sending them.
    """
    where_o, params_o = rows.where("o.")
    where, params = rows.where()
    (matched,) = engine.execute(
        f"""SELECT COUNT(*) FROM (SELECT DISTINCT TRIM(m.customer_id) AS id FROM members m
            WHERE m.upload_id = ?) m
        WHERE EXISTS (SELECT 1 FROM orders o WHERE {where_o} AND o.customer_id = m.id)""",
        (upload_id, *params_o),
    ).fetchone() or (0,)
    sample = engine.execute(
        f"SELECT DISTINCT customer_id FROM orders WHERE {where} AND customer_id IS NOT NULL "
        "ORDER BY customer_id LIMIT 3",
        params,
    ).fetchall()
    return int(matched), [str(r[0]) for r in sample]


def order_membership(engine: Engine, rows: Scope) -> pd.DataFrame | None:
    """Return what the orders' own member columns say, one row per (customer, tier), or None.

    Columns customer_id, tier, order_time (the latest order carrying that tier) and is_member
    (any order flagged) when the history has them: the input of
    :func:`analytics.metrics.members.membership` when no member list is stored. None when no
    stored order carries a member flag or a tier.
    """
    where, params = rows.where(valid=not rows.kept)
    has_flag, has_tier = engine.execute(
        f"SELECT COALESCE(SUM(flagged), 0), COALESCE(SUM(tiered), 0) FROM day_totals WHERE {where}"
        if rows.kept
        else f"""SELECT COALESCE(SUM(CASE WHEN is_member IS NOT NULL THEN 1 ELSE 0 END), 0),
            COALESCE(SUM(CASE WHEN tier IS NOT NULL THEN 1 ELSE 0 END), 0)
        FROM orders WHERE {where}""",
        params,
    ).fetchone() or (0, 0)
    where, params = rows.where()
    if not (has_flag or has_tier):
        return None
    frame = engine.frame(
        f"""SELECT customer_id, tier, MAX(order_time) AS order_time,
            MAX(CASE WHEN is_member THEN 1 ELSE 0 END) AS is_member
        FROM orders WHERE {where} AND customer_id IS NOT NULL
        GROUP BY customer_id, tier""",
        params,
    )
    out = pd.DataFrame(
        {
            "customer_id": frame["customer_id"].astype("str"),
            "order_time": pd.to_datetime(frame["order_time"]).astype("datetime64[ns]"),
        }
    )
    if has_flag:
        out["is_member"] = frame["is_member"].astype("int64").astype(bool).astype("boolean")
    if has_tier:
        out["tier"] = frame["tier"].astype("str")
    return out
