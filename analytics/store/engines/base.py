"""What every engine store offers the store code: statements, frames in and out, one write transaction.

The store code speaks to an :class:`Engine` only: ``execute`` (SQL in DuckDB's dialect with ``?``
parameters, transpiled per engine), ``frame`` (a query's result as a DataFrame), ``insert_frame``
(bulk rows: DuckDB scans the frame, PostgreSQL takes it through COPY) and ``transaction`` (one
atomic write that also queues writers: a file lock for DuckDB, an advisory lock for PostgreSQL).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import pandas as pd

from analytics.store.engines.sql import for_dialect
from analytics.store.url import StoreLocation


class Rows:
    """A statement's result rows, read like a DB-API cursor (``fetchone``, ``fetchall``, iteration)."""

    def __init__(self, rows: list[tuple[Any, ...]]) -> None:
        self._rows = rows

    def fetchone(self) -> tuple[Any, ...] | None:
        """Return the first row, or None without rows."""
        return self._rows[0] if self._rows else None

    def fetchall(self) -> list[tuple[Any, ...]]:
        """Return every row."""
        return self._rows

    def __iter__(self) -> Iterator[tuple[Any, ...]]:
        return iter(self._rows)


class Engine:
    """An open history in a database engine (see the module docstring for the contract)."""

    kind: str = ""
    dialect: str = ""
    # Order versions are written with typed times (False) or as the SQLite store's text (True).
    stores_text_times: bool = False
    # The column that keeps a member or campaign list's rows in file order.
    list_order: str = "position"

    def __init__(self, location: StoreLocation) -> None:
        self.location = location

    @property
    def where(self) -> str:
        """Return the store as messages show it (never with a password)."""
        return self.location.shown

    def sql(self, statement: str) -> str:
        """Return ``statement`` in this engine's dialect."""
        return for_dialect(statement, self.dialect)

    def execute(self, statement: str, params: Sequence[Any] = (), *, native: bool = False) -> Rows:
        """Run one statement (DuckDB dialect, ``?`` parameters; ``native``: already in the engine's)."""
        raise NotImplementedError

    def day(self, value: Any) -> Any:
        """Return a calendar day as this engine binds it against ``order_day`` (a ``date``)."""
        import datetime as dt

        return pd.Timestamp(value).date() if not isinstance(value, dt.date) else value

    def frame(self, statement: str, params: Sequence[Any] = ()) -> pd.DataFrame:
        """Return a query's result as a DataFrame (dates as datetime64, text as str)."""
        raise NotImplementedError

    def insert_frame(self, table: str, frame: pd.DataFrame) -> None:
        """Append ``frame``'s rows to ``table`` (its columns named as the table's)."""
        raise NotImplementedError

    def next_upload_id(self) -> int:
        """Return the next upload id: one past the largest (the caller holds the writer lock)."""
        row = self.execute("SELECT COALESCE(MAX(upload_id), 0) + 1 FROM uploads").fetchone()
        return int(row[0]) if row else 1

    def index_before(self) -> None:
        """Make temp table ``before`` quick to join by order id (engines that need it)."""

    def stage_versions(self, versions: pd.DataFrame) -> None:
        """Add an upload's versions (all of one upload) to ``order_versions`` and show them as ``incoming``.

        Here (DuckDB) they go straight into ``order_versions`` and ``incoming`` is a view of them:
        rows bulk-loaded into a DuckDB 2.0 temp table and copied on were lost above ~1M rows.
        """
        self.insert_frame("order_versions", versions)
        self.execute("DROP VIEW IF EXISTS incoming")
        upload_id = int(versions["upload_id"].iloc[0]) if len(versions) else -1
        # An int from the store, written in the text because a view takes no parameters.
        self.execute(
            f"CREATE TEMP VIEW incoming AS SELECT * FROM order_versions WHERE upload_id = {upload_id}"
        )

    @contextmanager
    def bulk_orders(self, rows: int) -> Iterator[None]:
        """Wrap the writing of ``rows`` effective orders (an engine may rebuild indexes around it)."""
        yield

    def drop_staged(self) -> None:
        """Drop ``incoming`` and ``before``, the temp objects of an ingest."""
        self.execute("DROP VIEW IF EXISTS incoming")
        self.execute("DROP TABLE IF EXISTS before")

    @contextmanager
    def transaction(self) -> Iterator[Engine]:
        """Run the block as one write transaction, writers queued: committed whole or not at all."""
        raise NotImplementedError
        yield self

    def close(self) -> None:
        """Close the connection."""
        raise NotImplementedError

    def refresh_statistics(self, tables: tuple[str, ...] = ("orders", "order_versions", "uploads")) -> None:
        """Tell the planner the tables' new sizes after a bulk write (engines that need it)."""
