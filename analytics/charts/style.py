"""The shared look of every chart: palette, CJK fonts, title block, definition footnote, margins.

Managers paste these charts into weekly meetings, so each one carries its title, the period, the
store and the definition used, and is laid out for 1600x900. All visible text comes from the caller
(``ChartLabels``), already translated: nothing here is English or Chinese.
"""

from __future__ import annotations

import textwrap
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from analytics.metrics.period import Period

# Colour-blind-safe, calm, and fixed per business meaning so a series has the same colour on every
# page: blue vs ochre and plum vs apricot differ in lightness as well as hue, so they stay apart
# under deuteranopia, protanopia and in greyscale print-outs. Grey is reserved for customers we
# cannot identify (guests) and for immature/unknown values.
PALETTE: Mapping[str, str] = {
    "all": "#3B4B5C",
    "member": "#2F6F8F",
    "non_member": "#C9A227",
    "returning": "#9C4F7E",
    "new": "#E8B88A",
    "guest": "#A6A6A6",
    "control": "#7F8C8D",
    "median": "#3B4B5C",
    "care_cycle": "#C0603A",
    "immature": "#D9D9D9",
}
# Campaign arms, in the order the result lists them (the control keeps PALETTE["control"]).
ARM_COLOURS: tuple[str, ...] = ("#2A9D8F", "#C0603A", "#6C5B9E", "#B08D2E", "#4F7CAC", "#A34E5C")
# Cohort heatmap: light to dark blue, readable with dark text at the light end and white text at
# the dark end.
HEATMAP_SCALE: tuple[tuple[float, str], ...] = (
    (0.0, "#F2F6F9"),
    (0.25, "#C6DCE8"),
    (0.5, "#8DB8D0"),
    (0.75, "#4F8DB0"),
    (1.0, "#1F5673"),
)

FONT_FAMILY = '"Noto Sans CJK SC", "Noto Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif'
TEXT_COLOUR = "#2B2F33"
MUTED_COLOUR = "#5F6B76"
GRID_COLOUR = "#E6E9ED"
BASE_FONT_SIZE = 15
TITLE_FONT_SIZE = 22
SUBTITLE_FONT_SIZE = 15
FOOTNOTE_FONT_SIZE = 13
DEFAULT_HEIGHT = 560

# Footnote lines are wrapped by display width (a CJK character counts 2); 150 columns of 13 px
# text fit in the ~1000 px plot area a Streamlit page gives a chart and well inside 1600 px.
FOOTNOTE_COLUMNS = 150
_FOOTNOTE_LINE_PX = 19
# Space under the plot area taken by x tick labels, and by an x-axis title when there is one.
_X_TICKS_PX = 34
_X_TITLE_PX = 28
_TICK_LINE_PX = 18
# The title block is anchored in pixels above the plot area (title.pad), not as a fraction of the
# height, and the top margin is summed from its lines, so it fits at any figure height.
_TITLE_PAD_PX = 14
_TITLE_LINE_PX = round(TITLE_FONT_SIZE * 1.35)
_SUBTITLE_LINE_PX = round(SUBTITLE_FONT_SIZE * 1.5)
_TITLE_GAP_PX = 16
# A one-row legend on top, or subplot titles, between the title block and the plot area.
_ABOVE_PLOT_PX = 40
# Every axis's look: a plain x axis with outside ticks, light horizontal grid lines. Written on
# each axis rather than in a layout template, so a chart's own axis settings merge with it and the
# figure states it itself (Streamlit's theme fills in what a figure leaves to its template).
_X_AXIS: Mapping[str, Any] = {
    "showgrid": False,
    "linecolor": "#9AA4AE",
    "ticks": "outside",
    "tickcolor": "#9AA4AE",
    "automargin": True,
    "tickfont": {"size": 14},
}
_Y_AXIS: Mapping[str, Any] = {
    "gridcolor": GRID_COLOUR,
    "zerolinecolor": "#9AA4AE",
    "automargin": True,
    "tickfont": {"size": 14},
    "rangemode": "tozero",
}


