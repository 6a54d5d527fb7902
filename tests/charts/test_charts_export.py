"""Static export through kaleido: PNG size and scale, CJK glyphs, PDF, clear errors."""

from __future__ import annotations

import struct
import zlib

import plotly.graph_objects as go
import pytest
from charts_helpers import (
    FIGURES,
)

from analytics.charts.export import PNG_MAGIC, ChartExportError, _BrowserWorker, figure_pdf, figure_png
from analytics.charts.style import ChartLabels, style_figure

# --- PNG export ----------------------------------------------------------------------------------


def _png_size(data: bytes) -> tuple[int, int]:
    # IHDR is the first chunk: width and height are big-endian at bytes 16-24.
    return struct.unpack(">II", data[16:24])


def _png_pixels(data: bytes) -> bytes:
    # Concatenated IDAT chunks, inflated: the (filtered) pixel rows, enough to compare images.
    pos, idat = 8, b""
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        if kind == b"IDAT":
            idat += data[pos + 8 : pos + 8 + length]
        pos += 12 + length
    return zlib.decompress(idat)


def _text_figure(text: str) -> go.Figure:
    fig = go.Figure()
    fig.add_annotation(
        text=text, x=0.5, y=0.5, xref="paper", yref="paper", showarrow=False, font={"size": 60}
    )
    return style_figure(fig, ChartLabels("", "", "", ""), legend=None).update_xaxes(visible=False)


def test_figure_png_renders_a_1600_by_900_png():
    data = figure_png(FIGURES["members"])
    assert data.startswith(PNG_MAGIC)
    assert _png_size(data) == (1600, 900)


def test_figure_png_scale_multiplies_pixels():
    data = figure_png(FIGURES["campaign"], width=800, height=450, scale=2)
    assert _png_size(data) == (1600, 900)


def test_figure_png_renders_chinese_glyphs_not_tofu():
    # Without a CJK font every missing character becomes the same empty box, so two different
    # Chinese strings of equal length would rasterise identically. With Noto CJK they differ.
    first = _png_pixels(figure_png(_text_figure("会员复购"), width=600, height=300))
    second = _png_pixels(figure_png(_text_figure("老客占比"), width=600, height=300))
    blank = _png_pixels(figure_png(_text_figure(""), width=600, height=300))
    assert first != second
    assert first != blank


def test_figure_pdf_renders_a_pdf_document():
    assert figure_pdf(FIGURES["tiers"]).startswith(b"%PDF")


def test_figure_png_rejects_a_nonsense_size():
    with pytest.raises(ValueError, match="positive"):
        figure_png(go.Figure(), width=0)


def test_missing_browser_gives_a_clear_error(monkeypatch, tmp_path):
    monkeypatch.setenv("BROWSER_PATH", str(tmp_path / "no-such-chromium"))
    with pytest.raises(ChartExportError, match="apt-get install chromium"):
        _BrowserWorker().render({"data": [], "layout": {}}, {"format": "png", "width": 10, "height": 10})
