"""The dashboard in a real browser: upload, check the repeat rate, every page in 中文 and English.

Starts ``streamlit run dashboard.py`` on a free port (8700-8799), drives the system Chromium with
Playwright (never ``playwright install``), uploads the Taobao GBK CSV export, the member list and
the campaign list through the file uploader, checks the repeat-purchase rate card against
``analytics`` computed here, then switches language in the sidebar and saves a full-page
screenshot of every page in both languages to ``artifacts/screenshots/``.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from analytics.loading import load_members, load_orders
from analytics.metrics.period import resolve_period
from analytics.metrics.summary import summarize
from ui.i18n import LANGUAGES, translate

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "sample_data"
SHOTS = ROOT / "artifacts" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
UPLOADS = ("taobao_orders_gbk.csv", "members.xlsx", "campaign.csv")
# (page key in ui.i18n, URL path, whether the page must show at least one chart), in sidebar order
PAGES = (
    ("page_home", "", False),
    ("page_repeat", "repeat", True),
    ("page_members", "members", True),
    ("page_returning", "returning", True),
    ("page_tiers", "tiers", True),
    ("page_campaign", "campaign", True),
)
START_TIMEOUT = 90  # seconds for Streamlit to answer its health check
RUN_TIMEOUT_MS = 120_000  # a page's script run on the shared 2-core CI machine


def _free_port() -> int:
    for port in range(8700, 8800):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            if probe.connect_ex(("127.0.0.1", port)) != 0:
                return port
    raise RuntimeError("no free port between 8700 and 8799 for the dashboard under test")


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


@pytest.fixture(scope="module")
def app_url(tmp_path_factory) -> Iterator[str]:
    """Start the dashboard on a free port; stop it (and only it) afterwards."""
    port = _free_port()
    log_path = tmp_path_factory.mktemp("streamlit") / "streamlit.log"
    with open(log_path, "wb") as log:
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                "dashboard.py",
                "--server.headless",
                "true",
                "--server.port",
                str(port),
                "--browser.gatherUsageStats",
                "false",
                # The app under test must not rerun because a source file changed meanwhile.
                "--server.fileWatcherType",
                "none",
            ],
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, so teardown stops its children too
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while not _healthy(url):
            if server.poll() is not None or time.monotonic() > deadline:
                pytest.fail(
                    f"streamlit did not start on port {port}:\n{log_path.read_text(errors='replace')[-3000:]}"
                )
            time.sleep(0.5)
        yield url
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait(timeout=5)


@pytest.fixture(scope="module")
def page(app_url):
    """A 1600x900 page in the system Chromium."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            context = browser.new_context(viewport={"width": 1600, "height": 900}, locale="zh-CN")
            tab = context.new_page()
            tab.set_default_timeout(RUN_TIMEOUT_MS)
            yield tab
        finally:
            browser.close()


def expected_repeat_rate() -> str:
    """Return the repeat-purchase rate of the uploads' default period as the card shows it."""
    orders = load_orders([SAMPLES / UPLOADS[0]]).orders
    members = load_members(SAMPLES / UPLOADS[1]).members
    summary = summarize(orders, period=resolve_period(orders), members=members)
    return f"{summary.repeat_purchase_rate.value:.1%}"


def wait_idle(tab) -> None:
    """Wait until Streamlit has finished running the script (no running icon, no stale elements)."""
    tab.wait_for_timeout(400)  # let a rerun triggered by the last action begin
    tab.wait_for_function(
        """() => !document.querySelector('[data-testid="stStatusWidgetRunningIcon"]')
              && !document.querySelector('[data-stale="true"]')""",
        timeout=RUN_TIMEOUT_MS,
    )
    tab.wait_for_selector('[data-testid="stMain"]')


def metric_value(tab, label: str) -> str:
    """Return the value shown by the first metric card whose label is exactly ``label``."""
    card = tab.locator('[data-testid="stMetric"]').filter(
        has=tab.locator('[data-testid="stMetricLabel"]', has_text=re.compile(rf"^\s*{re.escape(label)}\s*$"))
    )
    return card.first.locator('[data-testid="stMetricValue"]').inner_text().strip()