@dataclass(frozen=True)
class ChartLabels:
    """The caller-translated text of one chart.

    Parameters
    ----------
    title
        What the chart shows, e.g. "复购率（每 30 天）".
    period
        The period as the reader should see it, e.g. "2025-01-01 – 2025-01-30" (see ``period_text``).
    store
        The store (or "all stores") the figures cover.
    definition
        The metric definition used, shown as a footnote under the plot.
    names
        Display names for the chart's keys: series (``member``, ``non_member``, ``returning``,
        ``new``, ``guest``, ``control`` ...), panel titles and reference lines. Each chart function
        documents the keys it reads; a missing key shows the key itself.
    x_title, y_title
        Axis titles (empty for none).
    """

    title: str
    period: str
    store: str
    definition: str
    names: Mapping[str, str] = field(default_factory=dict)
    x_title: str = ""
    y_title: str = ""

    def name(self, key: str) -> str:
        """Return the display name for ``key`` (the key itself when the caller gave none)."""
        return str(self.names.get(key, key))


def cohort_row(labels: ChartLabels, month: str, customers: float) -> str:
    """Return a cohort's row label: its first-purchase month and how many customers it holds.

    ``labels.names["cohort_row"]`` words it in the reader's language ("{month}（{n} 人）");
    without it the row reads "2025-01 (n=850)".

    Examples
    --------
    >>> cohort_row(ChartLabels("", "", "", "", names={"cohort_row": "{month}（{n} 人）"}), "2025-01", 850)
    '2025-01（850 人）'
    >>> cohort_row(ChartLabels("", "", "", ""), "2025-01", 1234)
    '2025-01 (n=1,234)'
    """
    template = str(labels.names.get("cohort_row", "{month} (n={n})"))
    return template.format(month=month, n=f"{int(customers):,}")


def add_cohort_cells(
    fig: go.Figure,
    values: pd.DataFrame,
    immature: pd.DataFrame,
    *,
    rows: list[str],
    text: pd.DataFrame,
    hover: str,
    value_format: str,
    scale_format: str,
    prefix: str = "",
    zmax: float | None = None,
    immature_name: str,
) -> None:
    """Add a cohort grid to ``fig``: coloured cells, and cells of months still running in grey.

    ``values`` (cohorts x months since the first purchase), ``immature`` (True where the data ends
    before the month does) and ``text`` (each cell's label) share one shape; ``rows`` are the
    cohorts' row labels. ``hover`` starts the hover text, ``prefix`` + ``value_format`` (a d3
    format) write the value there, ``scale_format`` on the colour scale. Grey cells leave the
    colour scale, so a month that has not ended does not read as a drop; their legend entry is
    ``immature_name``.
    """
    columns = [str(int(c)) for c in values.columns]
    colorbar: dict[str, object] = {"tickformat": scale_format, "thickness": 14, "outlinewidth": 0}
    colorbar |= {"tickprefix": prefix} if prefix else {}
    fig.add_trace(
        go.Heatmap(
            z=values.where(~immature).to_numpy(dtype="float64"),
            x=columns,
            y=rows,
            colorscale=[list(step) for step in HEATMAP_SCALE],
            zmin=0,
            zmax=zmax,
            text=text.where(~immature, "").to_numpy(),
            texttemplate="%{text}",
            textfont={"size": 12},
            hovertemplate=f"{hover}{prefix}%{{z:{value_format}}}<extra></extra>",
            colorbar=colorbar,
            xgap=2,
            ygap=2,
            name="",
        )
    )
    if not immature.to_numpy().any():
        return
    fig.add_trace(
        go.Heatmap(
            z=np.where(immature.to_numpy() & values.notna().to_numpy(), 1.0, np.nan),
            x=columns,
            y=rows,
            colorscale=[[0, PALETTE["immature"]], [1, PALETTE["immature"]]],
            showscale=False,
            text=text.where(immature, "").to_numpy(),
            texttemplate="%{text}",
            textfont={"size": 12, "color": MUTED_COLOUR},
            customdata=values.where(immature).to_numpy(dtype="float64"),
            hovertemplate=f"{hover}{prefix}%{{customdata:{value_format}}} "
            f"({escape_text(immature_name)})<extra></extra>",
            xgap=2,
            ygap=2,
            name=immature_name,
            showlegend=True,
        )
    )


def period_text(period: Period, *, separator: str = " – ") -> str:
    """Return ``YYYY-MM-DD – YYYY-MM-DD`` for a period (language-neutral, so both UIs can use it).

    Examples
    --------
    >>> import pandas as pd
    >>> period_text(Period(pd.Timestamp("2025-01-01"), pd.Timestamp("2025-01-30")))
    '2025-01-01 – 2025-01-30'
    """
    return f"{period.start:%Y-%m-%d}{separator}{period.end:%Y-%m-%d}"


