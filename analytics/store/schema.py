"""Layout of the history store (SQLite DDL) and the migrations that bring older files up to date.

The store keeps every upload (``uploads``), every version of every order that an upload supplied
(``order_versions``: provenance, so deleting an upload can restore what other uploads say), the
effective order per ``(shop, order_id)`` derived from those versions (``orders``), and the member
and campaign lists (``members``, ``campaigns``, one list per upload).

Version history
---------------
1. ``uploads`` without ``sha256``/``detail``; ``orders`` only (no provenance): a later upload
   overwrote an order, and an order could not be restored when an upload was deleted.
2. ``order_versions`` provenance table, ``orders.status``/``orders.state_rank``,
   ``uploads.sha256`` (identical re-uploads are recognised) and ``uploads.detail`` (JSON).
3. ``item`` (first product of the order) and ``currency`` on orders and their versions, so
   "repeat rate by first product" and the export's currency survive a round trip through history.
4. ``refund_lines``: every upload's refund lines (cancellation invoices), so a history
   gives a period's refunds and net sales as the files do. A history migrated from version 3 kept
   no refund lines before: ``meta.refunds_from_upload`` names the first upload whose lines it kept.
5. (current) ``day_totals``, ``customer_firsts``, ``store_customer_firsts``, ``customer_days``,
   ``store_customer_days``, ``month_totals``: tables the writer keeps beside the orders (see
   :mod:`analytics.store.derived`), so the dashboard's pages need no scan of the whole history;
   the migration computes them from the stored orders.
"""

from __future__ import annotations

import sqlite3

SCHEMA_VERSION = 5

# Optional canonical order columns and their SQLite types (see analytics.frames).
OPTIONAL_COLUMNS: dict[str, str] = {
    "quantity": "REAL",
    "store": "TEXT",
    "channel": "TEXT",
    "region": "TEXT",
    "coupon_code": "TEXT",
    "is_member": "INTEGER",
    "tier": "TEXT",
    "item": "TEXT",
    "currency": "TEXT",
}
# Columns added by version 3: a version-2 file gets them in its migration.
V3_COLUMNS: tuple[str, ...] = ("item", "currency")

# SQLite type of every stored order value.
VALUE_TYPES: dict[str, str] = {
    "customer_id": "TEXT",
    "order_time": "TEXT",
    "order_day": "TEXT",
    "amount": "REAL",
    **OPTIONAL_COLUMNS,
}

# The columns an order version carries, in the order the code binds them.
ORDER_VALUE_COLUMNS: tuple[str, ...] = ("customer_id", "order_time", "order_day", "amount", *OPTIONAL_COLUMNS)

_ORDER_VALUES_DDL = """
    customer_id TEXT,
    order_time TEXT,
    order_day TEXT,
    amount REAL,
    quantity REAL,
    store TEXT,
    channel TEXT,
    region TEXT,
    coupon_code TEXT,
    is_member INTEGER,
    tier TEXT,
    item TEXT,
    currency TEXT"""

