"""The dashboard in a real browser: upload, check the repeat rate, every page in 中文 and English.

Starts ``streamlit run dashboard.py`` on a free port, drives the system Chromium with
Playwright (never ``playwright install``), uploads the Taobao GBK CSV export, the member list and
the campaign list through the file uploader, checks the repeat-purchase rate card against
``analytics`` computed here, then switches language in the sidebar and saves a full-page
screenshot of every page in both languages to ``artifacts/screenshots/`` (helpers shared with
``tools/screenshots.py``).
"""

from __future__ import annotations

import re
import struct
from pathlib import Path

import pytest

from analytics.charts.export import PNG_MAGIC
from analytics.loading import load_members, load_orders
from analytics.metrics.period import resolve_period
from analytics.metrics.summary import summarize
from tools.screenshots import (
    PAGES,
    RUN_TIMEOUT_MS,
    SAMPLES,
    SHOTS,
    UPLOADS,
    browser_page,
    open_page,
    running_app,
    upload,
    walk_pages,
)
from ui.i18n import translate

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def app_url(tmp_path_factory):
    """The dashboard on a free port, stopped (only it) afterwards."""
    with running_app(log_path=tmp_path_factory.mktemp("streamlit") / "streamlit.log") as url:
        yield url


@pytest.fixture(scope="module")
def page(app_url):
    """A 1600x900 page in the system Chromium."""
    with browser_page() as tab:
        yield tab


def expected_repeat_rate() -> str:
    """Return the repeat-purchase rate of the uploads' default period as the card shows it."""
    orders = load_orders([SAMPLES / UPLOADS[0]]).orders
    members = load_members(SAMPLES / UPLOADS[1]).members
    summary = summarize(orders, period=resolve_period(orders), members=members)
    return f"{summary.repeat_purchase_rate.value:.1%}"


def metric_value(tab, label: str) -> str:
    """Return the value shown by the first metric card whose label is exactly ``label``."""
    card = tab.locator('[data-testid="stMetric"]').filter(
        has=tab.locator('[data-testid="stMetricLabel"]', has_text=re.compile(rf"^\s*{re.escape(label)}\s*$"))
    )
    return card.first.locator('[data-testid="stMetricValue"]').inner_text().strip()


def check_page(expected: str):
    """Return the per-page check: no traceback, charts titled with their period, the KPI right."""

    def check(tab, lang: str, key: str, needs_chart: bool) -> None:
        assert tab.locator('[data-testid="stException"]').count() == 0, f"{key} ({lang}) shows a traceback"
        if key == "page_home":
            assert metric_value(tab, translate("kpi_repeat_rate", lang)) == expected
        if needs_chart:
            tab.wait_for_selector(".js-plotly-plot .gtitle")
            # SVG text has no innerText: read textContent.
            titles = tab.locator(".js-plotly-plot .gtitle").evaluate_all("els => els.map(e => e.textContent)")
            # Every chart names its period (YYYY-MM-DD) in its title block.
            assert titles and all(re.search(r"\d{4}-\d{2}-\d{2}", t) for t in titles), titles
        if key == "page_members" and lang == "zh":
            assert_png_download(tab, translate("download_png", lang))

    return check


def assert_png_download(tab, button_label: str) -> None:
    """Click a chart's PNG download and check the file is a 1600x900 PNG rendered by the server."""
    with tab.expect_download(timeout=RUN_TIMEOUT_MS) as download:
        tab.get_by_role("button", name=button_label).first.click()
    data = Path(download.value.path()).read_bytes()
    assert data.startswith(PNG_MAGIC), data[:40]
    assert struct.unpack(">II", data[16:24]) == (1600, 900)


def test_dashboard_in_a_real_browser(page, app_url):
    expected = expected_repeat_rate()
    shots = [SHOTS / f"{lang}_{key.removeprefix('page_')}.png" for lang in ("zh", "en") for key, *_ in PAGES]
    for shot in [*shots, SHOTS / "failure.png"]:  # stale files from an earlier run must not mislead
        shot.unlink(missing_ok=True)
    try:
        upload(page, app_url)
        assert metric_value(page, translate("kpi_repeat_rate", "zh")) == expected
        language_lost = walk_pages(page, SHOTS, on_page=check_page(expected))
        open_page(page, "")
    except Exception:
        # What the browser showed when it failed, for the CI log's reader.
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / "failure.png"), full_page=True)
        raise
    assert all(shot.stat().st_size > 10_000 for shot in shots), "a screenshot is blank"
    # The uploads survived both languages and every page: still not the sample data.
    assert page.get_by_text(translate("sample_banner", "en")).count() == 0
    assert page.get_by_text(translate("sample_banner", "zh")).count() == 0
    # The language is kept in the URL, so moving between pages must not fall back to Chinese.
    assert language_lost == [], f"the English UI fell back to Chinese on opening {language_lost}"
