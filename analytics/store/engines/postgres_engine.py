"""A history on a PostgreSQL server: a chain's own database, many readers and writers at once.

Writers queue on a transaction-scoped advisory lock per history schema, so two ingests of the
same shop never interleave their "which orders are new" checks (the same guarantee SQLite's
``BEGIN IMMEDIATE`` gives); readers never wait. Bulk rows go in through COPY. The connection
gives up after :data:`CONNECT_TIMEOUT_S` seconds when the server does not answer.
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import pandas as pd

from analytics.errors import FileFormatError, Term
from analytics.store.engines.base import Engine, Rows
from analytics.store.engines.schema import POSTGRES_ORDER_INDEXES
from analytics.store.url import StoreLocation

CONNECT_TIMEOUT_S = 5
# Rows written to COPY per Arrow CSV block (bounds the memory of the text at ~20 MB).
_COPY_ROWS = 200_000
# Uploads smaller than this keep the order indexes whatever the history's size (a rebuild of a
# small history's indexes would lock its readers out for nothing).
_REBUILD_MIN_ROWS = 50_000


class PostgresEngine(Engine):
    """A PostgreSQL history (see the module docstring)."""

    kind = "postgresql"
    dialect = "postgres"

    def __init__(self, location: StoreLocation) -> None:
        super().__init__(location)
        import psycopg

        self._psycopg = psycopg
        try:
            self.conn = psycopg.connect(
                location.conninfo, connect_timeout=CONNECT_TIMEOUT_S, autocommit=True, prepare_threshold=None
            )
        except psycopg.Error as exc:
            raise connect_error(location, exc) from exc
        schema = location.schema
        # The schema name passed the URL check (lower-case letters, digits, underscores).
        self.conn.execute(f"SET search_path TO {schema}")
        # An ingest stages an upload in a temp table (see stage_versions); PostgreSQL's 8 MB of
        # session buffers for temp tables would write a million-order upload out and read it
        # back several times. Settable only before the session's first temp table; taken as used.
        self.conn.execute("SET temp_buffers = '256MB'")
        self.schema = schema

    def execute(self, statement: str, params: Sequence[Any] = (), *, native: bool = False) -> Rows:
        """Run one statement and return its rows."""
        cursor = self.conn.execute(statement if native else self.sql(statement), list(params) or None)
        return Rows(cursor.fetchall() if cursor.description else [])

    def frame(self, statement: str, params: Sequence[Any] = ()) -> pd.DataFrame:
        """Return a query's result as a DataFrame (dates and times as datetime64)."""
        cursor = self.conn.execute(self.sql(statement), list(params) or None)
        names = [c.name for c in cursor.description]
        frame = pd.DataFrame.from_records(cursor.fetchall(), columns=names)
        for column, desc in zip(names, cursor.description, strict=True):
            # 1082 date, 1114 timestamp: psycopg returns Python objects; the store wants datetime64.
            if desc.type_code in (1082, 1114):
                frame[column] = pd.to_datetime(frame[column]).astype("datetime64[ns]")
        return frame

    def insert_frame(self, table: str, frame: pd.DataFrame) -> None:
        """Append the frame's rows through COPY, as CSV written by Arrow.

        Arrow quotes every text (an empty text is ``""``) and leaves a missing value unquoted and
        empty, which is how PostgreSQL's CSV COPY tells an empty text from NULL. Arrow writes a
        million rows in about a second, where pandas' ``to_csv`` took ten.
        """
        if frame.empty:
            return
        import pyarrow as pa
        import pyarrow.csv as pa_csv

        columns = ", ".join(frame.columns)
        statement = f"COPY {table} ({columns}) FROM STDIN (FORMAT csv)"
        with self.conn.cursor() as cursor, cursor.copy(statement) as copy:
            for start in range(0, len(frame), _COPY_ROWS):
                part = pa.Table.from_pandas(frame.iloc[start : start + _COPY_ROWS], preserve_index=False)
                buffer = io.BytesIO()
                pa_csv.write_csv(part, buffer, pa_csv.WriteOptions(include_header=False))
                copy.write(buffer.getbuffer())

    def stage_versions(self, versions: pd.DataFrame) -> None:
        """Copy the upload's versions into a temp table ``incoming``, then on into ``order_versions``.

        The temp table has no index and writes no WAL, so COPY runs at parsing speed; the
        versions then enter ``order_versions`` sorted by order id, so its primary key grows
        at its end instead of at a random leaf per row (half the time at a million orders).
        """
        self.execute("DROP TABLE IF EXISTS incoming", native=True)
        self.execute("CREATE TEMP TABLE incoming (LIKE order_versions) ON COMMIT DROP", native=True)
        self.insert_frame("incoming", versions)
        self.execute("ANALYZE incoming", native=True)
        # The sort below and the joins of the ingest fit in memory instead of spilling to disk;
        # one ingest at a time holds the writer lock, and LOCAL ends with the transaction.
        self.execute("SET LOCAL work_mem = '256MB'", native=True)
        columns = ", ".join(versions.columns)
        self.execute(
            f"INSERT INTO order_versions ({columns}) SELECT {columns} FROM incoming ORDER BY order_id",
            native=True,
        )

    @contextmanager
    def bulk_orders(self, rows: int) -> Iterator[None]:
        """Write ``rows`` orders; as many as the history holds already: rebuild ``orders``' indexes after.

        A million orders entered one by one into the customer and day indexes cost a random leaf
        each (23 s at a million on the test machine); building those indexes once afterwards
        costs 7 s. Dropping an index locks ``orders`` until the commit, so readers wait for such
        an ingest (the first load of a history, or a file as large as all before it): a weekly
        upload into a long history keeps the indexes and never blocks them.
        """
        stored = self.execute(
            "SELECT GREATEST(reltuples, 0) FROM pg_class WHERE oid = 'orders'::regclass", native=True
        ).fetchone()
        if rows < max(float(stored[0]) if stored else 0.0, 1.0) or rows < _REBUILD_MIN_ROWS:
            yield
            return
        for name in POSTGRES_ORDER_INDEXES:
            self.execute(f"DROP INDEX IF EXISTS {name}", native=True)
        yield
        self.execute("SET LOCAL maintenance_work_mem = '256MB'", native=True)
        for name, on in POSTGRES_ORDER_INDEXES.items():
            self.execute(f"CREATE INDEX {name} ON {on}", native=True)

    def drop_staged(self) -> None:
        """Drop the temp tables of an ingest (``incoming`` is a table here, not a view)."""
        self.execute("DROP TABLE IF EXISTS incoming", native=True)
        self.execute("DROP TABLE IF EXISTS before", native=True)

    @contextmanager
    def transaction(self) -> Iterator[PostgresEngine]:
        """Run the block as one transaction, after the schema's writer lock."""
        with self.conn.transaction():
            self.conn.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", (f"rcd:{self.schema}",))
            yield self

    def close(self) -> None:
        """Close the connection."""
        self.conn.close()

    def refresh_statistics(self, tables: tuple[str, ...] = ("orders", "order_versions", "uploads")) -> None:
        """Analyze the order tables: right after a bulk load the planner would take them as empty
        (autovacuum comes minutes later) and loop over a million orders once per customer."""
        for table in tables:
            self.conn.execute(f"ANALYZE {table}")

    def error(self, exc: Exception) -> Exception:
        """Return the store error to raise for a failure of the server."""
        return connect_error(self.location, exc)

    @property
    def errors(self) -> tuple[type[Exception], ...]:
        """Return the exception classes of this engine's failures."""
        return (self._psycopg.Error,)


