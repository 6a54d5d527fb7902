"""Store an upload of canonical orders, or preview it over the history without storing it.

The store takes the loader's canonical frames only: the valid orders (one row per order), the
``order_id``/``reason`` of the rows the loader dropped, and the row accounting. Reading files is
the caller's part (the ``ingest`` command, the dashboard), so a bad file stores nothing.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Mapping

import pandas as pd

from analytics.errors import ArgumentError
from analytics.store.connection import open_store, store_location, store_path, transaction
from analytics.store.order_rows import keyed_orders, sql_rows
from analytics.store.results import IngestResult
from analytics.store.schema import ORDER_VALUE_COLUMNS
from analytics.store.shops import fallback_shop, split_by_shop, write_shop
from analytics.store.values import DAY_FORMAT, fingerprint, sql_tuples, utc_now
from analytics.store.versions import (
    KEYED,
    SAME_VALUES,
    VALID_RANK,
    create_incoming,
    drop_temp,
    rederive,
    snapshot_before,
    state_rows,
)


def _store_order_upload(
    conn: sqlite3.Connection,
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
    known = conn.execute(
        "SELECT upload_id FROM uploads WHERE shop = ? AND kind = 'orders' AND sha256 = ?", (shop, sha)
    ).fetchone()
    if known:
        return IngestResult(upload_id=known[0], duplicates=len(valid), skipped=True, **base)
    days = orders["order_day"]
    cur = conn.execute(
        "INSERT INTO uploads (shop, kind, file_name, sha256, uploaded_at, rows_read, rows_used, dropped, "
        "first_day, last_day) VALUES (?, 'orders', ?, ?, ?, ?, ?, ?, ?, ?)",
        (
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
    upload_id = int(cur.lastrowid)
    create_incoming(conn)
    marks = ", ".join("?" * (4 + len(ORDER_VALUE_COLUMNS)))
    conn.executemany(f"INSERT INTO incoming ({KEYED}) VALUES ({marks})", sql_tuples(valid))
    conn.executemany(f"INSERT OR IGNORE INTO incoming ({KEYED}) VALUES ({marks})", sql_tuples(states))
    snapshot_before(conn, shop)
    conn.execute(
        f"INSERT INTO order_versions (shop, upload_id, {KEYED}) SELECT ?, ?, {KEYED} FROM incoming",
        (shop, upload_id),
    )
    rederive(conn, shop)
    added, updated, removed = conn.execute(
        f"""SELECT
            COALESCE(SUM(i.status = 'valid' AND o.status = 'valid'
                AND (b.status IS NULL OR b.status = 'invalid')), 0),
            COALESCE(SUM(i.status = 'valid' AND o.status = 'valid' AND b.status = 'valid'
                AND NOT ({SAME_VALUES})), 0),
            COALESCE(SUM(b.status = 'valid' AND o.status = 'invalid'), 0)
        FROM incoming i
        JOIN orders o ON o.shop = ? AND o.order_id = i.order_id
        LEFT JOIN before b ON b.order_id = i.order_id""",
        (shop,),
    ).fetchone()
    duplicates = len(valid) - added - updated
    conn.execute(
        "UPDATE uploads SET added = ?, updated = ?, duplicates = ?, removed = ? WHERE upload_id = ?",
        (added, updated, duplicates, removed, upload_id),
    )
    drop_temp(conn)
    return IngestResult(
        upload_id=upload_id, added=added, updated=updated, duplicates=duplicates, removed=removed, **base
    )


def ingest_frame(
    path: str | os.PathLike | None,
    orders: pd.DataFrame,
    *,
    invalid: pd.DataFrame | None = None,
    file_name: str,
    shop: str | None = None,
    rows_read: int | None = None,
    rows_used: int | None = None,
    dropped: Mapping[str, int] | None = None,
    has_order_ids: bool = True,
) -> list[IngestResult]:
    """Store one upload given as a canonical orders frame; return what changed, per shop.

    Each call is one transaction: a process killed mid-ingest leaves the store as it was.

    Parameters
    ----------
    path
        Store file or URL (see :func:`~analytics.store.connection.store_location`).
    orders
        Canonical orders frame of the upload (one row per valid order).
    invalid
        Rows the upload shows as not (or no longer) valid: columns ``order_id`` (normalised as in
        ``orders``) and ``reason`` (a loader drop reason), the loader's ``invalid_orders``.
        Reasons in :data:`~analytics.store.versions.STATE_RANK` change the stored order's state;
        others are ignored.
    file_name
        Name shown in the list of uploads.
    shop
        Shop the upload belongs to; default by the shop rule
        (:func:`~analytics.store.shops.split_by_shop`): the file's store column (a file naming
        several stores is split into one upload per store), else the store's only shop, else
        ``"default"``.
    rows_read, rows_used, dropped
        Row accounting of the upload, kept with it (defaults: one row per order, nothing
        dropped). A file split across shops keeps its dropped rows with its first shop's
        upload; the other shops' uploads count one row per order.
    has_order_ids
        False when the export had no order id column (the loader's ``has_order_ids``): its orders
        are then keyed by content (customer, time, amount), so overlapping exports still count
        each order once.

    Raises
    ------
    ArgumentError
        ``store.repeated_order_ids`` when an order id repeats in ``orders`` (nothing is stored);
        a shop error of :mod:`analytics.store.shops`.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> from analytics.frames import orders_frame
    >>> db = Path(tempfile.mkdtemp()) / "h.sqlite"
    >>> week = orders_frame(customer_id=["a", "b"], order_day=["2025-01-06", "2025-01-07"])
    >>> [r.added for r in ingest_frame(db, week, file_name="w1.csv")]
    [2]
    >>> [(r.added, r.duplicates) for r in ingest_frame(db, week.iloc[:1], file_name="w1-part.csv")]
    [(0, 1)]
    """
    location = store_location(path)
    if not location.is_file:
        from analytics.store.engines import open_engine
        from analytics.store.engines.orders import ingest_frame_engine

        with open_engine(location, create=True) as engine:
            return ingest_frame_engine(
                engine,
                orders,
                invalid=invalid,
                file_name=file_name,
                shop=shop,
                rows_read=rows_read,
                rows_used=rows_used,
                dropped=dropped,
                has_order_ids=has_order_ids,
            )
    where = store_path(path)
    orders = keyed_orders(orders, has_order_ids)
    repeated = orders["order_id"][orders["order_id"].duplicated()]
    if len(repeated):
        raise ArgumentError(
            "store.repeated_order_ids", file=file_name, examples=list(repeated.astype("str").unique()[:3])
        )
    dropped = dict(dropped or {})
    read_total = rows_read if rows_read is not None else len(orders)
    used_total = rows_used if rows_used is not None else len(orders)
    invalid = invalid if invalid is not None else pd.DataFrame(columns=["order_id", "reason"])
    with open_store(where, create=True) as conn, transaction(conn):
        chosen = write_shop(shop)
        parts = split_by_shop(orders, chosen, chosen or fallback_shop(conn, where))
        uploaded_at = utc_now()
        results = []
        for position, (name, part) in enumerate(parts.items()):
            part_invalid = invalid
            if len(parts) > 1:
                # A split file's closed orders are applied to the shop that already holds them:
                # order ids are unique in the exporting system, not known per store.
                held = {r[0] for r in conn.execute("SELECT order_id FROM orders WHERE shop = ?", (name,))}
                part_invalid = invalid[invalid["order_id"].astype("str").isin(held)]
            # The first shop's upload keeps the dropped rows, so the file's rows still add up
            # over its uploads and each upload balances (rows_read = rows_used + dropped).
            others = len(orders) - len(part)
            results.append(
                _store_order_upload(
                    conn,
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
        return results


def with_upload(
    stored: pd.DataFrame,
    orders: pd.DataFrame,
    *,
    invalid: pd.DataFrame | None = None,
    has_order_ids: bool = True,
) -> pd.DataFrame:
    """Return one shop's stored orders with an upload applied, without storing it.

    The same rules as :func:`ingest_frame`: the upload's version of an order replaces the stored
    one, an order the upload shows as closed, refunded or cancelled leaves, an order it shows as
    unpaid stays paid, and exports without an order id column are matched by content. Use it to
    show figures over the history plus the current upload before (or instead of) keeping it.

    Examples
    --------
    >>> from analytics.frames import orders_frame
    >>> stored = orders_frame(customer_id=["a", "b"], order_day=["2025-01-01", "2025-01-02"], amount=[5, 6])
    >>> new = orders_frame(customer_id=["b"], order_day=["2025-01-02"], amount=[4], order_id=["o2"])
    >>> with_upload(stored, new).amount.tolist()
    [5.0, 4.0]
    """
    current = keyed_orders(orders, has_order_ids)
    closed = state_rows(invalid, current["order_id"])
    leaving = closed.loc[closed["state_rank"] > VALID_RANK, "order_id"]
    replaced = stored["order_id"].isin(current["order_id"]) | stored["order_id"].isin(leaving)
    combined = pd.concat([stored[~replaced], current], ignore_index=True)
    return combined.sort_values(["order_time", "order_id"], kind="stable", ignore_index=True)
