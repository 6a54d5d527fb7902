"""A process's reports share one Chromium and the dashboard's three files one content.

The Report page asks for the PDF, the workbook and the images of the same inputs one after another:
the metrics are computed once and the browser started once. A browser that died while the
dashboard sat idle is replaced by the next report, not reported as a chart failure.
"""

from __future__ import annotations

import dataclasses

import plotly.graph_objects as go
import pytest

import analytics.report.build as build_module
from analytics.report import build_report, render_charts
from analytics.report.render_charts import ImageSize, close_browser, render_figures

SMALL = ImageSize(400, 300)


def _svg(title: str) -> bytes:
    figure = go.Figure(go.Bar(x=["a", "b"], y=[1, 2]), layout={"title": {"text": title}})
    (svg,) = render_figures([figure], image_format="svg", size=SMALL)
    return svg


@pytest.mark.slow
def test_renders_share_one_browser_and_a_dead_one_is_replaced():
    close_browser()
    assert render_charts._browser is None
    first = _svg("first chart")
    kept = render_charts._browser
    assert kept is not None
    chromium = kept._engine.subprocess
    second = _svg("second chart")
    assert render_charts._browser is kept and chromium.poll() is None  # the same Chromium, running
    assert first.startswith(b"<svg") and b"first chart" in first and b"second chart" in second
    # Chromium dies while the dashboard is idle: the next report starts a new one.
    chromium.kill()
    chromium.wait()
    third = _svg("third chart")
    assert b"third chart" in third
    assert render_charts._browser is not None and render_charts._browser is not kept
    replacement = render_charts._browser._engine.subprocess
    close_browser()
    assert render_charts._browser is None and replacement.poll() is not None  # no Chromium left


def test_the_files_of_the_same_inputs_compute_the_content_once(sample_inputs, december, monkeypatch):
    built = []
    real = build_module.build_content

    def counted(inputs, **kwargs):
        built.append(kwargs)
        return real(inputs, **kwargs)

    monkeypatch.setattr(build_module, "build_content", counted)
    monkeypatch.setattr(build_module, "_last_content", None)
    zh = build_report(sample_inputs, period=december, lang="zh", fmt="xlsx")
    en = build_report(sample_inputs, period=december, lang="en", fmt="xlsx")
    assert len(built) == 1 and zh != en  # two workbooks (two languages) of one content
    build_report(sample_inputs, period=december, compare="none", fmt="xlsx")
    assert len(built) == 2  # another comparison: other content
    build_report(dataclasses.replace(sample_inputs), period=december, compare="none", fmt="xlsx")
    assert len(built) == 3  # other inputs (equal frames, another object): computed again
