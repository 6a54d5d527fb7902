"""A reference value drawn across a plot: the peers' average (同行均值) as a dashed line."""

from __future__ import annotations

import plotly.graph_objects as go

from analytics.charts.style import escape_text

# Near-black: it must stand out on every series colour (magenta bars, blue lines) and in greyscale.
PEER_LINE_COLOUR = "#1F2933"


def add_reference_line(
    fig: go.Figure,
    value: float | None,
    *,
    label: str,
    text: str,
    axis: str = "y",
    row: int | None = None,
    col: int | None = None,
) -> go.Figure:
    """Draw ``value`` as a dashed line labelled ``label`` and ``text`` (the value as the reader sees it).

    ``axis`` "y" draws a horizontal line (a value on the y axis), "x" a vertical one (horizontal
    bar charts). Nothing is drawn for None. The label sits at the line's end, inside the plot, so it
    never meets the title block or the footnote.
    """
    if value is None:
        return fig
    line = {"dash": "dash", "color": PEER_LINE_COLOUR, "width": 2.5}
    annotation = {
        "text": escape_text(f"{label} {text}"),
        "font": {"size": 13, "color": PEER_LINE_COLOUR},
        "bgcolor": "rgba(255,255,255,0.85)",
    }
    where = {"row": row, "col": col} if row is not None else {}
    if axis == "x":
        fig.add_vline(
            x=value, line=line, annotation=annotation, annotation_position="top right", name="peer", **where
        )
    else:
        fig.add_hline(
            y=value, line=line, annotation=annotation, annotation_position="top left", name="peer", **where
        )
    return fig
