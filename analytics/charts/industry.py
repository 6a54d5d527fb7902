"""Industry position: the shop's rates against the peers' average and top, one row per figure."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import TYPE_CHECKING

import plotly.graph_objects as go

from analytics.charts.style import PALETTE, ChartLabels, empty_figure, rgba, style_figure, wrap_text

if TYPE_CHECKING:  # types only: drawing imports no metric code
    from analytics.metrics.industry import IndustryRow

# Where the shop stands, as a colour: behind the average, between, at or past the top.
POSITION_COLOURS = {
    "below_average": "#C0603A",
    "between": PALETTE["all"],
    "above_average": PALETTE["all"],
    "above_top": "#2A9D8F",
}
# The row labels ("Returning customers' share of buyers · 30 days") take ~300 px left of the plot,
# where the footnote starts: 100 display columns keep its lines inside the figure's right edge.
_FOOTNOTE_COLUMNS = 100


def industry_position_chart(rows: Sequence[IndustryRow], *, labels: ChartLabels) -> go.Figure:
    """Draw each compared rate as a row: a bar to the peers' average, a tick at their top, the shop's dot.

    Parameters
    ----------
    rows
        :func:`analytics.metrics.industry.industry_position` rows; only rates with a standing are
        drawn (an amount such as AOV has another scale: it stays in the table).
    labels
        ``names``: ``peer_average``, ``peer_top``, ``shop`` (legend), ``row`` (a template with
        ``{metric}`` and ``{days}`` for each row's label), ``metric_<key>`` (each metric's name),
        ``empty``.

    The shop's dot is coloured by where it stands (behind the average, between, past the top) and
    carries its value, so the chart reads without the table.
    """
    drawn = [
        r for r in rows if r.standing is not None and r.standing.rate and r.standing.position is not None
    ]
    if not drawn:
        return empty_figure(labels, labels.name("empty"))
    template = labels.name("row")
    names = [
        template.format(metric=labels.name(f"metric_{r.figure.metric}"), days=r.figure.days)
        if "{" in template
        else labels.name(f"metric_{r.figure.metric}")
        for r in drawn
    ]
    averages = [r.figure.average for r in drawn]
    shop = [r.standing.shop.value for r in drawn]
    fig = go.Figure()
    fig.add_trace(
        go.Bar(
            y=names,
            x=averages,
            orientation="h",
            name=labels.name("peer_average"),
            marker={"color": rgba(PALETTE["guest"], 0.45)},
            text=[f"{v:.1%}" for v in averages],
            # At the bar's foot: the shop's dot sits near its end when the two are close.
            textposition="inside",
            insidetextanchor="start",
            hovertemplate=f"%{{y}}<br>{labels.name('peer_average')}: %{{x:.1%}}<extra></extra>",
        )
    )
    tops = [(n, r.figure.top) for n, r in zip(names, drawn, strict=True) if r.figure.top is not None]
    if tops:
        fig.add_trace(
            go.Scatter(
                y=[n for n, _ in tops],
                x=[v for _, v in tops],
                mode="markers+text",
                name=labels.name("peer_top"),
                marker={"symbol": "line-ns", "size": 26, "line": {"width": 3, "color": "#2B2F33"}},
                text=[f"{v:.1%}" for _, v in tops],
                textposition="top center",
                hovertemplate=f"%{{y}}<br>{labels.name('peer_top')}: %{{x:.1%}}<extra></extra>",
            )
        )
    fig.add_trace(
        go.Scatter(
            y=names,
            x=shop,
            mode="markers+text",
            name=labels.name("shop"),
            marker={
                "size": 16,
                "color": [POSITION_COLOURS[r.standing.position] for r in drawn],
                "line": {"width": 2, "color": "#FFFFFF"},
            },
            text=[f"{v:.1%}" for v in shop],
            textposition="bottom center",
            hovertemplate=f"%{{y}}<br>{labels.name('shop')}: %{{x:.1%}}<extra></extra>",
        )
    )
    right = max([*averages, *shop, *(v for _, v in tops)])
    narrow = "\n".join(wrap_text(labels.definition, columns=_FOOTNOTE_COLUMNS)) if labels.definition else ""
    return style_figure(
        fig,
        dataclasses.replace(labels, definition=narrow),
        legend="top",
        height=max(360, 120 + 70 * len(drawn)),
        xaxis={"tickformat": ".0%", "range": [0, min(1.0, right * 1.15) or 1.0], "showgrid": True},
        yaxis={"autorange": "reversed", "type": "category", "rangemode": "normal"},
        bargap=0.45,
    )