CURRENT_DDL = f"""
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS uploads (
    upload_id INTEGER PRIMARY KEY AUTOINCREMENT,
    shop TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('orders', 'members', 'campaign')),
    file_name TEXT NOT NULL,
    sha256 TEXT,
    uploaded_at TEXT NOT NULL,
    rows_read INTEGER NOT NULL DEFAULT 0,
    rows_used INTEGER NOT NULL DEFAULT 0,
    dropped TEXT NOT NULL DEFAULT '{{}}',
    first_day TEXT,
    last_day TEXT,
    added INTEGER NOT NULL DEFAULT 0,
    updated INTEGER NOT NULL DEFAULT 0,
    duplicates INTEGER NOT NULL DEFAULT 0,
    removed INTEGER NOT NULL DEFAULT 0,
    detail TEXT NOT NULL DEFAULT '{{}}'
);
CREATE INDEX IF NOT EXISTS uploads_shop_kind ON uploads (shop, kind, sha256);
CREATE TABLE IF NOT EXISTS order_versions (
    shop TEXT NOT NULL,
    order_id TEXT NOT NULL,
    upload_id INTEGER NOT NULL REFERENCES uploads (upload_id),
    status TEXT NOT NULL CHECK (status IN ('valid', 'invalid')),
    reason TEXT,
    state_rank INTEGER NOT NULL,{_ORDER_VALUES_DDL},
    PRIMARY KEY (shop, order_id, upload_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS order_versions_upload ON order_versions (upload_id);
CREATE TABLE IF NOT EXISTS orders (
    shop TEXT NOT NULL,
    order_id TEXT NOT NULL,
    upload_id INTEGER NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('valid', 'invalid')),
    reason TEXT,
    state_rank INTEGER NOT NULL,{_ORDER_VALUES_DDL},
    PRIMARY KEY (shop, order_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS orders_shop_day ON orders (shop, status, order_day);
CREATE TABLE IF NOT EXISTS members (
    upload_id INTEGER NOT NULL REFERENCES uploads (upload_id),
    customer_id TEXT NOT NULL,
    tier TEXT,
    tier_rank INTEGER,
    joined TEXT
);
CREATE INDEX IF NOT EXISTS members_upload ON members (upload_id);
CREATE TABLE IF NOT EXISTS campaigns (
    upload_id INTEGER NOT NULL REFERENCES uploads (upload_id),
    customer_id TEXT NOT NULL,
    grp TEXT NOT NULL,
    start TEXT
);
CREATE INDEX IF NOT EXISTS campaigns_upload ON campaigns (upload_id);
CREATE TABLE IF NOT EXISTS refund_lines (
    shop TEXT NOT NULL,
    refund_key TEXT NOT NULL,
    upload_id INTEGER NOT NULL REFERENCES uploads (upload_id),
    order_id TEXT,
    customer_id TEXT,
    order_time TEXT NOT NULL,
    order_day TEXT NOT NULL,
    amount REAL NOT NULL,
    PRIMARY KEY (shop, refund_key, upload_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS refund_lines_upload ON refund_lines (upload_id);
CREATE TABLE IF NOT EXISTS day_totals (
    shop TEXT NOT NULL,
    order_day TEXT NOT NULL,
    store TEXT,
    channel TEXT,
    currency TEXT,
    orders INTEGER NOT NULL,
    guest_orders INTEGER NOT NULL,
    sales_units INTEGER NOT NULL,
    guest_sales_units INTEGER NOT NULL,
    flagged INTEGER NOT NULL,
    tiered INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS day_totals_shop_day ON day_totals (shop, order_day);
CREATE TABLE IF NOT EXISTS customer_firsts (
    shop TEXT NOT NULL,
    customer_id TEXT NOT NULL,
    first_day TEXT NOT NULL,
    second_day TEXT,
    PRIMARY KEY (shop, customer_id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS store_customer_firsts (
    shop TEXT NOT NULL,
    store TEXT,
    channel TEXT,
    customer_id TEXT NOT NULL,
    first_day TEXT NOT NULL,
    second_day TEXT
);
CREATE INDEX IF NOT EXISTS store_customer_firsts_customer ON store_customer_firsts (shop, customer_id);
CREATE TABLE IF NOT EXISTS customer_days (
    shop TEXT NOT NULL,
    customer_id TEXT NOT NULL,
    order_day TEXT NOT NULL,
    orders INTEGER NOT NULL,
    units INTEGER NOT NULL,
    prev_day TEXT,
    next_day TEXT,
    first_day TEXT NOT NULL,
    PRIMARY KEY (shop, customer_id, order_day)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS store_customer_days (
    shop TEXT NOT NULL,
    store TEXT NOT NULL,
    customer_id TEXT NOT NULL,
    order_day TEXT NOT NULL,
    orders INTEGER NOT NULL,
    units INTEGER NOT NULL,
    prev_day TEXT,
    next_day TEXT,
    first_day TEXT NOT NULL,
    PRIMARY KEY (shop, customer_id, store, order_day)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS month_totals (
    shop TEXT NOT NULL,
    month TEXT NOT NULL,
    orders INTEGER NOT NULL,
    sales_units INTEGER NOT NULL,
    buyers INTEGER NOT NULL,
    returning_buyers INTEGER NOT NULL,
    returning_units INTEGER NOT NULL,
    PRIMARY KEY (shop, month)
) WITHOUT ROWID;
"""

