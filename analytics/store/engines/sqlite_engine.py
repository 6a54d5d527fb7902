"""The SQLite history file seen through the engine contract: one writer and one set of queries for all.

:func:`analytics.store.connection.open_store` opens the file (WAL, busy timeout, migrations); this
wrapper lets the engine writer (:mod:`analytics.store.engines.orders`, ``lists``) and the history
queries run the same statements on it as on DuckDB and PostgreSQL. Times and days are stored as
text there (``YYYY-MM-DD HH:MM:SS.ffffff``, ``YYYY-MM-DD``), so a day is bound as that text,
order versions are written as text, and upload ids continue SQLite's AUTOINCREMENT sequence.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import pandas as pd

from analytics.store.engines.base import Engine, Rows
from analytics.store.url import StoreLocation


class SqliteEngine(Engine):
    """An open SQLite history (read side of the engine contract)."""

    kind = "sqlite"
    dialect = "sqlite"

    def __init__(self, location: StoreLocation, conn: sqlite3.Connection) -> None:
        super().__init__(location)
        self.conn = conn

    def execute(self, statement: str, params: Sequence[Any] = (), *, native: bool = False) -> Rows:
        """Run one statement and return its rows."""
        return Rows(self.conn.execute(statement if native else self.sql(statement), tuple(params)).fetchall())

    def frame(self, statement: str, params: Sequence[Any] = ()) -> pd.DataFrame:
        """Return a query's result as a DataFrame."""
        return pd.read_sql_query(self.sql(statement), self.conn, params=tuple(params))

    def insert_frame(self, table: str, frame: pd.DataFrame) -> None:
        """Append the frame's rows (text times, as the SQLite store keeps them)."""
        from analytics.store.values import sql_tuples

        marks = ", ".join("?" * len(frame.columns))
        self.conn.executemany(
            f"INSERT INTO {table} ({', '.join(frame.columns)}) VALUES ({marks})", sql_tuples(frame)
        )

    stores_text_times = True
    # Lists keep their file order as SQLite's rowid (the file has no position column).
    list_order = "rowid"

    def next_upload_id(self) -> int:
        """Return the next upload id: past the largest and past any deleted one (AUTOINCREMENT's rule)."""
        row = self.conn.execute(
            "SELECT MAX(COALESCE((SELECT MAX(upload_id) FROM uploads), 0), "
            "COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'uploads'), 0)) + 1"
        ).fetchone()
        return int(row[0])

    def stage_versions(self, versions: pd.DataFrame) -> None:
        """Write the upload's versions to temp table ``incoming`` (keyed by id), then to order_versions.

        The versions are the store's text rows; ``incoming`` has ``order_versions``' columns.
        """
        self.drop_staged()
        self.conn.execute("CREATE TEMP TABLE incoming AS SELECT * FROM order_versions WHERE 0")
        self.conn.execute("CREATE UNIQUE INDEX temp.incoming_id ON incoming (order_id)")
        self.insert_frame("incoming", versions)
        columns = ", ".join(versions.columns)
        self.conn.execute(f"INSERT INTO order_versions ({columns}) SELECT {columns} FROM incoming")

    def index_before(self) -> None:
        """Index ``before`` by order id (SQLite joins by index lookups, not hashes)."""
        self.conn.execute("CREATE UNIQUE INDEX temp.before_id ON before (order_id)")

    def drop_staged(self) -> None:
        """Drop the temp tables of an ingest (``incoming`` is a table here, not a view)."""
        self.conn.execute("DROP TABLE IF EXISTS temp.incoming")
        self.conn.execute("DROP TABLE IF EXISTS temp.before")

    def day(self, value: Any) -> Any:
        """Return the day as the stored text (``YYYY-MM-DD``)."""
        return pd.Timestamp(value).strftime("%Y-%m-%d")

    @contextmanager
    def transaction(self) -> Iterator[SqliteEngine]:
        """Run the block as one write transaction (see :func:`analytics.store.connection.transaction`)."""
        from analytics.store.connection import transaction

        with transaction(self.conn):
            yield self

    def close(self) -> None:
        """Leave the connection to :func:`analytics.store.connection.open_store`, which closes it."""
