"""Layout of an engine history (DuckDB, PostgreSQL): the SQLite store's tables with typed columns.

The same tables as the SQLite store (:mod:`analytics.store.schema`, version 5): ``uploads``,
``order_versions``, ``orders``, ``members``, ``campaigns``, ``refund_lines`` and ``meta``, and the
tables the writer keeps beside the orders (``day_totals``, ``customer_firsts``,
``store_customer_firsts``, ``customer_days``, ``store_customer_days``, ``month_totals``:
:mod:`analytics.store.derived`), so
ingest, deletion and copying keep their meaning. Orders carry real types (``order_time``
TIMESTAMP, ``order_day`` DATE, ``amount`` DOUBLE, ``is_member`` BOOLEAN), so the engine compares
and groups days natively; list rows keep a ``position`` (their order in the file, which the
first-row-wins rule needs).
Upload metadata stays text, exactly as in the SQLite store, so a copied history reads the same.
Upload ids are the next after the largest, taken under the writer lock (no sequence), so a copied
history keeps its ids and new uploads continue after them.
"""

from __future__ import annotations

from analytics.store.schema import SCHEMA_VERSION

# The stored type of every order value, by engine-neutral name.
ENGINE_TYPES: dict[str, str] = {
    "customer_id": "VARCHAR",
    "order_time": "TIMESTAMP",
    "order_day": "DATE",
    "amount": "{double}",
    "quantity": "{double}",
    "store": "VARCHAR",
    "channel": "VARCHAR",
    "region": "VARCHAR",
    "coupon_code": "VARCHAR",
    "is_member": "BOOLEAN",
    "tier": "VARCHAR",
    "item": "VARCHAR",
    "currency": "VARCHAR",
}

_VALUES = ",\n    ".join(f"{name} {kind}" for name, kind in ENGINE_TYPES.items())

_DDL = f"""
CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL);
CREATE TABLE IF NOT EXISTS uploads (
    upload_id BIGINT PRIMARY KEY,
    shop VARCHAR NOT NULL,
    kind VARCHAR NOT NULL CHECK (kind IN ('orders', 'members', 'campaign')),
    file_name VARCHAR NOT NULL,
    sha256 VARCHAR,
    uploaded_at VARCHAR NOT NULL,
    rows_read BIGINT NOT NULL DEFAULT 0,
    rows_used BIGINT NOT NULL DEFAULT 0,
    dropped VARCHAR NOT NULL DEFAULT '{{{{}}}}',
    first_day VARCHAR,
    last_day VARCHAR,
    added BIGINT NOT NULL DEFAULT 0,
    updated BIGINT NOT NULL DEFAULT 0,
    duplicates BIGINT NOT NULL DEFAULT 0,
    removed BIGINT NOT NULL DEFAULT 0,
    detail VARCHAR NOT NULL DEFAULT '{{{{}}}}'
);
CREATE TABLE IF NOT EXISTS order_versions (
    shop VARCHAR NOT NULL,
    order_id VARCHAR NOT NULL,
    upload_id BIGINT NOT NULL,
    status VARCHAR NOT NULL,
    reason VARCHAR,
    state_rank INTEGER NOT NULL,
    {_VALUES}{{versions_key}}
);
CREATE TABLE IF NOT EXISTS orders (
    shop VARCHAR NOT NULL,
    order_id VARCHAR NOT NULL,
    upload_id BIGINT NOT NULL,
    status VARCHAR NOT NULL,
    reason VARCHAR,
    state_rank INTEGER NOT NULL,
    {_VALUES}{{orders_key}}
);
CREATE TABLE IF NOT EXISTS members (
    upload_id BIGINT NOT NULL,
    position BIGINT NOT NULL,
    customer_id VARCHAR NOT NULL,
    tier VARCHAR,
    tier_rank INTEGER,
    joined VARCHAR
);
CREATE TABLE IF NOT EXISTS campaigns (
    upload_id BIGINT NOT NULL,
    position BIGINT NOT NULL,
    customer_id VARCHAR NOT NULL,
    grp VARCHAR NOT NULL,
    start VARCHAR
);
CREATE TABLE IF NOT EXISTS refund_lines (
    shop VARCHAR NOT NULL,
    refund_key VARCHAR NOT NULL,
    upload_id BIGINT NOT NULL,
    order_id VARCHAR,
    customer_id VARCHAR,
    order_time TIMESTAMP NOT NULL,
    order_day DATE NOT NULL,
    amount {{double}} NOT NULL{{refunds_key}}
);
CREATE TABLE IF NOT EXISTS day_totals (
    shop VARCHAR NOT NULL,
    order_day DATE NOT NULL,
    store VARCHAR,
    channel VARCHAR,
    currency VARCHAR,
    orders BIGINT NOT NULL,
    guest_orders BIGINT NOT NULL,
    sales_units BIGINT NOT NULL,
    guest_sales_units BIGINT NOT NULL,
    flagged BIGINT NOT NULL,
    tiered BIGINT NOT NULL
);
CREATE TABLE IF NOT EXISTS customer_firsts (
    shop VARCHAR NOT NULL,
    customer_id VARCHAR NOT NULL,
    first_day DATE NOT NULL,
    second_day DATE{{firsts_key}}
);
CREATE TABLE IF NOT EXISTS store_customer_firsts (
    shop VARCHAR NOT NULL,
    store VARCHAR,
    channel VARCHAR,
    customer_id VARCHAR NOT NULL,
    first_day DATE NOT NULL,
    second_day DATE
);
CREATE TABLE IF NOT EXISTS customer_days (
    shop VARCHAR NOT NULL,
    customer_id VARCHAR NOT NULL,
    order_day DATE NOT NULL,
    orders BIGINT NOT NULL,
    units BIGINT NOT NULL,
    prev_day DATE,
    next_day DATE,
    first_day DATE NOT NULL{{days_key}}
);
CREATE TABLE IF NOT EXISTS store_customer_days (
    shop VARCHAR NOT NULL,
    store VARCHAR NOT NULL,
    customer_id VARCHAR NOT NULL,
    order_day DATE NOT NULL,
    orders BIGINT NOT NULL,
    units BIGINT NOT NULL,
    prev_day DATE,
    next_day DATE,
    first_day DATE NOT NULL{{store_days_key}}
);
CREATE TABLE IF NOT EXISTS month_totals (
    shop VARCHAR NOT NULL,
    month DATE NOT NULL,
    orders BIGINT NOT NULL,
    sales_units BIGINT NOT NULL,
    buyers BIGINT NOT NULL,
    returning_buyers BIGINT NOT NULL,
    returning_units BIGINT NOT NULL{{months_key}}
)"""

