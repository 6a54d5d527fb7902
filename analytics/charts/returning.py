"""Returning vs new customers: their share of buyers and of sales per day, week or month."""

from __future__ import annotations

import math
from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go

from analytics.charts.reference import add_reference_line
from analytics.charts.style import (
    PALETTE,
    ChartLabels,
    break_after_label,
    colour,
    empty_figure,
    panel_axes,
    side_by_side,
    style_figure,
)


def returning_share_trend(
    trend: pd.DataFrame, *, labels: ChartLabels, peers: Mapping[str, float] | None = None
) -> go.Figure:
    """Draw returning vs new customers' share of buyers and of sales per day, week or month.

    Parameters
    ----------
    trend
        :func:`analytics.metrics.trends.trend` output, one row per bucket: ``bucket_start``,
        ``returning_buyers_share``, ``returning_sales_share`` and, when the trend has it,
        ``unidentified_sales_share`` (guests' share of sales).
    labels
        ``names``: ``returning``, ``new``, ``guest``, ``new_or_guest`` (the rest of sales when
        guests' share is not known), panel titles ``buyers_share`` and ``sales_share``, ``empty``,
        ``peer_average`` (the reference lines' label).
    peers
        The peers' figures by key (``returning_customer_rate``, ``returning_sales_share``), drawn
        as dashed lines on the buyers' and the sales panel.

    Two stacked 100% bar panels: the share of the bucket's buyers who are returning (first purchase
    day before the bucket) vs new, and the same split of the bucket's sales, with guests' sales in
    grey. A bucket without buyers has no bar.
    """
    frame = trend.dropna(subset=["returning_buyers_share"], how="all")
    if frame.empty:
        return empty_figure(labels, labels.name("empty"))
    # Buckets as categories: weekly or monthly dates on a time axis leave gaps and thin bars, and
    # the first and last bucket may be partial anyway (the labels say which days each covers).
    x, spans = _bucket_labels(frame)
    x = _mark_partial(frame, x, labels)
    traces = []
    returning_buyers = frame["returning_buyers_share"]
    returning_sales = frame["returning_sales_share"]
    if "unidentified_sales_share" in frame:
        guest_sales = frame["unidentified_sales_share"]
        sales_series = [
            ("returning", returning_sales, labels.name("returning")),
            ("new", 1 - returning_sales - guest_sales.fillna(0), labels.name("new")),
            ("guest", guest_sales, labels.name("guest")),
        ]
    else:
        rest = labels.names.get("new_or_guest", labels.name("new"))
        sales_series = [
            ("returning", returning_sales, labels.name("returning")),
            ("new_or_guest", 1 - returning_sales, rest),
        ]
    panels = {
        1: [
            ("returning", returning_buyers, labels.name("returning")),
            ("new", 1 - returning_buyers, labels.name("new")),
        ],
        2: sales_series,
    }
    for col, series in panels.items():
        for key, values, name in series:
            if key == "guest" and not (values.fillna(0) > 0).any():
                continue
            traces.append(
                go.Bar(
                    x=x,
                    y=values,
                    name=name,
                    legendgroup=key,
                    showlegend=col == 1 or key in ("guest", "new_or_guest"),
                    marker=_share_marker(key),
                    customdata=spans,
                    hovertemplate=f"%{{customdata}}<br>{name}: %{{y:.1%}}<extra></extra>",
                    **panel_axes(col),
                )
            )
    fig = go.Figure(
        traces,
        layout=side_by_side([labels.name("buyers_share"), labels.name("sales_share")], spacing=0.08),
    )
    # At most 8 horizontal labels per panel: rotated or crowded dates would run into the footnote.
    step = max(1, math.ceil(len(x) / 8))
    style_figure(
        fig,
        labels,
        legend="right",
        panels=True,
        xaxis={"type": "category", "tickangle": 0, "tickvals": x[::step], "ticktext": x[::step]},
        yaxis={"tickformat": "~%", "range": [0, 1]},
        # Plotly reverses a vertical legend of stacked bars: keep the order the counts chart shows
        # too (returning, new, then guests), so the Returning page's two legends read alike.
        legend_order="normal",
        barmode="stack",
        bargap=0.15,
    )
    for col, key in ((1, "returning_customer_rate"), (2, "returning_sales_share")):
        peer = (peers or {}).get(key)
        text = f"{peer:.1%}" if peer is not None else ""
        add_reference_line(fig, peer, label=labels.name("peer_average"), text=text, panel=col)
    return fig


def _share_marker(key: str) -> dict[str, object]:
    # New customers' and guests' sales together (guests' share unknown): the new colour hatched
    # with the guest grey, so it reads as "new, partly unidentified".
    if key == "new_or_guest":
        return {
            "color": colour("new"),
            "pattern": {
                "shape": "/",
                "fgcolor": PALETTE["guest"],
                "bgcolor": colour("new"),
                "size": 8,
                "solidity": 0.25,
            },
        }
    return {"color": colour(key)}


