"""Store ranking: one headline figure per store, best on top."""

from __future__ import annotations

from typing import TYPE_CHECKING

import plotly.graph_objects as go

from analytics.charts.reference import add_reference_line
from analytics.charts.style import ChartLabels, colour, empty_figure, escape_text, style_figure
from analytics.charts.values import finite

if TYPE_CHECKING:  # types only: drawing imports no metric code
    from analytics.metrics.stores import StoreRanking

_RATES = frozenset({"repeat_purchase_rate", "returning_sales_share"})
_MONEY = frozenset({"sales", "aov"})


def store_ranking_chart(
    ranking: StoreRanking, metric: str, *, labels: ChartLabels, peer: float | None = None
) -> go.Figure:
    """Draw the stores ranked on ``metric`` as horizontal bars, the best at the top.

    Parameters
    ----------
    ranking
        :func:`analytics.metrics.stores.store_ranking` output.
    metric
        One of ``customers``, ``sales``, ``repeat_purchase_rate``, ``returning_sales_share``, ``aov``.
    labels
        ``names``: the metric's own name (``names[metric]``), ``currency`` (symbol for amounts),
        ``peer_average`` (the reference line's label), ``empty``.
    peer
        The peers' figure of ``metric`` (a share for rates, an amount for AOV), drawn as a dashed line.

    Store names come from the file and are escaped; a store whose figure is undefined has no bar.
    """
    stores = ranking.ranked(metric)
    if not stores:
        return empty_figure(labels, labels.name("empty"))
    currency = str(labels.names.get("currency", "")) if metric in _MONEY else ""

    def text(value: float | None) -> str:
        if value is None:
            return ""
        if metric in _RATES:
            return f"{value:.1%}"
        return currency + (f"{value:,.2f}" if metric == "aov" else f"{value:,.0f}")

    values = [finite(s.value(metric)) for s in stores]
    names = [escape_text(s.store) for s in stores]
    fig = go.Figure(
        go.Bar(
            x=values,
            y=names,
            orientation="h",
            marker={"color": colour("all")},
            text=[text(v) for v in values],
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{y}<br>" + escape_text(labels.name(metric)) + ": %{text}<extra></extra>",
            showlegend=False,
        )
    )
    # Taller with more stores, so bar labels never overlap: 44 px per store over a base.
    style_figure(
        fig,
        labels,
        legend=None,
        height=max(360, 220 + 44 * len(stores)),
        # None drops the shared y axis's rangemode: store names are categories.
        yaxis={"type": "category", "autorange": "reversed", "gridcolor": "rgba(0,0,0,0)", "rangemode": None},
        xaxis={
            "showgrid": True,
            "gridcolor": "#E6E9ED",
            "tickformat": "~%" if metric in _RATES else ",~r",
            "tickprefix": currency,
            "rangemode": "tozero",
        },
    )
    add_reference_line(fig, peer, label=labels.name("peer_average"), text=text(peer), axis="x")
    return fig
