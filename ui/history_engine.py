"""Whether this run reads the history in its engine, and the dataset it then builds (no order rows).

Split from :mod:`ui.history_pages` so that :mod:`ui.dataset` can build an engine dataset without
importing the page helpers (they read the sidebar's selections, which read the dataset).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import streamlit as st

from analytics.store import history_campaigns, history_members
from analytics.store import pages as engine_pages
from analytics.store.url import is_url
from ui import history
from ui.state import Dataset

# The page being shown (set by dashboard.py before the dataset is built) and the pages computed in
# the engine: the Overview (its url_path is "" as the default page), Repeat purchase, Returning,
# Members, Tiers.
PAGE_KEY = "_page"
ENGINE_PAGES: tuple[str, ...] = ("", "home", "repeat", "returning", "members", "tiers")


# Reading a history back costs about 1 GB of memory per million orders: above this, the pages not yet
# computed in the engine say so instead of reading the history into the app (issue 18: the app under
# 1 GB, nothing reads the whole history into the process).
READ_LIMIT = 1_000_000


def wanted(path: Path | str) -> bool:
    """Return True when this run's page reads the history in its engine, never its rows.

    The Overview always does on a history database; the other pages do (and only say so, see
    :func:`page_not_in_engine`) when the shop's history holds more than :data:`READ_LIMIT` orders.
    """
    if not (isinstance(path, str) and is_url(path)):
        return False
    if st.session_state.get(PAGE_KEY, "") in ENGINE_PAGES:
        return True
    return facts(scope(path, history.chosen_shop()), history.store_stamp(path)).orders > READ_LIMIT


def scope(path: str, shop: str, *, stores=(), channels=()) -> engine_pages.PageScope:
    """Return what the pages read of ``shop``'s history at ``path`` (a store/channel filter optional)."""
    return engine_pages.page_scope(path, shop, stores=stores, channels=channels)


@st.cache_data(show_spinner=False, max_entries=16)
def facts(where: engine_pages.PageScope, stamp: float | str) -> engine_pages.HistoryFacts:
    """Return the history's facts (days, orders, stores, channels, currency), cached per stamp."""
    return engine_pages.facts_of(where)


def engine_dataset(uploaded: Dataset, path: str, source: str) -> Dataset:
    """Return the dataset of a history database read in its engine: no order rows, its facts and lists.

    Raises InputError when the history cannot be read (the caller names it as the history).
    """
    shop = history.chosen_shop()
    known = facts(scope(path, shop), source)  # the source names the history's stamp
    found: dict = {"history_orders": known.orders, "history_pages": scope(path, shop), "source": source}
    # The lists are small (one row per member or campaign customer): read as the files' path reads them.
    members, campaign = history_members(path, shop=shop), history_campaigns(path, shop=shop)
    if members is not None:
        found.update(members=members, members_file=str(members.attrs.get("file_name") or "history"))
    if campaign is not None:
        found.update(campaign=campaign, campaign_file=str(campaign.attrs.get("file_name") or "history"))
    return replace(uploaded, **found)
