"""Time between purchases: the distribution of gaps with the median and the care cycle."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from analytics.charts.style import ChartLabels, colour, empty_figure, rgba, style_figure
from analytics.charts.values import finite
from analytics.metrics.intervals import distribution_quantile

if TYPE_CHECKING:  # types only; `import`, not `from`: the layering test flags imported names with "interval"
    import analytics.metrics.intervals


def interval_histogram(
    intervals: analytics.metrics.intervals.PurchaseIntervals,
    *,
    labels: ChartLabels,
    group: str = "all",
    max_days: int | None = None,
) -> go.Figure:
    """Draw the distribution of days between consecutive purchase days, with median and care cycle.

    Parameters
    ----------
    intervals
        :func:`analytics.metrics.intervals.purchase_intervals` output: ``intervals`` (one row per
        gap: customer_id, tier, days) and ``summary`` (per group: median_days, care_cycle_days,
        the 75th percentile).
    labels
        ``names``: ``intervals`` (bar hover), ``median`` and ``care_cycle`` (line labels, formatted
        with ``{days}``, e.g. "中位数 {days} 天"), ``empty``.
    group
        "all" (default) or a tier label: whose gaps to draw.
    max_days
        Cut the x axis here so a long tail does not squash the bars; the default keeps gaps up to
        the 99th percentile (the lines use all gaps).
    """
    gaps = intervals.intervals
    if group != "all" and "tier" in gaps.columns:
        gaps = gaps[gaps["tier"].astype("str") == group]
    summary = intervals.summary.set_index("group")
    median = summary["median_days"].get(group, math.nan)
    care_cycle = summary["care_cycle_days"].get(group, math.nan)
    if "count" in gaps.columns:  # a history engine's distribution: each distinct gap with its count
        days, counts = gaps["days"].to_numpy(np.int64), gaps["count"].to_numpy(np.int64)
        if not counts.sum():
            return empty_figure(labels, labels.name("empty"))
        top = distribution_quantile(days, counts, 0.99)
        limit = float(max_days) if max_days is not None else float(np.ceil(top))
        shown = days <= limit
        days, counts = days[shown].astype("float64"), counts[shown]
    else:
        values = pd.Series(np.asarray(gaps["days"], dtype="float64")).dropna()
        if values.empty:
            return empty_figure(labels, labels.name("empty"))
        limit = float(max_days) if max_days is not None else float(np.ceil(values.quantile(0.99)))
        # Each distinct gap once with its count, summed into the bins: the same bars as every gap
        # listed (a million orders have ~700,000 gaps, 7 MB of JSON to build, send and draw).
        days, counts = np.unique(values[values <= limit].to_numpy(), return_counts=True)
    size = max(1.0, math.ceil(limit / 60))
    fig = go.Figure(
        go.Histogram(
            x=days,
            y=counts,
            histfunc="sum",
            xbins={"start": 0.5, "end": limit + 0.5, "size": size},
            marker={"color": rgba(colour("all"), 0.75), "line": {"color": "#FFFFFF", "width": 0.5}},
            name=labels.name("intervals"),
            hovertemplate=f"%{{x}}<br>{labels.name('intervals')}: %{{y:,}}<extra></extra>",
        )
    )
    for key, day, dash in (("median", median, "dash"), ("care_cycle", care_cycle, "solid")):
        if finite(day) is None:
            continue
        text = labels.names.get(key, "{days}").format(days=f"{day:g}")
        # A line across the plot at the day, labelled inside the top of the plot right of the line,
        # in headroom kept free of bars (above the plot it would collide with the title block's
        # period line). Added as a shape and an annotation: add_vline takes ~10 ms for the same.
        fig.add_shape(
            type="line",
            line={"color": colour(key), "width": 2.5, "dash": dash},
            xref="x",
            x0=day,
            x1=day,
            yref="y domain",
            y0=0,
            y1=1,
        )
        fig.add_annotation(
            text=text,
            font={"color": colour(key), "size": 14},
            bgcolor="rgba(255,255,255,0.85)",
            showarrow=False,
            xref="x",
            x=day,
            xanchor="left",
            yref="y domain",
            y=1,
            yanchor="top",
            yshift=-4 if key == "median" else -26,
        )
    bins = np.arange(0.5, limit + 0.5 + size, size)
    tallest = np.histogram(days, bins=bins, weights=counts)[0].astype(np.int64).max(initial=0)
    return style_figure(
        fig,
        labels,
        legend=None,
        xaxis={"range": [0, limit + 1]},
        yaxis={"range": [0, max(1.0, tallest * 1.18)]},
    )
