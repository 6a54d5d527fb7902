"""Customer intelligence: the Pareto curve, P(alive), the holdout check, segments and LTV cohorts.

Each function draws one typed result of :mod:`analytics.metrics.customers` as it is: shares,
counts, forecasts and error figures come computed, the chart only places and labels them.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

import pandas as pd
import plotly.graph_objects as go

from analytics.charts.style import (
    PALETTE,
    ChartLabels,
    add_cohort_cells,
    cohort_row,
    colour,
    empty_figure,
    escape_text,
    rgba,
    style_figure,
    subplots,
    wrap_text,
)
from analytics.charts.values import finite

if TYPE_CHECKING:  # types only: drawing imports no metric code
    from analytics.metrics.customers.holdout import HoldoutCheck
    from analytics.metrics.customers.ltv import LtvCohorts
    from analytics.metrics.customers.pareto import Pareto
    from analytics.metrics.customers.scores import AliveBands
    from analytics.metrics.customers.segments import Segments

_PERCENT_AXIS = {"tickformat": ".0%", "rangemode": "tozero"}
# The Customers page draws charts in its centred column (about 700 px): definitions are wrapped
# to 88 display columns of 13 px text so no footnote line runs past the chart's right edge.
_FOOTNOTE_COLUMNS = 88


def _narrow(labels: ChartLabels) -> ChartLabels:
    """Return ``labels`` with the definition pre-wrapped to the page column's width."""
    return dataclasses.replace(
        labels, definition="\n".join(wrap_text(labels.definition, columns=_FOOTNOTE_COLUMNS))
    )


def pareto_chart(pareto: Pareto, *, labels: ChartLabels) -> go.Figure:
    """Draw the cumulative share of sales against the share of customers, best customers first.

    Parameters
    ----------
    pareto
        :func:`analytics.metrics.customers.pareto.pareto_curve` output: ``curve``
        (customer_share, sales_share) and the top point (``top_customer_share``,
        ``top_sales_share``).
    labels
        ``names``: ``sales_share`` (the curve), ``equal`` (the diagonal: every customer buying the
        same), ``top_point`` (the marked point, with ``{customers}`` and ``{sales}``), ``empty``.
        ``x_title`` and ``y_title`` name the axes.
    """
    top = finite(pareto.top_sales_share)
    if top is None or pareto.customers == 0:
        return empty_figure(labels, labels.name("empty"))
    curve = pareto.curve
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=[0.0, 1.0],
            y=[0.0, 1.0],
            mode="lines",
            name=labels.name("equal"),
            line={"color": PALETTE["guest"], "width": 1.5, "dash": "dot"},
            hoverinfo="skip",
        )
    )
    fig.add_trace(
        go.Scatter(
            x=curve["customer_share"],
            y=curve["sales_share"],
            mode="lines",
            name=labels.name("sales_share"),
            line={"color": colour("returning"), "width": 3},
            fill="tozeroy",
            fillcolor=rgba(colour("returning"), 0.08),
            hovertemplate="%{x:.0%} → %{y:.1%}<extra></extra>",
        )
    )
    point = labels.names.get("top_point", "{customers} → {sales}").format(
        customers=f"{pareto.top_customer_share:.0%}", sales=f"{top:.1%}"
    )
    fig.add_trace(
        go.Scatter(
            x=[pareto.top_customer_share],
            y=[top],
            mode="markers+text",
            name=point,
            marker={"size": 13, "color": colour("care_cycle"), "line": {"color": "#FFFFFF", "width": 2}},
            text=[escape_text(point)],
            textposition="middle right",
            textfont={"size": 15, "color": colour("care_cycle")},
            hovertemplate=f"{escape_text(point)}<extra></extra>",
            showlegend=False,
        )
    )
    # Guides from both axes to the point, so its two shares can be read off them.
    x, guide = pareto.top_customer_share, {"color": colour("care_cycle"), "width": 1.5, "dash": "dash"}
    fig.add_shape(type="line", x0=x, y0=0, x1=x, y1=top, line=guide)
    fig.add_shape(type="line", x0=0, y0=top, x1=x, y1=top, line=guide)
    style_figure(fig, _narrow(labels))
    fig.update_xaxes(range=[0, 1.0], dtick=0.1, **_PERCENT_AXIS)
    fig.update_yaxes(range=[0, 1.02], dtick=0.2, **_PERCENT_AXIS)
    return fig


