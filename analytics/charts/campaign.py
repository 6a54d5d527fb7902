"""Campaign tests: arms against the control, and the directional reading without a control."""

from __future__ import annotations

from typing import TYPE_CHECKING

import plotly.graph_objects as go

from analytics.charts.style import (
    MUTED_COLOUR,
    PALETTE,
    ChartLabels,
    arm_colour,
    empty_figure,
    rgba,
    style_figure,
    subplots,
)
from analytics.charts.values import finite, whisker

if TYPE_CHECKING:  # the campaign metrics import scipy; drawing must not pay for it
    from analytics.metrics.campaign import ControlledUplift, DirectionalUplift


def campaign_arms(result: ControlledUplift, *, labels: ChartLabels) -> go.Figure:
    """Draw a campaign test: conversion per group with CIs, uplift vs control, incremental sales.

    Parameters
    ----------
    result
        A controlled uplift result: ``control`` and each arm's ``outcome`` (customers, converters,
        conversion rate and its ``conversion_ci``), each arm's uplift, its interval and incremental
        sales with their intervals.
    labels
        ``names``: panel titles ``conversion_rate``, ``conversion_uplift``, ``incremental_sales``;
        ``control`` (appended to the control group's name), ``empty``; ``points_unit`` (after the
        uplift in percentage points, e.g. " pp") and ``currency`` (before amounts, e.g. "¥").

    Conversion error bars are Wilson 95% intervals; uplift error bars are the Newcombe 95% interval
    of the difference with the control. A bar crossing zero means the test cannot tell the arm
    from the control.
    """
    arms = list(result.arms)
    if not arms:
        return empty_figure(labels, labels.name("empty"))
    groups = [result.control, *(a.outcome for a in arms)]
    names = [str(g.group) for g in groups]
    colours = [PALETTE["control"]] + [arm_colour(i) for i in range(len(arms))]
    fig = subplots(
        rows=1,
        cols=3,
        subplot_titles=[
            labels.name(k) for k in ("conversion_rate", "conversion_uplift", "incremental_sales")
        ],
        horizontal_spacing=0.08,
    )
    rates, lows, highs = [], [], []
    for g in groups:
        rate = finite(g.conversion_rate)
        lo, hi = g.conversion_ci
        rates.append(rate)
        lows.append(rate - lo if rate is not None and finite(lo) is not None else 0)
        highs.append(hi - rate if rate is not None and finite(hi) is not None else 0)
    fig.add_trace(
        go.Bar(
            x=names,
            y=rates,
            marker={"color": colours},
            error_y={"type": "data", "symmetric": False, "array": highs, "arrayminus": lows, "color": "#555"},
            text=[f"{r:.1%}" if r is not None else "" for r in rates],
            textposition="inside",
            insidetextanchor="start",
            textfont={"color": "#FFFFFF"},
            customdata=[[g.converters, g.customers] for g in groups],
            hovertemplate="%{x}<br>%{y:.1%}<br>%{customdata[0]} / %{customdata[1]}<extra></extra>",
            showlegend=False,
        ),
        row=1,
        col=1,
    )
    arm_names = names[1:]
    # A difference of two rates is drawn in percentage points, as the table and verdict state it.
    uplift = [None if (u := finite(a.conversion_uplift)) is None else u * 100 for a in arms]
    cis = [[b * 100 for b in a.conversion_uplift_ci] for a in arms]
    points = str(labels.names.get("points_unit", " pp"))
    currency = str(labels.names.get("currency", ""))
    fig.add_trace(
        go.Scatter(
            x=arm_names,
            y=uplift,
            mode="markers",
            marker={"color": colours[1:], "size": 14, "symbol": "diamond"},
            error_y={
                "type": "data",
                "symmetric": False,
                "array": [whisker(hi, u) for u, (_, hi) in zip(uplift, cis, strict=True)],
                "arrayminus": [whisker(u, lo) for u, (lo, _) in zip(uplift, cis, strict=True)],
                "color": "#555",
                "thickness": 2,
                "width": 8,
            },
            hovertemplate=f"%{{x}}<br>%{{y:+.1f}}{points}<extra></extra>",
            showlegend=False,
        ),
        row=1,
        col=2,
    )
    fig.add_hline(y=0, line={"color": MUTED_COLOUR, "width": 1.5, "dash": "dot"}, row=1, col=2)
    incremental = [finite(a.incremental_sales) for a in arms]
    # The interval of incremental sales is the Welch interval of the spend uplift times the arm's
    # customers; without it (older results) the bar has no whisker.
    sales_cis = [list(a.incremental_sales_ci) for a in arms]
    fig.add_trace(
        go.Bar(
            x=arm_names,
            y=incremental,
            marker={"color": colours[1:]},
            error_y={
                "type": "data",
                "symmetric": False,
                "array": [whisker(hi, v) for v, (_, hi) in zip(incremental, sales_cis, strict=True)],
                "arrayminus": [whisker(v, lo) for v, (lo, _) in zip(incremental, sales_cis, strict=True)],
                "color": "#555",
            },
            hovertemplate=f"%{{x}}<br>{currency}%{{y:+,.0f}}<extra></extra>",
            showlegend=False,
        ),
        row=1,
        col=3,
    )
    style_figure(fig, labels, legend=None, panels=True, tick_lines=2)
    fig.update_yaxes(tickformat="~%", col=1)
    # No sign in the tick format: "+0 pp" on the no-uplift line reads as a gain.
    fig.update_yaxes(tickformat=".1~f", ticksuffix=points, rangemode="normal", col=2)
    fig.update_yaxes(tickformat=",.0f", tickprefix=currency, rangemode="normal", col=3)
    fig.update_xaxes(type="category")
    # Values under each arm's name: text on the bars would collide with the interval whiskers.
    fig.update_xaxes(
        tickvals=arm_names,
        ticktext=[
            f"{n}<br>{u:+.1f}{points}" if u is not None else n for n, u in zip(arm_names, uplift, strict=True)
        ],
        range=[-0.6, len(arm_names) - 0.4],
        col=2,
    )
    fig.update_xaxes(
        tickvals=arm_names,
        ticktext=[
            f"{n}<br>{'-' if v < 0 else '+'}{currency}{abs(v):,.0f}" if v is not None else n
            for n, v in zip(arm_names, incremental, strict=True)
        ],
        col=3,
    )
    fig.update_layout(bargap=0.4)
    return fig


