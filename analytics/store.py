"""Embedded history of weekly uploads (SQLite), read back as the canonical frames.

A manager uploads this week's export every Monday; "returning customer" and every trend need
the months before. Each upload is stored once in a SQLite file and the figures are computed
over everything stored.

Why SQLite: two browser tabs run in two processes, and both may ingest at once. SQLite in WAL
mode with ``BEGIN IMMEDIATE`` and a busy timeout lets writers from several processes queue for
the write lock instead of failing, and every ingest is one atomic transaction, so a process
killed mid-ingest leaves the store exactly as it was. DuckDB allows one writing process per
file (a file lock), so a second tab would fail to open the store.

Semantics (what the figures see)
--------------------------------
- Orders are keyed by ``(shop, order_id)``: an order present in several uploads counts once.
- Every upload's view of an order is kept (``order_versions``). The effective order is the
  version in the furthest state, and among versions in the same state the one from the most
  recent upload. Order states only move forward: unpaid -> paid (valid) -> closed (cancelled,
  refunded, cancellation invoice, negative amount). So an edited export that shows an order as
  closed or refunded makes it leave the figures, an edited amount replaces the old one, and
  re-uploading an older export never reopens a closed order.
- Uploading content identical to an upload already stored for the shop changes nothing
  (``skipped``).
- Deleting an upload removes its versions: orders only it supplied leave the figures, orders
  other uploads also supplied stay with what the remaining uploads say.
- The latest member list and the latest campaign list of a shop win.
- A store holds several shops; reads take one shop, or :data:`ALL_SHOPS` to mix on purpose.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from analytics.errors import ArgumentError, FileFormatError
from analytics.frames import OPTIONAL_ORDER_COLUMNS, ORDER_COLUMNS
from analytics.io import Source
from analytics.loading import (
    CampaignLoad,
    FileReport,
    MembersLoad,
    OrdersLoad,
    load_campaign,
    load_members,
    load_orders,
)
from analytics.parsing import parse_ids
from analytics.store_schema import (
    CURRENT_DDL,
    MIGRATIONS,
    OPTIONAL_COLUMNS,
    ORDER_VALUE_COLUMNS,
    SCHEMA_VERSION,
    VALUE_TYPES,
    run_script,
)

STORE_ENV = "RCD_STORE"
DEFAULT_STORE = Path(__file__).resolve().parents[1] / "data" / "history.sqlite"
DEFAULT_SHOP = "default"
ALL_SHOPS = "*"

# Writers wait this long for another process's ingest to finish before giving up.
BUSY_TIMEOUT_S = 120.0

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

_TIME_FORMAT = "%Y-%m-%d %H:%M:%S.%f"
_DAY_FORMAT = "%Y-%m-%d"
_VALUES = ", ".join(ORDER_VALUE_COLUMNS)
_KEYED = f"order_id, status, reason, state_rank, {_VALUES}"


@dataclass(frozen=True)
class IngestResult:
    """What one upload changed in the store.

    Every valid order of the upload is exactly one of ``added`` (new to the figures, including
    an order stored as unpaid that is now paid), ``updated`` (already counted, values changed)
    or ``duplicates`` (already stored as it is, or already closed). ``removed`` counts stored
    orders that this upload shows as closed, refunded or cancelled and that left the figures.
    ``skipped`` is true when identical content was already stored for the shop.
    """

    upload_id: int
    shop: str
    kind: str
    file_name: str
    added: int = 0
    updated: int = 0
    duplicates: int = 0
    removed: int = 0
    rows_read: int = 0
    rows_used: int = 0
    dropped: dict[str, int] = field(default_factory=dict)
    skipped: bool = False

    def to_dict(self) -> dict[str, Any]:
        """Return the result as plain JSON-able values."""
        return asdict(self)


# --------------------------------------------------------------------------- connection


def store_path(path: str | os.PathLike | None = None) -> Path:
    """Return the store file: ``path`` if given, else ``$RCD_STORE``, else ``<app>/data/history.sqlite``."""
    if path is not None and str(path) != "":
        return Path(path)
    env = os.environ.get(STORE_ENV, "")
    return Path(env) if env else DEFAULT_STORE


def _schema_version(conn: sqlite3.Connection) -> int | None:
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if "meta" not in tables:
        return 0 if not tables else None
    row = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    return int(row[0]) if row else None


@contextmanager
def _transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    # IMMEDIATE takes the write lock up front, so two writers queue on busy_timeout instead of
    # one failing with "database is locked" when it upgrades a read lock mid-transaction.
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def _ensure_schema(conn: sqlite3.Connection, where: Path) -> None:
    if _schema_version(conn) == SCHEMA_VERSION:
        return
    with _transaction(conn):
        # Read again under the write lock: another process may have created or migrated it.
        version = _schema_version(conn)
        if version is None:
            raise FileFormatError(
                f"{where}: this SQLite file is not a history store: pass another --store path "
                f"(or set {STORE_ENV})"
            )
        if version > SCHEMA_VERSION:
            raise FileFormatError(
                f"{where}: the history store was written by a newer version of the app "
                f"(schema {version}, this app reads up to {SCHEMA_VERSION}): update the app"
            )
        if version == 0:
            run_script(conn, CURRENT_DDL)
        else:
            for step in range(version, SCHEMA_VERSION):
                MIGRATIONS[step](conn)
        conn.execute(
            "INSERT OR REPLACE INTO meta (key, value) VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),)
        )


def _store_error(where: Path, exc: sqlite3.Error) -> str:
    text = str(exc)
    if "locked" in text or "busy" in text:
        return (
            f"{where}: the history store stayed busy with another ingest for {BUSY_TIMEOUT_S:.0f} s: "
            "try again when it has finished"
        )
    if "not a database" in text or "malformed" in text:
        return f"{where}: not a readable history store ({text}): pass another --store path"
    return (
        f"{where}: the history store could not be read or written ({text}): check disk space and permissions"
    )


@contextmanager
def open_store(
    path: str | os.PathLike | None = None, *, create: bool = False
) -> Iterator[sqlite3.Connection]:
    """Open the store (creating or migrating it as needed) and close it afterwards.

    Parameters
    ----------
    path
        Store file; see :func:`store_path` for the default.
    create
        Create the file when it does not exist (ingest); reads refuse a missing store.

    Raises
    ------
    ArgumentError
        When the store does not exist and ``create`` is false.
    FileFormatError
        When the file is not a history store or was written by a newer version.
    """
    where = store_path(path)
    if not where.exists():
        if not create:
            raise ArgumentError(
                f"{where}: no history store there yet: ingest exports first "
                f"(python -m analytics ingest FILE --store {where})"
            )
        try:
            where.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise FileFormatError(
                f"{where}: cannot create the store's folder ({exc}): pass another --store path"
            ) from exc
    try:
        conn = sqlite3.connect(where, timeout=BUSY_TIMEOUT_S, isolation_level=None)
    except sqlite3.Error as exc:
        raise FileFormatError(f"{where}: cannot open the history store ({exc}): check the path") from exc
    try:
        conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
        _ensure_schema(conn, where)
        yield conn
    except sqlite3.Error as exc:
        raise FileFormatError(_store_error(where, exc)) from exc
    finally:
        conn.close()


# --------------------------------------------------------------------------- shops


def list_shops(path: str | os.PathLike | None = None) -> list[str]:
    """Return the shops held in the store, sorted by name."""
    with open_store(path) as conn:
        return [r[0] for r in conn.execute("SELECT DISTINCT shop FROM uploads ORDER BY shop")]


def _shops(conn: sqlite3.Connection) -> list[str]:
    return [r[0] for r in conn.execute("SELECT DISTINCT shop FROM uploads ORDER BY shop")]


def _read_shop(conn: sqlite3.Connection, shop: str | None, where: Path) -> str | None:
    """Resolve the shop to read: ``None`` for all shops, else one name.

    Without a shop name the store must hold one shop at most, so figures never mix shops by
    accident; :data:`ALL_SHOPS` mixes them on purpose.
    """
    if shop == ALL_SHOPS:
        return None
    shops = _shops(conn)
    if shop is None:
        if len(shops) > 1:
            raise ArgumentError(
                f"{where}: the store holds several shops ({', '.join(shops)}): pick one with --shop NAME "
                f"(or --shop '{ALL_SHOPS}' for all shops together)"
            )
        return shops[0] if shops else DEFAULT_SHOP
    shop = shop.strip()
    if shop not in shops:
        raise ArgumentError(
            f"{where}: no shop named {shop!r} in the store; shops: {', '.join(shops) or 'none yet'}"
        )
    return shop


def _write_shop(shop: str | None) -> str | None:
    """Resolve the shop an upload goes to; ``None`` means "from the file's store column"."""
    if shop is not None:
        shop = shop.strip()
        if not shop or shop == ALL_SHOPS:
            raise ArgumentError(f"shop name {shop!r} cannot hold uploads: give a shop name such as 'main'")
        return shop
    return None


def _fallback_shop(conn: sqlite3.Connection, where: Path) -> str:
    """Return the shop for an upload that names none: the store's only shop, else the default."""
    shops = _shops(conn)
    if len(shops) > 1:
        raise ArgumentError(
            f"{where}: the store holds several shops ({', '.join(shops)}) and the file names none: "
            "say which with --shop NAME"
        )
    return shops[0] if shops else DEFAULT_SHOP


