"""Refund lines kept in the history (every engine): the period's refunds and net sales as the files give.

A refund line subtracts from the sales of its own day (:mod:`analytics.metrics.refunds`); the
history keeps every upload's lines, a line two overlapping exports show counts once, and a
history that was made before it kept refund lines says its refunds are unknown (None), never 0.
"""

from __future__ import annotations

import contextlib
import io
import json
import sqlite3
from pathlib import Path

import pandas as pd
import pytest
from store_helpers import orders_of

from analytics.cli.main import main
from analytics.frames import empty_refunds
from analytics.metrics.period import Period
from analytics.metrics.refunds import period_refunds
from analytics.store import delete_upload, ingest_frame
from analytics.store.refund_queries import history_refunds

ORDERS = orders_of(["1", "2"], ["a", "b"], ["2025-01-05 10:00:00", "2025-01-20 11:00:00"], [20.0, 40.0])


def _refunds(ids, customers, times, amounts) -> pd.DataFrame:
    times = pd.to_datetime(pd.Series(times, dtype="str")).astype("datetime64[ns]")
    return pd.DataFrame(
        {
            "order_id": pd.array(ids, dtype="str"),
            "customer_id": pd.array(customers, dtype="str"),
            "order_time": times,
            "order_day": times.dt.normalize(),
            "amount": amounts,
        }
    )


# Week 1 shows refunds C1 (Jan 25, -10) and C2 (Feb 3, -40); week 2, overlapping, shows C2 again
# and a guest's refund C3 (Jan 28, -2.5).
WEEK1_REFUNDS = _refunds(["C1", "C2"], ["a", "b"], ["2025-01-25 12:00", "2025-02-03 12:00"], [-10.0, -40.0])
WEEK2_REFUNDS = _refunds(["C2", "C3"], ["b", None], ["2025-02-03 12:00", "2025-01-28 09:30"], [-40.0, -2.5])
JANUARY = Period(pd.Timestamp("2025-01-01"), pd.Timestamp("2025-01-31"))


def test_refund_lines_come_back_once_and_leave_with_their_uploads(store_url):
    ingest_frame(store_url, ORDERS, file_name="w1.csv", refunds=WEEK1_REFUNDS)
    week2 = orders_of(["3"], ["c"], ["2025-01-28 10:00:00"], [5.0])
    ingest_frame(store_url, week2, file_name="w2.csv", refunds=WEEK2_REFUNDS)
    stored = history_refunds(store_url)
    # C2 shown by both weeks is one refund: C1, C3, C2 by time
    assert stored["order_id"].tolist() == ["C1", "C3", "C2"]
    assert stored["amount"].tolist() == [-10.0, -2.5, -40.0]
    assert stored["customer_id"].isna().tolist() == [False, True, False]
    assert stored["order_day"].tolist() == list(pd.to_datetime(["2025-01-25", "2025-01-28", "2025-02-03"]))
    # January: C1 10 + C3 2.5 = 12.5 refunded in 2 lines
    january = period_refunds(stored, JANUARY)
    assert (january.amount, january.lines, january.shown) == (12.5, 2, True)
    # Deleting week 1 keeps C2 (week 2 shows it too) and drops C1 (only week 1 showed it).
    delete_upload(store_url, 1)
    assert history_refunds(store_url)["order_id"].tolist() == ["C3", "C2"]


def test_an_upload_without_refund_lines_keeps_none(store_url):
    ingest_frame(store_url, ORDERS, file_name="w1.csv")
    stored = history_refunds(store_url)
    assert stored is not None and stored.empty
    assert list(stored.columns) == list(empty_refunds().columns)
    # No refund lines at all: the period's 0 is not shown (as for a file without any).
    assert not period_refunds(stored, JANUARY).shown


def test_the_same_file_again_adds_no_refund_line(store_url):
    ingest_frame(store_url, ORDERS, file_name="w1.csv", refunds=WEEK1_REFUNDS)
    (again,) = ingest_frame(store_url, ORDERS, file_name="w1.csv", refunds=WEEK1_REFUNDS)
    assert again.skipped
    assert history_refunds(store_url)["amount"].tolist() == [-10.0, -40.0]