def p_alive_chart(bands: AliveBands, *, labels: ChartLabels) -> go.Figure:
    """Draw how many customers fall in each P(alive) band.

    Parameters
    ----------
    bands
        :func:`analytics.metrics.customers.scores.p_alive_distribution` output: one band per
        slice of 0..1 (``low``, ``high``, ``customers``, ``share``); empty without the model.
    labels
        ``names``: ``customers`` (bars and hover), ``empty``. ``x_title`` (P(alive)) and
        ``y_title`` (customers) name the axes.

    Ticks read "0–10%", "10–20%" ...: the band's own edges, not a bare number.
    """
    frame = bands.bands
    if frame.empty or int(frame["customers"].sum()) == 0:
        return empty_figure(labels, labels.name("empty"))
    # "0–10%": one percent sign per band keeps ten ticks level on a page-wide chart.
    ticks = [f"{lo * 100:.0f}–{hi:.0%}" for lo, hi in zip(frame["low"], frame["high"], strict=True)]
    fig = go.Figure(
        go.Bar(
            x=ticks,
            y=frame["customers"],
            name=labels.name("customers"),
            marker={"color": colour("member")},
            text=[f"{n:,}" for n in frame["customers"]],
            textposition="outside",
            cliponaxis=False,
            customdata=frame["share"],
            hovertemplate=(
                "%{x}<br>%{y:,} "
                + escape_text(labels.name("customers"))
                + " (%{customdata:.1%})<extra></extra>"
            ),
        )
    )
    style_figure(fig, _narrow(labels), legend=None)
    fig.update_xaxes(type="category", tickangle=0)
    fig.update_yaxes(tickformat=",d", range=[0, max(1.0, float(frame["customers"].max()) * 1.15)])
    fig.update_layout(bargap=0.25)
    return fig


def holdout_chart(check: HoldoutCheck | None, *, labels: ChartLabels) -> go.Figure:
    """Draw predicted against actual purchases after the calibration end, by past purchases.

    Parameters
    ----------
    check
        :func:`analytics.metrics.customers.holdout.holdout_check` output, or None when the model
        could not be calibrated (the empty message is shown).
    labels
        ``names``: ``predicted``, ``actual`` (the bars), ``customers`` (hover), ``error`` (a
        footnote line with ``{mae}`` and ``{relative}``, the check's own error figures),
        ``empty``. ``x_title`` (repeat purchases before the calibration end) and ``y_title``
        (mean purchases per customer after it) name the axes.
    """
    if check is None or not check.buckets:
        return empty_figure(labels, labels.name("empty"))
    buckets = [bucket.to_dict() for bucket in check.buckets]
    ticks = [str(b["frequency"]) for b in buckets]
    sizes = [b["customers"] for b in buckets]
    fig = go.Figure()
    for key, values, fill in (
        ("predicted", [b["predicted"] for b in buckets], colour("member")),
        ("actual", [b["actual"] for b in buckets], colour("non_member")),
    ):
        fig.add_trace(
            go.Bar(
                x=ticks,
                y=values,
                name=labels.name(key),
                marker={"color": fill},
                text=[f"{v:.2f}" for v in values],
                textposition="outside",
                textfont={"size": 12},
                cliponaxis=False,
                customdata=sizes,
                hovertemplate=(
                    f"{escape_text(labels.name(key))}: %{{y:.2f}}<br>%{{customdata:,}} "
                    + escape_text(labels.name("customers"))
                    + "<extra></extra>"
                ),
            )
        )
    error = labels.names.get("error")
    if error:
        relative = finite(check.total_relative_error)
        line = error.format(
            mae=f"{check.mean_absolute_error:.2f}",
            relative="—" if relative is None else f"{relative:+.1%}",
        )
        labels = dataclasses.replace(labels, definition=f"{line}\n{labels.definition}".strip())
    style_figure(fig, _narrow(labels))
    top = max(max(b["predicted"], b["actual"]) for b in buckets)
    fig.update_xaxes(type="category")
    fig.update_yaxes(range=[0, max(0.1, top * 1.18)])
    fig.update_layout(barmode="group", bargap=0.25, bargroupgap=0.12)
    return fig