# Version 1 stored exactly these values; its migration copies them and leaves newer columns empty.
_V1_VALUE_LIST = ", ".join(c for c in ORDER_VALUE_COLUMNS if c not in V3_COLUMNS)


def run_script(conn: sqlite3.Connection, script: str) -> None:
    """Run ``;``-separated DDL inside the caller's transaction.

    ``Connection.executescript`` would commit first, which breaks the atomicity of a migration.
    """
    for statement in script.split(";\n"):
        if statement.strip():
            conn.execute(statement)


def _migrate_1_to_2(conn: sqlite3.Connection) -> None:
    """Add provenance: every stored v1 order becomes the one version its upload supplied.

    Version 1 deleted invalid orders, so every v1 order is valid; its provenance is the upload
    that last wrote it (older suppliers were not recorded and cannot be recovered).
    """
    conn.execute("ALTER TABLE uploads ADD COLUMN sha256 TEXT")
    conn.execute("ALTER TABLE uploads ADD COLUMN detail TEXT NOT NULL DEFAULT '{}'")
    conn.execute("ALTER TABLE orders RENAME TO orders_v1")
    run_script(conn, CURRENT_DDL)
    for table in ("order_versions", "orders"):
        conn.execute(
            f"INSERT INTO {table} (shop, order_id, upload_id, status, reason, state_rank, {_V1_VALUE_LIST}) "
            f"SELECT shop, order_id, upload_id, 'valid', NULL, 1, {_V1_VALUE_LIST} FROM orders_v1"
        )
    conn.execute("DROP TABLE orders_v1")


def _migrate_2_to_3(conn: sqlite3.Connection) -> None:
    """Add the order's first product and currency (empty for orders stored before)."""
    for table in ("order_versions", "orders"):
        present = {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}
        for column in V3_COLUMNS:
            # A file migrated from version 1 in the same run already has them (CURRENT_DDL).
            if column not in present:
                conn.execute(f"ALTER TABLE {table} ADD COLUMN {column} TEXT")


def _migrate_3_to_4(conn: sqlite3.Connection) -> None:
    """Add ``refund_lines``; the refunds of the uploads stored before are unknown (not kept then)."""
    run_script(conn, CURRENT_DDL)
    # The next upload id, as AUTOINCREMENT gives it: from there on refund lines are kept.
    conn.execute(
        "INSERT OR REPLACE INTO meta (key, value) SELECT 'refunds_from_upload', CAST(MAX("
        "COALESCE((SELECT MAX(upload_id) FROM uploads), 0), "
        "COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'uploads'), 0)) + 1 AS TEXT)"
    )


def _migrate_4_to_5(conn: sqlite3.Connection) -> None:
    """Add the tables the writer keeps beside the orders, computed from the stored orders."""
    from analytics.store.derived import rebuild_statements
    from analytics.store.engines.sql import for_dialect

    run_script(conn, CURRENT_DDL)
    for statement in rebuild_statements("sqlite"):
        conn.execute(for_dialect(statement, "sqlite"))


# MIGRATIONS[v] brings a store from version v to v + 1.
MIGRATIONS = {1: _migrate_1_to_2, 2: _migrate_2_to_3, 3: _migrate_3_to_4, 4: _migrate_4_to_5}