def _mark_partial(frame: pd.DataFrame, x: list[str], labels: ChartLabels) -> list[str]:
    """Return the tick labels with each partial week or month marked ("2011-12 (partial: 9/31 days)").

    A bucket the period or the data covers only in part (the 9 days of December 2011) would read as
    a collapse; ``names["partial_bucket"]`` is a template with ``{label}``, ``{covered}``, ``{days}``.
    """
    template = labels.names.get("partial_bucket")
    if not template or "days" not in frame:
        return x
    start = pd.to_datetime(frame["bucket_start"])
    end = pd.to_datetime(frame["bucket_end"])
    # A monthly bucket spans 28-31 days when whole; a weekly one at most 7.
    monthly = bool((end - start).dt.days.max() >= 27)
    weekly = not monthly and bool((end - start).dt.days.max() >= 6)
    if monthly:
        full = start.dt.days_in_month.tolist()
    elif weekly:
        full = [7] * len(frame)
    else:
        return x
    return [
        str(template).format(label=label, covered=int(days), days=length) if int(days) < length else label
        for label, days, length in zip(x, frame["days"], full, strict=True)
    ]


def _bucket_labels(frame: pd.DataFrame) -> tuple[list[str], list[str]]:
    # Tick label: the bucket's first day (month for monthly buckets); hover: its full span.
    start = pd.to_datetime(frame["bucket_start"])
    end = pd.to_datetime(frame["bucket_end"]) if "bucket_end" in frame else start
    monthly = bool((start.dt.day == 1).all() and (end - start).dt.days.max() >= 27)
    same_year = start.dt.year.nunique() == 1
    fmt = "%Y-%m" if monthly else ("%m-%d" if same_year else "%Y-%m-%d")
    spans = start.dt.strftime("%Y-%m-%d").where(
        start == end, start.dt.strftime("%Y-%m-%d") + " – " + end.dt.strftime("%Y-%m-%d")
    )
    return list(start.dt.strftime(fmt)), list(spans)


def new_returning_counts(counts: pd.DataFrame, *, labels: ChartLabels) -> go.Figure:
    """Draw the number of new and returning customers per month, stacked (a year's trend).

    Parameters
    ----------
    counts
        :func:`analytics.metrics.customer_counts.new_and_returning_by_month` output: ``month_start``,
        ``month_end``, ``days``, ``new``, ``returning`` and ``history_before``.
    labels
        ``names``: ``returning``, ``new``, ``unsplit`` (the buyers of a month with no earlier data),
        ``partial_month`` (a template with ``{covered}`` and ``{days}``, written over a month the
        data covers only in part), ``empty``.

    Counts, not shares: a share can rise while fewer customers come back. The month the data starts
    in has nobody who bought before it: its buyers are one grey bar, not "new" (which would call a
    year-old regular new). A partial month (nine days of December) is drawn pale with its covered
    days written over it, so it does not read as a collapse.
    """
    frame = counts[(counts["new"] + counts["returning"]) > 0]
    if frame.empty:
        return empty_figure(labels, labels.name("empty"))
    # Always months (the first may start mid-month with the data): "2025-01", its days on hover.
    starts = pd.to_datetime(frame["month_start"])
    x = list(starts.dt.strftime("%Y-%m"))
    _, spans = _bucket_labels(
        frame.rename(columns={"month_start": "bucket_start", "month_end": "bucket_end"})
    )
    split = frame["history_before"].tolist()
    month_days = starts.dt.days_in_month.tolist()
    # The first month may start mid-month with the data: partial too.
    partial = [int(d) < n for d, n in zip(frame["days"], month_days, strict=True)]
    opacity = [0.45 if p else 1.0 for p in partial]
    fig = go.Figure()
    series = [
        (key, [v if s else None for v, s in zip(frame[key], split, strict=True)])
        for key in ("returning", "new")
    ]
    if not all(split):
        series.append(("unsplit", [None if s else b for b, s in zip(frame["buyers"], split, strict=True)]))
    for key, values in series:
        fig.add_trace(
            go.Bar(
                x=x,
                y=values,
                name=labels.name(key),
                marker={"color": colour("guest" if key == "unsplit" else key), "opacity": opacity},
                text=[f"{v:,}" if v is not None else "" for v in values],
                textposition="inside",
                customdata=spans,
                hovertemplate=f"%{{customdata}}<br>{labels.name(key)}: %{{y:,}}<extra></extra>",
            )
        )
    template = labels.names.get("partial_month")
    for month, buyers, is_partial, covered, length in zip(
        x, frame["buyers"], partial, frame["days"], month_days, strict=True
    ):
        if is_partial and template:
            fig.add_annotation(
                x=month,
                y=int(buyers),
                text=break_after_label(str(template).format(covered=int(covered), days=length)),
                showarrow=False,
                yanchor="bottom",
                font={"size": 12},
            )
    # A note over the last month is wider than its bar: room on the right so it is not cut off.
    right = len(x) - 0.5 + (0.6 if partial[-1] and template else 0)
    return style_figure(
        fig,
        labels,
        legend="top",
        xaxis={"type": "category", "range": [-0.5, right]},
        yaxis={"tickformat": ",~d", "rangemode": "tozero"},
        legend_order="normal",
        barmode="stack",
        bargap=0.25,
    )