# --------------------------------------------------------------------------- conversions


def _fingerprint(*frames: pd.DataFrame) -> str:
    """Return a sha256 of canonical content, so the same data in CSV or Excel is recognised."""
    digest = hashlib.sha256()
    for frame in frames:
        ordered = frame.sort_values(list(frame.columns)[:1], kind="stable") if len(frame) else frame
        digest.update(",".join(map(str, frame.columns)).encode())
        digest.update(pd.util.hash_pandas_object(ordered.astype("str"), index=False).to_numpy().tobytes())
    return digest.hexdigest()


def _sql_values(orders: pd.DataFrame) -> pd.DataFrame:
    """Return ``orders`` as SQLite-ready columns (ISO text times, None for missing)."""
    out = pd.DataFrame(index=orders.index)
    out["order_id"] = orders["order_id"].astype("str")
    out["status"] = "valid"
    out["reason"] = None
    out["state_rank"] = VALID_RANK
    out["customer_id"] = orders["customer_id"].astype("str")
    out["order_time"] = orders["order_time"].dt.strftime(_TIME_FORMAT)
    out["order_day"] = orders["order_day"].dt.strftime(_DAY_FORMAT)
    out["amount"] = orders["amount"].astype("float64")
    for name, kind in OPTIONAL_COLUMNS.items():
        if name not in orders:
            out[name] = None
        elif name == "is_member":
            out[name] = orders[name].astype("boolean").astype("Int64")
        elif kind == "REAL":
            out[name] = orders[name].astype("float64")
        else:
            out[name] = orders[name].astype("str")
    return out


