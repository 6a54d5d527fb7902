"""The calendar strip of loaded days: one cell per day, weeks left to right, gaps in the uploads visible."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from analytics.charts.style import HEATMAP_SCALE, ChartLabels, empty_figure, legend_marker, style_figure

HEIGHT = 460
# Month labels shown along the bottom: 7 labels of "2025-03" fit side by side in a 700 px chart.
MAX_MONTH_TICKS = 7
GAP_COLOUR = "#E07A5F"  # a day no upload covers: warm, so it stands out from the blue scale


def calendar_figure(days: pd.DataFrame, *, labels: ChartLabels, weekdays: list[str]) -> go.Figure:
    """Draw ``analytics.store.loaded_days`` output as a week x weekday grid.

    Parameters
    ----------
    days
        One row per calendar day: day (midnight), orders (valid orders that day), covered (the day
        lies within some upload's first..last day).
    labels
        Chart labels; ``names``: ``orders`` (hover), ``gap`` (legend for days no upload covers),
        ``empty``.
    weekdays
        The seven weekday names, Monday first, in the reader's language.
    """
    if days.empty:
        return empty_figure(labels, labels.name("empty"))
    day = pd.to_datetime(days["day"])
    monday = day.min() - pd.Timedelta(days=int(day.min().day_of_week))
    week = ((day - monday).dt.days // 7).to_numpy()
    weekday = day.dt.day_of_week.to_numpy()
    covered = days["covered"].to_numpy(dtype=bool)
    counts = np.full((7, int(week.max()) + 1), np.nan)
    counts[weekday[covered], week[covered]] = days["orders"].to_numpy(dtype=float)[covered]
    gaps = np.full_like(counts, np.nan)
    gaps[weekday[~covered], week[~covered]] = 1.0
    dates = np.full(counts.shape, "", dtype=object)
    dates[weekday, week] = day.dt.strftime("%Y-%m-%d").to_numpy()
    x = [(monday + pd.Timedelta(weeks=int(k))).strftime("%Y-%m-%d") for k in range(counts.shape[1])]
    fig = go.Figure()
    fig.add_trace(
        go.Heatmap(
            z=counts,
            x=x,
            y=weekdays,
            customdata=dates,
            colorscale=[list(stop) for stop in HEATMAP_SCALE],
            xgap=2,
            ygap=2,
            hoverongaps=False,
            colorbar={"title": {"text": labels.name("orders")}, "thickness": 12},
            hovertemplate="%{customdata}<br>" + labels.name("orders") + ": %{z:,}<extra></extra>",
        )
    )
    fig.add_trace(
        go.Heatmap(
            z=gaps,
            x=x,
            y=weekdays,
            customdata=dates,
            colorscale=[[0, GAP_COLOUR], [1, GAP_COLOUR]],
            showscale=False,
            xgap=2,
            ygap=2,
            hoverongaps=False,
            name=labels.name("gap"),
            hovertemplate="%{customdata}<br>" + labels.name("gap") + "<extra></extra>",
        )
    )
    fig.add_trace(legend_marker(labels.name("gap"), color=GAP_COLOUR, symbol="square"))
    # Month ticks as numbers read the same in Chinese and English ("2025-03", not "Mar 2025").
    # Never rotated (a slanted label reaches down into the footnote) and at most MAX_MONTH_TICKS of
    # them, so they stay apart even in a narrow page column.
    months = (day.max().year - day.min().year) * 12 + day.max().month - day.min().month + 1
    step = max(1, math.ceil(months / MAX_MONTH_TICKS))
    return style_figure(
        fig,
        labels,
        height=HEIGHT,
        # Plotly hangs a two-line title above its "top" anchor: move the anchor down ~44 px so the
        # first line is not cut off at this short height.
        title={"y": 1 - 44 / HEIGHT, "yref": "container", "yanchor": "top"},
        yaxis={"autorange": "reversed", "rangemode": "normal", "showgrid": False},
        xaxis={"tickformat": "%Y-%m", "dtick": f"M{step}", "type": "date", "tickangle": 0},
    )