def colour(key: str) -> str:
    """Return the fixed colour of a business series (``member``, ``returning`` ...), grey if unknown."""
    return PALETTE.get(key, PALETTE["guest"])


def arm_colour(position: int) -> str:
    """Return the colour of the campaign arm at ``position`` (0-based, control excluded)."""
    return ARM_COLOURS[position % len(ARM_COLOURS)]


def rgba(hex_colour: str, alpha: float) -> str:
    """Return ``#RRGGBB`` as a plotly ``rgba(...)`` colour with opacity ``alpha`` (bands, light fills).

    Examples
    --------
    >>> rgba("#3B4B5C", 0.15)
    'rgba(59,75,92,0.15)'
    """
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"


def display_width(text: str) -> int:
    """Return the display columns of ``text``: a CJK (wide or fullwidth) character counts 2.

    So 75 Chinese characters fill a footnote line as 150 Latin ones do, and tick labels are
    measured the same way in both languages.

    Examples
    --------
    >>> display_width("VIP"), display_width("金卡")
    (3, 4)
    """
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def wrap_text(text: str, *, columns: int = FOOTNOTE_COLUMNS) -> list[str]:
    """Split ``text`` into lines of at most ``columns`` display columns (CJK characters count 2).

    Latin text breaks at spaces; Chinese text, which has none, breaks between characters.

    Examples
    --------
    >>> wrap_text("repeat rate = customers buying on 2+ days / customers", columns=30)
    ['repeat rate = customers buying', 'on 2+ days / customers']
    """
    lines: list[str] = []
    for paragraph in str(text).splitlines() or [""]:
        if display_width(paragraph) <= columns:
            lines.append(paragraph)
            continue
        line = ""
        for token in _tokens(paragraph):
            candidate = line + token
            if display_width(candidate.rstrip()) > columns and line.strip():
                lines.append(line.rstrip())
                line = token.lstrip()
            else:
                line = candidate
        if line.strip():
            lines.append(line.rstrip())
    return lines


def _tokens(paragraph: str) -> list[str]:
    # Words with their trailing space for Latin text; single characters for wide (CJK) text.
    tokens: list[str] = []
    for word in textwrap.TextWrapper(break_long_words=False).wordsep_re.split(paragraph):
        if not word:
            continue
        if display_width(word) > len(word):  # holds a wide character
            tokens.extend(word)
        else:
            tokens.append(word)
    return tokens


def escape_text(text: str) -> str:
    """Return ``text`` safe for plotly's HTML subset (titles, annotations): ``& < >`` escaped."""
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def break_after_label(note: str) -> str:
    """Return a short note escaped and broken after its label, to sit over a bar no wider than it.

    On one line "不完整：31 天中的 9 天" is wider than a month's bar and runs into the next one.

    Examples
    --------
    >>> break_after_label("partial: 9 of 31 days"), break_after_label("不完整：31 天中的 9 天")
    ('partial:<br>9 of 31 days', '不完整：<br>31 天中的 9 天')
    >>> break_after_label("a < b")
    'a &lt; b'
    """
    for colon in ("：", ": "):
        head, found, tail = note.partition(colon)
        if found and tail:
            return f"{escape_text(head + found.strip())}<br>{escape_text(tail)}"
    return escape_text(note)


def title_text(labels: ChartLabels) -> str:
    """Return the title block: the title, and under it the period and the store in a muted colour."""
    context = " · ".join(part for part in (escape_text(labels.period), escape_text(labels.store)) if part)
    title = f"<b>{escape_text(labels.title)}</b>"
    if not context:
        return title
    return f'{title}<br><span style="font-size:{SUBTITLE_FONT_SIZE}px;color:{MUTED_COLOUR}">{context}</span>'


def footnote_lines(labels: ChartLabels) -> list[str]:
    """Return the definition footnote, wrapped to fit under the plot."""
    return wrap_text(labels.definition) if labels.definition else []