# PostgreSQL keeps keys and indexes: the server checks "one row per order" itself, and lookups by
# (shop, order_id) and by customer stay fast at tens of millions of rows. DuckDB's keys are ART
# indexes that slow bulk ingest several times; its single writer and the ingest's own checks keep
# the rows unique, and its scans need no index.
# The secondary indexes of ``orders`` (the history queries' lookups), by name: a bulk load drops
# and rebuilds them (see PostgresEngine.bulk_orders).
POSTGRES_ORDER_INDEXES: dict[str, str] = {
    "orders_shop_customer": "orders (shop, customer_id, order_day)",
    "orders_shop_day": "orders (shop, order_day)",
}
_POSTGRES_EXTRA = ";\n" + ";\n".join(
    [
        "CREATE INDEX IF NOT EXISTS order_versions_upload ON order_versions (upload_id)",
        *(f"CREATE INDEX IF NOT EXISTS {name} ON {on}" for name, on in POSTGRES_ORDER_INDEXES.items()),
        "CREATE INDEX IF NOT EXISTS uploads_shop_kind ON uploads (shop, kind, sha256)",
        "CREATE INDEX IF NOT EXISTS members_upload ON members (upload_id)",
        "CREATE INDEX IF NOT EXISTS campaigns_upload ON campaigns (upload_id)",
        "CREATE INDEX IF NOT EXISTS refund_lines_upload ON refund_lines (upload_id)",
        # The kept tables (analytics.store.derived): read by day range, and refreshed per customer.
        "CREATE INDEX IF NOT EXISTS day_totals_shop_day ON day_totals (shop, order_day)",
        "CREATE INDEX IF NOT EXISTS customer_days_shop_day ON customer_days (shop, order_day)",
        "CREATE INDEX IF NOT EXISTS store_customer_days_shop_day ON store_customer_days (shop, order_day)",
        "CREATE INDEX IF NOT EXISTS store_customer_firsts_customer "
        "ON store_customer_firsts (shop, customer_id)",
    ]
)


# The primary keys PostgreSQL keeps (DuckDB none: see above), by the DDL's placeholder.
_POSTGRES_KEYS: dict[str, str] = {
    "versions_key": "shop, order_id, upload_id",
    "orders_key": "shop, order_id",
    "refunds_key": "shop, refund_key, upload_id",
    "firsts_key": "shop, customer_id",
    "days_key": "shop, customer_id, order_day",
    "store_days_key": "shop, customer_id, store, order_day",
    "months_key": "shop, month",
}


def ddl(engine: str) -> list[str]:
    """Return the statements that create an empty history of the current schema version on ``engine``."""
    if engine == "postgresql":
        keys = {name: f",\n    PRIMARY KEY ({columns})" for name, columns in _POSTGRES_KEYS.items()}
        script = _DDL.format(double="DOUBLE PRECISION", **keys) + _POSTGRES_EXTRA
    else:
        script = _DDL.format(double="DOUBLE", **dict.fromkeys(_POSTGRES_KEYS, ""))
    statements = [s.strip() for s in script.split(";\n") if s.strip()]
    return [*statements, f"INSERT INTO meta (key, value) VALUES ('schema_version', '{SCHEMA_VERSION}')"]
