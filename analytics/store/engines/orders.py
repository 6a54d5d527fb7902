"""Store an upload of canonical orders in an engine history: the SQLite store's rules, in one transaction.

The same steps as :mod:`analytics.store.orders`: the shop rule splits the upload, an upload whose
content is already stored for the shop is skipped, every upload's view of an order is kept as a
version, and the effective order is the version in the furthest state (then the latest upload).
The counts (added, updated, duplicates, removed) are computed by the same SQL, so an upload gives
the same result in every engine; the fingerprint is the SQLite store's, so a history copied
between engines still recognises a file uploaded again.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

import pandas as pd

from analytics.errors import ArgumentError
from analytics.store import derived
from analytics.store.engines.base import Engine
from analytics.store.engines.refunds import store_refunds
from analytics.store.order_rows import keyed_orders, sql_rows
from analytics.store.results import IngestResult
from analytics.store.schema import OPTIONAL_COLUMNS, ORDER_VALUE_COLUMNS
from analytics.store.shops import fallback_shop, split_by_shop, write_shop
from analytics.store.values import DAY_FORMAT, fingerprint, utc_now
from analytics.store.versions import VALID_RANK, state_rows

KEYED = ("order_id", "status", "reason", "state_rank", *ORDER_VALUE_COLUMNS)
_KEYED = ", ".join(KEYED)
SAME_VALUES = " AND ".join(f"b.{c} IS NOT DISTINCT FROM o.{c}" for c in ORDER_VALUE_COLUMNS)


def typed_versions(rows: pd.DataFrame, *, text_times: bool = False) -> pd.DataFrame:
    """Return versions (the SQLite store's text rows) with the engine's column types.

    ``text_times``: the engine stores them as that text (SQLite), so they are kept as they are.
    """
    out = rows[list(KEYED)].copy()
    if text_times:
        return out
    out["order_time"] = pd.to_datetime(out["order_time"], format="%Y-%m-%d %H:%M:%S.%f").astype(
        "datetime64[us]"
    )
    out["order_day"] = pd.to_datetime(out["order_day"], format=DAY_FORMAT).astype("datetime64[us]")
    out["state_rank"] = out["state_rank"].astype("int64")
    for name, kind in {"amount": "REAL", **OPTIONAL_COLUMNS}.items():
        if name == "is_member":
            out[name] = pd.array(out[name], dtype="Int64").astype("boolean")
        elif kind == "REAL":
            out[name] = pd.to_numeric(out[name]).astype("float64")
        else:
            out[name] = out[name].astype("str")
    for name in ("order_id", "status", "reason", "customer_id"):
        out[name] = out[name].astype("str")
    return out


def next_upload_id(engine: Engine) -> int:
    """Return the next upload id (the caller holds the writer lock)."""
    return engine.next_upload_id()


def rederive(engine: Engine, shop: str, ids: str) -> None:
    """Insert the effective order of each id in temp table ``ids`` (deleted before) from its versions.

    The effective order is the version in the furthest state, then from the latest upload.
    """
    engine.execute(
        f"""INSERT INTO orders (shop, upload_id, {_KEYED})
        SELECT shop, upload_id, {_KEYED} FROM (
            SELECT v.*, ROW_NUMBER() OVER (
                PARTITION BY v.order_id ORDER BY v.state_rank DESC, v.upload_id DESC) AS pick
            FROM order_versions v
            WHERE v.shop = ? AND v.order_id IN (SELECT order_id FROM {ids})) AS ranked
        WHERE pick = 1""",
        (shop,),
    )


def _store_order_upload(
    engine: Engine,
    *,
    shop: str,
    file_name: str,
    orders: pd.DataFrame,
    invalid: pd.DataFrame,
    rows_read: int,
    rows_used: int,
    dropped: Mapping[str, int],
    uploaded_at: str,
) -> IngestResult:
    """Store one upload of one shop in the caller's transaction and count what changed."""
    valid = sql_rows(orders)
    states = state_rows(invalid, valid["order_id"])
    sha = fingerprint(valid.drop(columns=["status", "reason", "state_rank"]), states[["order_id", "reason"]])
    base = {
        "shop": shop,
        "kind": "orders",
        "file_name": file_name,
        "rows_read": rows_read,
        "rows_used": rows_used,
        "dropped": dict(dropped),
    }
    known = engine.execute(
        "SELECT upload_id FROM uploads WHERE shop = ? AND kind = 'orders' AND sha256 = ?", (shop, sha)
    ).fetchone()
    if known:
        return IngestResult(upload_id=int(known[0]), duplicates=len(valid), skipped=True, **base)
    days = orders["order_day"]
    upload_id = next_upload_id(engine)
    engine.execute(
        "INSERT INTO uploads (upload_id, shop, kind, file_name, sha256, uploaded_at, rows_read, rows_used, "
        "dropped, first_day, last_day) VALUES (?, ?, 'orders', ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            upload_id,
            shop,
            file_name,
            sha,
            uploaded_at,
            rows_read,
            rows_used,
            json.dumps(dict(dropped)),
            days.min().strftime(DAY_FORMAT) if len(days) else None,
            days.max().strftime(DAY_FORMAT) if len(days) else None,
        ),
    )
    versions = typed_versions(
        pd.concat([valid, states], ignore_index=True) if len(states) else valid,
        text_times=engine.stores_text_times,
    )
    versions.insert(0, "upload_id", upload_id)
    versions.insert(0, "shop", shop)
    engine.stage_versions(versions)
    engine.execute("DROP TABLE IF EXISTS before")
    engine.execute(
        "CREATE TEMP TABLE before AS SELECT * FROM orders WHERE shop = ? "
        "AND order_id IN (SELECT order_id FROM incoming)",
        (shop,),
    )
    engine.index_before()
    if len(versions) > 10_000:
        # The planner must know this upload's size (and the snapshot's) before the joins below.
        engine.refresh_statistics(("order_versions", "before"))
    # Every stored id has an effective order, so an id not in "before" has no other version: its
    # effective order is this upload's version as it is. Only ids stored before are re-derived
    # from all their versions (a first load of a million orders then sorts nothing).
    engine.execute("DELETE FROM orders WHERE shop = ? AND order_id IN (SELECT order_id FROM before)", (shop,))
    with engine.bulk_orders(len(versions)):
        # Sorted by id, the primary key of orders grows at its end instead of at a random leaf.
        engine.execute(
            f"""INSERT INTO orders (shop, upload_id, {_KEYED})
            SELECT shop, upload_id, {_KEYED} FROM incoming i
            WHERE NOT EXISTS (SELECT 1 FROM before b WHERE b.order_id = i.order_id)
            ORDER BY i.order_id"""
        )
        rederive(engine, shop, "before")
    # An id not stored before is now exactly its incoming version: added when valid. Only the ids
    # stored before need their effective order compared (a first load joins nothing).
    valid_in, valid_before, added_before, updated, removed = (
        int(v)
        for v in engine.execute(
            f"""SELECT
            (SELECT COUNT(*) FROM incoming WHERE status = 'valid'),
            COALESCE(SUM(CASE WHEN i.status = 'valid' THEN 1 ELSE 0 END), 0),
            COALESCE(SUM(CASE WHEN i.status = 'valid' AND o.status = 'valid' AND b.status = 'invalid'
                THEN 1 ELSE 0 END), 0),
            COALESCE(SUM(CASE WHEN i.status = 'valid' AND o.status = 'valid' AND b.status = 'valid'
                AND NOT ({SAME_VALUES}) THEN 1 ELSE 0 END), 0),
            COALESCE(SUM(CASE WHEN b.status = 'valid' AND o.status = 'invalid' THEN 1 ELSE 0 END), 0)
        FROM before b
        JOIN incoming i ON i.order_id = b.order_id
        JOIN orders o ON o.shop = ? AND o.order_id = b.order_id""",
            (shop,),
        ).fetchone()  # type: ignore[union-attr]
    )
    added = valid_in - valid_before + added_before
    duplicates = len(valid) - added - updated
    engine.execute(
        "UPDATE uploads SET added = ?, updated = ?, duplicates = ?, removed = ? WHERE upload_id = ?",
        (added, updated, duplicates, removed, upload_id),
    )
    # The kept day totals and first days of what moved, in this transaction (analytics.store.derived).
    derived.refresh(engine, shop)
    engine.drop_staged()
    return IngestResult(
        upload_id=upload_id, added=added, updated=updated, duplicates=duplicates, removed=removed, **base
    )


