"""Members' share of sales and of buyers, day by day over a short window."""

from __future__ import annotations

from typing import TYPE_CHECKING

import plotly.graph_objects as go

from analytics.charts.reference import add_reference_line
from analytics.charts.style import ChartLabels, colour, empty_figure, style_figure
from analytics.charts.values import finite

if TYPE_CHECKING:  # types only: drawing imports no metric code
    from analytics.metrics.member_trend import MemberTrend


def member_share_trend(trend: MemberTrend, *, labels: ChartLabels, peer: float | None = None) -> go.Figure:
    """Draw members' daily share of sales (solid) and of buyers (dotted), one point per day.

    Parameters
    ----------
    trend
        :func:`analytics.metrics.member_trend.member_daily_trend` output.
    labels
        ``names``: ``sales_share`` and ``buyers_share`` (the two lines), ``peer_average`` (the
        reference line's label), ``empty``.
    peer
        The peers' members' share of sales, drawn as a dashed line.

    A day without sales (or without identified buyers) has no point, so the line breaks there
    rather than dropping to zero.
    """
    if not any(d.sales for d in trend.days):
        return empty_figure(labels, labels.name("empty"))
    days = [f"{d.day:%m-%d}" for d in trend.days]
    fig = go.Figure()
    for key, values, dash in (
        ("sales_share", [finite(d.sales_share.value) for d in trend.days], "solid"),
        ("buyers_share", [finite(d.buyers_share) for d in trend.days], "dot"),
    ):
        fig.add_trace(
            go.Scatter(
                x=days,
                y=values,
                name=labels.name(key),
                mode="lines+markers+text",
                line={"color": colour("member"), "dash": dash, "width": 3 if dash == "solid" else 2},
                marker={"size": 8},
                text=[f"{v:.0%}" if v is not None and key == "sales_share" else "" for v in values],
                textposition=_label_positions(values),
                cliponaxis=False,
                hovertemplate=f"%{{x}}<br>{labels.name(key)}: %{{y:.1%}}<extra></extra>",
            )
        )
    style_figure(
        fig,
        labels,
        legend="top",
        xaxis={"type": "category", "tickangle": 0},
        yaxis={"tickformat": ".0%", "range": [0, 1.08]},
    )
    add_reference_line(
        fig, peer, label=labels.name("peer_average"), text=f"{peer:.1%}" if peer is not None else ""
    )
    return fig


def _label_positions(values: list[float | None]) -> list[str]:
    """Return where each point's label goes: above a peak, below a dip, so no line runs through it.

    Examples
    --------
    >>> _label_positions([0.72, 0.83, 0.53, 0.74, None])
    ['bottom center', 'top center', 'bottom center', 'top center', 'top center']
    """
    positions = []
    for i, value in enumerate(values):
        neighbours = (values[i - 1] if i > 0 else None, values[i + 1] if i + 1 < len(values) else None)
        around = [v for v in neighbours if v is not None] if value is not None else []
        below = bool(around) and value < sum(around) / len(around)
        positions.append("bottom center" if below else "top center")
    return positions
