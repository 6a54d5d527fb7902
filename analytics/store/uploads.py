"""The stored uploads: list them, delete one, the loaded-days calendar and a store summary.

Deleting an upload removes its versions: orders only it supplied leave the figures, orders other
uploads also supplied stay with what the remaining uploads say.
"""

from __future__ import annotations

import json
import os
from typing import Any

import pandas as pd

from analytics.store.connection import open_store, store_location, store_path
from analytics.store.schema import SCHEMA_VERSION
from analytics.store.shops import ALL_SHOPS, read_shop, shop_filter, shops_in
from analytics.store.values import read_days


def list_uploads(path: str | os.PathLike | None = None, *, shop: str | None = ALL_SHOPS) -> pd.DataFrame:
    """Return the stored uploads, oldest first, with what each changed and what it supplies.

    Columns: upload_id, shop, kind, file_name, uploaded_at (UTC text), first_day, last_day
    (datetime64), rows_read, rows_used, dropped (dict), added, updated, duplicates, removed (as
    counted when it was ingested), orders (valid orders it supplied) and only_here (orders in
    the figures that no other upload supplies: what deleting it would remove).
    """
    location = store_location(path)
    if not location.is_file:
        from analytics.store.engines import open_engine
        from analytics.store.engines.read import list_uploads_engine

        with open_engine(location) as engine:
            return list_uploads_engine(engine, shop)
    where = store_path(path)
    with open_store(where) as conn:
        chosen = read_shop(conn, shop, where)
        clause, params = shop_filter(chosen, "u.")
        frame = pd.read_sql_query(
            f"""SELECT u.upload_id, u.shop, u.kind, u.file_name, u.uploaded_at, u.first_day, u.last_day,
                u.rows_read, u.rows_used, u.dropped, u.added, u.updated, u.duplicates, u.removed,
                (SELECT COUNT(*) FROM order_versions v
                 WHERE v.upload_id = u.upload_id AND v.status = 'valid') AS orders,
                (SELECT COUNT(*) FROM order_versions v JOIN orders o USING (shop, order_id)
                 WHERE v.upload_id = u.upload_id AND o.status = 'valid' AND NOT EXISTS (
                    SELECT 1 FROM order_versions w WHERE w.shop = v.shop AND w.order_id = v.order_id
                    AND w.upload_id != v.upload_id)) AS only_here
            FROM uploads u WHERE {clause} ORDER BY u.upload_id""",
            conn,
            params=params,
        )
    frame["file_name"] = frame["file_name"].astype("str")
    for name in ("shop", "kind", "uploaded_at"):
        frame[name] = frame[name].astype("str")
    for name in ("first_day", "last_day"):
        frame[name] = read_days(frame[name])
    frame["dropped"] = frame["dropped"].map(json.loads)
    return frame


def delete_upload(path: str | os.PathLike | None, upload_id: int) -> dict[str, Any]:
    """Delete one upload and what only it supplied; return what changed.

    Orders that other uploads also supplied stay, with the values those uploads give (an order
    this upload had closed comes back if another upload shows it valid). Deleting a member or
    campaign list makes the previous list of the shop the latest again.

    Returns
    -------
    dict
        upload_id, shop, kind, file_name, removed (orders that left the figures), restored
        (orders that came back), changed (orders now showing another upload's values).

    Raises
    ------
    ArgumentError
        ``store.unknown_upload`` when no upload has this id.
    """
    from analytics.store.engines import open_history
    from analytics.store.engines.orders import delete_upload_engine

    # One code deletes from every history, the SQLite file included (the ingest's writer).
    with open_history(store_location(path)) as engine:
        return delete_upload_engine(engine, int(upload_id))


