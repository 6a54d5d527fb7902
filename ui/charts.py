"""Show a plotly figure with its PNG download (rendered on click, at 1600x900), and figures kept per result.

Chart functions are pure functions of frozen metric results and labels, and the pages get their
results from :func:`ui.results.cached_metric` as the same shared objects across reruns, so a
figure is built once per (chart, result, labels, options) with :func:`cached_chart`: a rerun, a
widget change elsewhere on the page or a period the figure does not depend on draws the figure
already built. Figures are shared read-only objects (``st.cache_resource``): nothing edits them.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from analytics.charts import ChartLabels
from analytics.metrics.period import Period
from ui import context
from ui.i18n import t
from ui.results import argument_key

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


def _labels_key(labels: ChartLabels) -> tuple:
    names = tuple(sorted((str(k), str(v)) for k, v in labels.names.items()))
    return (
        labels.title,
        labels.period,
        labels.store,
        labels.definition,
        names,
        labels.x_title,
        labels.y_title,
    )


def _result_key(value: Any, pinned: list[Any]) -> Any:
    """Return a small hashable key naming a chart's result (TypeError when there is none).

    Numbers, strings, periods and days by their values; lists and tuples by their items; a result
    object (a metric's frozen dataclass or frame, as :func:`ui.results.cached_metric` shares it) by
    its identity. Such an object is added to ``pinned``, which the figure's cache entry holds, so
    no other object can take its id while the figure is kept. Results are not hashed by their
    contents: a distribution of a million purchase gaps would be hashed on every rerun, for a
    figure that is a pure function of an immutable shared result.
    """
    if isinstance(value, list | tuple):
        return tuple(_result_key(v, pinned) for v in value)
    if isinstance(value, np.generic):  # a metric's float64 keys as the Python number it equals
        return value.item()
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, Period | pd.Timestamp):
        return argument_key(value)
    pinned.append(value)
    return ("result", id(value))


def _options_key(options: Mapping[str, Any], pinned: list[Any]) -> tuple:
    # A chart's options: small values, or mappings of them (the peers' figures).
    return tuple(
        sorted(
            (k, _options_key(v, pinned) if isinstance(v, Mapping) else _result_key(v, pinned))
            for k, v in options.items()
        )
    )


@st.cache_resource(show_spinner=False, max_entries=64)
def _figure(name: str, key: tuple, _pinned: tuple, _draw: Callable[[], go.Figure]) -> tuple[tuple, go.Figure]:
    # The entry holds the results it was drawn from: their ids in ``key`` stay theirs while it lives.
    return _pinned, _draw()


def cached_chart(
    draw: Callable[..., go.Figure], result: Any, *, labels: ChartLabels, **options: Any
) -> go.Figure:
    """Return ``draw(result, labels=labels, **options)``, built once per result, labels and options.

    ``result`` should be what :func:`ui.results.cached_metric` returned (the same shared object
    while the data, filter and period stay), or a list of such results; ``options`` small values.
    The figure is shared: never edit it. A result that cannot be named is drawn every time.
    """
    pinned: list[Any] = []
    try:
        key = (_result_key(result, pinned), _labels_key(labels), _options_key(options, pinned))
        hash(key)
    except TypeError:
        return draw(result, labels=labels, **options)
    name = f"{draw.__module__}.{draw.__qualname__}"
    kept, figure = _figure(name, key, tuple(pinned), lambda: draw(result, labels=labels, **options))
    if len(kept) != len(pinned) or any(a is not b for a, b in zip(kept, pinned, strict=False)):
        return draw(result, labels=labels, **options)  # cannot happen while the entry pins them
    return figure


def draw_chart(
    draw: Callable[..., go.Figure], result: object, name: str, *, title: str, definition: str, **labels: Any
) -> None:
    """Draw ``result`` with the chart function ``draw`` under the page's labels, and show it.

    ``labels`` are the options of :func:`ui.context.chart_labels` (``period``, ``names``, axis
    titles); the chart's title and definition footnote are the session's texts.
    """
    show_chart(cached_chart(draw, result, labels=context.chart_labels(title, definition, **labels)), name)