def _tuples(frame: pd.DataFrame) -> list[tuple[Any, ...]]:
    # object dtype + None so sqlite3 binds NULL rather than the string "nan" or a pandas NA.
    plain = frame.astype(object).where(frame.notna(), None)
    return list(plain.itertuples(index=False, name=None))


def _invalid_rows(invalid: pd.DataFrame, valid_ids: pd.Series) -> pd.DataFrame:
    """Return one state row per order id the upload shows as closed/unpaid (not also valid)."""
    columns = ["order_id", "status", "reason", "state_rank", *ORDER_VALUE_COLUMNS]
    if invalid is None or len(invalid) == 0:
        return pd.DataFrame(columns=columns)
    rows = invalid.loc[
        invalid["reason"].isin(list(STATE_RANK)) & invalid["order_id"].notna(), ["order_id", "reason"]
    ]
    rows = rows.assign(order_id=rows["order_id"].astype("str").str.strip())
    # The loader rolled the order's other lines up into a valid order: it is valid here.
    rows = rows[(rows["order_id"] != "") & ~rows["order_id"].isin(valid_ids)]
    rows = rows.assign(state_rank=rows["reason"].map(STATE_RANK).astype("int64"), status="invalid")
    rows = rows.sort_values("state_rank", ascending=False, kind="stable").drop_duplicates("order_id")
    return rows.reindex(columns=columns)


# --------------------------------------------------------------------------- writing orders

_SAME = " AND ".join(f"b.{c} IS o.{c}" for c in ORDER_VALUE_COLUMNS)


def _rederive(conn: sqlite3.Connection, shop: str) -> None:
    """Recompute the effective order for every id in temp table ``touched`` from its versions."""
    conn.execute("DELETE FROM orders WHERE shop = ? AND order_id IN (SELECT order_id FROM touched)", (shop,))
    conn.execute(
        f"""INSERT INTO orders (shop, upload_id, {_KEYED})
        SELECT shop, upload_id, {_KEYED} FROM (
            SELECT v.*, ROW_NUMBER() OVER (
                PARTITION BY v.order_id ORDER BY v.state_rank DESC, v.upload_id DESC) AS pick
            FROM order_versions v
            WHERE v.shop = ? AND v.order_id IN (SELECT order_id FROM touched))
        WHERE pick = 1""",
        (shop,),
    )


def _snapshot_before(conn: sqlite3.Connection, shop: str) -> None:
    conn.execute("DROP TABLE IF EXISTS temp.before")
    conn.execute(
        "CREATE TEMP TABLE before AS SELECT * FROM orders WHERE shop = ? "
        "AND order_id IN (SELECT order_id FROM touched)",
        (shop,),
    )
    conn.execute("CREATE UNIQUE INDEX temp.before_id ON before (order_id)")


def _temp_tables(conn: sqlite3.Connection) -> None:
    conn.execute("DROP TABLE IF EXISTS temp.incoming")
    conn.execute("DROP VIEW IF EXISTS temp.touched")
    columns = ", ".join(f"{c} {VALUE_TYPES[c]}" for c in ORDER_VALUE_COLUMNS)
    conn.execute(
        "CREATE TEMP TABLE incoming (order_id TEXT PRIMARY KEY, status TEXT, reason TEXT, "
        f"state_rank INTEGER, {columns})"
    )
    conn.execute("CREATE TEMP VIEW touched AS SELECT order_id FROM incoming")