def loaded_days(path: str | os.PathLike | None = None, *, shop: str | None = None) -> pd.DataFrame:
    """Return one row per calendar day from the first to the last loaded day, for the calendar strip.

    Columns: ``day`` (datetime64 midnight), ``orders`` (valid orders that day) and ``covered``
    (the day lies within some order upload's first..last day). A day with no orders that is
    covered is a real quiet day; one that is not covered is a gap in the uploads.
    """
    location = store_location(path)
    if not location.is_file:
        from analytics.store.engines import open_engine
        from analytics.store.engines.read import loaded_days_engine

        with open_engine(location) as engine:
            counts, spans = loaded_days_engine(engine, shop)
        return _calendar(counts, spans)
    where = store_path(path)
    with open_store(where) as conn:
        chosen = read_shop(conn, shop, where)
        clause, params = shop_filter(chosen)
        counts = pd.read_sql_query(
            f"SELECT order_day AS day, COUNT(*) AS orders FROM orders WHERE status = 'valid' AND {clause} "
            "GROUP BY order_day",
            conn,
            params=params,
        )
        spans = pd.read_sql_query(
            "SELECT first_day, last_day FROM uploads "
            f"WHERE kind = 'orders' AND first_day IS NOT NULL AND {clause}",
            conn,
            params=params,
        )
    return _calendar(counts, spans)


def _calendar(counts: pd.DataFrame, spans: pd.DataFrame) -> pd.DataFrame:
    """Return the calendar strip from orders per day (day text) and the uploads' first/last days."""
    if counts.empty:
        return pd.DataFrame(
            {
                "day": pd.Series(dtype="datetime64[ns]"),
                "orders": pd.Series(dtype="int64"),
                "covered": pd.Series(dtype="bool"),
            }
        )
    counts["day"] = read_days(counts["day"])
    first = read_days(spans["first_day"]).to_numpy(dtype="datetime64[ns]")
    last = read_days(spans["last_day"]).to_numpy(dtype="datetime64[ns]")
    begin = min(counts["day"].min(), *first) if len(first) else counts["day"].min()
    end = max(counts["day"].max(), *last) if len(last) else counts["day"].max()
    frame = pd.DataFrame({"day": pd.date_range(begin, end, freq="D").astype("datetime64[ns]")})
    frame["orders"] = frame["day"].map(counts.set_index("day")["orders"]).fillna(0).astype("int64")
    day_values = frame["day"].to_numpy()[:, None]
    # Days x uploads comparison: a year of days times a few hundred uploads stays small.
    frame["covered"] = ((day_values >= first[None, :]) & (day_values <= last[None, :])).any(axis=1)
    return frame


def store_summary(path: str | os.PathLike | None = None) -> dict[str, Any]:
    """Return the store path, schema version, shops and order count per shop (for the CLI and sidebar)."""
    location = store_location(path)
    if not location.is_file:
        from analytics.store.engines import open_engine
        from analytics.store.engines.read import store_summary_engine

        with open_engine(location) as engine:
            return store_summary_engine(engine)
    where = store_path(path)
    with open_store(where) as conn:
        per_shop = dict(
            conn.execute(
                "SELECT shop, COUNT(*) FROM orders WHERE status = 'valid' GROUP BY shop ORDER BY shop"
            )
        )
        shops = shops_in(conn)
    return {
        "store": str(where),
        "schema_version": SCHEMA_VERSION,
        "shops": shops,
        "orders": {s: int(per_shop.get(s, 0)) for s in shops},
    }


def history_stamp(path: str | os.PathLike | None = None) -> str:
    """Return what changes whenever the history's uploads change (part of the dashboard's cache keys).

    A file: its modification times (the SQLite ``-wal`` file included, and DuckDB's ``.wal``: a
    write while the process keeps the file open, see :data:`analytics.store.pages.KEEP_OPEN_S`,
    stays there until the file is closed). A server: the number of
    uploads and the sum and largest of their ids, read in one small query (an ingest adds an id,
    a deletion removes one).
    """
    location = store_location(path)
    if location.is_file or location.engine == "duckdb":
        where = store_path(path)
        logs = (where.with_name(where.name + "-wal"), where.with_name(where.name + ".wal"))
        stamps = [p.stat().st_mtime_ns for p in (where, *logs) if p.exists()]
        return str(max(stamps)) if stamps else "0"
    from analytics.store.engines import open_engine

    with open_engine(location) as engine:
        row = engine.execute(
            "SELECT COUNT(*), COALESCE(SUM(upload_id), 0), COALESCE(MAX(upload_id), 0) FROM uploads"
        ).fetchone()
    return ",".join(str(v) for v in row or ())
