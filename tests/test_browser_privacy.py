"""A network-facing dashboard in a real browser: no link from file text, no outside request, no leftovers.

One Streamlit server on ``0.0.0.0`` (a port of its own, no sign-in: every visitor works
in a browser session only), started with ``tests/netguard`` first on ``PYTHONPATH`` so that every
name look-up or connection the server attempts to a non-loopback address is written to a log, with
its own temporary folder (``TMPDIR``) so the session folders can be watched. Then, in the system
Chromium (never ``playwright install``):

- start-up: the server resolves and contacts nothing outside the machine;
- hostile text: orders whose file name, statuses, shops, products, tiers and campaign groups hold web
  addresses and Markdown links are uploaded and saved; on every page (expanders open) every
  ``a[href]`` is one of the app's own (same origin), every request the page makes (and every web
  socket) goes to the loopback address, and the server contacted nothing outside either;
- session-only history: a saved history's folder is gone within a minute of its tab closing or
  reloading, and the server's whole folder when the server stops.
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tools.screenshots import (
    CHROMIUM,
    CHROMIUM_ARGS,
    RUN_TIMEOUT_MS,
    SAMPLES,
    VIEWPORT,
    free_port,
    navigation_paths,
    open_page,
    wait_idle,
)
from ui.i18n import translate

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
GUARD = ROOT / "tests" / "netguard"
START_TIMEOUT = 90
# A session's folder is gone this long after its tab closed at the latest (ui/session_files.py:
# 30 s without a browser, swept every 10 s), with room for a busy machine.
GONE_WITHIN = 75
URL = "http://127.0.0.1:8629/x"


# --- the server ------------------------------------------------------------------------------------------


class Server:
    """A dashboard process on every interface, its outside-network log and its temporary folder."""

    def __init__(self, folder: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.net_log = folder / "net.log"
        self.tmp = folder / "tmp"
        self.tmp.mkdir()
        env = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join([str(GUARD), str(ROOT)]),
            "RCD_NET_LOG": str(self.net_log),
            "TMPDIR": str(self.tmp),
            "RCD_DATA_DIR": str(folder / "data"),
        }
        self.log = open(folder / "streamlit.log", "wb")  # noqa: SIM115 - closed in stop()
        # Only what an operator types: the options in .streamlit/config.toml are the ones under test.
        self.process = subprocess.Popen(
            [
                *(sys.executable, "-m", "streamlit", "run", "dashboard.py"),
                *("--server.address", "0.0.0.0", "--server.port", str(self.port)),
                *("--server.fileWatcherType", "none"),
            ],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + START_TIMEOUT
        while not self._healthy():
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError((folder / "streamlit.log").read_text(errors="replace")[-3000:])
            time.sleep(0.5)

    def _healthy(self) -> bool:
        try:
            with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as response:
                return response.status == 200
        except OSError:
            return False

    def outside_contacts(self) -> list[str]:
        return self.net_log.read_text(encoding="utf-8").splitlines() if self.net_log.exists() else []

    def sessions_folder(self) -> Path:
        return self.tmp / f"rcd-sessions-{os.getuid()}" / str(self.process.pid)

    def stored_histories(self) -> set[Path]:
        return set(self.sessions_folder().glob("*/*/history.sqlite"))

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=5)
        self.log.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    running = Server(tmp_path_factory.mktemp("public-server"))
    yield running
    running.stop()


@pytest.fixture(scope="module")
def browser(server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            yield chromium
        finally:
            chromium.close()


@contextlib.contextmanager
def new_tab(browser, *, lang: str = "en"):
    context = browser.new_context(viewport=VIEWPORT, locale="zh-CN" if lang == "zh" else "en-US")
    try:
        tab = context.new_page()
        tab.set_default_timeout(RUN_TIMEOUT_MS)
        yield tab
    finally:
        with contextlib.suppress(Exception):
            context.close()


def upload_files(tab, url: str, files: list[dict], *, lang: str = "en") -> None:
    tab.goto(f"{url}/?lang={lang}")
    uploader = tab.locator('[data-testid="stFileUploader"] input[type="file"]').first
    uploader.wait_for(state="attached")
    wait_idle(tab)
    uploader.set_input_files(files)
    tab.get_by_text(translate("sample_banner", lang)).wait_for(state="detached", timeout=RUN_TIMEOUT_MS)
    wait_idle(tab)


def save_history(tab, *, lang: str = "en") -> None:
    open_page(tab, "history")
    tab.get_by_role("button", name=translate("save_to_history", lang)).click()
    wait_idle(tab)
    tab.locator('[data-testid="stAlertContentSuccess"]').first.wait_for()


def wait_until(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(1)
    return condition()


# --- hostile files -----------------------------------------------------------------------------------------


def _csv(header: list[str], rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def hostile_files() -> list[dict]:
    """Orders, a member list and a campaign list whose every text field holds an address or a link."""
    # Plotly draws <a href> inside chart text as a link: a shop name may try that too.
    stores = [
        f"{URL}/store",
        "[click](http://127.0.0.1:8629/md)",
        'www <a href="http://127.0.0.1:8629/p">店</a>',
    ]
    statuses = ["已付款", "交易成功", f"{URL}/status"]
    rows = []
    for i in range(600):
        customer = f"c{(i * 37) % 120 + 1}"
        day = (i * 13) % 300
        rows.append(
            [
                f"o{i}",
                customer,
                f"2025-{1 + day // 30:02d}-{1 + day % 28:02d} {i % 24:02d}:00:00",
                f"{10 + (i * 7) % 290}.00",
                statuses[i % 3],
                stores[i % 3],
                f"杯子 {URL}/item mail a@example.com",
            ]
        )
    orders = _csv(["order_id", "customer_id", "order_time", "amount", "status", "store", "item"], rows)
    tiers = [f"{URL}/tier", "[gold](http://127.0.0.1:8629/t)", "VIP"]
    members = _csv(
        ["customer_id", "tier", "joined"], [[f"c{i}", tiers[i % 3], "2024-06-01"] for i in range(1, 121)]
    )
    groups = [f"{URL}/g", "对照组"]
    campaign = _csv(
        ["customer_id", "group", "start"], [[f"c{i}", groups[i % 2], "2025-06-01"] for i in range(1, 121)]
    )
    return [
        {"name": f"{URL}/orders [a](http://127.0.0.1:8629/f).csv", "mimeType": "text/csv", "buffer": orders},
        {"name": "www.example.com members.csv", "mimeType": "text/csv", "buffer": members},
        {"name": "campaign http://127.0.0.1:8629/c.csv", "mimeType": "text/csv", "buffer": campaign},
        # Columns nobody recognises: the Overview shows the column choice, its label naming the file.
        {
            "name": f"{URL}/unmapped [m](http://127.0.0.1:8629/m).csv",
            "mimeType": "text/csv",
            "buffer": _csv(["甲", "乙", "丙"], [[f"{URL}/cell", "请打 139 0000 1111", "3"]] * 3),
        },
    ]


def _off_machine(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about"):
        return False
    return parts.hostname not in ("127.0.0.1", "localhost", "::1")


def _open_expanders(tab) -> None:
    for summary in tab.locator('[data-testid="stExpander"] summary').all():
        with contextlib.suppress(Exception):
            if summary.get_attribute("aria-expanded") != "true":
                summary.click(timeout=2000)
    wait_idle(tab)


# --- the tests ---------------------------------------------------------------------------------------------


def test_the_servers_start_up_contacts_nothing_outside_the_machine(server):
    # Streamlit's start-up banner asks checkip.amazonaws.com for the external address (issue 21).
    time.sleep(3)  # the banner is printed just after the server answers its health check
    assert server.outside_contacts() == []


def test_file_text_makes_no_link_and_no_request_leaves_the_machine(server, browser):
    requests: list[str] = []
    foreign_links: dict[str, list[str]] = {}
    failures: dict[str, str] = {}
    with new_tab(browser) as tab:
        tab.on("request", lambda request: requests.append(request.url))
        tab.on("websocket", lambda socket: requests.append(socket.url))
        upload_files(tab, server.url, hostile_files())
        save_history(tab)  # the History page then lists the hostile file and shop names
        paths = navigation_paths(tab)
        assert len(paths) >= 9
        for path in paths:
            open_page(tab, path)
            _open_expanders(tab)
            errors = tab.locator('[data-testid="stException"]')
            if errors.count():
                failures[path or "home"] = errors.first.inner_text()[:1500]
                continue  # a traceback carries Streamlit's own search links: reported below
            # HTML links and SVG ones (chart text), by either attribute, made absolute.
            hrefs = tab.locator("a").evaluate_all(
                """links => links
                    .map(a => a.getAttribute('href') || a.getAttribute('xlink:href'))
                    .filter(h => h !== null)
                    .map(h => new URL(h, location.href).href)"""
            )
            foreign = [h for h in hrefs if urlsplit(h).netloc != urlsplit(server.url).netloc]
            if foreign:
                foreign_links[path or "home"] = foreign
    assert foreign_links == {}
    assert requests and [r for r in requests if _off_machine(r)] == []
    assert server.outside_contacts() == []
    assert failures == {}  # every page drawn whole, so every text on it was checked


def test_a_session_only_history_is_gone_when_its_tab_closes_or_reloads_and_at_stop(server, browser):
    orders = SAMPLES / "taobao_orders_gbk.csv"
    files = [{"name": orders.name, "mimeType": "text/csv", "buffer": orders.read_bytes()}]
    # The module's server is shared: an earlier test's closed tab may still have its folder for up
    # to 40 s, so only the folders this test makes are counted.
    earlier = server.stored_histories()
    with new_tab(browser) as closing, new_tab(browser) as reloading:
        for tab in (closing, reloading):
            upload_files(tab, server.url, files)
            save_history(tab)
        saved = server.stored_histories() - earlier
        assert len(saved) == 2  # two sessions, two private folders
        assert all(oct(p.parent.stat().st_mode & 0o777) == "0o700" for p in saved)
        # The History page says how long the history lives.
        assert reloading.get_by_text("deleted within 40 seconds", exact=False).count() == 1
        closing.close()
        reloading.reload()
        wait_idle(reloading)
        # A reload is a new session: the old one's history is not kept, and its file not orphaned.
        assert wait_until(lambda: not any(p.exists() for p in saved), GONE_WITHIN), saved
        upload_files(reloading, server.url, files)
        save_history(reloading)
        assert len(server.stored_histories() - earlier) == 1
        server.stop()
    assert not server.sessions_folder().exists()
    assert server.outside_contacts() == []