def _drop_temp(conn: sqlite3.Connection) -> None:
    for name in ("before", "incoming", "touched_ids"):
        conn.execute(f"DROP TABLE IF EXISTS temp.{name}")
    conn.execute("DROP VIEW IF EXISTS temp.touched")


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
    valid = _sql_values(orders)
    states = _invalid_rows(invalid, valid["order_id"])
    sha = _fingerprint(valid.drop(columns=["status", "reason", "state_rank"]), states[["order_id", "reason"]])
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
            days.min().strftime(_DAY_FORMAT) if len(days) else None,
            days.max().strftime(_DAY_FORMAT) if len(days) else None,
        ),
    )
    upload_id = int(cur.lastrowid)
    _temp_tables(conn)
    marks = ", ".join("?" * (4 + len(ORDER_VALUE_COLUMNS)))
    conn.executemany(f"INSERT INTO incoming ({_KEYED}) VALUES ({marks})", _tuples(valid))
    conn.executemany(f"INSERT OR IGNORE INTO incoming ({_KEYED}) VALUES ({marks})", _tuples(states))
    _snapshot_before(conn, shop)
    conn.execute(
        f"INSERT INTO order_versions (shop, upload_id, {_KEYED}) SELECT ?, ?, {_KEYED} FROM incoming",
        (shop, upload_id),
    )
    _rederive(conn, shop)
    added, updated, removed = conn.execute(
        f"""SELECT
            COALESCE(SUM(i.status = 'valid' AND o.status = 'valid'
                AND (b.status IS NULL OR b.status = 'invalid')), 0),
            COALESCE(SUM(i.status = 'valid' AND o.status = 'valid' AND b.status = 'valid'
                AND NOT ({_SAME})), 0),
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
    _drop_temp(conn)
    return IngestResult(
        upload_id=upload_id, added=added, updated=updated, duplicates=duplicates, removed=removed, **base
    )


def _split_by_shop(orders: pd.DataFrame, shop: str | None, fallback: str) -> dict[str, pd.DataFrame]:
    """Return the orders per shop: the given shop, else the file's store column, else ``fallback``."""
    if shop is not None:
        return {shop: orders}
    if "store" not in orders or not orders["store"].notna().any():
        return {fallback: orders}
    names = orders["store"].astype("str").str.strip().fillna(fallback).replace("", fallback)
    return {str(name): part for name, part in orders.groupby(names, sort=True)}


def _now() -> str:
    return pd.Timestamp.now(tz="UTC").strftime("%Y-%m-%dT%H:%M:%SZ")


def ingest_frame(
    path: str | os.PathLike | None,
    orders: pd.DataFrame,
    *,
    file_name: str,
    invalid: pd.DataFrame | None = None,
    shop: str | None = None,
    rows_read: int | None = None,
    rows_used: int | None = None,
    dropped: Mapping[str, int] | None = None,
) -> list[IngestResult]:
    """Store one upload given as a canonical orders frame; return what changed, per shop.

    Parameters
    ----------
    path
        Store file (see :func:`store_path`).
    orders
        Canonical orders frame of the upload (one row per valid order).
    file_name
        Name shown in the list of uploads.
    invalid
        Rows the upload shows as not (or no longer) valid: columns ``order_id`` and ``reason``
        (a loader drop reason). Reasons in :data:`STATE_RANK` change the stored order's state;
        others are ignored.
    shop
        Shop the upload belongs to. Default: the ``store`` column when the file has one (a file
        with several stores is split into one upload per store), else the store's only shop,
        else ``"default"``.
    rows_read, rows_used, dropped
        Row accounting of the upload, kept with it (defaults: one row per order, nothing
        dropped). A file split across shops keeps its dropped rows with its first shop's
        upload; the other shops' uploads count one row per order.

    Examples
    --------
    >>> import tempfile
    >>> from analytics.frames import orders_frame
    >>> db = Path(tempfile.mkdtemp()) / "h.sqlite"
    >>> week = orders_frame(customer_id=["a", "b"], order_day=["2025-01-06", "2025-01-07"])
    >>> [r.added for r in ingest_frame(db, week, file_name="w1.csv")]
    [2]
    >>> [(r.added, r.duplicates) for r in ingest_frame(db, week.iloc[:1], file_name="w1-part.csv")]
    [(0, 1)]
    """
    where = store_path(path)
    repeated = orders["order_id"][orders["order_id"].duplicated()]
    if len(repeated):
        examples = ", ".join(repeated.astype("str").unique()[:3])
        raise ArgumentError(
            f"{file_name}: order ids repeat within the upload ({examples}): "
            "pass one row per order (the loader's canonical frame)"
        )
    dropped = dict(dropped or {})
    read_total = rows_read if rows_read is not None else len(orders)
    used_total = rows_used if rows_used is not None else len(orders)
    invalid = invalid if invalid is not None else pd.DataFrame(columns=["order_id", "reason"])
    with open_store(where, create=True) as conn, _transaction(conn):
        chosen = _write_shop(shop)
        parts = _split_by_shop(orders, chosen, chosen or _fallback_shop(conn, where))
        uploaded_at = _now()
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


def _column(rows: pd.DataFrame, name: str) -> pd.Series:
    # An export may itself have a column called "file", "row" or "reason": take the export's.
    picked = rows.loc[:, name]
    return picked.iloc[:, -1] if isinstance(picked, pd.DataFrame) else picked


def _invalid_from_load(load: OrdersLoad) -> pd.DataFrame:
    """Return ``order_id, reason`` of the dropped rows, with ids normalised as the loader does.

    The loader keeps the dropped rows with their original columns, so the id is read from the
    header the file's mapping used for ``order_id``.
    """
    rows = load.dropped_rows
    parts = [pd.DataFrame({"order_id": pd.Series(dtype="str"), "reason": pd.Series(dtype="str")})]
    if rows is None or len(rows) == 0:
        return parts[0]
    files, reasons = rows.iloc[:, 0], rows.iloc[:, 2]
    for report in load.files:
        header = report.mapping.get("order_id")
        if header is None or header not in rows.columns:
            continue
        mine = files == report.file
        ids = parse_ids(_column(rows[mine], header))
        parts.append(pd.DataFrame({"order_id": ids, "reason": reasons[mine].astype("str")}))
    return pd.concat(parts, ignore_index=True)


def _content_ids(orders: pd.DataFrame) -> pd.Series:
    """Return order keys made of the order's content, for exports without an order id column.

    Without ids the loader numbers rows, and row 2 of one week is not row 2 of the next. The
    content (customer, time to the second, amount) identifies an order across overlapping
    exports; identical orders within one file stay apart by their occurrence number.
    """
    content = (
        orders["customer_id"].fillna("").astype("str")
        + "|"
        + orders["order_time"].dt.strftime(_TIME_FORMAT)
        + "|"
        + orders["amount"].map(repr)
    )
    digest = pd.util.hash_pandas_object(content, index=False).map("{:016x}".format)
    occurrence = content.groupby(content, sort=False).cumcount().astype("str")
    return ("content:" + digest + "-" + occurrence).astype("str")


def ingest_orders(
    path: str | os.PathLike | None,
    sources: Sequence[Source] | OrdersLoad,
    *,
    shop: str | None = None,
    overrides: Mapping[str, str] | None = None,
    sheet: str | None = None,
) -> list[IngestResult]:
    """Store order exports, one upload per file; return what each upload changed.

    All files are read and checked before anything is written, so a bad file stores nothing.
    Each upload is one transaction: a process killed mid-ingest leaves the store as it was.
    An already loaded :class:`~analytics.loading.OrdersLoad` (the dashboard's current upload)
    is stored as one upload. Orders of an export without an order id column are keyed by their
    content (customer, time, amount), so overlapping exports still count each order once.

    Raises
    ------
    InputError
        When a file cannot be read or mapped (nothing is stored), or the shop is ambiguous.
    """
    if isinstance(sources, OrdersLoad):
        loads = [sources]
    else:
        loads = [load_orders([src], overrides=overrides, sheet=sheet) for src in sources]
    results: list[IngestResult] = []
    for load in loads:
        orders = load.orders
        if any("order_id" not in report.mapping for report in load.files):
            orders = orders.assign(order_id=_content_ids(orders))
        results += ingest_frame(
            path,
            orders,
            file_name=", ".join(report.file for report in load.files) or "upload",
            invalid=_invalid_from_load(load),
            shop=shop,
            rows_read=load.rows_read,
            rows_used=load.rows_used,
            dropped=load.dropped,
        )
    return results


def with_upload(stored: pd.DataFrame, load: OrdersLoad) -> pd.DataFrame:
    """Return one shop's stored orders with an upload applied, without storing it.

    The same rules as ingesting: the upload's version of an order replaces the stored one, an
    order the upload shows as closed, refunded or cancelled leaves, an order it shows as unpaid
    stays paid, and exports without an order id column are matched by content. Use it to show
    figures over the history plus the current upload before (or instead of) keeping it.

    Examples
    --------
    >>> from analytics.frames import orders_frame
    >>> from analytics.loading import OrdersLoad
    >>> stored = orders_frame(customer_id=["a", "b"], order_day=["2025-01-01", "2025-01-02"], amount=[5, 6])
    >>> new = orders_frame(customer_id=["b"], order_day=["2025-01-02"], amount=[4], order_id=["o2"])
    >>> with_upload(stored, OrdersLoad(new, (), pd.DataFrame())).amount.tolist()
    [5.0, 4.0]
    """
    current = load.orders
    if any("order_id" not in report.mapping for report in load.files):
        current = current.assign(order_id=_content_ids(current))
    closed = _invalid_rows(_invalid_from_load(load), current["order_id"])
    leaving = closed.loc[closed["state_rank"] > VALID_RANK, "order_id"]
    replaced = stored["order_id"].isin(current["order_id"]) | stored["order_id"].isin(leaving)
    combined = pd.concat([stored[~replaced], current], ignore_index=True)
    return combined.sort_values(["order_time", "order_id"], kind="stable", ignore_index=True)


# --------------------------------------------------------------------------- members and campaigns


def _store_list(
    path: str | os.PathLike | None,
    *,
    kind: str,
    shop: str | None,
    file_name: str,
    rows: pd.DataFrame,
    insert_sql: str,
    detail: Mapping[str, Any],
    rows_read: int,
    dropped: Mapping[str, int],
) -> IngestResult:
    where = store_path(path)
    with open_store(where, create=True) as conn, _transaction(conn):
        name = _write_shop(shop) or _fallback_shop(conn, where)
        sha = _fingerprint(rows)
        base = {
            "shop": name,
            "kind": kind,
            "file_name": file_name,
            "rows_read": rows_read,
            "rows_used": len(rows),
            "dropped": dict(dropped),
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
                _now(),
                rows_read,
                len(rows),
                json.dumps(dict(dropped)),
                len(rows),
                json.dumps(dict(detail), ensure_ascii=False),
            ),
        )
        upload_id = int(cur.lastrowid)
        conn.executemany(insert_sql, [(upload_id, *row) for row in _tuples(rows)])
        return IngestResult(upload_id=upload_id, added=len(rows), **base)


