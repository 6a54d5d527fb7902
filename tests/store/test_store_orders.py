"""Storing orders: deduplication, edited exports, states moving forward, content ids, previews."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from store_helpers import WEEK1, by_id, closed, ingest_files, ingest_load, orders_of, preview

from analytics.errors import ArgumentError
from analytics.loading import load_orders
from analytics.store import history_orders, ingest_frame, list_uploads


def test_overlapping_upload_adds_only_new_orders(tmp_path):
    db = tmp_path / "h.sqlite"
    # week 2 repeats orders 2 and 3 unchanged and brings order 4: 1 added, 2 duplicates
    week2 = orders_of(
        ["2", "3", "4"],
        ["b", None, "c"],
        ["2025-01-07 00:00:00", "2025-01-08 23:59:59", "2025-01-10"],
        [20, 5, 7],
    )
    (first,) = ingest_frame(db, WEEK1, file_name="w1.csv")
    (second,) = ingest_frame(db, week2, file_name="w2.csv")
    assert (first.added, first.updated, first.duplicates) == (3, 0, 0)
    assert (second.added, second.updated, second.duplicates, second.removed) == (1, 0, 2, 0)
    union = pd.concat([WEEK1, week2.iloc[[2]]], ignore_index=True)
    pd.testing.assert_frame_equal(by_id(history_orders(db)), by_id(union))


def test_identical_content_is_skipped_whatever_the_row_order(tmp_path):
    db = tmp_path / "h.sqlite"
    ingest_frame(db, WEEK1, file_name="w1.csv")
    (again,) = ingest_frame(db, WEEK1.iloc[::-1], file_name="w1 copy.xlsx")
    assert again.skipped and again.upload_id == 1 and again.duplicates == 3 and again.added == 0
    assert len(list_uploads(db)) == 1


def test_edited_export_updates_amounts_and_closed_orders_leave(tmp_path):
    db = tmp_path / "h.sqlite"
    ingest_frame(db, WEEK1, file_name="w1.csv")
    # re-export of week 1: order 1 refunded, order 2 partly refunded (20 -> 12), order 3 unchanged
    edited = WEEK1.iloc[1:].assign(amount=[12.0, 5.0])
    (result,) = ingest_frame(db, edited, file_name="w1-edited.csv", invalid=closed(["1"]))
    assert (result.added, result.updated, result.duplicates, result.removed) == (0, 1, 1, 1)
    pd.testing.assert_frame_equal(by_id(history_orders(db)), by_id(edited))


def test_order_states_move_forward_only(tmp_path):
    db = tmp_path / "h.sqlite"
    # upload 1: order 1 unpaid (not counted); upload 2: paid -> added
    ingest_frame(db, WEEK1.iloc[1:], file_name="a.csv", invalid=closed(["1"], "unpaid"))
    assert set(history_orders(db)["order_id"]) == {"2", "3"}
    (paid,) = ingest_frame(db, WEEK1, file_name="b.csv")
    assert paid.added == 1 and set(history_orders(db)["order_id"]) == {"1", "2", "3"}
    # an older export uploaded later still says unpaid: a paid order stays paid
    ingest_frame(db, WEEK1.iloc[2:], file_name="old.csv", invalid=closed(["1"], "unpaid"))
    assert set(history_orders(db)["order_id"]) == {"1", "2", "3"}
    # closed, then an older export showing it paid again: closed stays closed
    ingest_frame(db, WEEK1.iloc[:0], file_name="closed.csv", invalid=closed(["2"], "cancelled"))
    (older,) = ingest_frame(db, WEEK1.iloc[[1]].assign(amount=[19.0]), file_name="older.csv")
    assert older.added == 0 and older.updated == 0 and older.duplicates == 1
    assert set(history_orders(db)["order_id"]) == {"1", "3"}


def test_reasons_without_state_leave_the_store_alone(tmp_path):
    db = tmp_path / "h.sqlite"
    ingest_frame(db, WEEK1, file_name="w1.csv")
    invalid = pd.DataFrame(
        {"order_id": ["1", "2", None], "reason": ["duplicate_order", "bad_date", "refunded"]}
    )
    (result,) = ingest_frame(db, WEEK1.iloc[:0], file_name="odd.csv", invalid=invalid)
    assert result.removed == 0 and len(history_orders(db)) == 3


def test_a_valid_order_wins_over_its_own_dropped_lines(tmp_path):
    # the loader rolled order 1 up from its good lines and dropped a refund line of it
    db = tmp_path / "h.sqlite"
    ingest_frame(db, WEEK1, file_name="w1.csv", invalid=closed(["1"], "negative_amount"))
    assert set(history_orders(db)["order_id"]) == {"1", "2", "3"}


ORDER_POOL = orders_of(
    [f"o{i}" for i in range(12)],
    ["a", "b", None, "c", "a", "d", "b", None, "e", "a", "c", "f"],
    [f"2025-02-{d:02d} 09:30:00" for d in (1, 1, 2, 3, 3, 5, 8, 8, 9, 12, 13, 14)],
    [3.0, 4.5, 1.0, 0.0, 7.25, 2.0, 9.0, 1.5, 6.0, 3.0, 8.0, 2.5],
)


@settings(max_examples=15, deadline=None)
@given(st.lists(st.sets(st.integers(0, 11), min_size=1), min_size=1, max_size=5))
def test_any_overlapping_uploads_store_their_union_once(tmp_path_factory, chunks):
    db = tmp_path_factory.mktemp("prop") / "h.sqlite"
    for n, chunk in enumerate(chunks):
        ingest_frame(db, ORDER_POOL.iloc[sorted(chunk)], file_name=f"part{n}.csv")
    union = sorted(set().union(*chunks))
    pd.testing.assert_frame_equal(by_id(history_orders(db)), by_id(ORDER_POOL.iloc[union]))
    uploads = list_uploads(db)
    # every order of every stored upload is exactly once added or a duplicate
    assert uploads["added"].sum() == len(union)
    assert (uploads["added"] + uploads["duplicates"] == uploads["rows_used"]).all()


def test_exports_without_order_ids_are_deduplicated_by_content(tmp_path):
    # the guest order of 7 Jan is in both exports; row numbers differ, content does not
    first = tmp_path / "a.csv"
    first.write_text(
        "Customer ID,Order Date,Total\nc1,2025-01-06 10:00,10\n,2025-01-07 11:00,5\n", encoding="utf-8"
    )
    second = tmp_path / "b.csv"
    second.write_text(
        "Customer ID,Order Date,Total\nc2,2025-01-08 09:00,7\n,2025-01-07 11:00,5\n", encoding="utf-8"
    )
    db = tmp_path / "h.sqlite"
    ingest_files(db, [first])
    (result,) = ingest_files(db, [second])
    assert (result.added, result.duplicates) == (1, 1)
    stored = history_orders(db)
    # 10 + 5 + 7 = 22 over three orders
    assert len(stored) == 3 and stored["amount"].sum() == 22.0


def test_a_loaded_upload_keeps_its_row_accounting(tmp_path):
    export = tmp_path / "w.csv"
    export.write_text(
        "InvoiceNo,InvoiceDate,Quantity,UnitPrice,CustomerID\n"
        "1001,2011-01-03 09:00,2,1.5,17850.0\n"
        "1001,2011-01-03 09:00,1,4.0,17850.0\n"
        "C1002,2011-01-03 10:00,-1,1.5,17850.0\n"
        "1003,2011-01-04 10:00,1,2.0,\n",
        encoding="utf-8",
    )
    db = tmp_path / "h.sqlite"
    (result,) = ingest_load(db, load_orders([export]))
    # 4 rows: 3 lines make 2 orders (1001 = 2 x 1.5 + 4.0 = 7.0; 1003 = 2.0), 1 cancellation line
    # used as a refund (the history keeps orders only)
    assert (result.rows_read, result.rows_used, result.dropped) == (4, 4, {})
    assert result.file_name == "w.csv" and result.added == 2
    assert history_orders(db)["amount"].tolist() == [7.0, 2.0]


def test_a_frame_with_repeated_order_ids_is_refused_before_writing(tmp_path):
    db = tmp_path / "h.sqlite"
    with pytest.raises(ArgumentError) as refused:
        ingest_frame(db, pd.concat([WEEK1, WEEK1.iloc[:1]]), file_name="twice.csv")
    assert refused.value.code == "store.repeated_order_ids"
    assert refused.value.params == {"file": "twice.csv", "examples": ["1"]}
    assert not db.exists()


def _taobao(path, rows):
    header = "订单编号,买家会员名,订单付款时间,买家实际支付金额,订单状态\n"
    path.write_text(header + "".join(",".join(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_with_upload_shows_what_ingesting_the_upload_would_store(tmp_path):
    db = tmp_path / "h.sqlite"
    week = [
        ("101", "a", "2025-01-06 10:00:00", "10.00", "交易成功"),
        ("102", "b", "2025-01-07 11:00:00", "20.00", "交易成功"),
        ("103", "c", "2025-01-08 12:00:00", "30.00", "等待买家付款"),
    ]
    ingest_files(db, [_taobao(tmp_path / "w1.csv", week)])
    # re-export: 101 closed, 102 partly refunded (20 -> 15), 103 now paid, 104 new
    again = [
        ("101", "a", "2025-01-06 10:00:00", "10.00", "交易关闭"),
        ("102", "b", "2025-01-07 11:00:00", "15.00", "交易成功"),
        ("103", "c", "2025-01-08 12:00:00", "30.00", "交易成功"),
        ("104", "a", "2025-01-09 09:00:00", "5.00", "交易成功"),
    ]
    load = load_orders([_taobao(tmp_path / "w1-again.csv", again)])
    shown = preview(history_orders(db), load)
    ingest_load(db, load)
    pd.testing.assert_frame_equal(shown, history_orders(db))
    # 15 + 30 + 5 = 50 over orders 102, 103, 104
    assert shown["order_id"].tolist() == ["102", "103", "104"] and shown["amount"].sum() == 50.0