def style_figure(
    fig: go.Figure,
    labels: ChartLabels,
    *,
    height: int = DEFAULT_HEIGHT,
    legend: str | None = "top",
    panels: bool = False,
    x_title: bool | None = None,
    tick_lines: int = 1,
    legend_order: str | None = None,
    xaxis: Mapping[str, Any] | None = None,
    yaxis: Mapping[str, Any] | None = None,
    **layout: Any,
) -> go.Figure:
    """Apply the shared layout: fonts, title block, footnote, legend on top, margins, plain grid.

    The footnote is anchored in pixels under the plot area (not in paper fractions), so it sits in
    the same place whether the chart is drawn 560 px high on a page or exported at 1600x900, and
    the bottom margin is sized from its number of lines so nothing is clipped.

    ``legend`` is "top" (one row between the title and the plot), "right" (a column beside the
    plot: used by charts with panel titles, which the top row would collide with) or None;
    ``legend_order`` is its plotly ``traceorder`` ("normal" for stacked bars). ``panels`` leaves
    room above the plot for subplot titles; ``tick_lines`` is the number of lines of the tallest x
    tick label (values written under category names). ``xaxis`` and ``yaxis`` (a chart's own
    settings, e.g. a tick format) go to every x and y axis on top of the shared ones, and
    ``layout`` on top of the shared layout. All of it replaces the layout in one assignment:
    ``update_layout``/``update_xaxes`` replay each property as a relayout, ~3 ms per property set,
    which made styling the slowest part of drawing a page.
    """
    has_x_title = bool(labels.x_title) if x_title is None else x_title
    notes = footnote_lines(labels)
    title = title_text(labels)
    # Anchored in pixels above the plot area: plotly puts the first title line at the anchor and
    # hangs the period/store line under it, so the anchor is raised by that line's height too.
    above_plot = _ABOVE_PLOT_PX if legend == "top" or panels else 0
    pad_bottom = above_plot + _TITLE_GAP_PX + (_SUBTITLE_LINE_PX if "<br>" in title else 0)
    top = pad_bottom + _TITLE_LINE_PX + _TITLE_PAD_PX
    under_plot = _X_TICKS_PX + (tick_lines - 1) * _TICK_LINE_PX + (_X_TITLE_PX if has_x_title else 0)
    bottom = under_plot + len(notes) * _FOOTNOTE_LINE_PX + 22
    x_settings = dict(_X_AXIS)
    if labels.x_title:
        x_settings["title"] = {"text": escape_text(labels.x_title), "font": {"size": 14}}
    y_settings = dict(_Y_AXIS)
    if labels.y_title:
        y_settings["title"] = {"text": escape_text(labels.y_title), "font": {"size": 14}, "standoff": 10}
    x_settings.update(xaxis or {})
    y_settings.update(yaxis or {})
    current = fig.layout.to_plotly_json()
    # Every axis of the figure (xaxis2, yaxis2 ... of panels too) gets the same settings.
    axis_names = {"xaxis", "yaxis"} | {k for k in current if k.startswith(("xaxis", "yaxis"))}
    axes = {name: x_settings if name.startswith("x") else y_settings for name in axis_names}
    annotations = list(current.get("annotations", ()))
    if notes:
        annotations.append(
            {
                "name": "footnote",
                "text": "<br>".join(escape_text(line) for line in notes),
                "xref": "paper",
                "yref": "paper",
                "x": 0,
                "y": 0,
                "xanchor": "left",
                "yanchor": "top",
                "yshift": -under_plot,
                "align": "left",
                "showarrow": False,
                "font": {"family": FONT_FAMILY, "size": FOOTNOTE_FONT_SIZE, "color": MUTED_COLOUR},
            }
        )
    shared = {
        "template": "none",
        "height": height,
        "font": {"family": FONT_FAMILY, "size": BASE_FONT_SIZE, "color": TEXT_COLOUR},
        "title": {
            "text": title,
            "x": 0,
            "xref": "paper",
            "xanchor": "left",
            "y": 1,
            "yref": "paper",
            "yanchor": "bottom",
            "pad": {"b": pad_bottom},
            "font": {"family": FONT_FAMILY, "size": TITLE_FONT_SIZE, "color": TEXT_COLOUR},
        },
        "margin": {"l": 84, "r": 40, "t": top, "b": bottom, "autoexpand": True},
        "paper_bgcolor": "#FFFFFF",
        "plot_bgcolor": "#FFFFFF",
        "showlegend": legend is not None,
        "legend": _legend(legend) | ({"traceorder": legend_order} if legend_order else {}),
        "hoverlabel": {"font": {"family": FONT_FAMILY, "size": 14}},
        "separators": ".,",
        "annotations": annotations,
        **axes,
    }
    # Merged into what the figure holds (a panel's domain and anchor, shapes), as update_layout
    # would, but set in one go.
    fig.layout = _merged(current, _merged(shared, layout))
    return fig


