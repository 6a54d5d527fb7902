"""Monthly sales: a bar per calendar month, partial months drawn apart, returning buyers' share as a line."""

from __future__ import annotations

from typing import TYPE_CHECKING

import plotly.graph_objects as go

from analytics.charts.style import (
    PALETTE,
    ChartLabels,
    break_after_label,
    colour,
    empty_figure,
    rgba,
    style_figure,
)
from analytics.charts.values import finite

if TYPE_CHECKING:  # types only: drawing imports no metric code
    from analytics.metrics.monthly import MonthlySales


def _partial_note(template: str, covered: int, length: int) -> str:
    # The caller's template names the covered days ("{covered} of {days} days"): a string, not code.
    return template.format(covered=covered, days=length) if "{" in template else template


def monthly_sales_chart(monthly: MonthlySales, *, labels: ChartLabels) -> go.Figure:
    """Draw sales per calendar month as bars and returning buyers' share as a line on the right axis.

    Parameters
    ----------
    monthly
        :func:`analytics.metrics.monthly.monthly_sales` output.
    labels
        ``names``: ``sales`` (bars), ``returning_buyers_share`` (the line), ``partial_month`` (a
        template with ``{covered}`` and ``{days}``, written on a partial month's bar and in the
        legend), ``currency`` (prefix of amounts), ``empty``.

    A month the data covers only in part is drawn hatched and pale with its covered days written
    under its amount, so a short last month (nine days of December) does not read as a collapse.
    """
    months = monthly.months if monthly is not None else ()
    if not months or not any(m.orders for m in months):
        return empty_figure(labels, labels.name("empty"))
    currency = str(labels.names.get("currency", ""))
    x = [f"{m.month:%Y-%m}" for m in months]
    partial_template = labels.name("partial_month")
    base = colour("all")
    bar_colours = [rgba(base, 0.35) if m.partial else base for m in months]
    patterns = ["/" if m.partial else "" for m in months]
    notes = [
        _partial_note(partial_template, m.covered_days, m.month_days) if m.partial else "" for m in months
    ]
    fig = go.Figure()
    fig.add_trace(
        go.Bar(
            x=x,
            y=[m.sales for m in months],
            name=labels.name("sales"),
            marker={"color": bar_colours, "pattern": {"shape": patterns, "fgcolor": base, "solidity": 0.2}},
            # A partial month carries its covered days under its amount: it never reads as a fall.
            text=[
                f"{currency}{m.sales:,.0f}" + (f"<br>{break_after_label(n)}" if n else "")
                for m, n in zip(months, notes, strict=True)
            ],
            textposition="outside",
            textfont={"size": 13},
            constraintext="none",
            cliponaxis=False,
            customdata=[
                [f"{m.start:%Y-%m-%d} – {m.end:%Y-%m-%d}", n] for m, n in zip(months, notes, strict=True)
            ],
            hovertemplate=f"%{{customdata[0]}}<br>{labels.name('sales')}: {currency}%{{y:,.0f}}"
            "<br>%{customdata[1]}<extra></extra>",
        )
    )
    fig.add_trace(
        go.Scatter(
            x=x,
            y=[finite(m.returning_buyers_share.value) if m.returning_buyers_share else None for m in months],
            name=labels.name("returning_buyers_share"),
            yaxis="y2",
            mode="lines+markers",
            line={"color": PALETTE["returning"], "width": 3},
            marker={"size": 8},
            hovertemplate=f"%{{x}}<br>{labels.name('returning_buyers_share')}: %{{y:.1%}}<extra></extra>",
        )
    )
    top = max(m.sales for m in months)
    # The last month's note ("partial: 9 of 31 days") is wider than its bar: without room on the
    # right it runs under the right axis' labels and is cut off.
    right = len(months) - 0.5 + (0.6 if months[-1].partial else 0)
    style_figure(
        fig,
        labels,
        legend="top",
        xaxis={"type": "category", "tickangle": 0, "range": [-0.5, right]},
        yaxis={"tickformat": ",~r", "tickprefix": currency, "range": [0, top * 1.2 if top > 0 else 1]},
        yaxis2={
            "overlaying": "y",
            "side": "right",
            "tickformat": ".0%",
            "tickprefix": "",
            "range": [0, 1.05],
            "dtick": 0.2,
            "showgrid": False,
        },
        bargap=0.25,
    )
    return fig