def _report_counts(report: FileReport, rows: int) -> tuple[str, int, dict[str, int]]:
    return report.file, int(report.rows_read if report.rows_read is not None else rows), dict(report.dropped)


def ingest_members(
    path: str | os.PathLike | None,
    members: Source | MembersLoad | pd.DataFrame,
    *,
    shop: str | None = None,
    overrides: Mapping[str, str] | None = None,
    file_name: str | None = None,
) -> IngestResult:
    """Store a member list; the latest list of a shop is the one the figures use.

    ``members`` is a file (read with :func:`analytics.loading.load_members`), a loaded
    :class:`~analytics.loading.MembersLoad`, or a canonical members frame (customer_id, tier as
    an ordered Categorical, joined). The tier order is kept, unused tiers included.
    """
    if isinstance(members, pd.DataFrame):
        frame, (name, rows_read, dropped) = members, (file_name or "members", len(members), {})
    else:
        load = members if isinstance(members, MembersLoad) else load_members(members, overrides=overrides)
        frame = load.members
        name, rows_read, dropped = _report_counts(load.report, len(frame))
        name = file_name or name
    tier = frame["tier"] if "tier" in frame else pd.Series(pd.NA, index=frame.index, dtype="str")
    tiers = list(tier.cat.categories) if isinstance(tier.dtype, pd.CategoricalDtype) else []
    rank = (
        tier.cat.codes.where(tier.notna()).astype("Int64") if tiers else pd.Series(pd.NA, index=frame.index)
    )
    joined = frame["joined"] if "joined" in frame else pd.Series(pd.NaT, index=frame.index)
    rows = pd.DataFrame(
        {
            "customer_id": frame["customer_id"].astype("str"),
            "tier": tier.astype("str"),
            "tier_rank": rank,
            "joined": pd.to_datetime(joined).dt.strftime(_TIME_FORMAT),
        }
    )
    return _store_list(
        path,
        kind="members",
        shop=shop,
        file_name=name,
        rows=rows,
        insert_sql="INSERT INTO members (upload_id, customer_id, tier, tier_rank, joined) "
        "VALUES (?, ?, ?, ?, ?)",
        detail={"tiers": [str(t) for t in tiers]},
        rows_read=rows_read,
        dropped=dropped,
    )


