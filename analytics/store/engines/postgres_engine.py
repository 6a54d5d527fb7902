"""A history on a PostgreSQL server: a chain's own database, many readers and writers at once.

Writers queue on a transaction-scoped advisory lock per history schema, so two ingests of the
same shop never interleave their "which orders are new" checks (the same guarantee SQLite's
``BEGIN IMMEDIATE`` gives); readers never wait. Bulk rows go in through COPY. The connection
gives up after :data:`CONNECT_TIMEOUT_S` seconds when the server does not answer.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import pandas as pd

from analytics.errors import FileFormatError, Term
from analytics.store.engines.base import Engine, Rows
from analytics.store.url import StoreLocation

CONNECT_TIMEOUT_S = 5
# COPY text marks NULL with this (unquoted), so an empty text stays an empty text.
_NULL = "\\N"


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
        """Append the frame's rows through COPY (CSV, ``\\N`` for NULL)."""
        if frame.empty:
            return
        text = frame.to_csv(index=False, header=False, na_rep=_NULL, quoting=csv.QUOTE_MINIMAL)
        columns = ", ".join(frame.columns)
        statement = f"COPY {table} ({columns}) FROM STDIN (FORMAT csv, NULL '{_NULL}')"
        with self.conn.cursor() as cursor, cursor.copy(statement) as copy:
            buffer = io.StringIO(text)
            while chunk := buffer.read(1 << 20):
                copy.write(chunk)

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
