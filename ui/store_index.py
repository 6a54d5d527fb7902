"""The Overview's store index for chains: one score per store, ranked, with the trend of its rank.

:func:`index_table` and :func:`index_verdict` are pure (result in, texts out) and tested without
Streamlit; :func:`show_store_index` lays them out. Store names come from the file: the table shows
them as plain text and the verdict escapes them (:func:`ui.safe_text.md`).
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analytics import charts
from analytics.metrics.period import Period
from analytics.metrics.store_index import StoreIndex, store_index_trend
from ui import context, history_pages
from ui.charts import cached_chart, show_chart
from ui.format import fmt_int
from ui.i18n import current_lang, translate
from ui.results import cached_metric
from ui.safe_text import md
from ui.tables import show_table


def _change(index: StoreIndex, store: str, lang: str) -> str:
    moved = index.rank_change(store)
    if moved is None:
        return translate("store_rank_new", lang)
    if moved == 0:
        return translate("store_rank_same", lang)
    return translate("store_rank_up" if moved > 0 else "store_rank_down", lang, n=abs(moved))


def index_table(index: StoreIndex, *, lang: str) -> dict[str, list[str]]:
    """Return the table as shown: rank, store, index (0-100), change of rank since the period before."""
    scores = index.current.scores
    return {
        translate("store_rank", lang): [fmt_int(s.rank) for s in scores],
        translate("store_name", lang): [s.store for s in scores],  # plain text in a table
        translate("store_index", lang): [f"{s.index:.1f}" for s in scores],
        translate("store_rank_change", lang): [_change(index, s.store, lang) for s in scores],
    }


def index_verdict(index: StoreIndex, *, lang: str) -> str:
    """Return the sentence read first: the leading store, its index, and the biggest climber."""
    best = index.current.scores[0]
    text = translate(
        "store_index_verdict", lang, store=md(best.store), index=f"{best.index:.1f}", stores=best.stores
    )
    moves = [(index.rank_change(s.store), s.store) for s in index.current.scores]
    climbed = [(m, s) for m, s in moves if m is not None and m > 0]
    if climbed:
        moved, store = max(climbed)
        text += " " + translate("store_index_climber", lang, store=md(store), n=moved)
    return text


def show_store_index(orders: pd.DataFrame | None, period: Period) -> None:
    """Draw the section when the orders name two or more stores; nothing otherwise."""
    index = (
        history_pages.store_index(period)
        if orders is None  # a history database read in its engine (ui.history_pages)
        else cached_metric(store_index_trend, orders, period=period)
    )
    if len(index.current.scores) < 2:
        return
    lang = current_lang()
    st.subheader(translate("store_index_heading", lang))
    st.markdown(index_verdict(index, lang=lang))
    st.caption(translate("def_store_index", lang))
    span = Period(index.periods[0].period.start, index.periods[-1].period.end)
    names = {
        "rank": translate("store_rank", lang),
        "index": translate("store_index", lang),
        "empty": translate("chart_empty", lang),
    }
    show_chart(
        cached_chart(
            charts.store_index_chart,
            index,
            labels=context.chart_labels(
                translate("store_index_chart_title", lang, n=len(index.periods), days=period.days),
                translate("def_store_index", lang),
                period=span,
                names=names,
            ),
        ),
        "store_index",
    )
    show_table(index_table(index, lang=lang))
