"""The stored history of weekly uploads (``analytics.store``) as the dashboard uses it.

When a history store exists, every figure is computed over one shop's stored orders plus the
current upload, applied by the ingest rules (``analytics.store.with_upload``), so a manager who
saves each Monday's export sees the whole year without uploading it again. Reads are cached on the
store file's modification time, so a new ingest or a deletion is seen at once.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path

import pandas as pd
import streamlit as st

from analytics import store
from analytics.errors import InputError
from analytics.loading import OrdersLoad
from ui.i18n import t

USE_KEY = "use_history"
SHOP_KEY = "history_shop"
PICKED_KEY = "_history_shop_picked"
UPLOAD_SHOP_KEY = "_history_upload_shop"
log = logging.getLogger(__name__)


def store_file() -> Path:
    """Return the history store file (``$RCD_STORE`` or the app's data/history.sqlite)."""
    return store.store_path()


def _stamp(path: Path) -> float:
    # SQLite in WAL mode writes to the -wal file first: either file changing means new data.
    stamps = [p.stat().st_mtime_ns for p in (path, Path(f"{path}-wal")) if p.exists()]
    return float(max(stamps)) if stamps else 0.0


@st.cache_data(show_spinner=False, max_entries=8)
def _shops(path: str, stamp: float) -> list[str]:
    return store.list_shops(path)


def shops() -> list[str]:
    """Return the shops held in the store (empty without a store or when it cannot be read)."""
    path = store_file()
    if not path.exists():
        return []
    try:
        return _shops(str(path), _stamp(path))
    except InputError as exc:
        log.warning("history store %s not usable: %s", path, exc)
        return []


def enabled() -> bool:
    """Return True when a store with orders exists and the user keeps "include history" on."""
    return bool(shops()) and bool(st.session_state.get(USE_KEY, True))


def upload_shop(orders: pd.DataFrame | None) -> str | None:
    """Return the one shop an upload's orders name in their store column, else None.

    An upload without a store column, or naming several stores, has no single shop of its own.

    Examples
    --------
    >>> from analytics.frames import orders_frame
    >>> upload_shop(orders_frame(customer_id=["a"], order_day=["2025-01-01"], amount=[1], store=["东店"]))
    '东店'
    """
    if orders is None or "store" not in orders.columns:
        return None
    names = orders["store"].dropna().astype("str").str.strip()
    names = names[names != ""].unique()
    return str(names[0]) if len(names) == 1 else None


def default_shop(names: list[str], upload: str | None = None) -> str:
    """Return the shop shown before the user picks one: the upload's shop when stored, else the first.

    Figures never mix shops by default: "all shops" (:data:`analytics.store.ALL_SHOPS`) is only
    ever an explicit choice in the sidebar.

    Examples
    --------
    >>> default_shop(["东店", "西店"]), default_shop(["东店", "西店"], "西店"), default_shop(["东店"], "北店")
    ('东店', '西店', '东店')
    """
    if upload in names:
        return str(upload)
    return names[0] if names else store.ALL_SHOPS


def _remember_pick() -> None:
    # Only a pick the user made overrides the default (the upload's shop, else the first shop).
    st.session_state[PICKED_KEY] = st.session_state.get(SHOP_KEY)


def chosen_shop() -> str:
    """Return the shop whose history is shown: the user's pick, else :func:`default_shop`."""
    names = shops()
    picked = st.session_state.get(PICKED_KEY)
    if picked in (*names, store.ALL_SHOPS):
        return picked
    return default_shop(names, st.session_state.get(UPLOAD_SHOP_KEY))


@st.cache_data(show_spinner=False, max_entries=8)
def _history(
    path: str, shop: str, stamp: float
) -> tuple[pd.DataFrame, pd.DataFrame | None, pd.DataFrame | None]:
    return (
        store.history_orders(path, shop=shop),
        store.history_members(path, shop=shop),
        store.history_campaigns(path, shop=shop),
    )


def history() -> tuple[pd.DataFrame, pd.DataFrame | None, pd.DataFrame | None]:
    """Return the stored orders, latest member list and latest campaign list of the chosen shop."""
    path = store_file()
    return _history(str(path), chosen_shop(), _stamp(path))


def with_history(stored: pd.DataFrame, load: OrdersLoad | None, shop: str) -> pd.DataFrame:
    """Return one shop's stored orders with the current upload applied by the ingest rules.

    ``analytics.store.with_upload`` does the applying (the upload's version of an order replaces
    the stored one, closed orders leave, exports without order ids are matched by content). An
    upload naming several stores keeps only the chosen shop's orders (and those naming no store),
    so figures never mix shops unless "all shops" is picked.
    """
    if load is None:
        return stored
    orders = load.orders
    if shop != store.ALL_SHOPS and "store" in orders.columns:
        names = orders["store"].astype("str").str.strip()
        keep = orders["store"].isna() | (names == shop) | (names == "")
        if not keep.all():
            load = replace(load, orders=orders[keep])
    return store.with_upload(stored, load)


def sidebar_controls() -> None:
    """Show "include the stored history" and the shop picker when a store exists."""
    names = shops()
    if not names:
        return
    st.sidebar.subheader(t("history_title"))
    st.sidebar.toggle(t("use_history"), value=True, key=USE_KEY)
    if len(names) > 1 and st.session_state.get(USE_KEY, True):
        all_label = t("all_stores")
        # Set before the widget is drawn (no index=): the default follows the upload's shop
        # until the user picks one.
        st.session_state[SHOP_KEY] = chosen_shop()
        st.sidebar.selectbox(
            t("shop"),
            [*names, store.ALL_SHOPS],
            format_func=lambda s: all_label if s == store.ALL_SHOPS else str(s),
            key=SHOP_KEY,
            on_change=_remember_pick,
        )


def save_upload(dataset) -> list[store.IngestResult]:
    """Store the current upload (orders, and the uploaded member and campaign lists) in the history."""
    path = store_file()
    orders = dataset.load.orders
    stores = orders["store"].dropna().unique() if "store" in orders.columns else []
    # Lists carry no shop column: file them under the orders' shop so the shop's figures find them.
    shop = str(stores[0]) if len(stores) == 1 else None
    results = list(store.ingest_orders(path, dataset.load, shop=shop))
    if dataset.members_uploaded and dataset.members is not None:
        results.append(store.ingest_members(path, dataset.members, shop=shop, file_name=dataset.members_file))
    if dataset.campaign_uploaded and dataset.campaign is not None:
        results.append(
            store.ingest_campaign(path, dataset.campaign, shop=shop, file_name=dataset.campaign_file)
        )
    return results