def full_page_screenshot(tab, name: str) -> Path:
    """Save the whole page: the viewport grows to the main container's scroll height first."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    height = tab.evaluate("document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
    tab.set_viewport_size({"width": 1600, "height": max(900, int(height))})
    tab.wait_for_timeout(800)  # plotly charts re-layout to the new size
    path = SHOTS / f"{name}.png"
    tab.screenshot(path=str(path), full_page=True)
    tab.set_viewport_size({"width": 1600, "height": 900})
    return path


def open_page(tab, path: str) -> None:
    """Click the sidebar link to ``/path`` (keeps the session, so the uploads stay)."""
    links = tab.locator('[data-testid="stSidebarNav"] a')
    links.first.wait_for()
    paths = links.evaluate_all("els => els.map(e => new URL(e.href).pathname)")
    links.nth(paths.index(f"/{path}")).click()
    tab.wait_for_function(f"() => location.pathname === '/{path}'")
    wait_idle(tab)


def shown_language(tab) -> str | None:
    """Return the language the page is drawn in, read from the first sidebar link's title."""
    first = tab.locator('[data-testid="stSidebarNav"] a').first.inner_text()
    return next((lang for lang in LANGUAGES if translate("page_home", lang) in first), None)


def switch_language(tab, lang: str) -> None:
    """Choose ``lang`` in the sidebar's language select box."""
    select = tab.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').first
    select.click()
    tab.locator('[role="option"]', has_text=LANGUAGES[lang]).first.click()
    tab.wait_for_function(f"() => new URL(location.href).searchParams.get('lang') === '{lang}'")
    wait_idle(tab)


def check_page(tab, lang: str, key: str, needs_chart: bool) -> None:
    assert tab.locator('[data-testid="stException"]').count() == 0, f"{key} ({lang}) shows a traceback"
    if needs_chart:
        tab.wait_for_selector(".js-plotly-plot .gtitle")
        # SVG text has no innerText: read textContent.
        titles = tab.locator(".js-plotly-plot .gtitle").evaluate_all("els => els.map(e => e.textContent)")
        # Every chart names its period (YYYY-MM-DD) in its title block.
        assert titles and all(re.search(r"\d{4}-\d{2}-\d{2}", t) for t in titles), titles


def test_dashboard_in_a_real_browser(page, app_url):
    expected = expected_repeat_rate()
    try:
        _walk_through(page, app_url, expected)
    except Exception:
        # What the browser showed when it failed, for the CI log's reader.
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / "failure.png"), full_page=True)
        raise


def _walk_through(page, app_url: str, expected: str) -> None:
    page.goto(f"{app_url}/?lang=zh")
    uploader = page.locator('[data-testid="stFileUploader"] input[type="file"]')
    uploader.wait_for(state="attached")
    wait_idle(page)
    uploader.set_input_files([str(SAMPLES / name) for name in UPLOADS])
    # The sample-data banner goes once the uploads are in use.
    page.get_by_text(translate("sample_banner", "zh")).wait_for(state="detached", timeout=RUN_TIMEOUT_MS)
    wait_idle(page)
    assert metric_value(page, translate("kpi_repeat_rate", "zh")) == expected

    language_lost = []
    for lang in ("zh", "en"):
        if lang != "zh":
            switch_language(page, lang)
        for key, path, needs_chart in PAGES:
            open_page(page, path)
            if shown_language(page) != lang:
                # Recorded, then chosen again so the walk and its screenshots go on in ``lang``.
                language_lost.append(key)
                switch_language(page, lang)
            check_page(page, lang, key, needs_chart)
            if key == "page_home":
                assert metric_value(page, translate("kpi_repeat_rate", lang)) == expected
            shot = full_page_screenshot(page, f"{lang}_{key.removeprefix('page_')}")
            assert shot.stat().st_size > 10_000
    # The uploads survived both languages and every page: still not the sample data.
    assert page.get_by_text(translate("sample_banner", "en")).count() == 0
    # The language is kept in the URL, so moving between pages must not fall back to Chinese.
    assert language_lost == [], f"the English UI fell back to Chinese on opening {language_lost}"
