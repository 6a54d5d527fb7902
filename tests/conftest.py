"""Paths every test folder shares: the repository's own data, so a plain clone runs every test."""

from __future__ import annotations

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


def pytest_itemcollected(item: pytest.Item) -> None:
    """Keep the tests that start a server or a browser on one worker each (pytest-xdist ``loadgroup``).

    The suite runs on several workers (``--dist loadgroup``). Tests that start a Streamlit server and
    Chromium, or a Spark session, would each start their own per worker and fight for ports, memory
    and time limits; grouped, each kind runs on one worker and the others keep running the rest.
    The mark is added as each test is collected: xdist reads it in its own
    ``pytest_collection_modifyitems``, which runs before a conftest's.
    """
    for marker in ("browser", "spark", "postgres"):
        if item.get_closest_marker(marker) is not None:
            item.add_marker(pytest.mark.xdist_group(marker))
            break
