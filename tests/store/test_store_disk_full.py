"""A full disk during an ingest: one clear coded line, and the history exactly as it was before.

The history lives on a real tiny file system (a 2 MB tmpfs mounted for the test; the tests run as
root, as the set-up and CI do), so the engine meets a real ENOSPC mid-write: SQLite while it
writes its pages, DuckDB when it checkpoints the commit, PostgreSQL when it extends a table in a
tablespace on that file system. After the failure the history must read as before (same uploads,
same orders and sales), and once space is freed the same upload goes in whole.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analytics.cli.main import main
from analytics.errors import FileFormatError
from analytics.frames import orders_frame
from analytics.store import history_orders, ingest_frame, list_uploads
from ui.messages import message_text


def _orders(n: int, first: int = 0) -> pd.DataFrame:
    """Return ``n`` orders with ids from ``first``: one a minute, 40-letter product titles (bulk)."""
    return orders_frame(
        order_id=[str(i) for i in range(first, first + n)],
        customer_id=[f"c{i % 500}" for i in range(n)],
        order_time=pd.Timestamp("2025-01-01") + pd.to_timedelta(np.arange(n) * 60, unit="s"),
        amount=np.arange(n) * 1.0 + 1,
        item=["x" * 40] * n,
    )


SMALL = _orders(100)  # ~100 KB stored: fits in 2 MB
LARGE = _orders(20_000, first=1_000)  # ~6 MB stored: does not


def _state(url: str) -> tuple[list[str], int, float]:
    stored = history_orders(url)
    return list_uploads(url)["file_name"].tolist(), len(stored), float(stored["amount"].sum())


@pytest.fixture
def tiny_disk() -> Iterator[Path]:
    """Mount a 2 MB tmpfs (owned by the ``postgres`` user when it exists, for a tablespace); unmount after."""
    folder = Path(tempfile.mkdtemp(prefix="rcd-tiny-"))
    owner = ",uid=postgres,gid=postgres" if _has_user("postgres") else ""
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size=2m,mode=0700{owner}", "tmpfs", str(folder)],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        # The set-up runs the tests as root, where mounting works: failing says the set-up changed.
        pytest.fail(
            f"cannot mount a tmpfs for the full-disk test (run as root): {done.stderr}", pytrace=False
        )
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)


def _has_user(name: str) -> bool:
    import pwd

    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True


def _grow(folder: Path) -> None:
    """Free space: the same file system, 60 MB now."""
    subprocess.run(["mount", "-o", "remount,size=60m", str(folder)], check=True, capture_output=True)


@pytest.mark.parametrize("engine", ["sqlite", "duckdb"])
def test_a_full_disk_stores_nothing_and_says_so(engine, tiny_disk):
    url = str(tiny_disk / "h.sqlite") if engine == "sqlite" else f"duckdb://{tiny_disk}/h.duckdb"
    ingest_frame(url, SMALL, file_name="small.csv")
    before = _state(url)
    assert before == (["small.csv"], 100, 5050.0)  # 1 + 2 + ... + 100
    with pytest.raises(FileFormatError) as full:
        ingest_frame(url, LARGE, file_name="large.csv")
    assert full.value.code == "store.disk_full"
    assert full.value.params["file"] == url
    # The dashboard's Chinese text names the history, says the disk is full, names no flag.
    zh = message_text(full.value, "zh")
    assert Path(url).name in zh and "磁盘已满" in zh and "--" not in zh
    # The history reads as before the failed upload, in this process and in a fresh one.
    assert _state(url) == before
    fresh = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from analytics.store import history_orders, list_uploads; "
            "u = sys.argv[1]; print(len(history_orders(u)), list_uploads(u)['file_name'].tolist())",
            url,
        ],
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert fresh.stdout.split("\n")[0] == "100 ['small.csv']", fresh.stderr
    # Space freed: the same upload now goes in whole.
    _grow(tiny_disk)
    (result,) = ingest_frame(url, LARGE, file_name="large.csv")
    assert result.added == len(LARGE)
    # 5050 + (1 + 2 + ... + 20000) = 5050 + 200,010,000
    assert _state(url) == (["small.csv", "large.csv"], 20_100, 5050.0 + 200_010_000.0)


def test_the_ingest_command_on_a_full_disk_is_one_line_in_both_languages(tiny_disk, tmp_path, capsys):
    db = tiny_disk / "h.sqlite"
    ingest_frame(db, SMALL, file_name="small.csv")
    export = tmp_path / "large.csv"
    LARGE[["order_id", "customer_id", "order_time", "amount"]].assign(item=LARGE["item"]).to_csv(
        export, index=False
    )
    code = main(["ingest", str(export), "--store", str(db)])
    err = capsys.readouterr().err.strip()
    assert code == 2
    assert len(err.splitlines()) == 1 and "Traceback" not in err
    assert str(db) in err and "full" in err and "--store" in err
    assert _state(str(db)) == (["small.csv"], 100, 5050.0)


def test_a_full_server_disk_stores_nothing_and_says_so(postgres_cluster, pg_password, tiny_disk):
    # A tablespace on the tiny file system holds the history's tables (temp tables stay on the
    # server's own disk): the server fails to extend a table mid-ingest.
    name = f"tiny_{uuid.uuid4().hex[:8]}"
    postgres_cluster.create_database(name)
    postgres_cluster.sql(f"CREATE TABLESPACE {name} LOCATION '{tiny_disk}'")
    postgres_cluster.sql(f"GRANT CREATE ON TABLESPACE {name} TO rcd")
    postgres_cluster.sql(f"ALTER DATABASE {name} SET default_tablespace = {name}")
    url = postgres_cluster.url(name)
    try:
        ingest_frame(url, SMALL, file_name="small.csv")
        before = _state(url)
        assert before == (["small.csv"], 100, 5050.0)
        with pytest.raises(FileFormatError) as full:
            ingest_frame(url, LARGE, file_name="large.csv")
        assert full.value.code == "store.server_disk_full"
        assert full.value.params["store"] == url and "test-secret" not in str(full.value)
        assert "磁盘已满" in message_text(full.value, "zh")
        assert _state(url) == before
        _grow(tiny_disk)
        (result,) = ingest_frame(url, LARGE, file_name="large.csv")
        assert result.added == len(LARGE)
        assert _state(url)[:2] == (["small.csv", "large.csv"], 20_100)
    finally:
        postgres_cluster.sql(f'DROP DATABASE "{name}"')
        postgres_cluster.sql(f"DROP TABLESPACE {name}")
