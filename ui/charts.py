"""Show a plotly figure with its PNG download (rendered on click, at 1600x900)."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from typing import Any

import plotly.graph_objects as go
import streamlit as st

from ui import context
from ui.i18n import t

log = logging.getLogger(__name__)


def _file_name(name: str) -> str:
    return re.sub(r"[^\w.-]+", "_", name).strip("_") or "chart"


def show_chart(fig: go.Figure, name: str) -> None:
    """Draw ``fig`` full width and offer it as a PNG (the browser's own export is a fallback).

    The PNG is rendered only when the user clicks, through ``analytics.charts.export`` (kaleido with
    the system Chromium), so drawing a page never waits for a browser.
    """
    stem = _file_name(name)
    st.plotly_chart(
        fig,
        key=f"chart_{stem}",
        config={
            "displaylogo": False,
            "toImageButtonOptions": {"format": "png", "width": 1600, "height": 900, "filename": stem},
        },
    )

    def render() -> bytes:
        from analytics.charts.export import figure_png  # kaleido starts only when a PNG is asked for

        try:
            return figure_png(fig)
        except Exception:  # the download must not break the page; the modebar export still works
            log.exception("PNG export of %s failed", stem)
            return b""

    st.download_button(
        t("download_png"),
        data=render,
        file_name=f"{stem}.png",
        mime="image/png",
        key=f"png_{stem}",
        on_click="ignore",
        icon=":material/download:",
    )


def draw_chart(
    draw: Callable[..., go.Figure], result: object, name: str, *, title: str, definition: str, **labels: Any
) -> None:
    """Draw ``result`` with the chart function ``draw`` under the page's labels, and show it.

    ``labels`` are the options of :func:`ui.context.chart_labels` (``period``, ``names``, axis
    titles); the chart's title and definition footnote are the session's texts.
    """
    show_chart(draw(result, labels=context.chart_labels(title, definition, **labels)), name)
