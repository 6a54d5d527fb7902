"""The sidebar's store/channel selection of the dataset's orders, through the dataset's Orders object.

A selection is an :class:`~analytics.metrics.orderbook.Orders` derived from the dataset's (its
purchase log derived from the dataset's log, not rebuilt). It is kept (``st.cache_resource``, see
:mod:`ui.dataset`) on the dataset's source digest and the choice, so every rerun and page gets the
same object and the tables it builds on first use (log, codes) are built once.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import streamlit as st

from analytics.metrics.orderbook import Orders
from ui.dataset import dataset
from ui.state import CHANNELS_KEY, STORES_KEY


# A few selections per dataset (each holds its rows and its log), as many as the former per-frame cache.
@st.cache_resource(show_spinner=False, max_entries=8)
def _selection(source: str, stores: tuple[str, ...], channels: tuple[str, ...], _book: Orders) -> Orders:
    return _book.select(stores=stores, channels=channels)


def select(book: Orders, *, stores: Sequence[str] = (), channels: Sequence[str] = ()) -> Orders:
    """Return the orders of the chosen stores and channels (an empty choice keeps all: ``book`` itself).

    Kept per source and choice when ``book`` is named (its ``source``); an unnamed one is selected
    on each call.
    """
    stores = tuple(sorted({str(s) for s in stores})) if "store" in book.frame.columns else ()
    channels = tuple(sorted({str(c) for c in channels})) if "channel" in book.frame.columns else ()
    if not stores and not channels:
        return book
    if not book.source:
        return book.select(stores=stores, channels=channels)
    return _selection(book.source, stores, channels, book)


def chosen_stores() -> tuple[str, ...]:
    """Return the stores chosen in the sidebar (empty: all)."""
    return tuple(st.session_state.get(STORES_KEY) or ())


def chosen_channels() -> tuple[str, ...]:
    """Return the channels chosen in the sidebar (empty: all)."""
    return tuple(st.session_state.get(CHANNELS_KEY) or ())


def selected_orders() -> Orders | None:
    """Return the dataset's orders of the stores and channels chosen in the sidebar (None without orders)."""
    book = dataset().book
    if book is None:
        return None
    return select(book, stores=chosen_stores(), channels=chosen_channels())


def book_of(frame: pd.DataFrame) -> Orders | None:
    """Return the Orders object whose frame is ``frame``: the dataset's, or the sidebar's selection.

    Pages that hold the frame (``ui.context.require_orders``) get its tables reused this way;
    any other frame gives None (its results are then keyed on its contents).
    """
    book = dataset().book
    if book is None:
        return None
    if book.frame is frame:
        return book
    chosen = selected_orders()
    return chosen if chosen is not None and chosen.frame is frame else None


def distinct_values(orders: pd.DataFrame | Orders | None, column: str) -> list[str]:
    """Return the sorted distinct non-empty values of an optional column (empty when absent).

    Found once per dataset (or selection) and column when the orders are the dataset's (the
    sidebar, captions and chart labels ask on every rerun); computed for any other frame.
    """
    if orders is None:
        return []
    if isinstance(orders, pd.DataFrame):
        found = book_of(orders)
        if found is None:
            if column not in orders.columns:
                return []
            return sorted(str(v) for v in orders[column].dropna().unique())
        orders = found
    return orders.distinct(column)
