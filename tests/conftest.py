"""Paths every test folder shares: the repository's own data, so a plain clone runs every test."""

from __future__ import annotations

import functools
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# No wall-clock limits in property tests: a test that passes in 50 ms on an idle machine takes 300 ms
# on a busy CI runner, and a deadline or "too slow" health check then fails a correct test. On CI
# the examples are also derandomized (a fixed seed per test), so a run is repeatable; locally each
# run explores new examples. HYPOTHESIS_PROFILE picks one by hand.
settings.register_profile("dev", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("ci", parent=settings.get_profile("dev"), derandomize=True, database=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev"))

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_DATA = ROOT / "sample_data"
# The real UCI Online Retail line items (CC BY 4.0; see sample_data/real/README.md). Tests that
# read the whole file are marked slow.
UCI_PATH = SAMPLE_DATA / "real" / "online_retail.csv.gz"


@pytest.fixture(scope="session")
def uci_path() -> Path:
    """Return the path of the bundled UCI Online Retail file (541,909 line items, gzip CSV)."""
    return UCI_PATH


# Kinds of tests that run on one worker each (see ``pytest_itemcollected``).
ONE_WORKER_KINDS: tuple[str, ...] = ("browser", "spark", "postgres")

# The longest work units of a full run (a kind above, or a test file), longest first, measured with
# ``--durations=0`` on this 2-core machine. They are handed out first so that no long unit starts
# last and keeps one worker busy while the other idles: a stale order costs minutes, never a result.
LONGEST_FIRST: tuple[str, ...] = (
    "browser",
    "december-pack",
    "tests/report/test_report_page.py",
    "tests/test_readme_commands.py",
    "tests/store/test_store_real_data.py",
    "spark",
    "tests/report/test_refunds_uci.py",
    "tests/store/test_store_refunds.py",
    "tests/test_sample_data.py",
    "postgres",
)


# Files whose tests share a session fixture that costs seconds (tests/report/conftest.py builds the
# December meeting pack once per process and language): one unit, so the pack is built once.
SHARED_UNITS: dict[str, str] = {
    "tests/report/test_pdf.py": "december-pack",
    "tests/report/test_pack_review_fixes.py": "december-pack",
}


def work_unit(item: pytest.Item) -> str:
    """Return a test's work unit: its kind for browser, Spark and PostgreSQL tests, else its file.

    The suite runs on several workers (``--dist loadgroup``). Tests that start a Streamlit server and
    Chromium, or a Spark session, or a PostgreSQL server, would each start their own per worker and
    fight for ports, memory and time limits; grouped, each kind runs on one worker and the others
    keep running the rest. Every other test stays with its file: a file's tests often share an
    expensive module fixture (a built meeting pack, the loaded UCI file), which a file split over
    two workers builds twice.
    """
    for marker in ONE_WORKER_KINDS:
        if item.get_closest_marker(marker) is not None:
            return marker
    path = item.nodeid.split("::")[0]
    return SHARED_UNITS.get(path, path)


def pytest_itemcollected(item: pytest.Item) -> None:
    """Mark each test with its work unit (pytest-xdist ``xdist_group``, read by ``--dist loadgroup``).

    The mark is added as each test is collected: xdist reads it in its own
    ``pytest_collection_modifyitems``, which runs before a conftest's.
    """
    item.add_marker(pytest.mark.xdist_group(work_unit(item)))


def pytest_configure(config: pytest.Config) -> None:
    """Keep the longest work units first (see below), and let AppTest scan for components once.

    Every new ``AppTest`` scans the metadata of every installed distribution (about 350 here) for
    Streamlit components: about half a second each time, and the page tests make hundreds of them.
    The installed packages cannot change during a test run, so the first scan's answer is reused;
    the app itself (a real server) still scans once at start-up, as it always does.
    """
    if config.getoption("dist", "no") != "no" and not hasattr(config, "workerinput"):
        # xdist hands out the units with the most tests first unless told otherwise: the Spark test
        # (one test, a minute) then started last and ran alone at the end.
        config.option.loadscopereorder = False
        return  # the controller of a parallel run runs no test: it need not import Streamlit
    from streamlit.components.v2 import manifest_scanner

    manifest_scanner.scan_component_manifests = functools.cache(manifest_scanner.scan_component_manifests)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Put the longest work units first, keeping every unit's tests in their collected order.

    xdist hands units to workers in the order their first test was collected (its own reordering by
    test count is turned off in ``pytest_configure``); every worker collects the same order, as
    xdist requires.
    """
    rank = {unit: i for i, unit in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(work_unit(item), len(rank)))
