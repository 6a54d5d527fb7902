"""Paths every test folder shares: the repository's own data, so a plain clone runs every test."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_DATA = ROOT / "sample_data"
# The real UCI Online Retail line items (CC BY 4.0; see sample_data/real/README.md). Tests that
# read the whole file are marked slow.
UCI_PATH = SAMPLE_DATA / "real" / "online_retail.csv.gz"


@pytest.fixture(scope="session")
def uci_path() -> Path:
    """Return the path of the bundled UCI Online Retail file (541,909 line items, gzip CSV)."""
    return UCI_PATH
