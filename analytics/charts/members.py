"""Members vs non-members: customers, sales, AOV and repeat-purchase rate side by side."""

from __future__ import annotations

from typing import TYPE_CHECKING

import plotly.graph_objects as go

from analytics.charts.style import ChartLabels, colour, empty_figure, panel_axes, side_by_side, style_figure
from analytics.charts.values import finite, ratio_value

if TYPE_CHECKING:  # types only: drawing imports no metric code
    from analytics.metrics.members import MemberComparison

_MEMBER_PANELS = ("customers", "sales", "aov", "repeat_purchase_rate")


def members_comparison(groups: MemberComparison, *, labels: ChartLabels) -> go.Figure:
    """Draw members vs non-members side by side: customers, sales, AOV and repeat-purchase rate.

    Parameters
    ----------
    groups
        :func:`analytics.metrics.members.member_comparison` output: ``.member`` and ``.non_member``,
        each a :class:`analytics.metrics.purchases.GroupFigures` with customers, sales, aov and
        repeat_purchase_rate (a Ratio).
    labels
        ``names``: ``member``, ``non_member``, and the panel titles ``customers``, ``sales``,
        ``aov``, ``repeat_purchase_rate``; ``empty``.

    Guests are in neither group. Each panel has its own scale, since counts, money and rates are
    not comparable.
    """
    keys = ("member", "non_member")
    if all(getattr(groups, k).customers == 0 for k in keys):
        return empty_figure(labels, labels.name("empty"))
    # Room between panels for full amounts on the axes ("CN¥120,000"); each panel its own scale.
    layout = side_by_side([labels.name(p) for p in _MEMBER_PANELS], spacing=0.1, shared_y=False)
    traces = []
    for col, panel in enumerate(_MEMBER_PANELS, start=1):
        for key in keys:
            figures = getattr(groups, key)
            raw = getattr(figures, panel)
            value = ratio_value(raw) if panel == "repeat_purchase_rate" else finite(raw)
            currency = str(labels.names.get("currency", "")) if panel in ("sales", "aov") else ""
            text_format = "{:.1%}" if panel == "repeat_purchase_rate" else currency + "{:,.0f}"
            if panel == "aov":
                text_format = currency + "{:,.2f}"
            traces.append(
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
                    **panel_axes(col),
                )
            )
        axis = layout["yaxis" if col == 1 else f"yaxis{col}"]
        if panel == "repeat_purchase_rate":
            axis["tickformat"] = "~%"
        elif panel in ("sales", "aov"):
            # Amounts carry their currency on the axis too (``names["currency"]``, e.g. "¥").
            axis |= {"tickformat": ",~r", "tickprefix": str(labels.names.get("currency", ""))}
        else:
            axis["tickformat"] = ",~r"
    fig = go.Figure(data=traces, layout=layout)
    return style_figure(
        fig, labels, legend=None, panels=True, xaxis={"type": "category", "ticks": ""}, bargap=0.3
    )
