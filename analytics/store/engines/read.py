"""Read an engine history: shops, the list of uploads, the loaded-days calendar, a summary, orders in chunks.

None of these brings the order rows into the process, except :func:`history_orders_engine` (the
canonical frame of a small history, for pages that still need the rows).
"""

from __future__ import annotations

import json
from typing import Any

import pandas as pd

from analytics.frames import OPTIONAL_ORDER_COLUMNS, ORDER_COLUMNS
from analytics.store.engines.base import Engine
from analytics.store.schema import OPTIONAL_COLUMNS, SCHEMA_VERSION
from analytics.store.shops import read_shop, shop_filter, shops_in
from analytics.store.versions import VALUES


def list_uploads_engine(engine: Engine, shop: str | None) -> pd.DataFrame:
    """Return the uploads as :func:`analytics.store.list_uploads` does, counted in the engine."""
    chosen = read_shop(engine, shop, engine.where)  # type: ignore[arg-type]
    clause, params = shop_filter(chosen, "u.")
    frame = engine.frame(
        f"""SELECT u.upload_id, u.shop, u.kind, u.file_name, u.uploaded_at, u.first_day, u.last_day,
            u.rows_read, u.rows_used, u.dropped, u.added, u.updated, u.duplicates, u.removed,
            (SELECT COUNT(*) FROM order_versions v
             WHERE v.upload_id = u.upload_id AND v.status = 'valid') AS orders,
            (SELECT COUNT(*) FROM order_versions v
             JOIN orders o ON o.shop = v.shop AND o.order_id = v.order_id
             WHERE v.upload_id = u.upload_id AND o.status = 'valid' AND NOT EXISTS (
                SELECT 1 FROM order_versions w WHERE w.shop = v.shop AND w.order_id = v.order_id
                AND w.upload_id <> v.upload_id)) AS only_here
        FROM uploads u WHERE {clause} ORDER BY u.upload_id""",
        params,
    )
    for name in ("file_name", "shop", "kind", "uploaded_at"):
        frame[name] = frame[name].astype("str")
    for name in ("first_day", "last_day"):
        frame[name] = pd.to_datetime(frame[name], format="%Y-%m-%d").astype("datetime64[ns]")
    for name in ("upload_id", "rows_read", "rows_used", "added", "updated", "duplicates", "removed"):
        frame[name] = frame[name].astype("int64")
    for name in ("orders", "only_here"):
        frame[name] = frame[name].astype("int64")
    frame["dropped"] = frame["dropped"].map(json.loads)
    return frame


def store_summary_engine(engine: Engine) -> dict[str, Any]:
    """Return the store, schema version, shops and valid orders per shop."""
    per_shop = {
        shop: int(count)
        for shop, count in engine.execute(
            "SELECT shop, COUNT(*) FROM orders WHERE status = 'valid' GROUP BY shop ORDER BY shop"
        )
    }
    shops = shops_in(engine)  # type: ignore[arg-type]
    return {
        "store": engine.where,
        "schema_version": SCHEMA_VERSION,
        "shops": shops,
        "orders": {s: per_shop.get(s, 0) for s in shops},
    }


def as_canonical(raw: pd.DataFrame, *, all_shops: bool) -> pd.DataFrame:
    """Return engine order rows (shop, order_id, values) as the canonical orders frame."""
    frame = pd.DataFrame(
        {
            "order_id": raw["order_id"].astype("str"),
            "customer_id": raw["customer_id"].astype("str"),
            "order_time": pd.to_datetime(raw["order_time"]).astype("datetime64[ns]"),
        }
    )
    frame["order_day"] = frame["order_time"].dt.normalize()
    frame["amount"] = raw["amount"].astype("float64")
    if all_shops:
        raw = raw.assign(store=raw["shop"])
    for name in OPTIONAL_ORDER_COLUMNS:
        if name not in raw or not raw[name].notna().any():
            continue
        if name == "is_member":
            frame[name] = raw[name].astype("boolean")
        elif OPTIONAL_COLUMNS.get(name) == "REAL":
            frame[name] = raw[name].astype("float64")
        else:
            frame[name] = raw[name].astype("str")
    return frame[[*ORDER_COLUMNS, *[c for c in OPTIONAL_ORDER_COLUMNS if c in frame]]]


def history_orders_engine(engine: Engine, shop: str | None) -> pd.DataFrame:
    """Return a shop's valid orders as the canonical frame (the whole history: for small stores only)."""
    chosen = read_shop(engine, shop, engine.where)  # type: ignore[arg-type]
    clause, params = shop_filter(chosen)
    raw = engine.frame(
        f"SELECT shop, order_id, {VALUES} FROM orders WHERE status = 'valid' AND {clause} "
        "ORDER BY order_time, shop, order_id",
        params,
    )
    return as_canonical(raw, all_shops=chosen is None)


def loaded_days_engine(engine: Engine, shop: str | None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return the valid orders per day and the order uploads' first/last days (for the calendar strip)."""
    chosen = read_shop(engine, shop, engine.where)  # type: ignore[arg-type]
    clause, params = shop_filter(chosen)
    counts = engine.frame(
        f"SELECT order_day AS day, COUNT(*) AS orders FROM orders WHERE status = 'valid' AND {clause} "
        "GROUP BY order_day",
        params,
    )
    counts["day"] = pd.to_datetime(counts["day"]).dt.strftime("%Y-%m-%d")
    spans = engine.frame(
        "SELECT first_day, last_day FROM uploads "
        f"WHERE kind = 'orders' AND first_day IS NOT NULL AND {clause}",
        params,
    )
    return counts, spans
