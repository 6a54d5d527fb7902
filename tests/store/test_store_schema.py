"""History store schema: a version-1 file is migrated in place, atomically, keeping its data."""

from __future__ import annotations

import sqlite3

import pandas as pd
import pytest

from analytics.errors import FileFormatError
from analytics.store import delete_upload, history_members, history_orders, ingest_frame, list_uploads
from analytics.store import schema as store_schema

# The version-1 layout as the first release wrote it (no provenance, no sha256, invalid orders
# deleted), with two uploads, three orders and a member list.
V1_FILE = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE uploads (
    upload_id INTEGER PRIMARY KEY AUTOINCREMENT, shop TEXT NOT NULL, kind TEXT NOT NULL,
    file_name TEXT NOT NULL, uploaded_at TEXT NOT NULL, rows_read INTEGER NOT NULL DEFAULT 0,
    rows_used INTEGER NOT NULL DEFAULT 0, dropped TEXT NOT NULL DEFAULT '{}', first_day TEXT,
    last_day TEXT, added INTEGER NOT NULL DEFAULT 0, updated INTEGER NOT NULL DEFAULT 0,
    duplicates INTEGER NOT NULL DEFAULT 0, removed INTEGER NOT NULL DEFAULT 0);
CREATE TABLE orders (
    shop TEXT NOT NULL, order_id TEXT NOT NULL, upload_id INTEGER NOT NULL, customer_id TEXT,
    order_time TEXT, order_day TEXT, amount REAL, quantity REAL, store TEXT, channel TEXT,
    region TEXT, coupon_code TEXT, is_member INTEGER, tier TEXT,
    PRIMARY KEY (shop, order_id)) WITHOUT ROWID;
CREATE TABLE members (upload_id INTEGER NOT NULL, customer_id TEXT NOT NULL, tier TEXT,
    tier_rank INTEGER, joined TEXT);
CREATE TABLE campaigns (upload_id INTEGER NOT NULL, customer_id TEXT NOT NULL, grp TEXT NOT NULL,
    start TEXT);
INSERT INTO meta VALUES ('schema_version', '1');
INSERT INTO uploads (shop, kind, file_name, uploaded_at, rows_read, rows_used, first_day, last_day, added)
    VALUES ('main', 'orders', 'w1.csv', '2025-01-13T08:00:00Z', 2, 2, '2025-01-06', '2025-01-07', 2),
           ('main', 'orders', 'w2.csv', '2025-01-20T08:00:00Z', 1, 1, '2025-01-14', '2025-01-14', 1),
           ('main', 'members', 'm.xlsx', '2025-01-20T08:05:00Z', 2, 2, NULL, NULL, 2);
INSERT INTO orders (shop, order_id, upload_id, customer_id, order_time, order_day, amount, region)
    VALUES ('main', '1', 1, 'a', '2025-01-06 10:00:00.000000', '2025-01-06', 10.0, 'UK'),
           ('main', '2', 1, NULL, '2025-01-07 11:30:00.000000', '2025-01-07', 4.5, NULL),
           ('main', '3', 2, 'a', '2025-01-14 09:00:00.000000', '2025-01-14', 7.0, 'UK');
