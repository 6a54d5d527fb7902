"""Plotly figures from metric results: one function per figure, shared by pages, report and CLI.

Every function is pure: ``(result, *, labels) -> go.Figure``. The result comes from
``analytics.metrics``; ``labels`` (:class:`~analytics.charts_style.ChartLabels`) carries the
translated title, period, store, definition footnote and series names, so the same chart serves the
简体中文 and English dashboards. Colours are fixed per business meaning (``PALETTE``): members,
non-members, returning and new customers look the same on every page. A result with nothing to
draw gives a figure with the caller's ``names["empty"]`` message instead of an empty plot.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from analytics.charts_style import (
    FONT_FAMILY,
    HEATMAP_SCALE,
    MUTED_COLOUR,
    PALETTE,
    ChartLabels,
    arm_colour,
    colour,
    empty_figure,
    escape_text,
    legend_marker,
    period_text,
    style_figure,
)

__all__ = [
    "PALETTE",
    "ChartLabels",
    "campaign_arms",
    "campaign_directional",
    "cohort_heatmap",
    "interval_histogram",
    "members_comparison",
    "period_text",
    "repeat_rate_trend",
    "repurchase_chart",
    "returning_share_trend",
    "tier_distribution",
]

_PERCENT_AXIS = {"tickformat": ".0%", "rangemode": "tozero"}
_MONEY = ",.0f"


def _rgba(hex_colour: str, alpha: float) -> str:
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"


def _finite(value: Any) -> float | None:
    # Plotly draws None as a gap; nan (an undefined rate) must not become a zero-height bar.
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number


def _group(result: Any, key: str) -> Any:
    # Member comparisons arrive as a dataclass with .member/.non_member or as a mapping.
    if isinstance(result, Mapping):
        return result.get(key)
    return getattr(result, key, None)


def _rate(value: Any) -> float | None:
    # A rate is a Ratio (with .value) or already a plain fraction.
    return _finite(getattr(value, "value", value))


def _gap(upper: Any, lower: Any) -> float:
    # Length of an error-bar arm; 0 when either end is unknown (nan or None).
    high, low = _finite(upper), _finite(lower)
    return high - low if high is not None and low is not None else 0.0


def _text_width(text: str) -> int:
    # Display columns: a CJK character is as wide as two Latin ones.
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _empty_message(labels: ChartLabels) -> str:
    return labels.name("empty")


def _subplots(**kwargs: Any) -> go.Figure:
    # Panel titles in the chart font, a little larger than tick labels.
    fig = make_subplots(**kwargs)
    fig.update_annotations(font={"family": FONT_FAMILY, "size": 16, "color": "#2B2F33"})
    return fig


# --- repeat purchase ---------------------------------------------------------------------------


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
        return empty_figure(labels, _empty_message(labels))
    x = frame["end"]
    span = frame["start"].dt.strftime("%Y-%m-%d") + " – " + frame["end"].dt.strftime("%Y-%m-%d")
    base = colour("all")
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=list(x) + list(x[::-1]),
            y=list(frame["ci_high"]) + list(frame["ci_low"][::-1]),
            fill="toself",
            fillcolor=_rgba(base, 0.15),
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
    style_figure(fig, labels)
    fig.update_yaxes(**_PERCENT_AXIS)
    fig.update_xaxes(tickformat="%Y-%m-%d")
    return fig


def repurchase_chart(results: Sequence[Any], *, labels: ChartLabels) -> go.Figure:
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
        return empty_figure(labels, _empty_message(labels))
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
    style_figure(fig, labels, legend=None)
    fig.update_yaxes(**_PERCENT_AXIS)
    fig.update_xaxes(type="category")
    fig.update_layout(bargap=0.45)
    return fig


# --- members vs non-members ----------------------------------------------------------------------

_MEMBER_PANELS = ("customers", "sales", "aov", "repeat_purchase_rate")


def members_comparison(groups: Any, *, labels: ChartLabels) -> go.Figure:
    """Draw members vs non-members side by side: customers, sales, AOV and repeat-purchase rate.

    Parameters
    ----------
    groups
        The members result: ``.member`` and ``.non_member`` (or a mapping with those keys), each with
        customers, sales, aov and repeat_purchase_rate (a Ratio or a fraction), as
        :class:`analytics.metrics.purchases.GroupFigures`.
    labels
        ``names``: ``member``, ``non_member``, and the panel titles ``customers``, ``sales``,
        ``aov``, ``repeat_purchase_rate``; ``empty``.

    Guests are in neither group. Each panel has its own scale, since counts, money and rates are
    not comparable.
    """
    keys = [k for k in ("member", "non_member") if _group(groups, k) is not None]
    if not keys or all(getattr(_group(groups, k), "customers", 0) == 0 for k in keys):
        return empty_figure(labels, _empty_message(labels))
    fig = _subplots(
        rows=1,
        cols=len(_MEMBER_PANELS),
        subplot_titles=[labels.name(p) for p in _MEMBER_PANELS],
        horizontal_spacing=0.07,
    )
    for col, panel in enumerate(_MEMBER_PANELS, start=1):
        for key in keys:
            figures = _group(groups, key)
            raw = getattr(figures, panel)
            value = _rate(raw) if panel == "repeat_purchase_rate" else _finite(raw)
            text_format = "{:.1%}" if panel == "repeat_purchase_rate" else "{:,.0f}"
            if panel == "aov":
                text_format = "{:,.2f}"
            fig.add_trace(
                go.Bar(
                    x=[labels.name(key)],
                    y=[value],
                    name=labels.name(key),
                    legendgroup=key,
                    showlegend=False,
                    marker={"color": colour(key)},
                    text=[text_format.format(value) if value is not None else ""],
                    textposition="outside",
                    cliponaxis=False,
                    hovertemplate=f"{labels.name(key)}<br>{labels.name(panel)}: %{{text}}<extra></extra>",
                ),
                row=1,
                col=col,
            )
        if panel == "repeat_purchase_rate":
            fig.update_yaxes(tickformat=".0%", row=1, col=col)
        else:
            fig.update_yaxes(tickformat="~s", row=1, col=col)
    style_figure(fig, labels, legend=None, panels=True)
    fig.update_xaxes(type="category", ticks="")
    fig.update_layout(bargap=0.3)
    return fig


# --- returning vs new ----------------------------------------------------------------------------


def returning_share_trend(trend: pd.DataFrame, *, labels: ChartLabels) -> go.Figure:
    """Draw returning vs new customers' share of buyers and of sales per day, week or month.

    Parameters
    ----------
    trend
        :func:`analytics.metrics.trends.trend` output, one row per bucket: ``bucket_start``,
        ``returning_buyers_share``, ``returning_sales_share`` and, when the trend has it,
        ``unidentified_sales_share`` (guests' share of sales).
    labels
        ``names``: ``returning``, ``new``, ``guest``, ``new_or_guest`` (the rest of sales when
        guests' share is not known), panel titles ``buyers_share`` and ``sales_share``, ``empty``.

    Two stacked 100% bar panels: the share of the bucket's buyers who are returning (first purchase
    day before the bucket) vs new, and the same split of the bucket's sales, with guests' sales in
    grey. A bucket without buyers has no bar.
    """
    frame = trend.dropna(subset=["returning_buyers_share"], how="all")
    if frame.empty:
        return empty_figure(labels, _empty_message(labels))
    # Buckets as categories: weekly or monthly dates on a time axis leave gaps and thin bars, and
    # the first and last bucket may be partial anyway (the labels say which days each covers).
    x, spans = _bucket_labels(frame)
    fig = _subplots(
        rows=1,
        cols=2,
        subplot_titles=[labels.name("buyers_share"), labels.name("sales_share")],
        horizontal_spacing=0.08,
        shared_yaxes=True,
    )
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
            fig.add_trace(
                go.Bar(
                    x=x,
                    y=values,
                    name=name,
                    legendgroup=key,
                    showlegend=col == 1 or key in ("guest", "new_or_guest"),
                    marker=_share_marker(key),
                    customdata=spans,
                    hovertemplate=f"%{{customdata}}<br>{name}: %{{y:.1%}}<extra></extra>",
                ),
                row=1,
                col=col,
            )
    style_figure(fig, labels, legend="right", panels=True)
    fig.update_layout(barmode="stack", bargap=0.15)
    fig.update_yaxes(tickformat=".0%", range=[0, 1])
    # At most 8 horizontal labels per panel: rotated or crowded dates would run into the footnote.
    step = max(1, math.ceil(len(x) / 8))
    fig.update_xaxes(type="category", tickangle=0, tickvals=x[::step], ticktext=x[::step])
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


# --- tiers ---------------------------------------------------------------------------------------

_TIER_PANELS = ("members", "sales", "repeat_purchase_rate")


def _tier_colours(count: int) -> list[str]:
    # Shades of the member colour, light (entry tier) to dark (top tier): tiers are members, and
    # the order reads without a legend.
    lows, high = np.array([0x8D, 0xB8, 0xD0]), np.array([0x1F, 0x4E, 0x66])
    steps = np.linspace(0, 1, count) if count > 1 else np.array([1.0])
    return ["#{:02X}{:02X}{:02X}".format(*np.round(lows + (high - lows) * s).astype(int)) for s in steps]


def tier_distribution(tiers: Sequence[Any] | pd.DataFrame, *, labels: ChartLabels) -> go.Figure:
    """Draw each membership tier's members and buyers, sales and repeat-purchase rate, in tier order.

    Parameters
    ----------
    tiers
        :func:`analytics.metrics.tiers.tier_breakdown` output (``TierFigures`` from lowest to
        highest tier) or a frame of their ``to_dict()`` rows: tier, members (in the member list),
        buyers (members of the tier who bought in the period), sales, repeat_purchase_rate.
    labels
        ``names``: panel titles ``members``, ``sales``, ``repeat_purchase_rate``; series ``members``
        and ``buyers`` (the first panel shows both); ``no_tier`` (members without a tier),
        ``empty``.
    """
    if not isinstance(tiers, pd.DataFrame):
        tiers = pd.DataFrame([t.to_dict() for t in tiers])
    if tiers.empty:
        return empty_figure(labels, _empty_message(labels))
    names = [labels.name("no_tier") if t is None or pd.isna(t) else str(t) for t in tiers["tier"]]
    shades = _tier_colours(len(names))
    fig = _subplots(
        rows=1,
        cols=len(_TIER_PANELS),
        subplot_titles=[labels.name(p) for p in _TIER_PANELS],
        horizontal_spacing=0.07,
    )
    fig.add_trace(
        go.Bar(
            x=names,
            y=tiers["members"],
            name=labels.name("members"),
            marker={"color": [_rgba(s, 0.35) for s in shades], "line": {"color": shades, "width": 1.5}},
            hovertemplate=f"%{{x}}<br>{labels.name('members')}: %{{y:,}}<extra></extra>",
            offsetgroup="members",
        ),
        row=1,
        col=1,
    )
    fig.add_trace(
        go.Bar(
            x=names,
            y=tiers["buyers"],
            name=labels.name("buyers"),
            marker={"color": shades},
            text=[f"{b:,}" for b in tiers["buyers"]],
            textposition="outside",
            cliponaxis=False,
            hovertemplate=f"%{{x}}<br>{labels.name('buyers')}: %{{y:,}}<extra></extra>",
            offsetgroup="buyers",
        ),
        row=1,
        col=1,
    )
    fig.add_trace(
        go.Bar(
            x=names,
            y=tiers["sales"],
            marker={"color": shades},
            text=[f"{s:,.0f}" for s in tiers["sales"]],
            textposition="outside",
            cliponaxis=False,
            showlegend=False,
            hovertemplate=f"%{{x}}<br>{labels.name('sales')}: %{{y:,.0f}}<extra></extra>",
        ),
        row=1,
        col=2,
    )
    rates = [_rate(v) for v in tiers["repeat_purchase_rate"]]
    fig.add_trace(
        go.Bar(
            x=names,
            y=rates,
            marker={"color": shades},
            text=[f"{r:.1%}" if r is not None else "" for r in rates],
            textposition="outside",
            cliponaxis=False,
            showlegend=False,
            hovertemplate=f"%{{x}}<br>{labels.name('repeat_purchase_rate')}: %{{y:.1%}}<extra></extra>",
        ),
        row=1,
        col=3,
    )
    # Long tier names ("至尊VIP会员") under narrow panels run into each other: slant them.
    crowded = len(names) * max(_text_width(n) for n in names) > 36
    style_figure(fig, labels, legend="right", panels=True, tick_lines=3 if crowded else 1)
    fig.update_xaxes(type="category", categoryorder="array", categoryarray=names)
    if crowded:
        fig.update_xaxes(tickangle=-30)
    fig.update_yaxes(tickformat="~s", col=1)
    fig.update_yaxes(tickformat="~s", col=2)
    fig.update_yaxes(tickformat=".0%", col=3)
    fig.update_layout(bargap=0.25)
    return fig


# --- time between purchases ----------------------------------------------------------------------


def interval_histogram(
    intervals: Any,
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
    values = pd.Series(np.asarray(gaps["days"], dtype="float64")).dropna()
    if values.empty:
        return empty_figure(labels, _empty_message(labels))
    limit = float(max_days) if max_days is not None else float(np.ceil(values.quantile(0.99)))
    shown = values[values <= limit]
    fig = go.Figure(
        go.Histogram(
            x=shown,
            xbins={"start": 0.5, "end": limit + 0.5, "size": max(1.0, math.ceil(limit / 60))},  # as below
            marker={"color": _rgba(colour("all"), 0.75), "line": {"color": "#FFFFFF", "width": 0.5}},
            name=labels.name("intervals"),
            hovertemplate=f"%{{x}}<br>{labels.name('intervals')}: %{{y:,}}<extra></extra>",
        )
    )
    for key, day, dash in (("median", median, "dash"), ("care_cycle", care_cycle, "solid")):
        if _finite(day) is None:
            continue
        text = labels.names.get(key, "{days}").format(days=f"{day:g}")
        fig.add_vline(
            x=day,
            line={"color": colour(key), "width": 2.5, "dash": dash},
            # Labels inside the top of the plot, right of their line, in headroom kept free of bars
            # (above the plot they would collide with the title block's period line).
            annotation={
                "text": text,
                "font": {"color": colour(key), "size": 14},
                "yanchor": "top",
                "yshift": -4 if key == "median" else -26,
                "bgcolor": "rgba(255,255,255,0.85)",
            },
            annotation_position="top right",
        )
    style_figure(fig, labels, legend=None)
    size = max(1.0, math.ceil(limit / 60))
    tallest = np.histogram(shown, bins=np.arange(0.5, limit + 0.5 + size, size))[0].max(initial=0)
    fig.update_xaxes(range=[0, limit + 1])
    fig.update_yaxes(range=[0, max(1.0, tallest * 1.18)])
    return fig


# --- cohorts -------------------------------------------------------------------------------------


def cohort_heatmap(cohorts: pd.DataFrame, *, labels: ChartLabels) -> go.Figure:
    """Draw monthly cohort retention as a heatmap, with months not yet fully observed greyed out.

    Parameters
    ----------
    cohorts
        Long frame, one row per (cohort, months_since): ``cohort`` (first-purchase month),
        ``months_since`` (0, 1, ...), ``retention`` (share of the cohort, a fraction),
        ``cohort_size`` and ``immature`` (True when the data ends before that month
        does, so the cell understates retention).
    labels
        ``names``: ``immature`` (legend text for grey cells), ``empty``. ``x_title`` (months since
        the first purchase) labels the x axis; ``y_title`` (first-purchase month) appears in the
        hover only, the row labels being months already.
    """
    if cohorts.empty:
        return empty_figure(labels, _empty_message(labels))
    frame = cohorts.assign(_cohort=pd.to_datetime(cohorts["cohort"]).dt.strftime("%Y-%m"))
    rates = frame.pivot_table(index="_cohort", columns="months_since", values="retention", aggfunc="first")
    immature = (
        frame.pivot_table(index="_cohort", columns="months_since", values="immature", aggfunc="first")
        .reindex_like(rates)
        .fillna(False)
        .astype(bool)
    )
    sizes = frame.groupby("_cohort")["cohort_size"].first().reindex(rates.index)
    rows = [f"{c} (n={int(n):,})" for c, n in zip(rates.index, sizes, strict=True)]
    mature_values = rates.where(~immature)
    immature_values = rates.where(immature)
    columns = [str(int(c)) for c in rates.columns]
    text = rates.map(lambda v: "" if pd.isna(v) else f"{v:.0%}")
    row_title = f"{escape_text(labels.y_title)}: " if labels.y_title else ""
    column_title = f"{escape_text(labels.x_title)}: " if labels.x_title else ""
    fig = go.Figure()
    fig.add_trace(
        go.Heatmap(
            z=mature_values.to_numpy(dtype="float64"),
            x=columns,
            y=rows,
            colorscale=[list(step) for step in HEATMAP_SCALE],
            zmin=0,
            zmax=_heat_max(rates),
            text=text.where(~immature, "").to_numpy(),
            texttemplate="%{text}",
            textfont={"size": 12},
            hovertemplate=f"{row_title}%{{y}}<br>{column_title}%{{x}}: %{{z:.1%}}<extra></extra>",
            colorbar={"tickformat": ".0%", "thickness": 14, "outlinewidth": 0},
            xgap=2,
            ygap=2,
            name="",
        )
    )
    if immature.to_numpy().any():
        fig.add_trace(
            go.Heatmap(
                z=np.where(immature_values.notna(), 1.0, np.nan),
                x=columns,
                y=rows,
                colorscale=[[0, PALETTE["immature"]], [1, PALETTE["immature"]]],
                showscale=False,
                text=text.where(immature, "").to_numpy(),
                texttemplate="%{text}",
                textfont={"size": 12, "color": MUTED_COLOUR},
                customdata=immature_values.to_numpy(dtype="float64"),
                hovertemplate=f"{row_title}%{{y}}<br>{column_title}%{{x}}: %{{customdata:.1%}} "
                f"({labels.name('immature')})<extra></extra>",
                xgap=2,
                ygap=2,
                name=labels.name("immature"),
                showlegend=True,
            )
        )
    # Rows of at least 30 px plus title block and footnote, so a year of cohorts stays legible.
    height = max(480, 260 + 30 * len(rows))
    style_figure(fig, labels, height=height, legend="top" if len(fig.data) > 1 else None)
    fig.update_yaxes(autorange="reversed", type="category", showgrid=False, rangemode="normal")
    # The row labels ("2025-01 (n=850)") read as first-purchase months on their own; a rotated
    # axis title beside them collided with them on narrow pages, so y_title goes to the hover.
    fig.update_yaxes(title=None)
    fig.update_xaxes(type="category", side="bottom")
    fig.update_layout(plot_bgcolor="#FFFFFF")
    return fig


def _heat_max(rates: pd.DataFrame) -> float:
    # Month 0 is 100% by definition for non-cumulative cohorts; scale on later months so the
    # differences that matter are not washed out.
    later = rates.drop(columns=[c for c in rates.columns if int(c) == 0], errors="ignore")
    top = later.max().max() if not later.empty else rates.max().max()
    return float(top) if pd.notna(top) and top > 0 else 1.0


# --- campaigns -----------------------------------------------------------------------------------


def campaign_arms(result: Any, *, labels: ChartLabels) -> go.Figure:
    """Draw a campaign test: conversion per group with CIs, uplift vs control, incremental sales.

    Parameters
    ----------
    result
        The uplift result's JSON form (``to_dict()``) or the result itself: ``control`` {group,
        customers, converters, conversion_rate} and ``arms`` [{group, customers, converters,
        conversion_rate, conversion_uplift, conversion_uplift_ci [lo, hi], incremental_sales}].
    labels
        ``names``: panel titles ``conversion_rate``, ``conversion_uplift``, ``incremental_sales``;
        ``control`` (appended to the control group's name), ``empty``.

    Conversion error bars are Wilson 95% intervals; uplift error bars are the Newcombe 95% interval
    of the difference with the control. A bar crossing zero means the test cannot tell the arm
    from the control.
    """
    from analytics.metrics.ratio import wilson_interval

    data = result.to_dict() if hasattr(result, "to_dict") else dict(result)
    control, arms = data.get("control"), list(data.get("arms") or [])
    if not control or not arms:
        return empty_figure(labels, _empty_message(labels))
    groups = [control, *arms]
    names = [str(g["group"]) for g in groups]
    colours = [PALETTE["control"]] + [arm_colour(i) for i in range(len(arms))]
    fig = _subplots(
        rows=1,
        cols=3,
        subplot_titles=[
            labels.name(k) for k in ("conversion_rate", "conversion_uplift", "incremental_sales")
        ],
        horizontal_spacing=0.08,
    )
    rates, lows, highs = [], [], []
    for g in groups:
        rate = _finite(g.get("conversion_rate"))
        lo, hi = g.get("conversion_rate_ci") or wilson_interval(
            int(g.get("converters") or 0), int(g.get("customers") or 0)
        )
        rates.append(rate)
        lows.append(rate - lo if rate is not None and _finite(lo) is not None else 0)
        highs.append(hi - rate if rate is not None and _finite(hi) is not None else 0)
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
            customdata=[[g.get("converters"), g.get("customers")] for g in groups],
            hovertemplate="%{x}<br>%{y:.1%}<br>%{customdata[0]} / %{customdata[1]}<extra></extra>",
            showlegend=False,
        ),
        row=1,
        col=1,
    )
    arm_names = names[1:]
    uplift = [_finite(a.get("conversion_uplift")) for a in arms]
    cis = [a.get("conversion_uplift_ci") or [None, None] for a in arms]
    fig.add_trace(
        go.Scatter(
            x=arm_names,
            y=uplift,
            mode="markers",
            marker={"color": colours[1:], "size": 14, "symbol": "diamond"},
            error_y={
                "type": "data",
                "symmetric": False,
                "array": [_gap(hi, u) for u, (_, hi) in zip(uplift, cis, strict=True)],
                "arrayminus": [_gap(u, lo) for u, (lo, _) in zip(uplift, cis, strict=True)],
                "color": "#555",
                "thickness": 2,
                "width": 8,
            },
            hovertemplate="%{x}<br>%{y:+.1%}<extra></extra>",
            showlegend=False,
        ),
        row=1,
        col=2,
    )
    fig.add_hline(y=0, line={"color": MUTED_COLOUR, "width": 1.5, "dash": "dot"}, row=1, col=2)
    incremental = [_finite(a.get("incremental_sales")) for a in arms]
    # The interval of incremental sales is the Welch interval of the spend uplift times the arm's
    # customers; without it (older results) the bar has no whisker.
    sales_cis = [a.get("incremental_sales_ci") or [None, None] for a in arms]
    fig.add_trace(
        go.Bar(
            x=arm_names,
            y=incremental,
            marker={"color": colours[1:]},
            error_y={
                "type": "data",
                "symmetric": False,
                "array": [_gap(hi, v) for v, (_, hi) in zip(incremental, sales_cis, strict=True)],
                "arrayminus": [_gap(v, lo) for v, (lo, _) in zip(incremental, sales_cis, strict=True)],
                "color": "#555",
            },
            hovertemplate="%{x}<br>%{y:+,.0f}<extra></extra>",
            showlegend=False,
        ),
        row=1,
        col=3,
    )
    style_figure(fig, labels, legend=None, panels=True, tick_lines=2)
    fig.update_yaxes(tickformat=".0%", col=1)
    fig.update_yaxes(tickformat="+.0%", rangemode="normal", col=2)
    fig.update_yaxes(tickformat="~s", rangemode="normal", col=3)
    fig.update_xaxes(type="category")
    # Values under each arm's name: text on the bars would collide with the interval whiskers.
    fig.update_xaxes(
        tickvals=arm_names,
        ticktext=[f"{n}<br>{u:+.1%}" if u is not None else n for n, u in zip(arm_names, uplift, strict=True)],
        range=[-0.6, len(arm_names) - 0.4],
        col=2,
    )
    fig.update_xaxes(
        tickvals=arm_names,
        ticktext=[
            f"{n}<br>{v:+,.0f}" if v is not None else n for n, v in zip(arm_names, incremental, strict=True)
        ],
        col=3,
    )
    fig.update_layout(bargap=0.4)
    return fig


def campaign_directional(result: Any, *, labels: ChartLabels) -> go.Figure:
    """Draw a campaign without control: targeted vs non-targeted customers, window by window.

    Parameters
    ----------
    result
        :func:`analytics.metrics.campaign_did.directional_uplift` output (or its ``to_dict()``):
        ``windows`` rows (window 0 = the campaign window, -1 the one before ...) with start, end,
        targeted_conversion_rate, targeted_sales_per_customer and, when there are non-targeted
        customers, non_targeted_conversion_rate and non_targeted_sales_per_customer.
    labels
        ``names``: series ``targeted`` and ``non_targeted``; panel titles ``conversion_rate`` and
        ``sales_per_customer``; ``campaign_window`` (label of the shaded window), ``empty``.

    Lines that run in parallel before the campaign window and part in it are what the
    difference-in-differences reads; lines that already diverge before it warn that the estimate
    rests on a shaky parallel-trends assumption. The chart is directional, like the figures.
    """
    data = result.to_dict() if hasattr(result, "to_dict") else dict(result)
    windows = pd.DataFrame(data.get("windows") or [])
    if windows.empty:
        return empty_figure(labels, _empty_message(labels))
    windows = windows.sort_values("window")
    start = pd.to_datetime(windows["start"])
    end = pd.to_datetime(windows["end"])
    x = list(start.dt.strftime("%m-%d") + "–" + end.dt.strftime("%m-%d"))
    campaign_x = x[list(windows["window"]).index(0)] if 0 in set(windows["window"]) else None
    fig = _subplots(
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
                    y=[_finite(v) for v in windows[column]],
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
                fillcolor=_rgba(arm_colour(0), 0.12),
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
    fig.update_yaxes(tickformat=".0%", col=1)
    fig.update_yaxes(tickformat="~s", col=2)
    return fig
