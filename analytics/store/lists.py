"""Member and campaign lists: each upload stores a whole list; the latest list of a shop is used."""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Mapping
from typing import Any

import pandas as pd

from analytics.store.connection import open_store, store_location, store_path, transaction
from analytics.store.results import IngestResult
from analytics.store.shops import fallback_shop, read_shop, shop_filter, write_shop
from analytics.store.values import TIME_FORMAT, fingerprint, sql_tuples, utc_now


def _store_list(
    path: str | os.PathLike | None,
    *,
    kind: str,
    shop: str | None,
    file_name: str,
    rows: pd.DataFrame,
    insert_sql: str,
    detail: Mapping[str, Any],
    rows_read: int | None,
    dropped: Mapping[str, int] | None,
) -> IngestResult:
    location = store_location(path)
    if not location.is_file:
        from analytics.store.engines import open_engine
        from analytics.store.engines.lists import store_list_engine

        with open_engine(location, create=True) as engine:
            return store_list_engine(
                engine,
                kind=kind,
                table="members" if kind == "members" else "campaigns",
                shop=shop,
                file_name=file_name,
                rows=rows,
                detail=detail,
                rows_read=rows_read,
                dropped=dropped,
            )
    where = store_path(path)
    with open_store(where, create=True) as conn, transaction(conn):
        name = write_shop(shop) or fallback_shop(conn, where)
        sha = fingerprint(rows)
        base = {
            "shop": name,
            "kind": kind,
            "file_name": file_name,
            "rows_read": int(rows_read) if rows_read is not None else len(rows),
            "rows_used": len(rows),
            "dropped": dict(dropped or {}),
        }
        latest = conn.execute(
            "SELECT upload_id, sha256 FROM uploads WHERE shop = ? AND kind = ? "
            "ORDER BY upload_id DESC LIMIT 1",
            (name, kind),
        ).fetchone()
        # Only the latest list counts, so an identical list is a no-op only if it is the latest.
        if latest and latest[1] == sha:
            return IngestResult(upload_id=latest[0], duplicates=len(rows), skipped=True, **base)
        cur = conn.execute(
            "INSERT INTO uploads (shop, kind, file_name, sha256, uploaded_at, rows_read, rows_used, dropped, "
            "added, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                name,
                kind,
                file_name,
                sha,
                utc_now(),
                base["rows_read"],
                len(rows),
                json.dumps(base["dropped"]),
                len(rows),
                json.dumps(dict(detail), ensure_ascii=False),
            ),
        )
        upload_id = int(cur.lastrowid)
        conn.executemany(insert_sql, [(upload_id, *row) for row in sql_tuples(rows)])
        return IngestResult(upload_id=upload_id, added=len(rows), **base)


def ingest_members(
    path: str | os.PathLike | None,
    members: pd.DataFrame,
    *,
    file_name: str = "members",
    shop: str | None = None,
    rows_read: int | None = None,
    dropped: Mapping[str, int] | None = None,
) -> IngestResult:
    """Store a member list; the latest list of a shop is the one the figures use.

    Parameters
    ----------
    members
        Canonical members frame: customer_id, tier (an ordered Categorical, low to high), joined.
        The tier order is kept, unused tiers included.
    file_name
        Name shown in the list of uploads.
    shop
        Shop the list belongs to (see :func:`~analytics.store.shops.lists_shop`); default: the
        store's only shop, else ``"default"``.
    rows_read, dropped
        The loader's row accounting of the list (defaults: one row per member, nothing dropped).
    """
    tier = members["tier"] if "tier" in members else pd.Series(pd.NA, index=members.index, dtype="str")
    tiers = list(tier.cat.categories) if isinstance(tier.dtype, pd.CategoricalDtype) else []
    rank = (
        tier.cat.codes.where(tier.notna()).astype("Int64") if tiers else pd.Series(pd.NA, index=members.index)
    )
    joined = members["joined"] if "joined" in members else pd.Series(pd.NaT, index=members.index)
    rows = pd.DataFrame(
        {
            "customer_id": members["customer_id"].astype("str"),
            "tier": tier.astype("str"),
            "tier_rank": rank,
            "joined": pd.to_datetime(joined).dt.strftime(TIME_FORMAT),
        }
    )
    return _store_list(
        path,
        kind="members",
        shop=shop,
        file_name=file_name,
        rows=rows,
        insert_sql="INSERT INTO members (upload_id, customer_id, tier, tier_rank, joined) "
        "VALUES (?, ?, ?, ?, ?)",
        detail={"tiers": [str(t) for t in tiers]},
        rows_read=rows_read,
        dropped=dropped,
    )


def ingest_campaign(
    path: str | os.PathLike | None,
    campaign: pd.DataFrame,
    *,
    file_name: str = "campaign",
    shop: str | None = None,
    rows_read: int | None = None,
    dropped: Mapping[str, int] | None = None,
) -> IngestResult:
    """Store a campaign list (customer_id, group, start); the latest list of a shop is used.

    Parameters are those of :func:`ingest_members`, for a canonical campaign frame.
    """
    start = campaign["start"] if "start" in campaign else pd.Series(pd.NaT, index=campaign.index)
    rows = pd.DataFrame(
        {
            "customer_id": campaign["customer_id"].astype("str"),
            "grp": campaign["group"].astype("str"),
            "start": pd.to_datetime(start).dt.strftime(TIME_FORMAT),
        }
    )
    return _store_list(
        path,
        kind="campaign",
        shop=shop,
        file_name=file_name,
        rows=rows,
        insert_sql="INSERT INTO campaigns (upload_id, customer_id, grp, start) VALUES (?, ?, ?, ?)",
        detail={},
        rows_read=rows_read,
        dropped=dropped,
    )


def _latest_list(conn: sqlite3.Connection, kind: str, shop: str | None) -> tuple[Any, ...] | None:
    clause, params = shop_filter(shop)
    return conn.execute(
        f"SELECT upload_id, file_name, uploaded_at, detail FROM uploads WHERE kind = ? AND {clause} "
        "ORDER BY upload_id DESC LIMIT 1",
        (kind, *params),
    ).fetchone()


def latest_list_rows(
    path: str | os.PathLike | None, shop: str | None, kind: str, select: str
) -> tuple[tuple, pd.DataFrame] | None:
    """Return the shop's latest list of ``kind`` (its upload row) and its rows in file order, or None.

    ``select`` is the ``SELECT ... FROM members|campaigns`` part; the rows of the latest upload
    are appended. With :data:`~analytics.store.shops.ALL_SHOPS` the most recent list of any shop.
    """
    location = store_location(path)
    if not location.is_file:
        from analytics.store.engines import open_engine
        from analytics.store.engines.lists import latest_list_rows_engine

        with open_engine(location) as engine:
            return latest_list_rows_engine(engine, shop, kind, select)
    where = store_path(path)
    with open_store(where) as conn:
        latest = _latest_list(conn, kind, read_shop(conn, shop, where))
        if latest is None:
            return None
        raw = pd.read_sql_query(f"{select} WHERE upload_id = ? ORDER BY rowid", conn, params=(latest[0],))
    return latest, raw
