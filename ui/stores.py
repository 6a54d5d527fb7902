"""The Overview's store ranking: a table of every store's headline figures and one ranked bar chart."""

from __future__ import annotations

import streamlit as st

from analytics import charts
from analytics.metrics.peers import PeerFigures
from analytics.metrics.period import Period
from analytics.metrics.stores import RANKING_METRICS, StoreRanking, store_ranking
from ui import context, history_pages, selections
from ui.charts import cached_chart, show_chart
from ui.dataset import dataset
from ui.format import fmt_int, fmt_rate
from ui.i18n import current_lang, t
from ui.results import cached_metric

# The label of each ranking figure, as the cards and tables name it.
METRIC_LABELS: dict[str, str] = {
    "customers": "customers",
    "sales": "sales",
    "repeat_purchase_rate": "repeat_purchase_rate",
    "returning_sales_share": "returning_sales",
    "aov": "aov",
}
# Which peer figure (if any) a ranking figure is compared with.
METRIC_PEERS: dict[str, str] = {
    "repeat_purchase_rate": "repeat_purchase_rate",
    "returning_sales_share": "returning_sales_share",
    "aov": "aov",
}


def chain_ranking(period: Period) -> StoreRanking:
    """Return the ranking of every store (the sidebar's channel filter applies, its store filter not)."""
    if history_pages.active():
        return history_pages.ranking(period)
    context.all_orders()  # the empty state without orders
    book = dataset().book
    assert book is not None
    orders = selections.select(book, channels=selections.chosen_channels())
    return cached_metric(store_ranking, orders, period=period)  # once per dataset, filter and period


def ranking_table(ranking: StoreRanking, metric: str) -> dict[str, list[object]]:
    """Return the ranking as table columns (translated headers), best store first on ``metric``."""
    stores = ranking.ranked(metric)
    return {
        t("store_rank"): list(range(1, len(stores) + 1)),
        t("store_name"): [s.store for s in stores],  # shown in a table: plain text, never Markdown
        t("customers"): [fmt_int(s.customers) for s in stores],
        t("sales"): [context.money(s.sales) for s in stores],
        t("repeat_purchase_rate"): [fmt_rate(s.repeat_purchase_rate.value) for s in stores],
        t("returning_sales"): [fmt_rate(s.returning_sales_share.value) for s in stores],
        t("aov"): [context.money(s.aov, decimals=2) for s in stores],
    }


def show_store_ranking(period: Period, peers: PeerFigures) -> None:
    """Show the store ranking when the orders name two or more stores; nothing otherwise."""
    ranking = chain_ranking(period)
    if len(ranking.stores) < 2:
        return
    st.subheader(t("stores_heading"))
    st.caption(context.period_caption(period) + " · " + t("stores_caption"))
    lang = current_lang()
    metric = (
        st.segmented_control(
            t("stores_metric"),
            RANKING_METRICS,
            default="sales",
            format_func=lambda key: t(METRIC_LABELS[key]),
            key=f"stores_metric_{lang}",
        )
        or "sales"
    )
    st.dataframe(ranking_table(ranking, metric), hide_index=True)
    label = t(METRIC_LABELS[metric])
    names = {**context.series_names(), metric: label, "peer_average": t("chart_peer_average")}
    show_chart(
        cached_chart(
            charts.store_ranking_chart,
            ranking,
            metric=metric,
            labels=context.chart_labels(
                t("stores_chart_title", metric=label), t("def_stores"), period=period, names=names
            ),
            peer=peers.get(METRIC_PEERS[metric], period) if metric in METRIC_PEERS else None,
        ),
        f"store_ranking_{metric}",
    )
