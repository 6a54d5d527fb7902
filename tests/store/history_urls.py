"""A fresh history of each engine, for the store tests (kept out of conftest.py: a test module that
imported ``conftest`` got whichever folder's conftest Python had loaded under that name first).
"""

from __future__ import annotations

import uuid

import pytest


def history_url(engine: str, tmp_path, request: pytest.FixtureRequest) -> str:
    """Return a new, empty history of ``engine`` (PostgreSQL: a schema of its own in the cluster)."""
    if engine == "sqlite":
        return str(tmp_path / "history.sqlite")
    if engine == "duckdb":
        return f"duckdb://{tmp_path}/history.duckdb"
    cluster = request.getfixturevalue("postgres_cluster")
    return f"{cluster.url()}?schema=t_{uuid.uuid4().hex[:12]}"
