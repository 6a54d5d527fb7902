"""A history in a DuckDB file: one machine, columnar scans, one writing process at a time.

DuckDB locks its file for one process: a second process (another CLI run, a second dashboard
process) cannot open it until the first closes it. So opening retries on that lock until the
store's busy timeout, which queues writers the way SQLite's busy timeout does, and every store
call closes the file when it is done. Within one process, connections share one database.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import pandas as pd

from analytics.errors import ArgumentError, FileFormatError, Term
from analytics.store.engines.base import Engine, Rows
from analytics.store.url import StoreLocation

# Seconds a process waits for another one holding the file (as SQLite's busy timeout).
BUSY_TIMEOUT_S = 120.0
# Seconds a process creating the file waits for another process that is creating it at the same time.
CREATE_WAIT_S = 10.0


class DuckDBEngine(Engine):
    """A DuckDB history file (see the module docstring)."""

    kind = "duckdb"
    dialect = "duckdb"

    def __init__(self, location: StoreLocation, *, create: bool, timeout_s: float = BUSY_TIMEOUT_S) -> None:
        super().__init__(location)
        import duckdb

        self._duckdb = duckdb
        path = location.path
        assert path is not None  # a DuckDB location always has its file
        fresh = not path.exists()
        if fresh:
            if not create:
                raise ArgumentError("store.missing", file=self.where)
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise FileFormatError(
                    "store.cannot_create_folder",
                    file=self.where,
                    detail=str(exc),
                    option=Term("option.store"),
                ) from exc
        started = time.monotonic()
        deadline = started + timeout_s
        while True:
            try:
                self.conn = duckdb.connect(str(path))
                break
            except duckdb.IOException as exc:
                text = str(exc).lower()
                # Two writers creating a new file at once: the second finds the file the first is
                # still initialising ("not a valid DuckDB database file") for a moment; wait for it.
                # An old file that is not DuckDB's is refused after that moment, not after minutes.
                being_created = fresh and "not a valid duckdb" in text
                transient = "lock" in text or (being_created and time.monotonic() < started + CREATE_WAIT_S)
                if not transient or time.monotonic() >= deadline:
                    raise _error(self.where, exc) from exc
                time.sleep(0.05)
            except duckdb.Error as exc:
                raise _error(self.where, exc) from exc

    def execute(self, statement: str, params: Sequence[Any] = (), *, native: bool = False) -> Rows:
        """Run one statement and return its rows."""
        cursor = self.conn.execute(statement, list(params))
        return Rows(cursor.fetchall() if cursor.description else [])

    def frame(self, statement: str, params: Sequence[Any] = ()) -> pd.DataFrame:
        """Return a query's result as a DataFrame."""
        return self.conn.execute(statement, list(params)).df()

    def insert_frame(self, table: str, frame: pd.DataFrame) -> None:
        """Append the frame's rows (DuckDB scans the pandas columns directly)."""
        columns = ", ".join(frame.columns)
        self.conn.register("incoming_frame", frame)
        try:
            # Fetched before the frame is unregistered: DuckDB runs a large INSERT as its result is
            # read, and unregistering the frame first would abort it half done.
            statement = f"INSERT INTO {table} ({columns}) SELECT {columns} FROM incoming_frame"
            self.conn.execute(statement).fetchall()
        finally:
            self.conn.unregister("incoming_frame")

    @contextmanager
    def transaction(self) -> Iterator[DuckDBEngine]:
        """Run the block as one transaction (the file lock already keeps other processes out)."""
        self.conn.execute("BEGIN TRANSACTION")
        try:
            yield self
        except BaseException:
            # After a fatal error (a full disk) DuckDB has ended the transaction itself; the
            # error to report is the one that got here, not the failed ROLLBACK's.
            with contextlib.suppress(self._duckdb.Error):
                self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    def close(self) -> None:
        """Close the file, so another process may open it."""
        self.conn.close()

    def error(self, exc: Exception) -> Exception:
        """Return the store error to raise for a DuckDB failure."""
        return _error(self.where, exc)

    @property
    def errors(self) -> tuple[type[Exception], ...]:
        """Return the exception classes of this engine's failures."""
        return (self._duckdb.Error,)


def _error(where: str, exc: Exception) -> FileFormatError:
    text = str(exc).splitlines()[0]
    if "no space left on device" in text.lower():
        return FileFormatError("store.disk_full", file=where, option=Term("option.store"))
    if "lock" in text.lower():
        return FileFormatError("store.busy", file=where, seconds=round(BUSY_TIMEOUT_S))
    if "not a valid duckdb" in text.lower() or "serialization" in text.lower():
        return FileFormatError("store.unreadable", file=where, detail=text, option=Term("option.store"))
    return FileFormatError("store.read_write_failed", file=where, detail=text)