def _merged(base: Mapping[str, Any], update: Mapping[str, Any]) -> dict[str, Any]:
    # Nested dicts merge key by key; anything else (lists, values) replaces.
    merged = dict(base)
    for key, value in update.items():
        old = merged.get(key)
        is_dicts = isinstance(value, Mapping) and isinstance(old, Mapping)
        merged[key] = _merged(old, value) if is_dicts else value
    return merged


def subplots(**kwargs: Any) -> go.Figure:
    """Return ``plotly.subplots.make_subplots(**kwargs)`` with panel titles in the chart font.

    Panel titles are a little larger than tick labels, so each panel reads as its own chart.
    """
    fig = make_subplots(**kwargs)
    fig.update_annotations(font={"family": FONT_FAMILY, "size": 16, "color": TEXT_COLOUR})
    return fig


def side_by_side(titles: Sequence[str], *, spacing: float, shared_y: bool = True) -> dict[str, Any]:
    """Return the layout of panels side by side, one per title: axes and panel titles.

    Panel ``i`` (0-based) draws on axes ``x{i+1}``/``y{i+1}`` (``x``/``y`` for the first). With
    ``shared_y`` the panels share one y scale and only the first shows y tick labels; without,
    each panel has a scale of its own. The same layout as ``make_subplots(cols=len(titles),
    shared_yaxes=shared_y, ...)`` with the panel font of :func:`subplots`, without its ~15 ms of
    building a grid and validating each step.
    """
    width = (1.0 - spacing * (len(titles) - 1)) / len(titles)
    layout: dict[str, Any] = {"annotations": []}
    for i, title in enumerate(titles):
        x, y = _axis_ids(i)
        start = i * width + i * spacing
        domain = [start, start + width]
        layout[f"xaxis{x[1:]}"] = {"anchor": y, "domain": domain}
        layout[f"yaxis{y[1:]}"] = {"anchor": x, "domain": [0.0, 1.0]}
        if i and shared_y:
            layout[f"yaxis{y[1:]}"] |= {"matches": "y", "showticklabels": False}
        layout["annotations"].append(
            {
                "font": {"family": FONT_FAMILY, "size": 16, "color": TEXT_COLOUR},
                "showarrow": False,
                "text": title,
                "x": sum(domain) / 2.0,
                "xanchor": "center",
                "xref": "paper",
                "y": 1.0,
                "yanchor": "bottom",
                "yref": "paper",
            }
        )
    return layout


def panel_axes(panel: int) -> dict[str, str]:
    """Return a trace's axes in panel ``panel`` (1-based) of :func:`side_by_side`: ``xaxis``, ``yaxis``."""
    x, y = _axis_ids(panel - 1)
    return {"xaxis": x, "yaxis": y}


def _axis_ids(index: int) -> tuple[str, str]:
    suffix = str(index + 1) if index else ""
    return f"x{suffix}", f"y{suffix}"


def _legend(position: str | None) -> dict[str, object]:
    common = {"font": {"size": BASE_FONT_SIZE}, "bgcolor": "rgba(255,255,255,0)"}
    if position == "right":
        return {**common, "orientation": "v", "x": 1.02, "xanchor": "left", "y": 1, "yanchor": "top"}
    # y = 1 exactly: a paper fraction above 1 would grow with the height and reach the title.
    return {**common, "orientation": "h", "x": 0, "xanchor": "left", "y": 1, "yanchor": "bottom"}


def empty_figure(labels: ChartLabels, message: str) -> go.Figure:
    """Return a styled figure with a centred message, for a result with nothing to draw."""
    fig = go.Figure()
    fig.add_annotation(
        name="empty",
        text=escape_text(message),
        xref="paper",
        yref="paper",
        x=0.5,
        y=0.5,
        showarrow=False,
        font={"size": 18, "color": MUTED_COLOUR},
    )
    return style_figure(fig, labels, legend=None, xaxis={"visible": False}, yaxis={"visible": False})


def legend_marker(name: str, *, color: str, symbol: str = "circle", line: str | None = None) -> go.Scatter:
    """Return an invisible trace that only adds ``name`` to the legend with a marker of its own.

    Used for what a chart draws without a trace of its own in the legend: heatmap gap cells, hollow
    small-sample markers.
    """
    marker: dict[str, object] = {"symbol": symbol, "size": 12 if symbol == "square" else 9, "color": color}
    if line is not None:
        marker["line"] = {"color": line, "width": 2}
    return go.Scatter(x=[None], y=[None], mode="markers", name=name, marker=marker, hoverinfo="skip")
