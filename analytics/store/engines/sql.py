"""SQL written once (DuckDB's dialect, ``?`` parameters) and transpiled by sqlglot for each engine.

Every history query and every ingest statement of the engine stores is one string in this
package; :func:`for_dialect` turns it into PostgreSQL's, Spark's or SQLite's form (``?`` becomes
``%s`` for psycopg, and so on). DuckDB's dialect is the source because it is the closest to all
three. The transpiled text is cached per statement, so sqlglot parses each statement once per
process (a few milliseconds), not once per call.
"""

from __future__ import annotations

from functools import lru_cache

SOURCE_DIALECT = "duckdb"


@lru_cache(maxsize=512)
def for_dialect(sql: str, dialect: str) -> str:
    """Return ``sql`` (DuckDB dialect) in ``dialect`` (``duckdb``, ``postgres``, ``spark``, ``sqlite``).

    Examples
    --------
    >>> for_dialect("SELECT shop FROM uploads WHERE kind = ?", "postgres")
    'SELECT shop FROM uploads WHERE kind = %s'
    """
    if dialect == SOURCE_DIALECT:
        return sql
    import sqlglot  # imported only when a non-DuckDB engine is used

    text = ";\n".join(sqlglot.transpile(sql, read=SOURCE_DIALECT, write=dialect))
    # Spark plans each CTE once by itself and has no MATERIALIZED hint (sqlglot keeps it).
    return text.replace(" AS MATERIALIZED (", " AS (") if dialect == "spark" else text