def checked_orders(orders: pd.DataFrame, *, has_order_ids: bool, file_name: str) -> pd.DataFrame:
    """Return the upload's orders keyed as the store keys them; refuse an order id given twice.

    Raises
    ------
    ArgumentError
        ``store.repeated_order_ids``, before anything is opened or written.
    """
    orders = keyed_orders(orders, has_order_ids)
    repeated = orders["order_id"][orders["order_id"].duplicated()]
    if len(repeated):
        raise ArgumentError(
            "store.repeated_order_ids", file=file_name, examples=list(repeated.astype("str").unique()[:3])
        )
    return orders


def ingest_frame_engine(
    engine: Engine,
    orders: pd.DataFrame,
    *,
    invalid: pd.DataFrame | None,
    file_name: str,
    shop: str | None,
    rows_read: int | None,
    rows_used: int | None,
    dropped: Mapping[str, int] | None,
    refunds: pd.DataFrame | None = None,
) -> list[IngestResult]:
    """Store one upload (orders keyed by :func:`checked_orders`) in an open history, any engine.

    See :func:`analytics.store.ingest_frame` for the parameters and the rules.
    """
    if engine.kind == "spark":
        raise ArgumentError("store.engine_read_only", store=engine.where)
    dropped = dict(dropped or {})
    read_total = rows_read if rows_read is not None else len(orders)
    used_total = rows_used if rows_used is not None else len(orders)
    invalid = invalid if invalid is not None else pd.DataFrame(columns=["order_id", "reason"])
    with engine.transaction():
        chosen = write_shop(shop)
        parts = split_by_shop(orders, chosen, chosen or fallback_shop(engine, engine.where))  # type: ignore[arg-type]
        uploaded_at = utc_now()
        results = []
        for position, (name, part) in enumerate(parts.items()):
            part_invalid = invalid
            if len(parts) > 1:
                held = {r[0] for r in engine.execute("SELECT order_id FROM orders WHERE shop = ?", (name,))}
                part_invalid = invalid[invalid["order_id"].astype("str").isin(held)]
            others = len(orders) - len(part)
            results.append(
                _store_order_upload(
                    engine,
                    shop=name,
                    file_name=file_name,
                    orders=part,
                    invalid=part_invalid,
                    rows_read=len(part) if position else read_total - others,
                    rows_used=len(part) if position else used_total - others,
                    dropped={} if position else dropped,
                    uploaded_at=uploaded_at,
                )
            )
        # Refund lines name no store: a file split across shops keeps them with its first shop's
        # upload (as it keeps its dropped rows), so they are counted once.
        if results:
            store_refunds(engine, results[0].shop, results[0].upload_id, refunds)
    if any(r.added or r.updated or r.removed for r in results):
        engine.refresh_statistics((*STATISTICS, *derived.DERIVED_TABLES))
    return results


