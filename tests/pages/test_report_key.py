"""The Report page keys its files on what the data was made from, never on a hash of its rows.

Rendering is replaced by a stub that records each call, so these tests see which inputs the
page would render and when the cached files are reused, in a second.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

import analytics.report
import analytics.report.preview
from tests.conftest import SAMPLE_DATA

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def rendered(monkeypatch) -> Iterator[list[tuple[str, str | None]]]:
    """Record (format, inputs.source) per report file rendered; refuse to hash rows."""
    # Start cold: another test in this process may have made the sample's files already, and the
    # page would rightly reuse them (the cache outlives a test, as it outlives a rerun).
    st.cache_data.clear()
    calls: list[tuple[str, str | None]] = []

    def build(inputs, *, period, compare, lang, fmt):
        calls.append((fmt, inputs.source))
        return b"file"

    def no_row_hashing(*args, **kwargs):
        raise AssertionError("the report page hashed rows")

    monkeypatch.setattr(analytics.report, "build_report", build)
    monkeypatch.setattr(analytics.report.preview, "cover_png", lambda pdf: None)
    monkeypatch.setattr(pd.util, "hash_pandas_object", no_row_hashing)
    yield calls
    # Leave no fake file (b"file") behind for a later test of the same process to be served.
    st.cache_data.clear()


def _report_page() -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=300)
    at.query_params["lang"] = "en"
    at.run()
    at.switch_page("views/report.py").run()
    assert not at.exception
    return at


def test_the_files_are_made_once_per_data_and_named_by_its_source(rendered):
    at = _report_page()
    at.button(key="report_generate").click().run()
    assert not at.exception
    # Three files (PDF, workbook, images), each from inputs named by the sample's source.
    assert [fmt for fmt, _ in rendered] == ["pdf", "xlsx", "png-zip"]
    sources = {source for _, source in rendered}
    assert len(sources) == 1 and None not in sources
    # A rerun, and a second click, reuse the files: nothing is rendered again.
    at.run()
    at.button(key="report_generate").click().run()
    assert len(rendered) == 3
    # Other orders (the Shopify export) are another source: three new files.
    at.switch_page("views/home.py").run()
    shopify = SAMPLE_DATA / "shopify_orders.csv"
    at.file_uploader(key="uploader").set_value((shopify.name, shopify.read_bytes(), "text/csv")).run()
    at.switch_page("views/report.py").run()
    at.button(key="report_generate").click().run()
    assert not at.exception
    assert len(rendered) == 6 and rendered[3][1] not in sources
