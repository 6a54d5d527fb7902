"""The SQLite history file seen through the engine contract, so the history queries run on it too.

The SQLite store keeps its own code for writing (migrations, WAL, ``BEGIN IMMEDIATE``); this
wrapper only lets :mod:`analytics.store.queries` run the same query text on it as on the engines.
Days are stored as ``YYYY-MM-DD`` text there, so a day is bound as that text.
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
