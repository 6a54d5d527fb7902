"""The Members and Tiers pages' inputs over a history database, computed where the history lives.

The period's member and tier figures are the summary's (:func:`analytics.store.pages.period_summary`);
these functions compute the rest of the two pages in the engine:

- :func:`member_trend`: members' daily share of sales and of buyers over a short window
  (:func:`analytics.metrics.member_trend.member_trend_of` on each (day, customer)'s summed orders
  of the window's days: a few days of the history, never all of it);
- :func:`tier_gaps`: the time between purchases per tier (the gaps' distribution per tier, counted
  in the engine against the resolved member list sent to it as a small table,
  :func:`analytics.metrics.intervals.intervals_from_groups`).

Membership is resolved as for the period's summary (the member list decides, else the orders'
own member columns): :func:`analytics.store.figures.resolve_members`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analytics.metrics.intervals import PurchaseIntervals, intervals_from_groups
from analytics.metrics.member_trend import MemberTrend, member_trend_of, trend_window
from analytics.store.engines.base import Engine
from analytics.store.figures import _resolve_members as resolve_members
from analytics.store.pages import PageScope, open_pages, scope_of
from analytics.store.queries import MONEY_UNITS, Scope

# The resolved member list as the engine sees it for one page's query (a table of the connection).
MEMBERS_TABLE = "page_members"
NO_TIER, NOT_A_MEMBER = -1, -2  # tier codes of a member without a tier, of a non-member


def member_trend(
    engine: Engine,
    rows: Scope,
    *,
    end: pd.Timestamp,
    days: int,
    data_first: pd.Timestamp,
    members: pd.DataFrame | None,
    members_source: str,
) -> MemberTrend | None:
    """Return :func:`analytics.metrics.member_trend.member_daily_trend` of ``rows``, read from the engine.

    ``data_first``: the first order day of ``rows`` (the window starts no earlier). None when
    nothing tells who is a member.
    """
    resolved = resolve_members(engine, rows, members, members_source)
    if resolved is None:
        return None
    start, end = trend_window(end, days, data_first)
    where, params = rows.where()
    found = engine.frame(
        f"""SELECT order_day, customer_id, SUM(CAST(ROUND(amount * {MONEY_UNITS}) AS BIGINT)) AS units
        FROM orders WHERE {where} AND order_day BETWEEN ? AND ?
        GROUP BY order_day, customer_id""",
        (*params, engine.day(start), engine.day(end)),
    )
    window = pd.DataFrame(
        {
            "order_day": pd.to_datetime(found["order_day"]).astype("datetime64[ns]"),
            "customer_id": found["customer_id"].astype("string"),
            "amount": found["units"].to_numpy(dtype=np.int64) / MONEY_UNITS,
        }
    )
    return member_trend_of(window, resolved, start=start, end=end)


def _send_members(engine: Engine, resolved: pd.DataFrame) -> None:
    """Make the resolved members (customer_id, tier_code) a table of the connection: :data:`MEMBERS_TABLE`."""
    tier = resolved["tier"] if "tier" in resolved.columns else pd.Series(pd.NA, index=resolved.index)
    codes = pd.Categorical(tier).codes if "tier" in resolved.columns else np.full(len(resolved), NO_TIER)
    table = pd.DataFrame(
        {"customer_id": resolved["customer_id"].astype("str"), "tier_code": codes.astype(np.int64)}
    )
    if engine.kind == "duckdb":
        engine.conn.register(MEMBERS_TABLE, table)  # type: ignore[attr-defined]
        return
    if engine.kind == "spark":  # a view of this session, as the warehouse's own tables are
        engine.spark.createDataFrame(table).createOrReplaceTempView(MEMBERS_TABLE)  # type: ignore[attr-defined]
        return
    # PostgreSQL: a temporary table of this connection (gone when the page's connection closes).
    engine.execute(f"DROP TABLE IF EXISTS {MEMBERS_TABLE}", native=True)
    engine.execute(f"CREATE TEMP TABLE {MEMBERS_TABLE} (customer_id TEXT, tier_code BIGINT)", native=True)
    engine.insert_frame(MEMBERS_TABLE, table)


def tier_gaps(
    engine: Engine, rows: Scope, *, members: pd.DataFrame | None, members_source: str
) -> PurchaseIntervals | None:
    """Return :func:`analytics.metrics.intervals.purchase_intervals` with tiers, counted in the engine.

    The engine counts the gaps between consecutive purchase days per tier (of the resolved member
    list, sent to it) and number of days, and the customers with a gap per tier. None when nothing
    tells who is a member (then the files' function gives the "all" row alone, as :func:`gaps`).
    """
    resolved = resolve_members(engine, rows, members, members_source)
    if resolved is None:
        return None
    _send_members(engine, resolved)
    where, params = rows.where()
    gaps = f"""WITH days AS (
            SELECT DISTINCT customer_id, order_day FROM orders WHERE {where} AND customer_id IS NOT NULL
        ), gaps AS (
            SELECT customer_id,
                order_day - LAG(order_day) OVER (PARTITION BY customer_id ORDER BY order_day) AS gap
            FROM days
        ), tiered AS (
            SELECT g.customer_id, g.gap, COALESCE(m.tier_code, {NOT_A_MEMBER}) AS tier_code
            FROM gaps g LEFT JOIN {MEMBERS_TABLE} m ON m.customer_id = g.customer_id
            WHERE g.gap IS NOT NULL
        )"""
    distribution = engine.frame(
        f"{gaps} SELECT tier_code, gap, COUNT(*) AS n FROM tiered GROUP BY tier_code, gap", params
    )
    customers = engine.frame(
        f"{gaps} SELECT tier_code, COUNT(DISTINCT customer_id) AS customers FROM tiered GROUP BY tier_code",
        params,
    )
    labels = list(pd.Categorical(resolved["tier"]).categories) if "tier" in resolved.columns else []
    code = distribution["tier_code"].to_numpy(dtype=np.int64)
    by_code = dict(zip(customers["tier_code"].astype(int), customers["customers"].astype(int), strict=True))

    def group(mask: np.ndarray, codes: list[int]) -> tuple[np.ndarray, np.ndarray, int]:
        chosen = distribution[mask].groupby("gap")["n"].sum().sort_index()
        return (
            chosen.index.to_numpy(dtype=np.int64),
            chosen.to_numpy(dtype=np.int64),
            sum(by_code.get(c, 0) for c in codes),
        )

    every = np.ones(len(code), dtype=bool)
    all_codes = list(by_code)
    groups = [("all", *group(every, all_codes))]
    groups += [(str(label), *group(code == k, [k])) for k, label in enumerate(labels)]
    groups.append(("non-member", *group(code == NOT_A_MEMBER, [NOT_A_MEMBER])))
    return intervals_from_groups(groups)


def member_trend_of_page(
    where: PageScope,
    *,
    end: pd.Timestamp,
    days: int,
    data_first: pd.Timestamp,
    members: pd.DataFrame | None,
    members_source: str,
) -> MemberTrend | None:
    """Return :func:`member_trend` of a history URL's shop and filter."""
    with open_pages(where) as engine:
        return member_trend(
            engine,
            scope_of(engine, where),
            end=end,
            days=days,
            data_first=data_first,
            members=members,
            members_source=members_source,
        )


def tier_gaps_of(
    where: PageScope, *, members: pd.DataFrame | None, members_source: str
) -> PurchaseIntervals | None:
    """Return :func:`tier_gaps` of a history URL's shop and filter."""
    with open_pages(where) as engine:
        return tier_gaps(engine, scope_of(engine, where), members=members, members_source=members_source)