__all__ = ["VALID_RANK", "ingest_frame_engine", "typed_versions"]

# The tables whose sizes an ingest changes (the planner is told after a bulk write).
STATISTICS = ("orders", "order_versions", "uploads")


def delete_upload_engine(engine: Engine, upload_id: int) -> dict[str, object]:
    """Delete one upload and what only it supplied (see :func:`analytics.store.delete_upload`)."""
    if engine.kind == "spark":
        raise ArgumentError("store.engine_read_only", store=engine.where)
    with engine.transaction():
        row = engine.execute(
            "SELECT shop, kind, file_name FROM uploads WHERE upload_id = ?", (upload_id,)
        ).fetchone()
        if row is None:
            raise ArgumentError("store.unknown_upload", file=engine.where, upload_id=str(upload_id))
        shop, kind, file_name = (str(v) for v in row)
        engine.execute("DROP VIEW IF EXISTS incoming")
        engine.execute("DROP TABLE IF EXISTS incoming")
        engine.execute("DROP TABLE IF EXISTS before")
        # "incoming" holds the versions the upload supplied, so the rederive below is the ingest's.
        if engine.kind == "postgresql":
            engine.execute(
                "CREATE TEMP TABLE incoming ON COMMIT DROP AS "
                "SELECT * FROM order_versions WHERE upload_id = %s",
                (upload_id,),
                native=True,
            )
        else:
            engine.execute(
                "CREATE TEMP TABLE incoming AS SELECT * FROM order_versions WHERE upload_id = ?", (upload_id,)
            )
        engine.execute(
            "CREATE TEMP TABLE before AS SELECT * FROM orders WHERE shop = ? "
            "AND order_id IN (SELECT order_id FROM incoming)",
            (shop,),
        )
        engine.execute("DELETE FROM order_versions WHERE upload_id = ?", (upload_id,))
        engine.execute(
            "DELETE FROM orders WHERE shop = ? AND order_id IN (SELECT order_id FROM incoming)", (shop,)
        )
        rederive(engine, shop, "incoming")
        derived.refresh(engine, shop)  # "before" and "incoming" name what moved, as in an ingest
        removed, restored, changed = (
            int(v)
            for v in engine.execute(
                f"""SELECT
                COALESCE(SUM(CASE WHEN b.status = 'valid' AND (o.status IS NULL OR o.status = 'invalid')
                    THEN 1 ELSE 0 END), 0),
                COALESCE(SUM(CASE WHEN b.status = 'invalid' AND o.status = 'valid' THEN 1 ELSE 0 END), 0),
                COALESCE(SUM(CASE WHEN b.status = 'valid' AND o.status = 'valid' AND NOT ({SAME_VALUES})
                    THEN 1 ELSE 0 END), 0)
            FROM before b LEFT JOIN orders o ON o.shop = b.shop AND o.order_id = b.order_id"""
            ).fetchone()  # type: ignore[union-attr]
        )
        engine.execute("DELETE FROM members WHERE upload_id = ?", (upload_id,))
        engine.execute("DELETE FROM campaigns WHERE upload_id = ?", (upload_id,))
        engine.execute("DELETE FROM refund_lines WHERE upload_id = ?", (upload_id,))
        engine.execute("DELETE FROM uploads WHERE upload_id = ?", (upload_id,))
        engine.execute("DROP TABLE IF EXISTS incoming")
        engine.execute("DROP TABLE IF EXISTS before")
    return {
        "upload_id": upload_id,
        "shop": shop,
        "kind": kind,
        "file_name": file_name,
        "removed": removed,
        "restored": restored,
        "changed": changed,
    }
