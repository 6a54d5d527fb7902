"""Store index: each store's rank over consecutive periods, its latest index written at the line's end."""

from __future__ import annotations

from typing import TYPE_CHECKING

import plotly.graph_objects as go

from analytics.charts.style import ChartLabels, arm_colour, empty_figure, escape_text, style_figure

if TYPE_CHECKING:  # types only: drawing imports no metric code
    from analytics.metrics.store_index import StoreIndex


def store_index_chart(index: StoreIndex, *, labels: ChartLabels) -> go.Figure:
    """Draw each store's rank per period (1 at the top), with its latest index at the line's end.

    Parameters
    ----------
    index
        :func:`analytics.metrics.store_index.store_index_trend` output.
    labels
        ``names``: ``rank`` (the axis), ``index`` (hover and end labels), ``empty``.

    Store names come from the file and are escaped. A store without orders in a period has no point
    there, so its line breaks rather than dropping to last place.
    """
    if not index.periods or not index.current.scores:
        return empty_figure(labels, labels.name("empty"))
    x = [f"{p.period.start:%m-%d}–{p.period.end:%m-%d}" for p in index.periods]
    stores = [s.store for s in index.current.scores]
    fig = go.Figure()
    for position, store in enumerate(stores):
        scores = [p.score(store) for p in index.periods]
        name = escape_text(store)
        fig.add_trace(
            go.Scatter(
                x=x,
                y=[s.rank if s else None for s in scores],
                name=name,
                mode="lines+markers+text",
                line={"color": arm_colour(position), "width": 3},
                marker={"size": 10},
                text=[
                    f"{name} {s.index:.0f}" if s and i == len(scores) - 1 else ""
                    for i, s in enumerate(scores)
                ],
                textposition="middle right",
                cliponaxis=False,
                customdata=[round(s.index, 1) if s else None for s in scores],
                hovertemplate=f"{name}<br>%{{x}}<br>{labels.name('rank')}: %{{y}}"
                f"<br>{labels.name('index')}: %{{customdata}}<extra></extra>",
            )
        )
    most = max(len(p.scores) for p in index.periods)
    return style_figure(
        fig,
        labels,
        legend="top",
        xaxis={"type": "category"},
        yaxis={
            "autorange": False,
            "range": [most + 0.5, 0.5],
            "dtick": 1,
            "title": {"text": escape_text(labels.name("rank"))},
            "rangemode": "normal",
        },
        margin={"r": 160},
    )
