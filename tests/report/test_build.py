"""The engine's entry point refuses what it cannot make, with a report.* code, before rendering."""

from __future__ import annotations

import pytest

from analytics.errors import InputError
from analytics.report import build_report, format_for, render_charts
from analytics.report import pdf as pdf_module


@pytest.mark.parametrize(("name", "fmt"), [("a.pdf", "pdf"), ("B.XLSX", "xlsx"), ("charts.zip", "png-zip")])
def test_format_from_the_file_name(name, fmt):
    assert format_for(name) == fmt


@pytest.mark.parametrize("name", ["report.docx", "report", "report.pdf.tmp"])
def test_unknown_extension(name):
    with pytest.raises(InputError) as error:
        format_for(name)
    assert error.value.code == "report.unknown_format"
    assert ".pdf" in str(error.value)


def test_unknown_language(sample_inputs, december):
    with pytest.raises(InputError) as error:
        build_report(sample_inputs, period=december, lang="fr", fmt="xlsx")
    assert error.value.code == "report.unknown_language"


def test_missing_browser(sample_inputs, december, monkeypatch):
    monkeypatch.setattr("analytics.charts.export.browser_path", lambda: None)
    with pytest.raises(InputError) as error:
        build_report(sample_inputs, period=december, fmt="png-zip")
    assert error.value.code == "report.no_browser"
    assert "Chromium" in str(error.value)


def test_missing_font(sample_inputs, december, monkeypatch):
    monkeypatch.setattr(pdf_module.shutil, "which", lambda name: None)
    monkeypatch.setattr(
        render_charts, "render_figures", lambda *a, **k: pytest.fail("rendered without a font")
    )
    with pytest.raises(InputError) as error:
        build_report(sample_inputs, period=december, fmt="pdf")
    assert error.value.code == "report.no_font"
    assert "fonts-noto-cjk" in str(error.value)
