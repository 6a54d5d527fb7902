"""The bundled UCI Online Retail file, loaded once per test process for the tests that read it whole.

Six test files check figures of the same 541,909-line file through ``load_orders``; loading it
takes a few seconds each time. Here it is loaded once per process (a test worker runs several of
those files), and every caller gets its own deep copy, so a test that changes what it got changes
nothing for the next one. Import it as ``from tests.uci_data import uci_load``.
"""

from __future__ import annotations

import copy
import functools
from pathlib import Path

from analytics.loading import OrdersLoad, load_orders

# The same file as tests/conftest.py's ``uci_path`` fixture.
UCI_PATH = Path(__file__).resolve().parents[1] / "sample_data" / "real" / "online_retail.csv.gz"


@functools.cache
def _loaded() -> OrdersLoad:
    return load_orders([UCI_PATH])


def uci_load() -> OrdersLoad:
    """Return ``load_orders([UCI_PATH])``: loaded on the first call in this process, a deep copy each time."""
    return copy.deepcopy(_loaded())
