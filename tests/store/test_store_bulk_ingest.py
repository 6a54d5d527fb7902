"""A large upload into PostgreSQL: staged by COPY, its order indexes rebuilt, every value kept as written.

The fast path (a temp table filled by COPY of Arrow-written CSV, then sorted inserts, and the
``orders`` indexes dropped and rebuilt when an upload is as large as the history) must store what
the row-by-row path stores: the same texts (empty, quoted, multi-line, non-ASCII), NULLs, times
to the microsecond and amounts to the last bit, and leave the indexes in place.
"""

from __future__ import annotations

import pandas as pd
import pytest
from store_helpers import WEEK1, by_id, orders_of

from analytics.store import history_orders, ingest_frame, list_uploads
from analytics.store.connection import store_location
from analytics.store.engines import open_engine
from analytics.store.engines import postgres_engine as pg
from analytics.store.engines.schema import POSTGRES_ORDER_INDEXES

pytestmark = pytest.mark.postgres


def _order_indexes(url: str) -> set[str]:
    with open_engine(store_location(url)) as engine:
        rows = engine.execute(
            "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() AND tablename = 'orders'",
            native=True,
        )
        return {r[0] for r in rows}


@pytest.fixture
def pg_url(postgres_cluster, tmp_path, request, pg_password) -> str:
    from history_urls import history_url

    return history_url("postgresql", tmp_path, request)


def test_awkward_texts_nulls_times_and_amounts_come_back_as_written(pg_url):
    items = ['a,"b"', "line\nbreak", "", None, "飞天茅台 53°", "\\N"]
    orders = orders_of(
        [f"o{i}" for i in range(6)],
        ["c1", "c2", "c3", None, "c,5", 'c"6'],
        [
            "2025-01-06 10:00:01.123456",
            "2025-01-06 23:59:59.999999",
            "2025-01-07 00:00:00",
            "2025-01-07 12:00:00",
            "2025-01-08 08:30:00.5",
            "2025-01-09 09:00:00",
        ],
        # 0.1 + 0.2 and 1/3 have no short decimal form: a lossy text would change them.
        [0.1 + 0.2, 1 / 3, 1e-7, 123456789.125, 5.0, 0.0],
        item=items,
    )
    ingest_frame(pg_url, orders, file_name="odd.csv")
    stored = by_id(history_orders(pg_url))
    assert stored["customer_id"].isna().tolist() == [False, False, False, True, False, False]
    assert stored["customer_id"].dropna().tolist() == ["c1", "c2", "c3", "c,5", 'c"6']
    assert stored["order_time"].tolist() == by_id(orders)["order_time"].tolist()
    assert stored["amount"].tolist() == [0.1 + 0.2, 1 / 3, 1e-7, 123456789.125, 5.0, 0.0]
    # an empty text stays empty and a missing one missing (COPY tells them apart by the quotes)
    assert stored["item"].tolist()[:3] == ['a,"b"', "line\nbreak", ""]
    assert pd.isna(stored["item"].iloc[3])
    assert stored["item"].tolist()[4:] == ["飞天茅台 53°", "\\N"]


def test_an_upload_as_large_as_the_history_rebuilds_the_order_indexes(pg_url, monkeypatch):
    built = []
    original = pg.PostgresEngine.execute

    def watch(self, statement, params=(), *, native=False):
        if statement.startswith("CREATE INDEX orders_"):
            built.append(statement.split()[2])
        return original(self, statement, params, native=native)

    monkeypatch.setattr(pg.PostgresEngine, "execute", watch)
    monkeypatch.setattr(pg, "_REBUILD_MIN_ROWS", 2)
    # First load (3 orders into an empty history): the indexes are dropped and built again.
    ingest_frame(pg_url, WEEK1, file_name="w1.csv")
    assert built == list(POSTGRES_ORDER_INDEXES)
    # One new order into a history of three: the indexes stay, nothing is rebuilt.
    built.clear()
    ingest_frame(pg_url, orders_of(["9"], ["q"], ["2025-01-10 09:00:00"], [9.0]), file_name="w2.csv")
    assert built == []
    assert set(POSTGRES_ORDER_INDEXES) <= _order_indexes(pg_url)
    assert sorted(history_orders(pg_url)["order_id"]) == ["1", "2", "3", "9"]


def test_a_failure_after_the_indexes_were_dropped_leaves_them_and_the_history(pg_url, monkeypatch):
    ingest_frame(pg_url, WEEK1, file_name="w1.csv")
    monkeypatch.setattr(pg, "_REBUILD_MIN_ROWS", 2)
    original = pg.PostgresEngine.execute

    def broken(self, statement, params=(), *, native=False):
        if statement.startswith("CREATE INDEX orders_"):
            raise OSError("no space left on device")
        return original(self, statement, params, native=native)

    monkeypatch.setattr(pg.PostgresEngine, "execute", broken)
    larger = orders_of(
        [str(i) for i in range(10, 16)], ["x"] * 6, ["2025-01-11 10:00:00"] * 6, [1.0, 2, 3, 4, 5, 6]
    )
    with pytest.raises(OSError):
        ingest_frame(pg_url, larger, file_name="w2.csv")
    monkeypatch.setattr(pg.PostgresEngine, "execute", original)
    # The drop was part of the ingest's transaction: rolled back with it.
    assert set(POSTGRES_ORDER_INDEXES) <= _order_indexes(pg_url)
    assert list_uploads(pg_url)["file_name"].tolist() == ["w1.csv"]
    assert sorted(history_orders(pg_url)["order_id"]) == ["1", "2", "3"]