def test_a_history_made_before_refunds_were_kept_says_they_are_unknown(tmp_path):
    db = tmp_path / "v3.sqlite"
    ingest_frame(db, ORDERS, file_name="w1.csv")
    # Strip the file back to the version-3 layout (no refund_lines) as an older release left it.
    with sqlite3.connect(db) as conn:
        conn.execute("DROP TABLE refund_lines")
        conn.execute("UPDATE meta SET value = '3' WHERE key = 'schema_version'")
    assert history_refunds(db) is None  # migrated on opening; w1's refunds were never kept
    with sqlite3.connect(db) as conn:
        meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
    assert meta == {"schema_version": "5", "refunds_from_upload": "2"}
    week2 = orders_of(["3"], ["c"], ["2025-01-28 10:00:00"], [5.0])
    ingest_frame(db, week2, file_name="w2.csv", refunds=WEEK2_REFUNDS)
    assert history_refunds(db) is None  # still unknown while w1 is in the history
    delete_upload(db, 1)
    assert history_refunds(db)["order_id"].tolist() == ["C3", "C2"]


@pytest.mark.parametrize("engine", ["duckdb", pytest.param("postgresql", marks=pytest.mark.postgres)])
def test_an_engine_history_of_version_3_is_migrated(engine, tmp_path, request, pg_password):
    from history_urls import history_url

    from analytics.store.connection import store_location
    from analytics.store.engines import open_engine

    url = history_url(engine, tmp_path, request)
    ingest_frame(url, ORDERS, file_name="w1.csv")
    with open_engine(store_location(url)) as opened, opened.transaction():
        opened.execute("DROP TABLE refund_lines")
        opened.execute("DELETE FROM meta WHERE key = 'refunds_from_upload'")
        opened.execute("UPDATE meta SET value = '3' WHERE key = 'schema_version'")
    assert history_refunds(url) is None
    ingest_frame(url, orders_of(["3"], ["c"], ["2025-01-28 10:00:00"], [5.0]), file_name="w2.csv")
    delete_upload(url, 1)
    assert history_refunds(url) is not None


UCI = str(Path(__file__).resolve().parents[2] / "sample_data" / "real" / "online_retail.csv.gz")


@pytest.fixture(scope="module")
def uci_file_summary() -> dict:
    """Return ``summarize``'s JSON of the real Online Retail file, run once for every engine's test."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["summarize", UCI, "--json"]) == 0
    return json.loads(out.getvalue())


def test_summarize_on_the_uci_history_gives_the_files_refunds(store_url, capsys, uci_file_summary):
    # The real Online Retail export (cancellation invoices C...): the default period's refunds and
    # net sales from the history equal those from the file, on every engine.
    path = UCI
    files = uci_file_summary
    assert main(["ingest", path, "--store", store_url, "--json"]) == 0
    capsys.readouterr()
    assert main(["summarize", "--store", store_url, "--json"]) == 0
    stored = json.loads(capsys.readouterr().out)
    assert files["refunds"] > 0
    for key in ("sales", "refunds", "net_sales"):
        assert stored[key] == pytest.approx(files[key], rel=1e-12), key


def test_a_copied_history_keeps_its_refund_lines_and_what_it_never_kept(tmp_path):
    from analytics.store.copy import copy_history

    db = tmp_path / "h.sqlite"
    ingest_frame(db, ORDERS, file_name="w1.csv", refunds=WEEK1_REFUNDS)
    copy_history(db, f"duckdb://{tmp_path}/copy.duckdb")
    assert history_refunds(f"duckdb://{tmp_path}/copy.duckdb")["amount"].tolist() == [-10.0, -40.0]
    # A history migrated from version 3 keeps saying its first upload's refunds are unknown.
    old = tmp_path / "old.sqlite"
    ingest_frame(old, ORDERS, file_name="w1.csv")
    with sqlite3.connect(old) as conn:
        conn.execute("DROP TABLE refund_lines")
        conn.execute("UPDATE meta SET value = '3' WHERE key = 'schema_version'")
    copy_history(old, f"duckdb://{tmp_path}/old.duckdb")
    assert history_refunds(f"duckdb://{tmp_path}/old.duckdb") is None
