"""Member and campaign lists in an engine history: each upload stores a whole list; the latest wins.

The rules of :mod:`analytics.store.lists`; each row keeps its ``position`` in the file, because a
customer listed twice keeps the first row and engines other than SQLite have no row order (the
SQLite file keeps it as the rowid, :attr:`~analytics.store.engines.base.Engine.list_order`).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import pandas as pd

from analytics.errors import ArgumentError
from analytics.store.engines.base import Engine
from analytics.store.engines.orders import next_upload_id
from analytics.store.results import IngestResult
from analytics.store.shops import fallback_shop, read_shop, shop_filter, write_shop
from analytics.store.values import fingerprint, utc_now


def store_list_engine(
    engine: Engine,
    *,
    kind: str,
    table: str,
    shop: str | None,
    file_name: str,
    rows: pd.DataFrame,
    detail: Mapping[str, Any],
    rows_read: int | None,
    dropped: Mapping[str, int] | None,
) -> IngestResult:
    """Store one list (the rows as :mod:`analytics.store.lists` prepares them) as one upload."""
    if engine.kind == "spark":
        raise ArgumentError("store.engine_read_only", store=engine.where)
    with engine.transaction():
        name = write_shop(shop) or fallback_shop(engine, engine.where)  # type: ignore[arg-type]
        sha = fingerprint(rows)
        base = {
            "shop": name,
            "kind": kind,
            "file_name": file_name,
            "rows_read": int(rows_read) if rows_read is not None else len(rows),
            "rows_used": len(rows),
            "dropped": dict(dropped or {}),
        }
        latest = engine.execute(
            "SELECT upload_id, sha256 FROM uploads WHERE shop = ? AND kind = ? "
            "ORDER BY upload_id DESC LIMIT 1",
            (name, kind),
        ).fetchone()
        if latest and latest[1] == sha:
            return IngestResult(upload_id=int(latest[0]), duplicates=len(rows), skipped=True, **base)
        upload_id = next_upload_id(engine)
        engine.execute(
            "INSERT INTO uploads (upload_id, shop, kind, file_name, sha256, uploaded_at, rows_read, "
            "rows_used, dropped, added, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                upload_id,
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
        frame = rows.reset_index(drop=True).copy()
        if engine.list_order == "position":
            frame.insert(0, "position", pd.RangeIndex(len(frame)).to_numpy(dtype="int64"))
        frame.insert(0, "upload_id", int(upload_id))
        if "tier_rank" in frame:
            frame["tier_rank"] = pd.array(frame["tier_rank"], dtype="Int64")
        for column in frame.columns:
            if column not in ("upload_id", "position", "tier_rank"):
                frame[column] = frame[column].astype("str")
        engine.insert_frame(table, frame)
        return IngestResult(upload_id=int(upload_id), added=len(rows), **base)


def latest_list_rows_engine(
    engine: Engine, shop: str | None, kind: str, select: str
) -> tuple[tuple, pd.DataFrame] | None:
    """Return the shop's latest list of ``kind`` (its upload row) and its rows in file order, or None."""
    clause, params = shop_filter(read_shop(engine, shop, engine.where))  # type: ignore[arg-type]
    latest = engine.execute(
        f"SELECT upload_id, file_name, uploaded_at, detail FROM uploads WHERE kind = ? AND {clause} "
        "ORDER BY upload_id DESC LIMIT 1",
        (kind, *params),
    ).fetchone()
    if latest is None:
        return None
    raw = engine.frame(f"{select} WHERE upload_id = ? ORDER BY {engine.list_order}", (int(latest[0]),))
    return latest, raw
