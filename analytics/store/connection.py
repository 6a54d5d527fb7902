"""Open the history store: where it lives, WAL and busy timeout, transactions, schema version.

Why SQLite: two browser tabs run in two processes, and both may ingest at once. SQLite in WAL
mode with ``BEGIN IMMEDIATE`` and a busy timeout lets writers from several processes queue for
the write lock instead of failing, and every ingest is one atomic transaction, so a process
killed mid-ingest leaves the store exactly as it was. DuckDB allows one writing process per
file (a file lock), so a second tab would fail to open the store.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from analytics.errors import ArgumentError, FileFormatError, Term
from analytics.store.schema import CURRENT_DDL, MIGRATIONS, SCHEMA_VERSION, run_script
from analytics.store.url import StoreLocation, parse_location

STORE_ENV = "RCD_STORE"
DEFAULT_STORE = Path(__file__).resolve().parents[2] / "data" / "history.sqlite"

# Writers wait this long for another process's ingest to finish before giving up.
BUSY_TIMEOUT_S = 120.0


def store_location(path: str | os.PathLike | None = None) -> StoreLocation:
    """Return where the history lives: ``path`` (a file or a URL, see :mod:`analytics.store.url`) if
    given, else ``$RCD_STORE``, ``$RCD_HISTORY_URL``, ``[connections.history]`` of
    ``.streamlit/secrets.toml``, else ``<app>/data/history.sqlite``."""
    return parse_location(path, default=DEFAULT_STORE)


def store_path(path: str | os.PathLike | None = None) -> Path:
    """Return the history file: ``path`` if given, else ``$RCD_STORE``, else ``<app>/data/history.sqlite``.

    Raises
    ------
    ArgumentError
        ``store.not_a_file`` when the history is a server (a PostgreSQL or Spark URL): only the
        engine code may open it, and no local file is ever created under a name like the URL.
    """
    location = store_location(path)
    if location.path is None:
        raise ArgumentError("store.not_a_file", store=location.shown)
    return location.path


def shown_store(path: str | os.PathLike | None = None) -> str:
    """Return the history as messages and JSON show it: the path, or the URL without its password."""
    return store_location(path).shown


def schema_version(conn: sqlite3.Connection) -> int | None:
    """Return the store's schema version: 0 for an empty file, None when it is not a history store."""
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if "meta" not in tables:
        return 0 if not tables else None
    row = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    return int(row[0]) if row else None


def use_wal(conn: sqlite3.Connection, *, timeout_s: float = BUSY_TIMEOUT_S) -> None:
    """Switch the file to WAL, waiting while another process holds a write transaction.

    SQLite answers a journal-mode change with "database is locked" at once, without waiting on
    ``busy_timeout``, while another connection writes to a file still in rollback mode: the moment
    two processes open a new store together. So the change is retried until the busy timeout.
    """
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            busy = "locked" in str(exc) or "busy" in str(exc)
            if not busy or time.monotonic() >= deadline:
                raise
            time.sleep(0.02)


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """Run the block as one write transaction: committed whole, or rolled back whole."""
    # IMMEDIATE takes the write lock up front, so two writers queue on busy_timeout instead of
    # one failing with "database is locked" when it upgrades a read lock mid-transaction.
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        # SQLite has already rolled back after some errors (a full disk: SQLITE_FULL); a second
        # ROLLBACK would then fail and hide the error that says what happened.
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def _ensure_schema(conn: sqlite3.Connection, where: Path) -> None:
    if schema_version(conn) == SCHEMA_VERSION:
        return
    with transaction(conn):
        # Read again under the write lock: another process may have created or migrated it.
        version = schema_version(conn)
        if version is None:
            raise FileFormatError("store.not_a_store", file=str(where), option=Term("option.store"))
        if version > SCHEMA_VERSION:
            raise FileFormatError(
                "store.newer_schema", file=str(where), version=version, supported=SCHEMA_VERSION
            )
        if version == 0:
            run_script(conn, CURRENT_DDL)
        else:
            for step in range(version, SCHEMA_VERSION):
                MIGRATIONS[step](conn)
        conn.execute(
            "INSERT OR REPLACE INTO meta (key, value) VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),)
        )


def _store_error(where: Path, exc: sqlite3.Error) -> FileFormatError:
    """Return the error to raise for an SQLite failure, by what the user can do about it."""
    text = str(exc)
    if "disk is full" in text:
        return FileFormatError("store.disk_full", file=str(where), option=Term("option.store"))
    if "locked" in text or "busy" in text:
        return FileFormatError("store.busy", file=str(where), seconds=round(BUSY_TIMEOUT_S))
    if "not a database" in text or "malformed" in text:
        return FileFormatError("store.unreadable", file=str(where), detail=text, option=Term("option.store"))
    return FileFormatError("store.read_write_failed", file=str(where), detail=text)


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
        ``store.missing`` when the store does not exist and ``create`` is false.
    FileFormatError
        When the file is not a history store, was written by a newer version, stayed busy or
        cannot be read or written.
    """
    location = store_location(path)
    if not location.is_file:
        raise ArgumentError("store.not_a_file", store=location.shown)
    where = store_path(path)
    if not where.exists():
        if not create:
            raise ArgumentError("store.missing", file=str(where))
        try:
            # The history is personal data: a new folder and file are the owner's only (SQLite
            # gives its -wal and -shm files the database file's permissions).
            where.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            os.close(os.open(where, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        except FileExistsError:
            pass  # another process created it meanwhile
        except OSError as exc:
            raise FileFormatError(
                "store.cannot_create_folder", file=str(where), detail=str(exc), option=Term("option.store")
            ) from exc
    try:
        conn = sqlite3.connect(where, timeout=BUSY_TIMEOUT_S, isolation_level=None)
    except sqlite3.Error as exc:
        raise FileFormatError("store.cannot_open", file=str(where), detail=str(exc)) from exc
    try:
        conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        use_wal(conn)
        conn.execute("PRAGMA synchronous = FULL")
        _ensure_schema(conn, where)
        yield conn
    except sqlite3.Error as exc:
        raise _store_error(where, exc) from exc
    finally:
        conn.close()
