"""The Report page gives the files the command gives: same workbook cells, same PDF text, same images.

The dashboard opens on the bundled sample (Taobao orders, member list, campaign list) with the
sidebar's defaults (the 30 days ending on the last order day, compared with the 30 days before);
``python -m analytics report`` on the same three files with its defaults must write the same report.
"""

from __future__ import annotations

import io
import subprocess
import zipfile
from pathlib import Path

import pytest
import streamlit as st
from openpyxl import load_workbook
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest

from analytics.cli import main as cli
from tests.conftest import SAMPLE_DATA

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 300
SAMPLES = [SAMPLE_DATA / "taobao_orders.xlsx", "--members", SAMPLE_DATA / "members.xlsx"]
SAMPLES += ["--campaign", SAMPLE_DATA / "campaign.csv"]
GENERATE = {"zh": "生成报告", "en": "Generate the report"}
READY = {"zh": "报告已生成", "en": "The report is ready"}


@pytest.fixture(autouse=True)
def _app_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("RCD_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("RCD_STORE", str(tmp_path / "history.sqlite"))


@pytest.fixture
def downloads(monkeypatch) -> dict[str, bytes]:
    """Collect the bytes every download button hands the browser, by file name."""
    found: dict[str, bytes] = {}
    original = MemoryMediaFileStorage.load_and_get_id

    def load(self, path_or_data, mimetype, kind, filename=None):
        if filename and isinstance(path_or_data, bytes):
            found[filename] = path_or_data
        return original(self, path_or_data, mimetype, kind, filename)

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", load)
    return found


def _command(tmp_path: Path, lang: str, name: str) -> Path:
    out = tmp_path / name
    assert cli.main(["report", *map(str, SAMPLES), "--lang", lang, "--out", str(out)]) == 0
    return out


def _cells(data: bytes) -> dict[str, list[tuple]]:
    book = load_workbook(io.BytesIO(data))
    return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets}


def _pdf_text(data: bytes) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True
    ).stdout.decode("utf-8")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_page_gives_the_commands_files(lang, downloads, tmp_path):
    # Start cold: the page rightly reuses files an earlier test of this process made for the sample.
    st.cache_data.clear()
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=TIMEOUT)
    at.query_params["lang"] = lang
    at.run()
    at.switch_page("views/report.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert not [n for n in downloads if n.startswith("report_")]  # nothing is rendered before the click
    at.button(key="report_generate").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert [s.label for s in at.status] == [READY[lang]]
    assert [b.label for b in at.button if b.key == "report_generate"] == [GENERATE[lang]]
    files = {name.rsplit(".", 1)[1]: data for name, data in downloads.items() if name.startswith("report_")}
    assert sorted(files) == ["pdf", "xlsx", "zip"]
    # The period in the file names is the sidebar's default: 2025-12-02 to 2025-12-31.
    assert {n for n in downloads if n.startswith("report_")} == {
        f"report_20251202-20251231_{lang}.{ext}" for ext in ("pdf", "xlsx", "zip")
    }

    workbook = _command(tmp_path, lang, "command.xlsx").read_bytes()
    assert _cells(files["xlsx"]) == _cells(workbook)
    pdf = _command(tmp_path, lang, "command.pdf").read_bytes()
    page_text, command_text = _pdf_text(files["pdf"]), _pdf_text(pdf)
    assert page_text == command_text
    assert ("小雨家居旗舰店" in page_text) and ("2025-12-02" in page_text)
    with zipfile.ZipFile(io.BytesIO(files["zip"])) as archive:
        names = archive.namelist()
    assert names and all(n.endswith(".png") for n in names)

    # A rerun (another widget, the language switch ...) takes the files from the cache: same bytes.
    before = dict(downloads)
    downloads.clear()
    at.run()
    assert {n: downloads[n] for n in before if n.startswith("report_")} == {
        n: v for n, v in before.items() if n.startswith("report_")
    }
