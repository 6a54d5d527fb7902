"""Page tests run the app as ``python3 bootstrap.py run`` starts it: one local user on the loopback address.

The data-owner rule (``ui/tenancy.py``) keeps history and column choices in the data folder only
when the server listens on loopback; tests that check a network-facing or signed-in server set
the address themselves with :func:`server_address`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from streamlit import config


@contextmanager
def server_address(address: str | None) -> Iterator[None]:
    """Run the enclosed AppTests as if the server listened on ``address`` (None: every interface)."""
    before = config.get_option("server.address")
    config.set_option("server.address", address)
    try:
        yield
    finally:
        config.set_option("server.address", before)


@pytest.fixture(autouse=True)
def _local_user_server() -> Iterator[None]:
    with server_address("localhost"):
        yield


@pytest.fixture(autouse=True)
def _app_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # Remembered column mappings and the history store go to a throwaway folder, never to data/.
    monkeypatch.setenv("RCD_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("RCD_STORE", str(tmp_path / "history.sqlite"))
