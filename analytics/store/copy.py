"""Move a history between engines (SQLite file -> PostgreSQL, DuckDB -> SQLite, ...) and check the copy.

Every table is copied as it is (uploads with their ids and counts, every order version, the
effective orders, the member and campaign lists in file order, the tables the writer keeps beside
the orders: :mod:`analytics.store.derived`), a bounded chunk of rows at a
time, inside one transaction of the target. Before that transaction commits, the copy is checked:
the row count of every table, and per shop the valid orders, their sales (summed exactly, in
1/10,000) and their customers must equal the source's. A copy that does not match is rolled back
whole, so the target holds either the whole history or nothing.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pandas as pd

from analytics.errors import ArgumentError
from analytics.store.connection import store_location
from analytics.store.derived import DERIVED_TABLES, ready, rebuild
from analytics.store.engines import open_history
from analytics.store.engines.base import Engine
from analytics.store.engines.orders import KEYED
from analytics.store.values import DAY_FORMAT, TIME_FORMAT

TABLES: dict[str, str] = {
    "uploads": "upload_id",
    "order_versions": "shop, order_id, upload_id",
    "orders": "shop, order_id",
    "members": "upload_id, position",
    "campaigns": "upload_id, position",
    "refund_lines": "shop, refund_key, upload_id",
    # The tables the writer keeps beside the orders (analytics.store.derived), carried as they are.
    "day_totals": "shop, order_day, store, channel, currency",
    "customer_firsts": "shop, customer_id",
    "store_customer_firsts": "shop, store, channel, customer_id",
    "customer_days": "shop, customer_id, order_day",
    "store_customer_days": "shop, customer_id, store, order_day",
    "month_totals": "shop, month",
}
# Their day columns, written as the target keeps days (SQLite: text; engines: dates).
_DAY_COLUMNS = {
    "day_totals": ("order_day",),
    "customer_firsts": ("first_day", "second_day"),
    "store_customer_firsts": ("first_day", "second_day"),
    "customer_days": ("order_day", "prev_day", "next_day", "first_day"),
    "store_customer_days": ("order_day", "prev_day", "next_day", "first_day"),
    "month_totals": ("month",),
}
CHUNK_ROWS = 200_000
_UNITS = "CAST(ROUND(amount * 10000) AS BIGINT)"


def table_counts(engine: Engine, tables: tuple[str, ...] = tuple(TABLES)) -> dict[str, int]:
    """Return the row count of every history table (of ``tables``)."""
    return {
        table: int(engine.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])  # type: ignore[index]
        for table in tables
    }


def shop_totals(engine: Engine) -> dict[str, dict[str, Any]]:
    """Return per shop the valid orders, their sales (exact sum) and their identified customers."""
    rows = engine.execute(
        f"SELECT shop, COUNT(*), COALESCE(SUM({_UNITS}), 0), COUNT(DISTINCT customer_id) "
        "FROM orders WHERE status = 'valid' GROUP BY shop ORDER BY shop"
    )
    return {
        str(shop): {"orders": int(n), "sales": int(units) / 10_000, "customers": int(customers)}
        for shop, n, units, customers in rows
    }


def _chunks(engine: Engine, table: str) -> Iterator[pd.DataFrame]:
    order = TABLES[table]
    select = f"SELECT * FROM {table}"
    if engine.kind == "sqlite" and table in ("members", "campaigns"):
        # SQLite keeps a list's file order as its rowid; the engines keep it as a position.
        rank = "ROW_NUMBER() OVER (PARTITION BY upload_id ORDER BY rowid) - 1"
        select = f"SELECT *, {rank} AS position FROM {table}"
    offset = 0
    while True:
        part = engine.frame(
            f"SELECT * FROM ({select}) AS t ORDER BY {order} LIMIT {CHUNK_ROWS} OFFSET {offset}"
        )
        if part.empty:
            return
        yield part
        offset += len(part)
        if len(part) < CHUNK_ROWS:
            return


def _for_target(frame: pd.DataFrame, table: str, target: str) -> pd.DataFrame:
    """Return rows of ``table`` in the target's representation (SQLite: text days; engines: typed)."""
    frame = frame.copy()
    if table in ("order_versions", "orders", "refund_lines"):
        time, day = frame["order_time"], frame["order_day"]
        if target == "sqlite":
            frame["order_time"] = pd.to_datetime(time).dt.strftime(TIME_FORMAT)
            frame["order_day"] = pd.to_datetime(day).dt.strftime(DAY_FORMAT)
        else:
            frame["order_time"] = pd.to_datetime(time, format="ISO8601").astype("datetime64[us]")
            frame["order_day"] = pd.to_datetime(day, format="ISO8601").astype("datetime64[us]")
    for column in _DAY_COLUMNS.get(table, ()):
        days = pd.to_datetime(frame[column], format="ISO8601")
        frame[column] = days.dt.strftime(DAY_FORMAT) if target == "sqlite" else days.astype("datetime64[us]")
    if table in ("order_versions", "orders"):
        if target == "sqlite":
            frame["is_member"] = pd.array(frame["is_member"], dtype="boolean").astype("Int64")
        else:
            frame["is_member"] = pd.array(frame["is_member"], dtype="Int64").astype("boolean")
        frame = frame[["shop", "upload_id", *KEYED]]
    if table in ("members", "campaigns") and target == "sqlite":
        frame = frame.drop(columns=["position"])
    if "position" in frame:
        frame["position"] = frame["position"].astype("int64")
    return frame


def copy_history(source: str | os.PathLike, target: str | os.PathLike) -> dict[str, Any]:
    """Copy every table of the history ``source`` into the empty history ``target``, and check it.

    Returns
    -------
    dict
        ``from``, ``to`` (as shown, never with a password), ``tables`` (rows per table) and
        ``shops`` (per shop: orders, sales, customers), equal on both sides.

    Raises
    ------
    ArgumentError
        ``store.copy_same`` when both name the same history; ``store.copy_target_not_empty``
        when the target already holds uploads; ``store.copy_mismatch`` when the check fails
        (nothing is kept in the target). Any error of opening either history.
    """
    src, dst = store_location(source), store_location(target)
    if src.shown == dst.shown:
        raise ArgumentError("store.copy_same", store=src.shown)
    with open_history(src) as reader:
        # A Spark warehouse copied before version 5 has no kept tables: the target computes them.
        carried = tuple(t for t in TABLES if ready(reader) or t not in DERIVED_TABLES)
        counts, totals = table_counts(reader, carried), shop_totals(reader)
        with open_history(dst, create=True) as writer:
            if table_counts(writer)["uploads"]:
                raise ArgumentError("store.copy_target_not_empty", store=dst.shown)
            with writer.transaction():
                for table in carried:
                    for part in _chunks(reader, table):
                        writer.insert_frame(table, _for_target(part, table, writer.kind))
                if carried != tuple(TABLES) and writer.kind != "spark":
                    rebuild(writer)
                # A history older than its refund lines says from which upload on it kept them.
                kept_from = reader.execute("SELECT key, value FROM meta WHERE key = 'refunds_from_upload'")
                if rows := kept_from.fetchall():
                    writer.insert_frame("meta", pd.DataFrame(rows, columns=["key", "value"]))
                copied, copied_totals = table_counts(writer, carried), shop_totals(writer)
                if copied != counts or copied_totals != totals:
                    raise ArgumentError(
                        "store.copy_mismatch",
                        source=src.shown,
                        target=dst.shown,
                        expected=str(counts),
                        found=str(copied),
                    )
            writer.refresh_statistics()
    return {"from": src.shown, "to": dst.shown, "tables": counts, "shops": totals}
