"""Repeat purchase: the rate of consecutive windows with its band, and repurchase within N days."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from analytics.charts.style import ChartLabels, colour, empty_figure, legend_marker, rgba, style_figure

if TYPE_CHECKING:  # types only: drawing imports no metric code
    from analytics.metrics.repeat import Repurchase

_PERCENT_AXIS = {"tickformat": "~%", "rangemode": "tozero"}


def repeat_rate_trend(windows: pd.DataFrame, *, labels: ChartLabels) -> go.Figure:
    """Draw the repeat-purchase rate of consecutive windows as a line with its Wilson 95% band.

    Parameters
    ----------
    windows
        :func:`analytics.metrics.repeat.repeat_rate_windows` output, oldest first: start, end,
        customers, repeat_customers, repeat_purchase_rate, ci_low, ci_high, small_sample.
    labels
        ``names``: ``rate`` (the line), ``ci`` (the band), ``customers`` (hover "n of N"),
        ``small_sample`` (legend entry for windows under 30 customers), ``empty``.

    Windows with fewer than 30 customers are drawn as hollow markers: their rate moves by whole
    points with a single customer.
    """
    frame = windows[windows["customers"] > 0]
    if frame.empty:
        return empty_figure(labels, labels.name("empty"))
    x = frame["end"]
    span = frame["start"].dt.strftime("%Y-%m-%d") + " – " + frame["end"].dt.strftime("%Y-%m-%d")
    base = colour("all")
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=list(x) + list(x[::-1]),
            y=list(frame["ci_high"]) + list(frame["ci_low"][::-1]),
            # A band, never points: left unset, plotly adds default-blue markers under 20 points.
            mode="lines",
            fill="toself",
            fillcolor=rgba(base, 0.15),
            line={"width": 0},
            hoverinfo="skip",
            name=labels.name("ci"),
            showlegend=True,
        )
    )
    small = frame["small_sample"].astype(bool).to_numpy()
    fig.add_trace(
        go.Scatter(
            x=x,
            y=frame["repeat_purchase_rate"],
            mode="lines+markers",
            name=labels.name("rate"),
            line={"color": base, "width": 3},
            marker={
                "size": 9,
                "color": ["#FFFFFF" if s else base for s in small],
                "line": {"color": base, "width": 2},
            },
            customdata=np.column_stack([span, frame["repeat_customers"], frame["customers"]]),
            hovertemplate=(
                "%{customdata[0]}<br>%{y:.1%}<br>%{customdata[1]} / %{customdata[2]} "
                + labels.name("customers")
                + "<extra></extra>"
            ),
        )
    )
    if small.any():
        fig.add_trace(legend_marker(labels.name("small_sample"), color="#FFFFFF", line=base))
    return style_figure(fig, labels, xaxis={"tickformat": "%Y-%m-%d"}, yaxis=_PERCENT_AXIS)


def repurchase_chart(results: Sequence[Repurchase], *, labels: ChartLabels) -> go.Figure:
    """Draw the share of new customers who bought again within N days, one bar per N.

    Parameters
    ----------
    results
        :class:`analytics.metrics.repeat.Repurchase` objects (``days``, ``rate`` as a Ratio), e.g.
        for N = 7, 14, 30, 60, 90; one is enough.
    labels
        ``names``: ``rate``, ``days`` (tick label format with ``{days}``, e.g. "{days} 天"),
        ``customers`` (hover "n of N"), ``empty``.

    The error bars are Wilson 95% intervals; a cohort with nobody eligible (too little data after
    the period) has no bar.
    """
    rows = [r for r in results if r.rate.denominator > 0]
    if not rows:
        return empty_figure(labels, labels.name("empty"))
    tick = labels.names.get("days", "{days}")
    x = [tick.format(days=r.days) for r in rows]
    values = [r.rate.value for r in rows]
    lows = [r.rate.value - r.rate.ci[0] for r in rows]
    highs = [r.rate.ci[1] - r.rate.value for r in rows]
    fig = go.Figure(
        go.Bar(
            x=x,
            y=values,
            name=labels.name("rate"),
            marker={"color": colour("returning")},
            error_y={"type": "data", "symmetric": False, "array": highs, "arrayminus": lows, "color": "#555"},
            # Values at the foot of the bars: above them they would collide with the whiskers.
            text=[f"{v:.1%}" for v in values],
            textposition="inside",
            insidetextanchor="start",
            textfont={"color": "#FFFFFF"},
            customdata=[[r.rate.numerator, r.rate.denominator] for r in rows],
            hovertemplate=(
                "%{x}<br>%{y:.1%}<br>%{customdata[0]} / %{customdata[1]} "
                + labels.name("customers")
                + "<extra></extra>"
            ),
        )
    )
    return style_figure(
        fig, labels, legend=None, xaxis={"type": "category"}, yaxis=_PERCENT_AXIS, bargap=0.45
    )
