"""The PDF: expected pages and texts in both languages, Noto Sans CJK embedded; the PNG pack.

Slow: these render the charts through kaleido and Chromium.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile

import pytest
from PIL import Image

from analytics.errors import Term
from analytics.report import build_content, build_report
from analytics.report.pdf import TABLE_PAGES
from analytics.report.text import Texts

pytestmark = [pytest.mark.slow]


def test_pdftotext_is_installed():
    # The set-up (bootstrap.py) installs poppler-utils; without it these tests would prove nothing.
    assert shutil.which("pdftotext"), "pdftotext missing: the set-up installs poppler-utils"


def _pages(pdf: bytes, tmp_path) -> list[str]:
    path = tmp_path / "r.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    )
    return text.stdout.split("\f")[:-1]


def _fonts(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "f.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdffonts", str(path)], check=True, capture_output=True, text=True).stdout


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_pdf_pages_texts_and_embedded_font(december_pdf, all_stores_inputs, december, tmp_path, lang):
    # The pack of the whole upload, which the review checks read too (built once per language).
    pdf = december_pdf(lang)
    content = build_content(all_stores_inputs, period=december)
    texts = Texts(lang, "CNY")
    pages = _pages(pdf, tmp_path)
    # cover + one page per chart (a subject without a chart: one page of tables; monthly sales and
    # the member trend: their table on a page after the chart) + data quality + definitions
    subject_pages = [
        max(1, len(section.charts)) + (len(section.tables) if section.key in TABLE_PAGES else 0)
        for section in content.sections
    ]
    assert len(pages) == 1 + sum(subject_pages) + 2

    def flat(text: str) -> str:
        return "".join(text.split())

    cover = flat(pages[0])
    assert flat(texts(Term("report.cover.title"))) in cover
    assert all(flat(texts(h.label)) in cover for h in content.headlines)
    assert flat(texts.count(content.summary.customers)) in cover
    assert flat(texts.money(content.summary.sales)) in cover
    page = 1
    for section in content.sections:
        body = flat(pages[page])
        assert flat(texts(section.title)) in body
        for sentence in section.reading:
            assert flat(texts(sentence)) in body
        extra = len(section.tables) if section.key in TABLE_PAGES else 0
        tables = "".join(
            flat(p) for p in pages[page + len(section.charts) : page + len(section.charts) + extra]
        )
        tables = tables if extra else body
        if not section.charts or section.key in TABLE_PAGES:
            # Its tables are on its page (or the one after its chart), formatted as the workbook's kinds.
            for table in section.tables:
                for row in table.rows:
                    for value, column in zip(row, table.columns, strict=True):
                        assert flat(texts.value(value, column.kind)) in tables
        page += max(1, len(section.charts)) + extra
    assert flat(texts.count(content.accounting.rows_read)) in flat(pages[-2])
    assert all("report." not in p for p in pages)
    fonts = _fonts(pdf, tmp_path)
    cjk = [line for line in fonts.splitlines() if "Noto-Sans-CJK" in line]
    assert cjk and all(" yes yes " in line for line in cjk)  # embedded and subsetted


def test_png_pack_has_every_chart_at_1600x900(sample_inputs, december, december_content):
    data = build_report(sample_inputs, period=december, lang="zh", fmt="png-zip")
    content = december_content
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        assert names == [f"{n:02d}_{c.key}.png" for n, c in enumerate(content.charts, start=1)]
        for name in names:
            assert Image.open(io.BytesIO(archive.read(name))).size == (1600, 900)


def test_english_quotes_are_proportional_not_full_width(december_pdf, tmp_path):
    # The CJK font's quotes are full-width (one em): “No second order yet” read as “ No second
    # order yet ” in the English pack. Proportional, the quote is about a third of an em, so the
    # word “No spans about 1.25 line heights (measured); full-width it spanned 1.61.
    path = tmp_path / "en.pdf"
    path.write_bytes(december_pdf("en"))
    boxes = subprocess.run(["pdftotext", "-bbox", str(path), "-"], check=True, capture_output=True, text=True)
    words = re.findall(
        r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">\u201cNo</word>', boxes.stdout
    )
    assert words, "the pack names the “No second order yet” list"
    for x_min, y_min, x_max, y_max in words:
        assert (float(x_max) - float(x_min)) / (float(y_max) - float(y_min)) < 1.4