def ingest_campaign(
    path: str | os.PathLike | None,
    campaign: Source | CampaignLoad | pd.DataFrame,
    *,
    shop: str | None = None,
    overrides: Mapping[str, str] | None = None,
    file_name: str | None = None,
) -> IngestResult:
    """Store a campaign list (customer_id, group, start); the latest list of a shop is used.

    ``campaign`` is a file, a loaded :class:`~analytics.loading.CampaignLoad` or a canonical
    campaign frame.
    """
    if isinstance(campaign, pd.DataFrame):
        frame, (name, rows_read, dropped) = campaign, (file_name or "campaign", len(campaign), {})
    else:
        is_load = isinstance(campaign, CampaignLoad)
        load = campaign if is_load else load_campaign(campaign, overrides=overrides)
        frame = load.campaign
        name, rows_read, dropped = _report_counts(load.report, len(frame))
        name = file_name or name
    start = frame["start"] if "start" in frame else pd.Series(pd.NaT, index=frame.index)
    rows = pd.DataFrame(
        {
            "customer_id": frame["customer_id"].astype("str"),
            "grp": frame["group"].astype("str"),
            "start": pd.to_datetime(start).dt.strftime(_TIME_FORMAT),
        }
    )
    return _store_list(
        path,
        kind="campaign",
        shop=shop,
        file_name=name,
        rows=rows,
        insert_sql="INSERT INTO campaigns (upload_id, customer_id, grp, start) VALUES (?, ?, ?, ?)",
        detail={},
        rows_read=rows_read,
        dropped=dropped,
    )


# --------------------------------------------------------------------------- reading


def _shop_filter(shop: str | None, alias: str = "") -> tuple[str, tuple[Any, ...]]:
    if shop is None:
        return "1 = 1", ()
    return f"{alias}shop = ?", (shop,)


def _empty_orders() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "order_id": pd.Series(dtype="str"),
            "customer_id": pd.Series(dtype="str"),
            "order_time": pd.Series(dtype="datetime64[ns]"),
            "order_day": pd.Series(dtype="datetime64[ns]"),
            "amount": pd.Series(dtype="float64"),
        }
    )


def _times(values: pd.Series) -> pd.Series:
    return pd.to_datetime(values, format=_TIME_FORMAT).astype("datetime64[ns]")


