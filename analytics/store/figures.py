"""The period summary of a stored history, computed where the history lives.

:func:`history_summary` asks the history's engine (SQLite, DuckDB, PostgreSQL, Spark) for the
small tables of :mod:`analytics.store.queries` and finishes the figures with
:mod:`analytics.metrics.activity`: the order rows never come into the process, whatever the size
of the history. The member list (stored, or given as a file) is resolved by
:func:`analytics.metrics.members.membership` as for files; only its check that some member is a
customer is asked of the engine.
"""

from __future__ import annotations

import os
from typing import Any

import pandas as pd

from analytics.errors import ArgumentError, Term
from analytics.metrics.activity import CustomerActivity, activity_from_orders, summary_from_customers
from analytics.metrics.members import membership
from analytics.metrics.period import Period, resolve_period
from analytics.metrics.repeat import DEFAULT_REPURCHASE_DAYS
from analytics.metrics.summary import Summary
from analytics.store.connection import store_location
from analytics.store.engines import open_history
from analytics.store.engines.base import Engine
from analytics.store.queries import (
    Scope,
    customer_activity,
    daily_orders,
    order_membership,
    period_totals,
    scope,
)

# Member ids asked of the engine at a time when looking for one that is a customer.
_ID_BATCH = 500
_SHOWN_IDS = 3


def _a_customer_among(engine: Engine, rows: Scope, ids: pd.Series) -> str | None:
    """Return one of ``ids`` that is a customer of the history, or None (asked in batches)."""
    where, params = rows.where()
    unique = ids.dropna().unique()
    for begin in range(0, len(unique), _ID_BATCH):
        batch = [str(x) for x in unique[begin : begin + _ID_BATCH]]
        marks = ", ".join("?" * len(batch))
        found = engine.execute(
            f"SELECT customer_id FROM orders WHERE {where} AND customer_id IN ({marks}) LIMIT 1",
            (*params, *batch),
        ).fetchone()
        if found:
            return str(found[0])
    return None


def _resolve_members(
    engine: Engine, rows: Scope, members: pd.DataFrame | None, source: str
) -> pd.DataFrame | None:
    """Return the resolved membership (the rules of :func:`analytics.metrics.members.membership`)."""
    if members is None:
        own = order_membership(engine, rows)
        return None if own is None else membership(own, None)
    ids = members["customer_id"].astype("str").str.strip().replace("", pd.NA) if len(members) else None
    if ids is None or ids.notna().sum() == 0:
        return membership(pd.DataFrame({"customer_id": pd.Series([], dtype="str")}), members, source=source)
    hit = _a_customer_among(engine, rows, ids)
    if hit is None:
        where, params = rows.where()
        sample = engine.execute(
            f"SELECT DISTINCT customer_id FROM orders WHERE {where} AND customer_id IS NOT NULL "
            f"ORDER BY customer_id LIMIT {_SHOWN_IDS}",
            params,
        ).fetchall()
        raise ArgumentError(
            "metrics.members_not_in_orders",
            file=source,
            count=int(ids.nunique()),
            member_ids=[repr(str(x)) for x in ids.dropna().unique()[:_SHOWN_IDS]],
            order_ids=[repr(str(r[0])) for r in sample],
            option=Term("option.map_customer_id"),
        )
    # The engine found a member among the customers, which is all the list's check needs of the orders.
    return membership(pd.DataFrame({"customer_id": pd.Series([hit], dtype="str")}), members, source=source)


