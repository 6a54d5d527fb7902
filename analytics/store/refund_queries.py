"""The refund lines a history keeps: read back as the loader's refunds frame, for the period's refunds.

A refund line (a cancellation invoice, :mod:`analytics.loading.refunds`) names no original order
and subtracts from the sales of the day it happens. The history keeps every upload's refund lines
(``refund_lines``, one row per line and upload that showed it); a line shown by two overlapping
exports is one refund (its key is the same), so it counts once. Refund lines are a few percent of
the order lines, so they come back whole (no more than the period needs when a period is given).
"""

from __future__ import annotations

import os

import pandas as pd

from analytics.frames import empty_refunds
from analytics.store.connection import store_location
from analytics.store.engines import open_history
from analytics.store.engines.base import Engine
from analytics.store.shops import read_shop, shop_filter

# meta key: the first upload whose refund lines the history kept (histories made before schema 4
# kept none; their earlier order uploads' refunds are unknown).
REFUNDS_FROM = "refunds_from_upload"


def refunds_from(engine: Engine) -> int:
    """Return the first upload id whose refund lines are kept (1 for a history made with them)."""
    row = engine.execute("SELECT value FROM meta WHERE key = ?", (REFUNDS_FROM,)).fetchone()
    return int(row[0]) if row else 1


def stored_refunds(engine: Engine, shop: str | None, start=None, end=None) -> pd.DataFrame | None:
    """Return the refund lines of ``shop`` (all shops: None) in an open history, each line once.

    None when the history holds order uploads stored before it kept refund lines (their refunds
    are unknown, so any refunds figure of it would be too small). ``start``/``end`` (days) keep
    the lines of those days only.
    """
    if engine.kind == "spark" and not (engine.root / "refund_lines").exists():  # type: ignore[attr-defined]
        return None  # a warehouse copied before histories kept refund lines
    clause, params = shop_filter(shop)
    older = engine.execute(
        f"SELECT COUNT(*) FROM uploads WHERE kind = 'orders' AND upload_id < ? AND {clause}",
        (refunds_from(engine), *params),
    ).fetchone()
    if older and older[0]:
        return None
    days, day_params = "", ()
    if start is not None and end is not None:
        days, day_params = " AND order_day BETWEEN ? AND ?", (engine.day(start), engine.day(end))
    raw = engine.frame(
        "SELECT MIN(order_id) AS order_id, MIN(customer_id) AS customer_id, MIN(order_time) AS order_time, "
        f"MIN(amount) AS amount FROM refund_lines WHERE {clause}{days} "
        "GROUP BY shop, refund_key ORDER BY MIN(order_time), MIN(order_id)",
        (*params, *day_params),
    )
    if raw.empty:
        return empty_refunds()
    times = pd.to_datetime(raw["order_time"], format="ISO8601").astype("datetime64[ns]")
    return pd.DataFrame(
        {
            "order_id": raw["order_id"].astype("str"),
            "customer_id": raw["customer_id"].astype("str"),
            "order_time": times,
            "order_day": times.dt.normalize(),
            "amount": raw["amount"].astype("float64"),
        }
    )


def history_refunds(
    path: str | os.PathLike | None, *, shop: str | None = None, start=None, end=None
) -> pd.DataFrame | None:
    """Return a history's refund lines as the loader's refunds frame (see :func:`stored_refunds`).

    ``shop`` as in :func:`analytics.store.history_orders` (the only shop by default). Give the
    frame to :func:`analytics.metrics.refunds.period_refunds` for a period's refunds and net sales,
    as the summary of files does with :attr:`analytics.loading.OrdersLoad.refunds`.
    """
    with open_history(store_location(path)) as engine:
        chosen = read_shop(engine, shop, engine.where)  # type: ignore[arg-type]
        return stored_refunds(engine, chosen, start, end)