def history_orders(path: str | os.PathLike | None = None, *, shop: str | None = None) -> pd.DataFrame:
    """Return the stored orders of a shop as the canonical orders frame.

    Only orders whose effective state is valid are returned, one row per ``(shop, order_id)``,
    sorted by order time then id. Optional columns appear when some stored order has them.

    Parameters
    ----------
    shop
        The shop to read. ``None`` reads the store's only shop (an error when there are
        several); :data:`ALL_SHOPS` reads all shops together, with ``store`` set to the shop.

    Raises
    ------
    ArgumentError
        When the store does not exist, the shop is unknown, or the shop is ambiguous.
    """
    where = store_path(path)
    with open_store(where) as conn:
        chosen = _read_shop(conn, shop, where)
        clause, params = _shop_filter(chosen)
        raw = pd.read_sql_query(
            f"SELECT shop, order_id, {_VALUES} FROM orders WHERE status = 'valid' AND {clause} "
            "ORDER BY order_time, shop, order_id",
            conn,
            params=params,
        )
    if raw.empty:
        return _empty_orders()
    frame = pd.DataFrame(
        {
            "order_id": raw["order_id"].astype("str"),
            "customer_id": raw["customer_id"].astype("str"),
            "order_time": _times(raw["order_time"]),
        }
    )
    frame["order_day"] = frame["order_time"].dt.normalize()
    frame["amount"] = raw["amount"].astype("float64")
    if chosen is None:
        raw["store"] = raw["shop"]
    for name in OPTIONAL_ORDER_COLUMNS:
        if name not in raw or not raw[name].notna().any():
            continue
        if name == "is_member":
            frame[name] = raw[name].astype("Int64").astype("boolean")
        elif OPTIONAL_COLUMNS.get(name) == "REAL":
            frame[name] = raw[name].astype("float64")
        else:
            frame[name] = raw[name].astype("str")
    return frame[[*ORDER_COLUMNS, *[c for c in OPTIONAL_ORDER_COLUMNS if c in frame]]]


def _latest_list(conn: sqlite3.Connection, kind: str, shop: str | None) -> tuple[Any, ...] | None:
    clause, params = _shop_filter(shop)
    return conn.execute(
        f"SELECT upload_id, file_name, uploaded_at, detail FROM uploads WHERE kind = ? AND {clause} "
        "ORDER BY upload_id DESC LIMIT 1",
        (kind, *params),
    ).fetchone()


def _latest_list_rows(
    path: str | os.PathLike | None, shop: str | None, kind: str, select: str
) -> tuple[tuple, pd.DataFrame] | None:
    """Return the shop's latest list of ``kind`` (its upload row) and its rows in file order, or None."""
    where = store_path(path)
    with open_store(where) as conn:
        latest = _latest_list(conn, kind, _read_shop(conn, shop, where))
        if latest is None:
            return None
        raw = pd.read_sql_query(f"{select} WHERE upload_id = ? ORDER BY rowid", conn, params=(latest[0],))
    return latest, raw


def history_members(path: str | os.PathLike | None = None, *, shop: str | None = None) -> pd.DataFrame | None:
    """Return the shop's latest member list as the canonical members frame, or None.

    ``tier`` is an ordered Categorical in the stored tier order (low to high); ``joined`` is
    NaT when unknown. ``frame.attrs`` holds ``upload_id``, ``file_name`` and ``uploaded_at``
    (UTC) of the list. With :data:`ALL_SHOPS` the most recent list of any shop is returned.
    """
    select = "SELECT customer_id, tier, tier_rank, joined FROM members"
    found = _latest_list_rows(path, shop, "members", select)
    if found is None:
        return None
    latest, raw = found
    tiers = json.loads(latest[3]).get("tiers") or list(
        raw.dropna(subset=["tier"]).sort_values("tier_rank", kind="stable")["tier"].drop_duplicates()
    )
    frame = pd.DataFrame(
        {
            "customer_id": raw["customer_id"].astype("str"),
            "tier": pd.Categorical(raw["tier"], categories=tiers, ordered=True),
            "joined": _times(raw["joined"]),
        }
    )
    frame.attrs = {"upload_id": int(latest[0]), "file_name": latest[1], "uploaded_at": latest[2]}
    return frame


def history_campaigns(
    path: str | os.PathLike | None = None, *, shop: str | None = None
) -> pd.DataFrame | None:
    """Return the shop's latest campaign list (customer_id, group, start), or None.

    ``frame.attrs`` holds ``upload_id``, ``file_name`` and ``uploaded_at`` of the list.
    """
    found = _latest_list_rows(path, shop, "campaign", "SELECT customer_id, grp, start FROM campaigns")
    if found is None:
        return None
    latest, raw = found
    frame = pd.DataFrame(
        {
            "customer_id": raw["customer_id"].astype("str"),
            "group": raw["grp"].astype("str"),
            "start": _times(raw["start"]),
        }
    )
    frame.attrs = {"upload_id": int(latest[0]), "file_name": latest[1], "uploaded_at": latest[2]}
    return frame


