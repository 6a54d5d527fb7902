"""Opening the store: where it lives, and refusing a missing store or a foreign file."""

from __future__ import annotations

import sqlite3

import pytest
from store_helpers import WEEK1

from analytics.errors import ArgumentError, FileFormatError, Term
from analytics.store import STORE_ENV, history_orders, ingest_frame, store_path


def test_reads_refuse_a_missing_store_and_foreign_files(tmp_path):
    with pytest.raises(ArgumentError) as missing:
        history_orders(tmp_path / "none.sqlite")
    assert missing.value.code == "store.missing"
    assert missing.value.params == {"file": str(tmp_path / "none.sqlite")}
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"this is a spreadsheet, not a database" * 100)
    with pytest.raises(FileFormatError) as unreadable:
        history_orders(junk)
    assert unreadable.value.code == "store.unreadable" and unreadable.value.params["file"] == str(junk)
    other = tmp_path / "other.sqlite"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE t (x)")
    with pytest.raises(FileFormatError) as foreign:
        ingest_frame(other, WEEK1, file_name="w1.csv")
    assert foreign.value.code == "store.not_a_store" and foreign.value.params["file"] == str(other)
    assert foreign.value.params["option"] == Term("option.store")


def test_store_path_comes_from_argument_then_environment(tmp_path, monkeypatch):
    monkeypatch.setenv(STORE_ENV, str(tmp_path / "env.sqlite"))
    assert store_path(None) == tmp_path / "env.sqlite"
    assert store_path(tmp_path / "x.sqlite") == tmp_path / "x.sqlite"
    monkeypatch.delenv(STORE_ENV)
    assert store_path(None).name == "history.sqlite" and store_path(None).parent.name == "data"
