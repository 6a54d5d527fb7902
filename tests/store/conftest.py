"""Fixtures of the store tests: a private PostgreSQL cluster, and one fresh history per engine.

The cluster is started once per test session from Debian's ``postgresql`` package binaries (see
``postgres_server.py``) and stopped at the end. Missing binaries FAIL the tests that need them,
with the package to install: the set-up installs them, so a skip would hide a broken set-up.
"""

from __future__ import annotations

import pytest
from history_urls import history_url
from postgres_server import PASSWORD, Cluster, ServerMissing, start_cluster

ENGINES = ("sqlite", "duckdb", "postgresql")


@pytest.fixture(scope="session")
def postgres_cluster() -> Cluster:
    """Return a running private PostgreSQL cluster (stopped after the session)."""
    try:
        cluster = start_cluster()
    except ServerMissing as exc:
        pytest.fail(str(exc), pytrace=False)
    yield cluster
    cluster.stop()


@pytest.fixture(params=["sqlite", "duckdb", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store_url(request, tmp_path, monkeypatch) -> str:
    """Return a fresh history of each engine in turn; the PostgreSQL password comes from PGPASSWORD."""
    monkeypatch.setenv("PGPASSWORD", PASSWORD)
    return history_url(request.param, tmp_path, request)


@pytest.fixture
def pg_password(monkeypatch) -> str:
    """Set PGPASSWORD for the test cluster and return it."""
    monkeypatch.setenv("PGPASSWORD", PASSWORD)
    return PASSWORD