def segment_chart(segments: Segments, *, labels: ChartLabels) -> go.Figure:
    """Draw each RFM segment's customers and share of sales side by side, most valuable on top.

    Parameters
    ----------
    segments
        :func:`analytics.metrics.customers.segments.rfm_segments` output (``figures`` in display
        order).
    labels
        ``names``: each segment's name under its code (``champions``, ``cant_lose`` ...),
        ``customers`` and ``sales_share`` (panel titles), ``empty``.
    """
    figures = segments.figures
    if not figures or sum(f.customers for f in figures) == 0:
        return empty_figure(labels, labels.name("empty"))
    names = [labels.name(f.code) for f in figures]
    counts = [f.customers for f in figures]
    shares = [0.0 if pd.isna(f.sales_share) else f.sales_share for f in figures]
    fig = subplots(
        rows=1,
        cols=2,
        shared_yaxes=True,
        horizontal_spacing=0.06,
        subplot_titles=[escape_text(labels.name("customers")), escape_text(labels.name("sales_share"))],
    )
    panels = (
        (counts, labels.name("customers"), colour("member"), ","),
        (shares, labels.name("sales_share"), colour("returning"), ".1%"),
    )
    for col, (values, name, bar_colour, value_format) in enumerate(panels, start=1):
        fig.add_trace(
            go.Bar(
                y=names,
                x=values,
                orientation="h",
                name=name,
                marker={"color": bar_colour},
                text=[f"{v:{value_format}}" for v in values],
                textposition="outside",
                cliponaxis=False,
                hovertemplate=f"%{{y}}: %{{x:{value_format}}}<extra></extra>",
            ),
            row=1,
            col=col,
        )
    height = max(460, 250 + 44 * len(figures))
    style_figure(fig, _narrow(labels), height=height, legend=None, panels=True)
    fig.update_yaxes(autorange="reversed", type="category", showgrid=False, rangemode="normal")
    fig.update_xaxes(showgrid=True, gridcolor="#E6E9ED")
    # Room right of the longest bar for its value.
    fig.update_xaxes(range=[0, max(1, max(counts)) * 1.22], tickformat=",d", row=1, col=1)
    fig.update_xaxes(range=[0, max(0.01, max(shares)) * 1.25], tickformat=".0%", row=1, col=2)
    return fig


def ltv_heatmap(ltv: LtvCohorts, *, labels: ChartLabels) -> go.Figure:
    """Draw cumulative revenue per customer by first-purchase month and months since.

    Parameters
    ----------
    ltv
        :func:`analytics.metrics.customers.ltv.ltv_cohorts` output (tidy ``cells`` with
        ``revenue_per_customer``, ``cohort_size`` and ``immature``).
    labels
        ``names``: ``currency`` (before amounts, e.g. "¥"), ``immature`` (legend text for grey
        cells: months still running), ``empty``, ``cohort_row`` (row label with ``{month}`` and
        ``{n}``). ``x_title`` names the months-since axis.
    """
    cells = ltv.cells
    if cells.empty:
        return empty_figure(labels, labels.name("empty"))
    currency = str(labels.names.get("currency", ""))
    grid = ltv.table()
    immature = ltv.immature_table().reindex_like(grid).fillna(False).astype(bool)
    sizes = ltv.cohort_sizes().reindex(grid.index)
    rows = [cohort_row(labels, f"{c:%Y-%m}", n) for c, n in zip(grid.index, sizes, strict=True)]
    text = grid.map(lambda v: "" if pd.isna(v) else f"{currency}{v:,.0f}")
    fig = go.Figure()
    add_cohort_cells(
        fig,
        grid,
        immature,
        rows=rows,
        text=text,
        hover="%{y}<br>%{x}: ",
        value_format=",.0f",
        scale_format=",.0f",
        prefix=currency,
        immature_name=labels.name("immature"),
    )
    height = max(480, 260 + 30 * len(rows))
    style_figure(fig, _narrow(labels), height=height, legend="top" if len(fig.data) > 1 else None)
    fig.update_yaxes(autorange="reversed", type="category", showgrid=False, rangemode="normal", title=None)
    fig.update_xaxes(type="category", side="bottom")
    return fig
