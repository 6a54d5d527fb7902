"""Order versions and the effective order: every upload's view of an order is kept, states move forward.

Orders are keyed by ``(shop, order_id)``. Each upload that shows an order adds a version of it
(``order_versions``); the effective order (``orders``) is the version in the furthest state, and
among versions in the same state the one from the most recent upload. States only move forward:
unpaid -> paid (valid) -> closed (cancelled, refunded, cancellation invoice, negative amount). So
an edited export that shows an order as closed makes it leave the figures, an edited amount
replaces the old one, and an older export uploaded again never reopens a closed order.
"""

from __future__ import annotations

import sqlite3

import pandas as pd

from analytics.store.schema import ORDER_VALUE_COLUMNS, VALUE_TYPES

VALID_RANK = 1
# Drop reasons that say something about the order's state; the rest (bad dates, duplicate
# lines, blank rows) say nothing about the order and leave the store alone.
STATE_RANK: dict[str, int] = {
    "unpaid": 0,
    "cancelled": 2,
    "refunded": 2,
    "cancellation_invoice": 2,
    "negative_amount": 2,
}

VALUES = ", ".join(ORDER_VALUE_COLUMNS)
KEYED = f"order_id, status, reason, state_rank, {VALUES}"
# SQL: before-snapshot ``b`` and effective order ``o`` carry the same values.
SAME_VALUES = " AND ".join(f"b.{c} IS o.{c}" for c in ORDER_VALUE_COLUMNS)


def state_rows(invalid: pd.DataFrame | None, valid_ids: pd.Series) -> pd.DataFrame:
    """Return one state row per order id the upload shows as closed or unpaid (and not also valid).

    Parameters
    ----------
    invalid
        ``order_id`` and ``reason`` (a loader drop reason) of the upload's dropped rows; reasons
        outside :data:`STATE_RANK` and rows without an id are ignored.
    valid_ids
        Ids of the upload's valid orders: the loader rolled such an order up from its other
        lines, so a dropped line of it does not close it.
    """
    columns = ["order_id", "status", "reason", "state_rank", *ORDER_VALUE_COLUMNS]
    if invalid is None or len(invalid) == 0:
        return pd.DataFrame(columns=columns)
    rows = invalid.loc[
        invalid["reason"].isin(list(STATE_RANK)) & invalid["order_id"].notna(), ["order_id", "reason"]
    ]
    rows = rows.assign(order_id=rows["order_id"].astype("str").str.strip())
    rows = rows[(rows["order_id"] != "") & ~rows["order_id"].isin(valid_ids)]
    rows = rows.assign(state_rank=rows["reason"].map(STATE_RANK).astype("int64"), status="invalid")
    rows = rows.sort_values("state_rank", ascending=False, kind="stable").drop_duplicates("order_id")
    return rows.reindex(columns=columns)


def create_incoming(conn: sqlite3.Connection) -> None:
    """Create temp table ``incoming`` (the upload's versions) and view ``touched`` (their ids)."""
    conn.execute("DROP TABLE IF EXISTS temp.incoming")
    conn.execute("DROP VIEW IF EXISTS temp.touched")
    columns = ", ".join(f"{c} {VALUE_TYPES[c]}" for c in ORDER_VALUE_COLUMNS)
    conn.execute(
        "CREATE TEMP TABLE incoming (order_id TEXT PRIMARY KEY, status TEXT, reason TEXT, "
        f"state_rank INTEGER, {columns})"
    )
    conn.execute("CREATE TEMP VIEW touched AS SELECT order_id FROM incoming")


def snapshot_before(conn: sqlite3.Connection, shop: str) -> None:
    """Copy the effective orders of the ids in ``touched`` to temp table ``before``, to count changes."""
    conn.execute("DROP TABLE IF EXISTS temp.before")
    conn.execute(
        "CREATE TEMP TABLE before AS SELECT * FROM orders WHERE shop = ? "
        "AND order_id IN (SELECT order_id FROM touched)",
        (shop,),
    )
    conn.execute("CREATE UNIQUE INDEX temp.before_id ON before (order_id)")


def rederive(conn: sqlite3.Connection, shop: str) -> None:
    """Recompute the effective order for every id in ``touched`` from its versions."""
    conn.execute("DELETE FROM orders WHERE shop = ? AND order_id IN (SELECT order_id FROM touched)", (shop,))
    conn.execute(
        f"""INSERT INTO orders (shop, upload_id, {KEYED})
        SELECT shop, upload_id, {KEYED} FROM (
            SELECT v.*, ROW_NUMBER() OVER (
                PARTITION BY v.order_id ORDER BY v.state_rank DESC, v.upload_id DESC) AS pick
            FROM order_versions v
            WHERE v.shop = ? AND v.order_id IN (SELECT order_id FROM touched))
        WHERE pick = 1""",
        (shop,),
    )


def drop_temp(conn: sqlite3.Connection) -> None:
    """Drop the temp tables of an ingest or a deletion."""
    for name in ("before", "incoming", "touched_ids"):
        conn.execute(f"DROP TABLE IF EXISTS temp.{name}")
    conn.execute("DROP VIEW IF EXISTS temp.touched")