def history_summary(
    path: str | os.PathLike | None,
    *,
    shop: str | None = None,
    start: str | pd.Timestamp | None = None,
    end: str | pd.Timestamp | None = None,
    repurchase_days: int = DEFAULT_REPURCHASE_DAYS,
    members: pd.DataFrame | None = None,
    members_source: str = "the member list",
    stored_members: bool = True,
) -> tuple[Summary, dict[str, Any]]:
    """Return the period's summary over a stored history, and a note of what was read.

    Parameters
    ----------
    path
        The history: a SQLite file or a URL (see :mod:`analytics.store.url`).
    shop
        The shop to read (the store's shop rule: see :func:`analytics.store.shops.read_shop`).
    start, end, repurchase_days
        As for :func:`analytics.metrics.summary.summarize` (period defaults to the 30 days ending
        on the history's last order day).
    members
        A member list given as a file (canonical members frame); else, when ``stored_members``,
        the shop's latest stored list; else the orders' own member columns.

    Returns
    -------
    (Summary, dict)
        The figures, and ``{"path": the store as shown, "orders": the shop's valid orders}``.
    """
    from analytics.store.read import history_members, history_orders

    location = store_location(path)
    if location.is_file:
        # SQLite has no index on customers and no parallel scans: reading the history back and
        # computing the same activity table in pandas is several times faster there.
        orders = history_orders(path, shop=shop)
        period = resolve_period(orders, start=start, end=end)
        if members is None and stored_members:
            members = history_members(path, shop=shop)
        resolved = membership(orders, members, source=members_source)
        summary = summary_from_customers(
            activity_from_orders(orders, period), members=resolved, repurchase_days=repurchase_days
        )
        return summary, {"path": location.shown, "orders": len(orders)}
    with open_history(location) as engine:
        return summary_in_engine(
            engine,
            shop=shop,
            start=start,
            end=end,
            repurchase_days=repurchase_days,
            members=members,
            members_source=members_source,
            stored_members=stored_members,
        )


def summary_in_engine(
    engine: Engine,
    *,
    shop: str | None,
    start: str | pd.Timestamp | None,
    end: str | pd.Timestamp | None,
    repurchase_days: int,
    members: pd.DataFrame | None,
    members_source: str,
    stored_members: bool,
    rows: Scope | None = None,
    require_orders: bool = True,
) -> tuple[Summary, dict[str, Any]]:
    """Return :func:`history_summary` computed by the history queries on an open history (any engine).

    ``rows``: the orders to read (default: ``shop``'s; the dashboard adds its store and channel
    filter); ``shop`` names whose stored member list is used, whatever the filter. Without
    ``require_orders`` a period given whole (``start`` and ``end``) may hold no order (the
    dashboard's filter of a store that sold nothing then): zero figures, as ``summarize`` gives.
    """
    from analytics.store.read import history_members

    rows = rows or scope(engine, shop)
    daily = daily_orders(engine, rows)
    if require_orders or start is None or end is None:
        period = resolve_period(daily, start=start, end=end)
    else:
        period = Period(pd.Timestamp(start).normalize(), pd.Timestamp(end).normalize())
    totals = period_totals(engine, rows, period.start, period.end)
    customers = customer_activity(engine, rows, period.start, period.end)
    if members is None and stored_members:
        if engine.kind == "sqlite":
            members = history_members(engine.location.path, shop=shop)
        else:
            members = _stored_members(engine, shop)
    resolved = _resolve_members(engine, rows, members, members_source)
    activity = CustomerActivity(
        period=period,
        customers=customers,
        orders=totals.orders,
        sales_units=totals.sales_units,
        guest_orders=totals.guest_orders,
        guest_sales_units=totals.guest_sales_units,
        last_day=daily["order_day"].max(),
    )
    summary = summary_from_customers(activity, members=resolved, repurchase_days=repurchase_days)
    return summary, {"path": engine.where, "orders": int(daily["orders"].sum())}


def _stored_members(engine: Engine, shop: str | None) -> pd.DataFrame | None:
    """Return the shop's latest stored member list from an open engine (as ``history_members``)."""
    from analytics.store.engines.lists import latest_list_rows_engine
    from analytics.store.read import members_frame

    found = latest_list_rows_engine(
        engine, shop, "members", "SELECT customer_id, tier, tier_rank, joined FROM members"
    )
    return None if found is None else members_frame(*found)
