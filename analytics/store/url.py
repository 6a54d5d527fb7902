"""Where a history lives: a SQLite file path, or a URL naming an engine (DuckDB, PostgreSQL, Spark).

``--store`` (and ``$RCD_STORE``) take either form:

- a path (``data/history.sqlite``): the SQLite file of today, with its migrations; a path ending in
  ``.duckdb`` is a DuckDB file;
- ``sqlite:///path/history.sqlite``: the same SQLite file, as a URL;
- ``duckdb:///path/history.duckdb``: a DuckDB file (one machine, fast scans);
- ``postgresql://user@host:port/db`` (also ``postgres://``, ``postgresql+psycopg://``): a chain's
  own server; ``?schema=NAME`` keeps the history in that schema;
- ``spark://local[2]/path/warehouse`` (a local Spark session keeping its tables as Parquet
  under the path; ``spark://local/...`` for one core).

Credentials never come from the command line that ``ps`` shows: a PostgreSQL URL without a
password takes it from ``$PGPASSWORD`` (libpq's own variable, with ``~/.pgpass``), else from
``.streamlit/secrets.toml`` ``[connections.history]`` (Streamlit's ``st.connection`` convention:
``url = "postgresql://..."`` or ``dialect``/``host``/``port``/``database``/``username``/``password``).
The same section, or ``$RCD_HISTORY_URL``, names the history when no ``--store`` is given. The
password is never part of what is shown (:attr:`StoreLocation.shown`).
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, quote, unquote, urlsplit

from analytics.errors import ArgumentError, Term

HISTORY_URL_ENV = "RCD_HISTORY_URL"
SECRETS_SECTION = "history"

# URL scheme -> engine. A value with "scheme://" is a URL; anything else is a file path.
SCHEMES: dict[str, str] = {
    "sqlite": "sqlite",
    "duckdb": "duckdb",
    "postgresql": "postgresql",
    "postgres": "postgresql",
    "postgresql+psycopg": "postgresql",
    "spark": "spark",
}
# Engine -> the Python package that must be importable, and the pip requirement that brings it.
PACKAGES: dict[str, tuple[str, str]] = {
    "duckdb": ("duckdb", "duckdb"),
    "postgresql": ("psycopg", "psycopg[binary]"),
    "spark": ("pyspark", "pyspark"),
}
_URL = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*)://")
_SCHEMA_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


@dataclass(frozen=True)
class StoreLocation:
    """A history's engine and address.

    Attributes
    ----------
    engine
        ``"sqlite"``, ``"duckdb"``, ``"postgresql"`` or ``"spark"``.
    path
        The file (SQLite, DuckDB) or warehouse folder (Spark); None for a server.
    shown
        What messages and JSON show: the path, or the URL without its password.
    conninfo
        For PostgreSQL: the connection URL, password included when one was found (never shown).
    schema
        For PostgreSQL: the schema holding the history tables (``public`` unless given).
    master
        For Spark: the master (``local[2]``).
    """

    engine: str
    shown: str
    path: Path | None = None
    conninfo: str = field(default="", repr=False)
    schema: str = "public"
    master: str = ""

    @property
    def is_file(self) -> bool:
        """Return True for the SQLite file of today (migrations, WAL, the original store code)."""
        return self.engine == "sqlite"


def is_url(value: str | os.PathLike | None) -> bool:
    """Return True when ``value`` is written as ``scheme://...`` rather than a file path.

    Examples
    --------
    >>> is_url("postgresql://u@h/db"), is_url("data/history.sqlite"), is_url(None)
    (True, False, False)
    """
    return value is not None and bool(_URL.match(str(value)))


def _secrets_files() -> list[Path]:
    # Streamlit reads the project's secrets first, then the user's global ones.
    return [Path.cwd() / ".streamlit" / "secrets.toml", Path.home() / ".streamlit" / "secrets.toml"]


def history_secrets(files: list[Path] | None = None) -> dict[str, object]:
    """Return ``[connections.history]`` of ``.streamlit/secrets.toml`` (empty when absent).

    Read with :mod:`tomllib`, so ``analytics`` never imports Streamlit; a file that does not parse
    is ignored here (Streamlit reports it when the dashboard starts).
    """
    for path in files if files is not None else _secrets_files():
        try:
            with path.open("rb") as handle:
                data = tomllib.load(handle)
        except (OSError, tomllib.TOMLDecodeError):
            continue
        section = data.get("connections", {}).get(SECRETS_SECTION)
        if isinstance(section, dict):
            return section
    return {}


def secrets_url(section: dict[str, object]) -> str | None:
    """Return the URL a ``[connections.history]`` section names (``url``, else its parts), or None.

    Examples
    --------
    >>> secrets_url({"dialect": "postgresql", "host": "db", "port": 5432, "database": "shop",
    ...              "username": "ana", "password": "p@ss"})
    'postgresql://ana:p%40ss@db:5432/shop'
    >>> secrets_url({"url": "duckdb:///srv/history.duckdb"})
    'duckdb:///srv/history.duckdb'
    """
    if section.get("url"):
        return str(section["url"])
    dialect = section.get("dialect") or section.get("type")
    if not dialect:
        return None
    user = quote(str(section.get("username", "")), safe="")
    password = section.get("password")
    auth = (
        f"{user}:{quote(str(password), safe='')}@" if password is not None else (f"{user}@" if user else "")
    )
    port = f":{section['port']}" if section.get("port") else ""
    return f"{dialect}://{auth}{section.get('host', '')}{port}/{section.get('database', '')}"


def configured_url() -> str | None:
    """Return the history URL set outside the command line: ``$RCD_HISTORY_URL``, else secrets.toml."""
    return os.environ.get(HISTORY_URL_ENV) or secrets_url(history_secrets())


def tenant_url(base: str, tenant: str) -> str:
    """Return the history of one tenant (a signed-in user) inside the shared history ``base``.

    On PostgreSQL each tenant has a schema of its own (``u_<tenant>``): the tables, the writer lock
    and every query stay inside it, so one user's reads and writes never see another's shops. A
    DuckDB or SQLite history becomes a file of the tenant's own next to the shared one's name.
    ``tenant`` is a digest (:func:`ui.tenancy.user_folder_name`), never a name or an e-mail.

    Examples
    --------
    >>> tenant_url("postgresql://app@db/shop", "3fa9")
    'postgresql://app@db/shop?schema=u_3fa9'
    >>> tenant_url("duckdb:///srv/history.duckdb", "3fa9")
    'duckdb:///srv/history-u_3fa9.duckdb'
    """
    name = "u_" + re.sub(r"[^a-z0-9_]", "_", tenant.lower())[:60]
    match = _URL.match(base)
    scheme = SCHEMES.get(match.group(1).lower()) if match else None
    if scheme == "postgresql":
        head, _, query = base.partition("?")
        kept = [part for part in query.split("&") if part and not part.startswith("schema=")]
        return f"{head}?{'&'.join([*kept, f'schema={name}'])}"
    if scheme == "spark":
        return f"{base.rstrip('/')}/{name}"
    head, dot, suffix = base.rpartition(".")
    return f"{head}-{name}.{suffix}" if dot and "/" not in suffix else f"{base}-{name}"


def _mask(url: str) -> str:
    """Return ``url`` without its password (``postgresql://ana:***@host/db``)."""
    try:
        parts = urlsplit(url)
        if parts.password is None:
            return url
    except ValueError:  # spark://local[2]/... is no host urlsplit can read, and holds no password
        return url
    netloc = parts.netloc.rsplit("@", 1)
    return url.replace(parts.netloc, f"{parts.username or ''}:***@{netloc[-1]}", 1)


def _file_path(value: str, shown: str) -> Path:
    parts = urlsplit(value)
    if parts.netloc not in ("", "localhost"):
        raise ArgumentError(
            "store.bad_url", store=shown, detail=f"host '{parts.netloc}'", option=Term("option.store")
        )
    path = unquote(parts.path)
    if not path or path == "/":
        raise ArgumentError("store.bad_url", store=shown, detail="no file path", option=Term("option.store"))
    # duckdb:///srv/h.duckdb is absolute; duckdb://./h.duckdb and duckdb:///./h.duckdb are relative.
    return Path(path[1:] if path.startswith("/./") else path)


def _postgres(value: str, shown: str) -> StoreLocation:
    parts = urlsplit(value)
    query = parse_qs(parts.query)
    schema = (query.pop("schema", ["public"]) or ["public"])[0].lower()
    if not _SCHEMA_NAME.match(schema):
        raise ArgumentError(
            "store.bad_url", store=shown, detail=f"schema '{schema}'", option=Term("option.store")
        )
    conninfo = "postgresql://" + value.split("://", 1)[1].split("?", 1)[0]
    rest = "&".join(f"{k}={v[0]}" for k, v in query.items())
    if parts.password is None and "PGPASSWORD" not in os.environ:
        secret = history_secrets().get("password")
        if secret is not None and parts.hostname is not None:
            user = quote(parts.username or str(history_secrets().get("username", "")), safe="")
            netloc = parts.netloc.rsplit("@", 1)[-1]
            conninfo = conninfo.replace(parts.netloc, f"{user}:{quote(str(secret), safe='')}@{netloc}", 1)
    return StoreLocation(
        engine="postgresql",
        shown=shown,
        conninfo=conninfo + (f"?{rest}" if rest else ""),
        schema=schema,
    )


def _spark(value: str, shown: str) -> StoreLocation:
    # spark://local[2]/srv/warehouse: urlsplit cannot take "[2]" as a host, so split by hand.
    rest = value.split("://", 1)[1]
    master, slash, path = rest.partition("/")
    if not re.fullmatch(r"local(\[\d+\]|\[\*\])?", master) or not slash or not path:
        raise ArgumentError(
            "store.bad_url", store=shown, detail="write spark://local[2]/path", option=Term("option.store")
        )
    return StoreLocation(engine="spark", shown=shown, path=Path("/" + unquote(path)), master=master)


def parse_location(value: str | os.PathLike | None, *, default: Path) -> StoreLocation:
    """Return where a history lives, from ``--store`` (a path or a URL) or the configured default.

    Parameters
    ----------
    value
        What the user gave; None or "" falls back to ``$RCD_STORE``, ``$RCD_HISTORY_URL``,
        ``[connections.history]`` in ``.streamlit/secrets.toml``, then ``default``.
    default
        The SQLite file used when nothing is configured.

    Raises
    ------
    ArgumentError
        ``store.unknown_engine`` for a URL of another scheme; ``store.bad_url`` for a URL that
        names no file, host or a bad schema. Never creates anything.

    Examples
    --------
    >>> parse_location("duckdb:///srv/h.duckdb", default=Path("x")).path
    PosixPath('/srv/h.duckdb')
    >>> parse_location("postgresql://ana:secret@db:5432/shop", default=Path("x")).shown
    'postgresql://ana:***@db:5432/shop'
    """
    if value is None or str(value) == "":
        value = os.environ.get("RCD_STORE") or configured_url() or str(default)
    text = str(value)
    match = _URL.match(text)
    if not match:
        path = Path(text)
        return StoreLocation(engine="duckdb" if path.suffix == ".duckdb" else "sqlite", shown=text, path=path)
    shown = _mask(text)
    scheme = match.group(1).lower()
    engine = SCHEMES.get(scheme)
    if engine is None:
        raise ArgumentError(
            "store.unknown_engine", store=shown, scheme=scheme, schemes=sorted(set(SCHEMES) - {"postgres"})
        )
    if engine in ("sqlite", "duckdb"):
        path = _file_path(text, shown)
        return StoreLocation(engine=engine, shown=str(path) if engine == "sqlite" else shown, path=path)
    if engine == "postgresql":
        return _postgres(text, shown)
    return _spark(text, shown)
