"""Read the history back as the canonical frames: a shop's orders, latest member and campaign lists."""

from __future__ import annotations

import json
import os

import pandas as pd

from analytics.frames import OPTIONAL_ORDER_COLUMNS, ORDER_COLUMNS
from analytics.store.connection import open_store, store_location, store_path
from analytics.store.lists import latest_list_rows
from analytics.store.schema import OPTIONAL_COLUMNS
from analytics.store.shops import read_shop, shop_filter
from analytics.store.values import read_times
from analytics.store.versions import VALUES


def _empty_orders() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "order_id": pd.Series(dtype="str"),
            "customer_id": pd.Series(dtype="str"),
            "order_time": pd.Series(dtype="datetime64[ns]"),
            "order_day": pd.Series(dtype="datetime64[ns]"),
            "amount": pd.Series(dtype="float64"),
        }
    )


def history_orders(path: str | os.PathLike | None = None, *, shop: str | None = None) -> pd.DataFrame:
    """Return the stored orders of a shop as the canonical orders frame.

    Only orders whose effective state is valid are returned, one row per ``(shop, order_id)``,
    sorted by order time then id. Optional columns appear when some stored order has them.

    Parameters
    ----------
    shop
        The shop to read. ``None`` reads the store's only shop (an error when there are
        several); :data:`~analytics.store.shops.ALL_SHOPS` reads all shops together, with
        ``store`` set to the shop.

    Raises
    ------
    ArgumentError
        When the store does not exist, the shop is unknown, or the shop is ambiguous.
    """
    location = store_location(path)
    if not location.is_file:
        from analytics.store.engines import open_engine
        from analytics.store.engines.read import history_orders_engine

        with open_engine(location) as engine:
            return history_orders_engine(engine, shop)
    where = store_path(path)
    with open_store(where) as conn:
        chosen = read_shop(conn, shop, where)
        clause, params = shop_filter(chosen)
        raw = pd.read_sql_query(
            f"SELECT shop, order_id, {VALUES} FROM orders WHERE status = 'valid' AND {clause} "
            "ORDER BY order_time, shop, order_id",
            conn,
            params=params,
        )
    if raw.empty:
        return _empty_orders()
    frame = pd.DataFrame(
        {
            "order_id": raw["order_id"].astype("str"),
            "customer_id": raw["customer_id"].astype("str"),
            "order_time": read_times(raw["order_time"]),
        }
    )
    frame["order_day"] = frame["order_time"].dt.normalize()
    frame["amount"] = raw["amount"].astype("float64")
    if chosen is None:
        raw["store"] = raw["shop"]
    for name in OPTIONAL_ORDER_COLUMNS:
        if name not in raw or not raw[name].notna().any():
            continue
        if name == "is_member":
            frame[name] = raw[name].astype("Int64").astype("boolean")
        elif OPTIONAL_COLUMNS.get(name) == "REAL":
            frame[name] = raw[name].astype("float64")
        else:
            frame[name] = raw[name].astype("str")
    return frame[[*ORDER_COLUMNS, *[c for c in OPTIONAL_ORDER_COLUMNS if c in frame]]]


def history_members(path: str | os.PathLike | None = None, *, shop: str | None = None) -> pd.DataFrame | None:
    """Return the shop's latest member list as the canonical members frame, or None.

    ``tier`` is an ordered Categorical in the stored tier order (low to high); ``joined`` is
    NaT when unknown. ``frame.attrs`` holds ``upload_id``, ``file_name`` and ``uploaded_at``
    (UTC) of the list. With :data:`~analytics.store.shops.ALL_SHOPS` the most recent list of
    any shop is returned.
    """
    select = "SELECT customer_id, tier, tier_rank, joined FROM members"
    found = latest_list_rows(path, shop, "members", select)
    return None if found is None else members_frame(*found)


def members_frame(latest: tuple, raw: pd.DataFrame) -> pd.DataFrame:
    """Return a stored member list (its upload row and its rows) as the canonical members frame."""
    # Lists stored before the tier order was kept as detail fall back to the stored ranks.
    tiers = json.loads(latest[3]).get("tiers") or list(
        raw.dropna(subset=["tier"]).sort_values("tier_rank", kind="stable")["tier"].drop_duplicates()
    )
    frame = pd.DataFrame(
        {
            "customer_id": raw["customer_id"].astype("str"),
            "tier": pd.Categorical(raw["tier"], categories=tiers, ordered=True),
            "joined": read_times(raw["joined"]),
        }
    )
    frame.attrs = {"upload_id": int(latest[0]), "file_name": latest[1], "uploaded_at": latest[2]}
    return frame


def history_campaigns(
    path: str | os.PathLike | None = None, *, shop: str | None = None
) -> pd.DataFrame | None:
    """Return the shop's latest campaign list (customer_id, group, start), or None.

    ``frame.attrs`` holds ``upload_id``, ``file_name`` and ``uploaded_at`` of the list.
    """
    found = latest_list_rows(path, shop, "campaign", "SELECT customer_id, grp, start FROM campaigns")
    if found is None:
        return None
    latest, raw = found
    frame = pd.DataFrame(
        {
            "customer_id": raw["customer_id"].astype("str"),
            "group": raw["grp"].astype("str"),
            "start": read_times(raw["start"]),
        }
    )
    frame.attrs = {"upload_id": int(latest[0]), "file_name": latest[1], "uploaded_at": latest[2]}
    return frame
