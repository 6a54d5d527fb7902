"""A history in a Spark warehouse (``spark://local[2]/path``): beyond one machine, read where it lives.

Each history table is a Parquet folder under the warehouse path (``<path>/orders``, ...), read
by a Spark session as a view of the same name, so the history queries of
:mod:`analytics.store.queries` run unchanged (transpiled to Spark SQL). Parquet folders have no
transactions: a history is written into Spark by ``store copy`` only, into a staging folder that
replaces the warehouse path once the copy is checked; ingesting weekly uploads is for the
engines with transactions (SQLite, DuckDB, PostgreSQL), which ``store copy`` then moves here.
"""

from __future__ import annotations

import os
import re
import shutil
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pandas as pd

from analytics.errors import ArgumentError, FileFormatError
from analytics.store.engines.base import Engine, Rows
from analytics.store.engines.schema import ddl
from analytics.store.url import StoreLocation

TABLES = (
    "meta",
    "uploads",
    "order_versions",
    "orders",
    "members",
    "campaigns",
    "refund_lines",
    "day_totals",
    "customer_firsts",
    "store_customer_firsts",
    "customer_days",
    "store_customer_days",
    "month_totals",
)
_COLUMN = re.compile(r"^\s+([a-z_0-9]+) ([A-Z]+(?: PRECISION)?)")


def table_columns() -> dict[str, list[tuple[str, str]]]:
    """Return each history table's columns and SQL types, read from the engines' DDL."""
    columns: dict[str, list[tuple[str, str]]] = {"meta": [("key", "VARCHAR"), ("value", "VARCHAR")]}
    for statement in ddl("duckdb"):
        found = re.match(r"CREATE TABLE IF NOT EXISTS (\w+) \(", statement)
        if found and found.group(1) != "meta":  # meta's DDL is one line: its columns are above
            columns[found.group(1)] = [
                (m.group(1), m.group(2)) for m in map(_COLUMN.match, statement.splitlines()[1:]) if m
            ]
    return columns


class SparkEngine(Engine):
    """A Spark history (see the module docstring)."""

    kind = "spark"
    dialect = "spark"

    def __init__(self, location: StoreLocation, *, create: bool) -> None:
        super().__init__(location)
        from pyspark.sql import SparkSession

        assert location.path is not None  # a Spark location always has its warehouse folder
        self.root = location.path
        self._staging: Path | None = None
        if not (self.root / "meta").exists() and not create:
            raise ArgumentError("store.missing", file=self.where)
        # A local session talks to itself only: bound to the loopback address, never the network.
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
        try:
            self.spark = (
                SparkSession.builder.master(location.master)
                .appName("returning-customers")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.ui.showConsoleProgress", "false")
                .config("spark.sql.shuffle.partitions", "4")
                .config("spark.sql.session.timeZone", "UTC")
                .config("spark.sql.execution.arrow.pyspark.enabled", "true")
                .getOrCreate()
            )
        except Exception as exc:  # Java missing or failing to start: one line, not a JVM trace
            raise FileFormatError(
                "store.engine_failed", store=self.where, detail=str(exc).splitlines()[0]
            ) from exc
        self.spark.sparkContext.setLogLevel("ERROR")
        self._register(self.root)

    def _register(self, root: Path) -> None:
        for table in TABLES:
            folder = root / table
            if folder.exists():
                self.spark.read.parquet(str(folder)).createOrReplaceTempView(table)
            else:
                self._empty(table).createOrReplaceTempView(table)

    def _schema(self, table: str) -> Any:
        from pyspark.sql import types as T

        kinds = {
            "VARCHAR": T.StringType(),
            "BIGINT": T.LongType(),
            "INTEGER": T.IntegerType(),
            "DOUBLE": T.DoubleType(),
            "DATE": T.DateType(),
            "TIMESTAMP": T.TimestampNTZType(),
            "BOOLEAN": T.BooleanType(),
        }
        return T.StructType([T.StructField(n, kinds[k]) for n, k in table_columns()[table]])

    def _empty(self, table: str) -> Any:
        return self.spark.createDataFrame([], self._schema(table))

    def execute(self, statement: str, params: Sequence[Any] = (), *, native: bool = False) -> Rows:
        """Run one query and return its rows (Spark histories are written by ``store copy`` only)."""
        rows = self.spark.sql(
            statement if native else self.sql(statement), args=list(params) or None
        ).collect()
        return Rows([tuple(r) for r in rows])

    def frame(self, statement: str, params: Sequence[Any] = ()) -> pd.DataFrame:
        """Return a query's result as a DataFrame."""
        return self.spark.sql(self.sql(statement), args=list(params) or None).toPandas()

    def insert_frame(self, table: str, frame: pd.DataFrame) -> None:
        """Append rows to a table of the staging folder (inside :meth:`transaction` only)."""
        if self._staging is None:
            raise ArgumentError("store.engine_read_only", store=self.where)
        convert = {
            "DATE": lambda v: pd.Timestamp(v).date(),
            "TIMESTAMP": lambda v: pd.Timestamp(v).to_pydatetime(),
            "BIGINT": int,
            "INTEGER": int,
            "DOUBLE": float,
            "BOOLEAN": bool,
            "VARCHAR": str,
        }
        columns = []
        for name, kind in table_columns()[table]:
            values = frame[name].tolist() if name in frame else [None] * len(frame)
            columns.append([None if pd.isna(v) else convert[kind](v) for v in values])
        rows = list(zip(*columns, strict=True))
        folder = self._staging / table
        self.spark.createDataFrame(rows, self._schema(table)).write.mode("append").parquet(str(folder))
        self.spark.read.parquet(str(folder)).createOrReplaceTempView(table)

    @contextmanager
    def transaction(self) -> Iterator[SparkEngine]:
        """Write into a staging folder that replaces the warehouse only when the block succeeds."""
        self._staging = self.root.with_name(f"{self.root.name}.staging-{uuid.uuid4().hex[:8]}")
        self._staging.mkdir(parents=True)
        try:
            for table in TABLES:
                if not (self._staging / table).exists() and table != "meta":
                    self._empty(table).write.mode("overwrite").parquet(str(self._staging / table))
            meta = pd.DataFrame({"key": ["schema_version"], "value": [ddl("duckdb")[-1].split("'")[-2]]})
            self.spark.createDataFrame(meta, self._schema("meta")).write.mode("overwrite").parquet(
                str(self._staging / "meta")
            )
            self._register(self._staging)
            yield self
        except BaseException:
            shutil.rmtree(self._staging, ignore_errors=True)
            self._staging = None
            self._register(self.root)
            raise
        if self.root.exists():
            shutil.rmtree(self.root)
        self._staging.rename(self.root)
        self._staging = None
        self._register(self.root)

    def close(self) -> None:
        """Keep the session: a Spark session takes seconds to start, and the process reuses it."""

    def error(self, exc: Exception) -> Exception:
        """Return the store error to raise for a failure of Spark."""
        return FileFormatError("store.engine_failed", store=self.where, detail=str(exc).splitlines()[0])

    @property
    def errors(self) -> tuple[type[Exception], ...]:
        """Return the exception classes of Spark's failures."""
        from pyspark.errors import PySparkException

        return (PySparkException,)
