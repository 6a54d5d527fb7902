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
    panel: int = 1,
) -> go.Figure:
    """Draw ``value`` as a dashed line labelled ``label`` and ``text`` (the value as the reader sees it).

    ``axis`` "y" draws a horizontal line (a value on the y axis), "x" a vertical one (horizontal
    bar charts); ``panel`` is the panel of a one-row figure (1 = the first, axes ``x``/``y``; 2 =
    ``x2``/``y2`` ...). Nothing is drawn for None. The label sits at the line's end, inside the
    plot, so it never meets the title block or the footnote.
    """
    if value is None:
        return fig
    suffix = "" if panel == 1 else str(panel)
    x, y = f"x{suffix}", f"y{suffix}"
    # The shape and label plotly's add_hline/add_vline would make, added directly: those resolve
    # the panel's axes through the subplot grid, ~20 ms per line.
    annotation = {
        "text": escape_text(f"{label} {text}"),
        "font": {"size": 13, "color": PEER_LINE_COLOUR},
        "bgcolor": "rgba(255,255,255,0.85)",
        "showarrow": False,
        "xanchor": "left",
    }
    if axis == "x":
        span = {"xref": x, "x0": value, "x1": value, "yref": f"{y} domain", "y0": 0, "y1": 1}
        annotation |= {"xref": x, "x": value, "yref": f"{y} domain", "y": 1, "yanchor": "top"}
    else:
        span = {"xref": f"{x} domain", "x0": 0, "x1": 1, "yref": y, "y0": value, "y1": value}
        annotation |= {"xref": f"{x} domain", "x": 0, "yref": y, "y": value, "yanchor": "bottom"}
    line = {"dash": "dash", "color": PEER_LINE_COLOUR, "width": 2.5}
    fig.add_shape(type="line", name="peer", line=line, **span)
    fig.add_annotation(annotation)
    return fig
