"""The stored history of weekly uploads (``analytics.store``) as the dashboard uses it.

When a history store exists, every figure is computed over one shop's stored orders plus the
current upload, applied by the ingest rules (``analytics.store.with_upload``), so a manager who
saves each Monday's export sees the whole year without uploading it again. Reads are cached on the
store file's modification time, so a new ingest or a deletion is seen at once.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from collections.abc import Iterable
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import pandas as pd
import streamlit as st

from analytics import store
from analytics.errors import InputError
from analytics.ingest import store_orders_load
from analytics.loading import OrdersLoad
from analytics.store import url as store_url
from ui import signin, tenancy
from ui.i18n import current_lang, t
from ui.safe_text import md, message_markdown

USE_KEY = "use_history"
PROBLEM_KEY = "_history_problem"
SHOP_KEY = "history_shop"
PICKED_KEY = "_history_shop_picked"
UPLOAD_SHOP_KEY = "_history_upload_shop"
log = logging.getLogger(__name__)


def shared_history() -> str | None:
    """Return this visitor's part of a history database set up for the dashboard, or None.

    The operator names it by ``$RCD_HISTORY_URL`` or ``[connections.history]`` in
    ``.streamlit/secrets.toml`` (or a URL in ``$RCD_STORE``). A signed-in user gets their own part
    of it (:func:`analytics.store.url.tenant_url`: a schema of their own on PostgreSQL); the local
    user the whole of it; a browser-session visitor none (their history stays in the session).
    """
    base = store_url.configured_url() or (os.environ.get(store.STORE_ENV) or None)
    if not base or not store_url.is_url(base):
        return None
    owner = tenancy.current_owner()
    if owner.mode == "session" or (owner.mode == "user" and owner.folder is None):
        return None
    return store_url.tenant_url(base, owner.folder.name) if owner.mode == "user" else base


def store_file() -> Path | str:
    """Return this visitor's history: a history database's URL, else a file (:mod:`ui.tenancy`)."""
    return shared_history() or tenancy.store_file()


def store_stamp(path: Path | str) -> float | str:
    """Return what changes when the history changes (a file's times, a database's uploads): cache keys."""
    if isinstance(path, str) and store_url.is_url(path):
        try:
            return store.history_stamp(path)
        except InputError:
            return "unreadable"
    # SQLite in WAL mode writes to the -wal file first: either file changing means new data.
    stamps = [p.stat().st_mtime_ns for p in (Path(path), Path(f"{path}-wal")) if p.exists()]
    return float(max(stamps)) if stamps else 0.0


@st.cache_data(show_spinner=False, max_entries=8)
def _shops(path: str, stamp: float | str) -> list[str]:
    return store.list_shops(path)


def shops() -> list[str]:
    """Return the shops held in the store (empty without a store or when it cannot be read)."""
    path = store_file()
    if not isinstance(path, str) and not path.exists():
        return []
    try:
        return _shops(str(path), store_stamp(path))
    except InputError as exc:
        # Logged with the URL as shown (never a password); the sidebar says what to fix.
        log.warning("history store %s not usable: %s", store.shown_store(path), exc)
        if exc.code != "store.missing":  # a history not made yet is an empty one, not a problem
            st.session_state[PROBLEM_KEY] = exc.message
        return []


def enabled() -> bool:
    """Return True when a store with orders exists and the user keeps "include history" on."""
    return bool(shops()) and bool(st.session_state.get(USE_KEY, True))


def local_times(
    stamps: Iterable[str], *, timezone: str | None, offset_minutes: int | None
) -> tuple[list[str], str]:
    """Return stored UTC upload times in the viewer's local time, and the zone's name to show.

    ``timezone`` is the browser's IANA zone (``st.context.timezone``); without it the browser's
    ``offset_minutes`` (``st.context.timezone_offset``: UTC minus local time, as JavaScript's
    ``getTimezoneOffset``) is used; without either the times stay in UTC.

    Examples
    --------
    >>> local_times(["2026-11-29T01:30:00Z"], timezone="Asia/Shanghai", offset_minutes=-480)
    (['2026-11-29 09:30'], 'Asia/Shanghai')
    >>> local_times(["2026-11-29T01:30:00Z"], timezone=None, offset_minutes=300)
    (['2026-11-28 20:30'], 'UTC-05:00')
    >>> local_times(["2026-11-29T01:30:00Z"], timezone=None, offset_minutes=None)
    (['2026-11-29 01:30'], 'UTC')
    """
    utc = pd.to_datetime(pd.Series(list(stamps), dtype="object"), utc=True, errors="coerce")
    zone: dt.tzinfo = dt.UTC
    name = "UTC"
    if timezone:
        try:
            zone, name = ZoneInfo(timezone), timezone
        except (ZoneInfoNotFoundError, ValueError):
            timezone = None
    if not timezone and offset_minutes:
        zone = dt.timezone(dt.timedelta(minutes=-offset_minutes))
        hours, minutes = divmod(abs(offset_minutes), 60)
        name = f"UTC{'-' if offset_minutes > 0 else '+'}{hours:02d}:{minutes:02d}"
    shown = ["—" if pd.isna(v) else v.tz_convert(zone).strftime("%Y-%m-%d %H:%M") for v in utc]
    return shown, name


def shop_name(shop: str) -> str:
    """Return a shop's name as shown: the store's unnamed shop ("default") in the reader's language."""
    return t("shop_unnamed") if shop == store.DEFAULT_SHOP else str(shop)


