"""Histories kept in a database engine (DuckDB, PostgreSQL, Spark) instead of the SQLite file.

:func:`open_engine` checks that the engine's Python package is installed, connects (a short
timeout for a server), creates or checks the tables and hands back an
:class:`~analytics.store.engines.base.Engine`. Every failure becomes one store error with a
code (``store.engine_not_installed``, ``store.server_unreachable``, ``store.login_failed``, ...):
never a traceback, and never a local file named like the URL.

Files: ``sql`` (SQL written once, transpiled per engine), ``base`` (the engine contract),
``duckdb_engine``, ``postgres_engine``, ``spark_engine``, ``schema`` (tables), ``orders`` (ingest),
``lists`` (member and campaign lists), ``read`` (shops, uploads, chunked reads).
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from contextlib import contextmanager

from analytics.errors import ArgumentError, InputError, Term
from analytics.store.engines.base import Engine
from analytics.store.engines.schema import ddl
from analytics.store.schema import SCHEMA_VERSION
from analytics.store.url import PACKAGES, StoreLocation


def require_package(location: StoreLocation) -> None:
    """Raise ``store.engine_not_installed`` when the engine's Python package cannot be imported."""
    module, requirement = PACKAGES[location.engine]
    if importlib.util.find_spec(module) is None:
        raise ArgumentError(
            "store.engine_not_installed",
            store=location.shown,
            engine=location.engine,
            package=requirement,
            option=Term("option.store"),
        )


def _connect(location: StoreLocation, *, create: bool) -> Engine:
    require_package(location)
    if location.engine == "duckdb":
        from analytics.store.engines.duckdb_engine import DuckDBEngine

        return DuckDBEngine(location, create=create)
    if location.engine == "postgresql":
        from analytics.store.engines.postgres_engine import PostgresEngine

        return PostgresEngine(location)
    from analytics.store.engines.spark_engine import SparkEngine

    return SparkEngine(location, create=create)


def _has_tables(engine: Engine) -> bool:
    found = engine.execute(
        "SELECT COUNT(*) FROM information_schema.tables WHERE table_name = 'meta' "
        "AND table_schema = current_schema()"
    ).fetchone()
    return bool(found and found[0])


def _ensure_schema(engine: Engine, *, create: bool) -> None:
    if not _has_tables(engine):
        if not create:
            raise ArgumentError("store.missing", file=engine.where)
        with engine.transaction():
            if engine.kind == "postgresql":
                # Under the writer lock: two processes creating the schema at once would otherwise
                # both pass IF NOT EXISTS and the second fail on PostgreSQL's unique catalog key.
                engine.execute(f"CREATE SCHEMA IF NOT EXISTS {engine.location.schema}")
            # Checked again under the writer lock: another process may have just created it.
            if not _has_tables(engine):
                for statement in ddl(engine.kind):
                    engine.execute(statement)
    row = engine.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    version = int(row[0]) if row else None
    if version is None:
        raise ArgumentError("store.not_a_store", file=engine.where, option=Term("option.store"))
    if version > SCHEMA_VERSION:
        raise ArgumentError(
            "store.newer_schema", file=engine.where, version=version, supported=SCHEMA_VERSION
        )
    if version < SCHEMA_VERSION and engine.kind != "spark":
        _migrate(engine)


def _migrate(engine: Engine) -> None:
    """Bring an engine history of version 3 or 4 to the current one.

    Every table statement is ``IF NOT EXISTS``, so running them adds what is missing. Version 3
    kept no refund lines: ``refunds_from_upload`` says from which upload on they are. Version 4 had
    no kept tables beside the orders (:mod:`analytics.store.derived`): they are computed now.
    """
    from analytics.store.derived import DERIVED_FROM_VERSION, rebuild

    with engine.transaction():
        row = engine.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        version = int(row[0]) if row else SCHEMA_VERSION
        if version >= SCHEMA_VERSION:
            return  # another process migrated it meanwhile (checked under the writer lock)
        for statement in ddl(engine.kind)[:-1]:
            engine.execute(statement)
        if version < 4:
            engine.execute(
                "INSERT INTO meta (key, value) VALUES ('refunds_from_upload', ?)",
                (str(engine.next_upload_id()),),
            )
        if version < DERIVED_FROM_VERSION:
            rebuild(engine)
        engine.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(SCHEMA_VERSION),))
    if version < DERIVED_FROM_VERSION:
        engine.refresh_statistics(("day_totals", "customer_firsts", "store_customer_firsts"))


@contextmanager
def open_engine(location: StoreLocation, *, create: bool = False) -> Iterator[Engine]:
    """Open an engine history (creating its tables when ``create``), and close it afterwards.

    Raises
    ------
    InputError
        ``store.engine_not_installed``, ``store.server_unreachable``, ``store.login_failed``,
        ``store.no_database``, ``store.missing`` (no history there and ``create`` false),
        ``store.busy`` or ``store.engine_failed``: one line, the password never shown.
    """
    engine = _connect(location, create=create)
    try:
        try:
            if engine.kind != "spark":  # a Spark warehouse checks its own folders when it opens
                _ensure_schema(engine, create=create)
            yield engine
        except InputError:
            raise
        except engine.errors as exc:  # type: ignore[attr-defined]
            raise engine.error(exc) from exc  # type: ignore[attr-defined]
    finally:
        engine.close()


@contextmanager
def open_history(location: StoreLocation, *, create: bool = False) -> Iterator[Engine]:
    """Open any history, the SQLite file or an engine, for the queries and the writer (one code for all).

    ``create``: create an empty history when there is none (ingest, copy); reads refuse instead.
    """
    if location.is_file:
        from analytics.store.connection import open_store
        from analytics.store.engines.sqlite_engine import SqliteEngine

        with open_store(location.path, create=create) as conn:
            yield SqliteEngine(location, conn)
        return
    with open_engine(location, create=create) as engine:
        yield engine
