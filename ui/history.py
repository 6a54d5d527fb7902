"""The stored history of weekly uploads (``analytics.store``) as the dashboard uses it.

When a history store exists, every figure is computed over the stored orders plus the current
upload (an order in the upload replaces its stored version), so a manager who saves each Monday's
export sees the whole year without uploading it again. Reads are cached on the store file's
modification time, so a new ingest or a deletion is seen at once.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pandas as pd
import streamlit as st

from analytics import store
from analytics.errors import InputError
from ui.i18n import t

USE_KEY = "use_history"
SHOP_KEY = "history_shop"
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


def chosen_shop() -> str:
    """Return the shop picked in the sidebar (the only shop, or all shops, by default)."""
    names = shops()
    chosen = st.session_state.get(SHOP_KEY)
    if chosen in (*names, store.ALL_SHOPS):
        return chosen
    return names[0] if len(names) == 1 else store.ALL_SHOPS


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


def combine(stored: pd.DataFrame, current: pd.DataFrame | None) -> pd.DataFrame:
    """Return stored orders plus the current upload's, the upload's version replacing a stored one."""
    if current is None or len(current) == 0:
        return stored
    replaced = stored["order_id"].isin(current["order_id"])
    return pd.concat([stored[~replaced], current], ignore_index=True)


def sidebar_controls() -> None:
    """Show "include the stored history" and the shop picker when a store exists."""
    names = shops()
    if not names:
        return
    st.sidebar.subheader(t("history_title"))
    st.sidebar.toggle(t("use_history"), value=True, key=USE_KEY)
    if len(names) > 1 and st.session_state.get(USE_KEY, True):
        all_label = t("all_stores")
        st.sidebar.selectbox(
            t("shop"),
            [*names, store.ALL_SHOPS],
            index=len(names),
            format_func=lambda s: all_label if s == store.ALL_SHOPS else str(s),
            key=SHOP_KEY,
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