def _remember_pick() -> None:
    # Only a pick the user made overrides the default (the upload's shop, else the first shop).
    st.session_state[PICKED_KEY] = st.session_state.get(SHOP_KEY)


def chosen_shop() -> str:
    """Return the shop whose history is shown: the user's pick, else the store's default shop rule."""
    names = shops()
    picked = st.session_state.get(PICKED_KEY)
    if picked in (*names, store.ALL_SHOPS):
        return picked
    return store.default_shop(names, st.session_state.get(UPLOAD_SHOP_KEY))


@st.cache_data(show_spinner=False, max_entries=8)
def _history(
    path: str, shop: str, stamp: float | str
) -> tuple[pd.DataFrame, pd.DataFrame | None, pd.DataFrame | None]:
    return (
        store.history_orders(path, shop=shop),
        store.history_members(path, shop=shop),
        store.history_campaigns(path, shop=shop),
    )


def history() -> tuple[pd.DataFrame, pd.DataFrame | None, pd.DataFrame | None]:
    """Return the stored orders, latest member list and latest campaign list of the chosen shop."""
    path = store_file()
    return _history(str(path), chosen_shop(), store_stamp(path))


def with_history(stored: pd.DataFrame, load: OrdersLoad | None, shop: str) -> pd.DataFrame:
    """Return one shop's stored orders with the current upload applied by the ingest rules.

    ``analytics.store.with_upload`` does the applying (the upload's version of an order replaces
    the stored one, closed orders leave, exports without order ids are matched by content);
    ``analytics.store.orders_of_shop`` keeps the upload's orders of the shown shop, so figures
    never mix shops unless "all shops" is picked.
    """
    if load is None:
        return stored
    orders = store.orders_of_shop(load.orders, shop)
    return store.with_upload(stored, orders, invalid=load.invalid_orders, has_order_ids=load.has_order_ids)


def data_owner_controls() -> None:
    """Say whose data this is (:mod:`ui.tenancy`): sign-in and sign-out, or "this session only"."""
    owner = tenancy.current_owner()
    if owner.mode == "user":
        user = st.user.get("email") or st.user.get("name") or ""
        st.sidebar.caption(t("signed_in_as", user=md(str(user))))
        st.sidebar.button(t("sign_out"), on_click=st.logout, key="sign_out", icon=":material/logout:")
    elif owner.needs_sign_in:
        st.sidebar.button(
            t("sign_in"), on_click=signin.sign_in, key="sign_in", type="primary", icon=":material/login:"
        )
        signin.show_problem()
        st.sidebar.caption(t("data_sign_in_hint"))
    elif owner.mode == "session":
        st.sidebar.caption(t("data_session_only"))


def sidebar_controls() -> None:
    """Show whose data this is, then "include the stored history" and the shop picker when a store exists."""
    data_owner_controls()
    st.session_state.pop(PROBLEM_KEY, None)
    names = shops()
    problem = st.session_state.get(PROBLEM_KEY)
    if problem is not None and isinstance(store_file(), str):
        # A history database that does not answer or refuses the login: said, with the setting to fix.
        st.sidebar.error(message_markdown(problem, current_lang()), icon=":material/database:")
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
            format_func=lambda s: all_label if s == store.ALL_SHOPS else shop_name(s),  # plain text
            key=SHOP_KEY,
            on_change=_remember_pick,
            placeholder=t("choose_option"),
        )


def save_upload(dataset) -> list[store.IngestResult]:
    """Store the current upload (orders, and the uploaded member and campaign lists) in the history.

    Lists name no shop: they go with the upload's orders. An export of several shops stores each
    list once for every shop it holds (the command line asks for ``--shop`` instead; here the
    lists were uploaded together with those shops' orders).
    """
    path = store_file()
    load = dataset.load
    results = store_orders_load(path, load)
    order_shops = sorted({r.shop for r in results})
    list_shops = order_shops if len(order_shops) > 1 else [store.lists_shop(None, order_shops)]
    for shop in list_shops:
        if dataset.members_uploaded and dataset.members is not None:
            results.append(
                store.ingest_members(path, dataset.members, shop=shop, file_name=dataset.members_file)
            )
        if dataset.campaign_uploaded and dataset.campaign is not None:
            results.append(
                store.ingest_campaign(path, dataset.campaign, shop=shop, file_name=dataset.campaign_file)
            )
    return results