def list_uploads(path: str | os.PathLike | None = None, *, shop: str | None = ALL_SHOPS) -> pd.DataFrame:
    """Return the stored uploads, oldest first, with what each changed and what it supplies.

    Columns: upload_id, shop, kind, file_name, uploaded_at (UTC text), first_day, last_day
    (datetime64), rows_read, rows_used, dropped (dict), added, updated, duplicates, removed (as
    counted when it was ingested), orders (valid orders it supplied) and only_here (orders in
    the figures that no other upload supplies: what deleting it would remove).
    """
    where = store_path(path)
    with open_store(where) as conn:
        chosen = _read_shop(conn, shop, where)
        clause, params = _shop_filter(chosen, "u.")
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
        frame[name] = pd.to_datetime(frame[name], format=_DAY_FORMAT).astype("datetime64[ns]")
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
        When no upload has this id.
    """
    where = store_path(path)
    with open_store(where) as conn, _transaction(conn):
        row = conn.execute(
            "SELECT shop, kind, file_name FROM uploads WHERE upload_id = ?", (int(upload_id),)
        ).fetchone()
        if row is None:
            raise ArgumentError(f"{where}: no upload with id {upload_id}: list the uploads to see their ids")
        shop, kind, file_name = row
        conn.execute("DROP TABLE IF EXISTS temp.touched_ids")
        conn.execute("DROP VIEW IF EXISTS temp.touched")
        conn.execute(
            "CREATE TEMP TABLE touched_ids AS SELECT order_id FROM order_versions WHERE upload_id = ?",
            (int(upload_id),),
        )
        conn.execute("CREATE TEMP VIEW touched AS SELECT order_id FROM touched_ids")
        _snapshot_before(conn, shop)
        conn.execute("DELETE FROM order_versions WHERE upload_id = ?", (int(upload_id),))
        _rederive(conn, shop)
        removed, restored, changed = conn.execute(
            f"""SELECT
                COALESCE(SUM(b.status = 'valid' AND (o.status IS NULL OR o.status = 'invalid')), 0),
                COALESCE(SUM(b.status = 'invalid' AND o.status = 'valid'), 0),
                COALESCE(SUM(b.status = 'valid' AND o.status = 'valid' AND NOT ({_SAME})), 0)
            FROM before b LEFT JOIN orders o ON o.shop = b.shop AND o.order_id = b.order_id"""
        ).fetchone()
        conn.execute("DELETE FROM members WHERE upload_id = ?", (int(upload_id),))
        conn.execute("DELETE FROM campaigns WHERE upload_id = ?", (int(upload_id),))
        conn.execute("DELETE FROM uploads WHERE upload_id = ?", (int(upload_id),))
        _drop_temp(conn)
    return {
        "upload_id": int(upload_id),
        "shop": shop,
        "kind": kind,
        "file_name": file_name,
        "removed": removed,
        "restored": restored,
        "changed": changed,
    }


def loaded_days(path: str | os.PathLike | None = None, *, shop: str | None = None) -> pd.DataFrame:
    """Return one row per calendar day from the first to the last loaded day, for the calendar strip.

    Columns: ``day`` (datetime64 midnight), ``orders`` (valid orders that day) and ``covered``
    (the day lies within some order upload's first..last day). A day with no orders that is
    covered is a real quiet day; one that is not covered is a gap in the uploads.
    """
    where = store_path(path)
    with open_store(where) as conn:
        chosen = _read_shop(conn, shop, where)
        clause, params = _shop_filter(chosen)
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
    if counts.empty:
        return pd.DataFrame(
            {
                "day": pd.Series(dtype="datetime64[ns]"),
                "orders": pd.Series(dtype="int64"),
                "covered": pd.Series(dtype="bool"),
            }
        )
    counts["day"] = pd.to_datetime(counts["day"], format=_DAY_FORMAT).astype("datetime64[ns]")
    first = pd.to_datetime(spans["first_day"], format=_DAY_FORMAT).to_numpy(dtype="datetime64[ns]")
    last = pd.to_datetime(spans["last_day"], format=_DAY_FORMAT).to_numpy(dtype="datetime64[ns]")
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
    where = store_path(path)
    with open_store(where) as conn:
        per_shop = dict(
            conn.execute(
                "SELECT shop, COUNT(*) FROM orders WHERE status = 'valid' GROUP BY shop ORDER BY shop"
            )
        )
        shops = _shops(conn)
    return {
        "store": str(where),
        "schema_version": SCHEMA_VERSION,
        "shops": shops,
        "orders": {s: int(per_shop.get(s, 0)) for s in shops},
    }


__all__ = [
    "ALL_SHOPS",
    "DEFAULT_SHOP",
    "STORE_ENV",
    "IngestResult",
    "delete_upload",
    "history_campaigns",
    "history_members",
    "history_orders",
    "ingest_campaign",
    "ingest_frame",
    "ingest_members",
    "ingest_orders",
    "list_shops",
    "list_uploads",
    "loaded_days",
    "open_store",
    "store_path",
    "store_summary",
    "with_upload",
]