def campaign_directional(result: DirectionalUplift, *, labels: ChartLabels) -> go.Figure:
    """Draw a campaign without control: targeted vs non-targeted customers, window by window.

    Parameters
    ----------
    result
        :func:`analytics.metrics.campaign.directional_uplift` output; its ``windows`` frame has one
        row per window (window 0 = the campaign window, -1 the one before ...) with start, end,
        targeted_conversion_rate, targeted_sales_per_customer and, when there are non-targeted
        customers, non_targeted_conversion_rate and non_targeted_sales_per_customer.
    labels
        ``names``: series ``targeted`` and ``non_targeted``; panel titles ``conversion_rate`` and
        ``sales_per_customer``; ``campaign_window`` (label of the shaded window), ``empty``.

    Lines that run in parallel before the campaign window and part in it are what the
    difference-in-differences reads; lines that already diverge before it warn that the estimate
    rests on a shaky parallel-trends assumption. The chart is directional, like the figures.
    """
    windows = result.windows
    if windows.empty:
        return empty_figure(labels, labels.name("empty"))
    windows = windows.sort_values("window")
    start, end = windows["start"], windows["end"]
    x = list(start.dt.strftime("%m-%d") + "–" + end.dt.strftime("%m-%d"))
    campaign_x = x[list(windows["window"]).index(0)] if 0 in set(windows["window"]) else None
    fig = subplots(
        rows=1,
        cols=2,
        subplot_titles=[labels.name("conversion_rate"), labels.name("sales_per_customer")],
        horizontal_spacing=0.1,
    )
    series = (("targeted", arm_colour(0)), ("non_targeted", PALETTE["control"]))
    for col, measure, fmt in ((1, "conversion_rate", ".1%"), (2, "sales_per_customer", ",.2f")):
        for key, line_colour in series:
            column = f"{key}_{measure}"
            if column not in windows:
                continue
            fig.add_trace(
                go.Scatter(
                    x=x,
                    y=[finite(v) for v in windows[column]],
                    mode="lines+markers",
                    name=labels.name(key),
                    legendgroup=key,
                    showlegend=col == 1,
                    line={"color": line_colour, "width": 3, "dash": "solid" if key == "targeted" else "dot"},
                    marker={"size": 9, "color": line_colour},
                    hovertemplate=f"%{{x}}<br>{labels.name(key)}: %{{y:{fmt}}}<extra></extra>",
                ),
                row=1,
                col=col,
            )
        if campaign_x is not None:
            fig.add_vrect(
                x0=x.index(campaign_x) - 0.5,
                x1=x.index(campaign_x) + 0.5,
                fillcolor=rgba(arm_colour(0), 0.12),
                line_width=0,
                layer="below",
                annotation={
                    "text": labels.name("campaign_window"),
                    "font": {"size": 13, "color": MUTED_COLOUR},
                },
                annotation_position="top left",
                row=1,
                col=col,
            )
    style_figure(fig, labels, legend="right", panels=True)
    fig.update_xaxes(type="category")
    fig.update_yaxes(tickformat="~%", col=1)
    fig.update_yaxes(tickformat=",~r", col=2)
    return fig