def connect_error(location: StoreLocation, exc: Exception) -> FileFormatError:
    """Return the store error for a failed connection or statement, by what the user can do."""
    text = " ".join(str(exc).split())
    # The conninfo may hold a password; psycopg's messages do not, but never risk showing it.
    for secret in {p for p in [_password(location.conninfo)] if p}:
        text = text.replace(secret, "***")
    lower = text.lower()
    # 53100 disk_full; 53000 insufficient_resources is what "could not extend file" may report.
    if getattr(exc, "sqlstate", None) == "53100" or "no space left on device" in lower:
        return FileFormatError("store.server_disk_full", store=location.shown)
    if (
        "password authentication failed" in lower
        or "no password supplied" in lower
        or ("role" in lower and ("does not exist" in lower))
    ):
        return FileFormatError(
            "store.login_failed", store=location.shown, detail=text, option=Term("option.store")
        )
    if (
        "timeout" in lower
        or "connection refused" in lower
        or "could not translate host" in lower
        or ("no such file or directory" in lower)
    ):
        return FileFormatError(
            "store.server_unreachable", store=location.shown, detail=text, option=Term("option.store")
        )
    if "database" in lower and "does not exist" in lower:
        return FileFormatError(
            "store.no_database", store=location.shown, detail=text, option=Term("option.store")
        )
    return FileFormatError("store.engine_failed", store=location.shown, detail=text)


def _password(conninfo: str) -> str | None:
    from urllib.parse import unquote, urlsplit

    password = urlsplit(conninfo).password
    return unquote(password) if password else None
