"""Monthly cohort retention as a heatmap, months not yet fully observed in grey."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from analytics.charts.style import (
    ChartLabels,
    add_cohort_cells,
    cohort_row,
    empty_figure,
    escape_text,
    style_figure,
)


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
        ``names``: ``immature`` (legend text for grey cells), ``empty``, ``cohort_row`` (row label
        with ``{month}`` and ``{n}``, the cohort's customers). ``x_title`` (months since
        the first purchase) labels the x axis; ``y_title`` (first-purchase month) appears in the
        hover only, the row labels being months already.
    """
    if cohorts.empty:
        return empty_figure(labels, labels.name("empty"))
    frame = cohorts.assign(_cohort=pd.to_datetime(cohorts["cohort"]).dt.strftime("%Y-%m"))
    rates = frame.pivot_table(index="_cohort", columns="months_since", values="retention", aggfunc="first")
    immature = (
        frame.pivot_table(index="_cohort", columns="months_since", values="immature", aggfunc="first")
        .reindex_like(rates)
        .fillna(False)
        .astype(bool)
    )
    sizes = frame.groupby("_cohort")["cohort_size"].first().reindex(rates.index)
    rows = [cohort_row(labels, c, n) for c, n in zip(rates.index, sizes, strict=True)]
    text = rates.map(lambda v: "" if pd.isna(v) else f"{v:.0%}")
    row_title = f"{escape_text(labels.y_title)}: " if labels.y_title else ""
    column_title = f"{escape_text(labels.x_title)}: " if labels.x_title else ""
    fig = go.Figure()
    add_cohort_cells(
        fig,
        rates,
        immature,
        rows=rows,
        text=text,
        hover=f"{row_title}%{{y}}<br>{column_title}%{{x}}: ",
        value_format=".1%",
        scale_format=".0%",
        zmax=_heat_max(rates),
        immature_name=labels.name("immature"),
    )
    # Rows of at least 30 px plus title block and footnote, so a year of cohorts stays legible.
    height = max(480, 260 + 30 * len(rows))
    return style_figure(
        fig,
        labels,
        height=height,
        legend="top" if len(fig.data) > 1 else None,
        xaxis={"type": "category", "side": "bottom"},
        # The row labels ("2025-01 (850 customers)") read as first-purchase months on their own; a
        # rotated axis title beside them collided with them on narrow pages, so y_title goes to the
        # hover.
        yaxis={
            "autorange": "reversed",
            "type": "category",
            "showgrid": False,
            "rangemode": "normal",
            "title": None,
        },
    )


def _heat_max(rates: pd.DataFrame) -> float:
    # Month 0 is 100% by definition for non-cumulative cohorts; scale on later months so the
    # differences that matter are not washed out.
    later = rates.drop(columns=[c for c in rates.columns if int(c) == 0], errors="ignore")
    top = later.max().max() if not later.empty else rates.max().max()
    return float(top) if pd.notna(top) and top > 0 else 1.0
