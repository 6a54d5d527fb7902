"""Membership tiers: members and buyers, sales and repeat-purchase rate per tier, lowest tier first."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from analytics.charts.style import (
    ChartLabels,
    display_width,
    empty_figure,
    panel_axes,
    rgba,
    side_by_side,
    style_figure,
)
from analytics.charts.values import ratio_value

if TYPE_CHECKING:  # types only: drawing imports no metric code
    from analytics.metrics.tiers import TierFigures

_TIER_PANELS = ("members", "sales", "repeat_purchase_rate")


def _tier_colours(count: int) -> list[str]:
    # Shades of the member colour, light (entry tier) to dark (top tier): tiers are members, and
    # the order reads without a legend.
    lows, high = np.array([0x8D, 0xB8, 0xD0]), np.array([0x1F, 0x4E, 0x66])
    steps = np.linspace(0, 1, count) if count > 1 else np.array([1.0])
    return ["#{:02X}{:02X}{:02X}".format(*np.round(lows + (high - lows) * s).astype(int)) for s in steps]


def tier_distribution(tiers: Sequence[TierFigures], *, labels: ChartLabels) -> go.Figure:
    """Draw each membership tier's members and buyers, sales and repeat-purchase rate, in tier order.

    Parameters
    ----------
    tiers
        :func:`analytics.metrics.tiers.tier_breakdown` output, ``TierFigures`` from lowest to
        highest tier: tier, members (in the member list), buyers (members of the tier who bought in
        the period), sales (a Share: its ``part`` is the tier's sales), repeat_purchase_rate.
    labels
        ``names``: panel titles ``members``, ``sales``, ``repeat_purchase_rate``; series ``members``
        and ``buyers`` (the first panel shows both); ``no_tier`` (members without a tier),
        ``empty``.
    """
    if not tiers:
        return empty_figure(labels, labels.name("empty"))
    names = [labels.name("no_tier") if t.tier is None or pd.isna(t.tier) else str(t.tier) for t in tiers]
    # Columns as arrays, one value per tier: plotly receives the same arrays on every page.
    members = pd.Series([t.members for t in tiers])
    buyers = pd.Series([t.buyers for t in tiers])
    sales = pd.Series([t.sales.part for t in tiers], dtype="float64")
    shades = _tier_colours(len(names))
    # Room between panels for full amounts on the axes ("CN¥40,000"); each panel its own scale.
    layout = side_by_side([labels.name(p) for p in _TIER_PANELS], spacing=0.1, shared_y=False)
    traces = []
    traces.append(
        go.Bar(
            x=names,
            y=members,
            name=labels.name("members"),
            marker={"color": [rgba(s, 0.35) for s in shades], "line": {"color": shades, "width": 1.5}},
            hovertemplate=f"%{{x}}<br>{labels.name('members')}: %{{y:,}}<extra></extra>",
            offsetgroup="members",
            **panel_axes(1),
        )
    )
    traces.append(
        go.Bar(
            x=names,
            y=buyers,
            name=labels.name("buyers"),
            marker={"color": shades},
            text=[f"{b:,}" for b in buyers],
            textposition="outside",
            cliponaxis=False,
            hovertemplate=f"%{{x}}<br>{labels.name('buyers')}: %{{y:,}}<extra></extra>",
            offsetgroup="buyers",
            **panel_axes(1),
        )
    )
    traces.append(
        go.Bar(
            x=names,
            y=sales,
            marker={"color": shades},
            text=[f"{labels.names.get('currency', '')}{s:,.0f}" for s in sales],
            textposition="outside",
            cliponaxis=False,
            showlegend=False,
            hovertemplate=f"%{{x}}<br>{labels.name('sales')}: %{{y:,.0f}}<extra></extra>",
            **panel_axes(2),
        )
    )
    rates = [ratio_value(t.repeat_purchase_rate) for t in tiers]
    traces.append(
        go.Bar(
            x=names,
            y=rates,
            marker={"color": shades},
            text=[f"{r:.1%}" if r is not None else "" for r in rates],
            textposition="outside",
            cliponaxis=False,
            showlegend=False,
            hovertemplate=f"%{{x}}<br>{labels.name('repeat_purchase_rate')}: %{{y:.1%}}<extra></extra>",
            **panel_axes(3),
        )
    )
    # Long tier names ("至尊VIP会员") under narrow panels run into each other: slant them.
    crowded = len(names) * max(display_width(n) for n in names) > 36
    # Full numbers with separators ("40,000"), not SI suffixes ("40k"): Chinese readers count in 万.
    layout["yaxis"]["tickformat"] = ",~r"
    layout["yaxis2"] |= {"tickformat": ",~r", "tickprefix": str(labels.names.get("currency", ""))}
    layout["yaxis3"]["tickformat"] = "~%"
    xaxis = {"type": "category", "categoryorder": "array", "categoryarray": names}
    return style_figure(
        go.Figure(data=traces, layout=layout),
        labels,
        legend="right",
        panels=True,
        tick_lines=3 if crowded else 1,
        xaxis=xaxis | ({"tickangle": -30} if crowded else {}),
        bargap=0.25,
    )