INSERT INTO members VALUES (3, 'a', 'VIP', 1, '2024-03-01 00:00:00.000000'), (3, 'b', 'basic', 0, NULL);
"""


def _v1_store(path):
    with sqlite3.connect(path) as conn:
        conn.executescript(V1_FILE)
    return path


def _version(path) -> int:
    with sqlite3.connect(path) as conn:
        return int(conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0])


def test_opening_a_version_1_store_migrates_it_and_keeps_every_order(tmp_path):
    db = _v1_store(tmp_path / "v1.sqlite")
    orders = history_orders(db)
    assert _version(db) == store_schema.SCHEMA_VERSION == 5
    assert orders["order_id"].tolist() == ["1", "2", "3"]
    # 10.0 + 4.5 + 7.0 = 21.5; order 2 was a guest order, region only where written
    assert orders["amount"].sum() == 21.5 and orders["customer_id"].isna().tolist() == [False, True, False]
    assert orders["region"].tolist()[::2] == ["UK", "UK"] and pd.isna(orders["region"][1])
    assert orders["order_time"].dtype == "datetime64[ns]"
    assert orders["order_time"][1] == pd.Timestamp("2025-01-07 11:30")
    members = history_members(db)
    assert members["customer_id"].tolist() == ["a", "b"]
    # v1 kept tier_rank, so the tier order is restored from it: basic (0) < VIP (1)
    assert list(members["tier"].cat.categories) == ["basic", "VIP"]


def test_a_migrated_store_has_provenance_for_its_orders(tmp_path):
    db = _v1_store(tmp_path / "v1.sqlite")
    assert list_uploads(db)["orders"].tolist() == [2, 1, 0]
    # week 2 re-exported: order 3 and a new order 4; deleting the v1 upload 2 keeps order 3
    week2 = history_orders(db).iloc[[2]]
    week2 = pd.concat([week2, week2.assign(order_id=pd.array(["4"], dtype="str"))], ignore_index=True)
    (result,) = ingest_frame(db, week2, file_name="w2-again.csv")
    assert (result.added, result.duplicates) == (1, 1)
    delete_upload(db, 2)
    assert history_orders(db)["order_id"].tolist() == ["1", "2", "3", "4"]


def test_a_failed_migration_leaves_the_version_1_store_as_it_was(tmp_path, monkeypatch):
    db = _v1_store(tmp_path / "v1.sqlite")

    def half_migration(conn):
        conn.execute("ALTER TABLE uploads ADD COLUMN sha256 TEXT")
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setitem(store_schema.MIGRATIONS, 1, half_migration)
    with pytest.raises(FileFormatError) as failed:
        history_orders(db)
    assert (
        failed.value.code == "store.read_write_failed" and "disk I/O error" in failed.value.params["detail"]
    )
    assert _version(db) == 1
    with sqlite3.connect(db) as conn:
        columns = [r[1] for r in conn.execute("PRAGMA table_info(uploads)")]
        assert "sha256" not in columns
        assert conn.execute("SELECT COUNT(*) FROM orders").fetchone()[0] == 3


def test_a_store_from_a_newer_app_is_refused_not_damaged(tmp_path):
    db = _v1_store(tmp_path / "v9.sqlite")
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE meta SET value = '9' WHERE key = 'schema_version'")
    with pytest.raises(FileFormatError) as newer:
        history_orders(db)
    assert newer.value.code == "store.newer_schema"
    params = newer.value.params
    assert (params["version"], params["supported"]) == (9, store_schema.SCHEMA_VERSION)
    assert _version(db) == 9


def test_a_new_store_uses_wal_and_the_current_version(tmp_path):
    db = tmp_path / "new" / "h.sqlite"
    ingest_frame(db, history_orders(_v1_store(tmp_path / "v1.sqlite")), file_name="copy.csv")
    assert _version(db) == store_schema.SCHEMA_VERSION
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_a_version_2_store_gains_item_and_currency_and_keeps_its_orders(tmp_path):
    # A v1 file migrated to the current version, then stripped back to the v2 layout (no item,
    # no currency): reopening adds the two columns and reads the same three orders back.
    db = _v1_store(tmp_path / "v2.sqlite")
    history_orders(db)
    with sqlite3.connect(db) as conn:
        for table in ("order_versions", "orders"):
            for column in store_schema.V3_COLUMNS:
                conn.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
        conn.execute("UPDATE meta SET value = '2' WHERE key = 'schema_version'")
    orders = history_orders(db)
    assert _version(db) == store_schema.SCHEMA_VERSION
    assert orders["amount"].tolist() == [10.0, 4.5, 7.0]
    with sqlite3.connect(db) as conn:
        columns = {row[1] for row in conn.execute("PRAGMA table_info(orders)")}
    assert {"item", "currency"} <= columns
