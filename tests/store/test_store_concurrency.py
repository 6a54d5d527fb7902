"""History store under two writers at once and under kill -9: nothing lost, doubled or half-written.

Each writer is a separate Python process, as two dashboard tabs or two CLI runs would be.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import time
from pathlib import Path

import pandas as pd
from writer_process import expected_ids, start_writer, wait_ready

from analytics.store import history_orders, ingest_frame, list_uploads


def test_two_processes_ingesting_overlapping_files_at_once_store_the_union_once(tmp_path):
    db, go = tmp_path / "h.sqlite", tmp_path / "go"
    # A holds orders 0..29999, B 20000..49999: 10,000 shared, 50,000 in the union
    a = start_writer(tmp_path, db, 0, 30_000, go, "a.csv")
    b = start_writer(tmp_path, db, 20_000, 50_000, go, "b.csv")
    wait_ready(a)
    wait_ready(b)
    go.touch()
    outputs = [p.communicate(timeout=120) for p in (a, b)]
    assert [p.returncode for p in (a, b)] == [0, 0], [o[1][-2000:] for o in outputs]
    counts = [tuple(map(int, out.split())) for out, _ in outputs]
    # whichever ran second found the 10,000 shared orders already stored
    assert sorted(counts) == [(20_000, 10_000), (30_000, 0)]
    assert sum(added for added, _ in counts) == 50_000
    stored = history_orders(db)
    assert len(stored) == 50_000 and set(stored["order_id"]) == expected_ids(0, 50_000)
    assert len(list_uploads(db)) == 2


def _state(db: Path) -> tuple[int, int, float]:
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        uploads = conn.execute("SELECT COUNT(*) FROM uploads").fetchone()[0]
    orders = history_orders(db)
    return uploads, len(orders), float(orders["amount"].sum())


def _wal_bytes(db: Path) -> int:
    wal = db.with_name(db.name + "-wal")
    return wal.stat().st_size if wal.exists() else 0


def test_kill_9_mid_ingest_leaves_the_store_as_it_was(tmp_path):
    db, go = tmp_path / "h.sqlite", tmp_path / "go"
    base = pd.DataFrame({"i": range(100)})
    seed = ingest_frame(
        db,
        pd.DataFrame(
            {
                "order_id": pd.array([f"S{i}" for i in base["i"]], dtype="str"),
                "customer_id": pd.array([f"c{i % 7}" for i in base["i"]], dtype="str"),
                "order_time": pd.Timestamp("2024-12-01") + pd.to_timedelta(base["i"], unit="h"),
                "order_day": (
                    pd.Timestamp("2024-12-01") + pd.to_timedelta(base["i"], unit="h")
                ).dt.normalize(),
                "amount": base["i"].astype("float64"),
            }
        ),
        file_name="seed.csv",
    )
    assert seed[0].added == 100
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    # 1 upload, 100 orders, sales 0 + 1 + ... + 99 = 4950
    before = _state(db)
    assert before == (1, 100, 4950.0)
    proc = start_writer(tmp_path, db, 0, 150_000, go, "big.csv")
    wait_ready(proc)
    go.touch()
    # The uncommitted transaction spills pages into the WAL long before it commits (hundreds of
    # MB of orders would be needed to fit in the page cache): kill it while the WAL grows.
    deadline = time.monotonic() + 60
    while _wal_bytes(db) < 4_000_000 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    assert proc.poll() is None, "the ingest finished before it could be killed: raise the order count"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    assert _state(db) == before


def test_kill_9_at_any_moment_leaves_the_store_before_or_after(tmp_path):
    db = tmp_path / "h.sqlite"
    state = (0, 0, 0.0)
    # Ingest three new weeks of 20,000 orders, each killed after a growing delay: each time the
    # store holds the previous weeks alone, or the previous weeks plus all of the new one.
    for week, delay in enumerate((0.3, 1.2, 2.5)):
        go = tmp_path / f"go{week}"
        proc = start_writer(tmp_path, db, week * 20_000, (week + 1) * 20_000, go, f"week{week}.csv")
        wait_ready(proc)
        go.touch()
        time.sleep(delay)
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        if not db.exists():
            continue
        # a whole week: amounts i % 50 over 20,000 consecutive i -> 400 x (0 + ... + 49) = 490,000
        whole = (state[0] + 1, state[1] + 20_000, state[2] + 490_000.0)
        now = _state(db)
        assert now in {state, whole}
        state = now


def test_switching_to_wal_waits_while_another_writer_holds_a_new_file(tmp_path):
    # A new file is still in rollback mode: while another connection writes, SQLite refuses the
    # journal-mode change at once ("database is locked"); use_wal waits for the writer instead.
    import threading

    from analytics.store.connection import use_wal

    db = tmp_path / "new.sqlite"
    writer = sqlite3.connect(db, isolation_level=None, check_same_thread=False)
    writer.execute("CREATE TABLE t (x)")
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("INSERT INTO t VALUES (1)")
    threading.Timer(0.5, lambda: writer.execute("COMMIT")).start()
    other = sqlite3.connect(db, isolation_level=None)
    started = time.monotonic()
    use_wal(other, timeout_s=10)
    assert time.monotonic() - started >= 0.4  # it waited for the writer's commit
    assert other.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    other.close()
    writer.close()
