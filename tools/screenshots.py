"""Screenshot every dashboard page in both languages, as a store manager's browser shows them.

Usage::

    .venv/bin/python tools/screenshots.py [--port 8750] [--out DIR] [--sample | --upload FILE...]

Starts ``streamlit run dashboard.py`` on a free port (one the system picks unless ``--port``), opens it in the
system Chromium through Playwright (never ``playwright install``), uploads the bundled Taobao GBK
export, member list and campaign list (``--upload`` names other files under ``sample_data/``,
``--sample`` keeps the built-in sample data instead), visits
every page of the navigation in 简体中文 and English and saves full-page PNGs (``zh_home.png``,
``en_repeat.png``, ...).
The helpers are shared with ``tests/test_browser.py``.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script: make ``ui`` importable
    sys.path.insert(0, str(ROOT))

from tools.ports import free_port  # noqa: E402
from ui.i18n import LANGUAGES, translate  # noqa: E402

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
    ("page_customers", "customers", True),
    ("page_history", "history", False),
    ("page_report", "report", False),
)
START_TIMEOUT = 90  # seconds for Streamlit to answer its health check
RUN_TIMEOUT_MS = 120_000  # one script run on a busy 2-core machine
VIEWPORT = {"width": 1600, "height": 900}


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


@contextlib.contextmanager
def running_app(port: int | None = None, *, log_path: Path | None = None) -> Iterator[str]:
    """Run the dashboard on ``port`` (a free one by default) and yield its URL; stop it afterwards.

    Only the process group started here is stopped. The file watcher is off so that a source
    file edited meanwhile does not rerun the app under test.
    """
    port = port or free_port()
    log_path = log_path or Path(tempfile.mkstemp(prefix="streamlit-", suffix=".log")[1])
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
                "--server.fileWatcherType",
                "none",
            ],
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, so stopping it stops its children
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_TIMEOUT
        # A server that could not take the port exits: the health check must be answered by ours.
        while not _healthy(url) or server.poll() is not None:
            if server.poll() is not None or time.monotonic() > deadline:
                tail = log_path.read_text(errors="replace")[-3000:]
                raise RuntimeError(f"streamlit did not start on port {port}:\n{tail}")
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


@contextlib.contextmanager
def browser_page() -> Iterator[object]:
    """Yield a 1600x900 Playwright page in the system Chromium (headless)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            context = browser.new_context(viewport=VIEWPORT, locale="zh-CN")
            tab = context.new_page()
            tab.set_default_timeout(RUN_TIMEOUT_MS)
            yield tab
        finally:
            browser.close()


def wait_idle(tab) -> None:
    """Wait until Streamlit has finished running the script (no running icon, no stale elements)."""
    idle = """() => !document.querySelector('[data-testid="stStatusWidgetRunningIcon"]')
              && !document.querySelector('[data-stale="true"]')"""
    tab.wait_for_timeout(400)  # let a rerun triggered by the last action begin
    # Streamlit shows its running icon only after half a second of running: idle means idle
    # twice, 700 ms apart, or a slow page (Customers) would be caught before its icon appears.
    for _ in range(RUN_TIMEOUT_MS // 700):
        tab.wait_for_function(idle, timeout=RUN_TIMEOUT_MS)
        tab.wait_for_timeout(700)
        if tab.evaluate(idle):
            break
    tab.wait_for_selector('[data-testid="stMain"]')


def upload(tab, url: str, names: tuple[str, ...] = UPLOADS, *, lang: str = "zh") -> None:
    """Open the overview and upload ``names`` from sample_data through the file uploader."""
    tab.goto(f"{url}/?lang={lang}")
    # The Overview's first upload box takes the exports; the peer-figures box sits further down
    # (in an expander), so "the" uploader would be ambiguous in Playwright's strict mode.
    uploader = tab.locator('[data-testid="stFileUploader"] input[type="file"]').first
    uploader.wait_for(state="attached")
    wait_idle(tab)
    uploader.set_input_files([str(SAMPLES / name) for name in names])
    # The sample-data banner goes once the uploads are in use.
    tab.get_by_text(translate("sample_banner", lang)).wait_for(state="detached", timeout=RUN_TIMEOUT_MS)
    wait_idle(tab)


def navigation_paths(tab) -> list[str]:
    """Return the URL paths of the sidebar's navigation links, in order ("" for the Overview)."""
    links = tab.locator('[data-testid="stSidebarNav"] a')
    links.first.wait_for()
    paths = links.evaluate_all("els => els.map(e => new URL(e.href).pathname)")
    return [p.strip("/") for p in paths]


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


def _settled_height(tab, *, tries: int = 20) -> int:
    """Return the main container's scroll height once it stops growing.

    Charts and tables are drawn after the script run ends: read too early, the height misses
    the bottom of the page and the screenshot cuts it off.
    """
    script = "document.querySelector('[data-testid=\"stMain\"]').scrollHeight"
    height = -1
    for _ in range(tries):
        tab.wait_for_timeout(500)
        now = int(tab.evaluate(script))
        if now == height:
            break
        height = now
    return height


def full_page_screenshot(tab, path: Path) -> Path:
    """Save the whole page: the viewport grows to the main container's scroll height first."""
    path.parent.mkdir(parents=True, exist_ok=True)
    height = _settled_height(tab)
    tab.set_viewport_size({"width": VIEWPORT["width"], "height": max(VIEWPORT["height"], int(height))})
    tab.wait_for_timeout(800)  # plotly charts re-layout to the new size
    tab.screenshot(path=str(path), full_page=True)
    tab.set_viewport_size(VIEWPORT)
    return path


def walk_pages(tab, out: Path, *, on_page=None) -> list[str]:
    """Visit every page in Chinese, then English, saving ``{lang}_{page}.png`` into ``out``.

    ``on_page(tab, lang, key, needs_chart)`` runs on each page before its screenshot (the test's
    checks). Returns the pages on which the English UI had fallen back to Chinese; the language is
    chosen again there so the walk goes on in the right language.
    """
    listed = [path for _, path, _ in PAGES]
    if navigation_paths(tab) != listed:  # a page added to the navigation must be walked too
        raise RuntimeError(f"the navigation lists {navigation_paths(tab)}, PAGES {listed}")
    language_lost = []
    for lang in ("zh", "en"):
        if shown_language(tab) != lang:
            switch_language(tab, lang)
        for key, path, needs_chart in PAGES:
            open_page(tab, path)
            if shown_language(tab) != lang:
                language_lost.append(key)
                switch_language(tab, lang)
            if on_page is not None:
                on_page(tab, lang, key, needs_chart)
            full_page_screenshot(tab, out / f"{lang}_{key.removeprefix('page_')}.png")
    return language_lost


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--port", type=int, default=None, help="port for the app (default: a free one the system picks)"
    )
    parser.add_argument("--out", type=Path, default=SHOTS, help="folder for the PNGs")
    parser.add_argument("--sample", action="store_true", help="keep the built-in sample data (no upload)")
    parser.add_argument(
        "--upload",
        nargs="+",
        default=list(UPLOADS),
        metavar="FILE",
        help="files under sample_data/ to upload (default: the Taobao export, members and campaign)",
    )
    args = parser.parse_args(argv)
    with running_app(args.port) as url, browser_page() as tab:
        if args.sample:
            tab.goto(f"{url}/?lang=zh")
            wait_idle(tab)
        else:
            upload(tab, url, tuple(args.upload))
        lost = walk_pages(tab, args.out)
    for png in sorted(args.out.glob("*.png")):
        print(png)
    if lost:
        print(f"warning: the English UI fell back to Chinese on opening {lost}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
