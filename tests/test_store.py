"""History store: deduplication, edited exports, deletion, shops, lists and read-back dtypes."""

from __future__ import annotations

import sqlite3

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analytics.errors import ArgumentError, FileFormatError
from analytics.frames import orders_frame
from analytics.loading import load_orders
from analytics.store import (
    ALL_SHOPS,
    STORE_ENV,
    delete_upload,
    history_campaigns,
    history_members,
    history_orders,
    ingest_campaign,
    ingest_frame,
    ingest_members,
    ingest_orders,
    list_shops,
    list_uploads,
    loaded_days,
    store_path,
    with_upload,
)


def _orders(ids, customers, times, amounts, **optional):
    times = pd.to_datetime(pd.Series(times, dtype="str"), format="ISO8601")
    return orders_frame(order_id=ids, customer_id=customers, order_time=times, amount=amounts, **optional)


def _sorted(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.sort_values("order_id", kind="stable").reset_index(drop=True)


def _closed(ids, reason="refunded"):
    return pd.DataFrame({"order_id": ids, "reason": [reason] * len(ids)})


WEEK1 = _orders(
    ["1", "2", "3"],
    ["a", "b", None],
    ["2025-01-06 10:00:01", "2025-01-07 00:00:00", "2025-01-08 23:59:59"],
    [10.0, 20.0, 5.0],
)


def test_overlapping_upload_adds_only_new_orders(tmp_path):
    db = tmp_path / "h.sqlite"
    # week 2 repeats orders 2 and 3 unchanged and brings order 4: 1 added, 2 duplicates
    week2 = _orders(
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
    pd.testing.assert_frame_equal(_sorted(history_orders(db)), _sorted(union))


def test_read_back_restores_canonical_dtypes_and_optional_columns(tmp_path):
    db = tmp_path / "h.sqlite"
    week = _orders(
        ["o1", "o2"],
        ["a", None],
        ["2025-01-06 10:00:01.250000", "2025-01-07 13:14:15"],
        [10.5, 0.0],
        quantity=[2.0, None],
        store=["北京店", "北京店"],
        channel=["app", None],
        is_member=pd.array([True, None], dtype="boolean"),
        tier=["VIP会员", None],
    )
    week = week.astype(
        {"store": "str", "channel": "str", "tier": "str", "quantity": "float64", "is_member": "boolean"}
    )
    ingest_frame(db, week, file_name="w.xlsx")
    back = history_orders(db)
    pd.testing.assert_frame_equal(back, week)
    assert back["customer_id"].isna().tolist() == [False, True]


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
    (result,) = ingest_frame(db, edited, file_name="w1-edited.csv", invalid=_closed(["1"]))
    assert (result.added, result.updated, result.duplicates, result.removed) == (0, 1, 1, 1)
    pd.testing.assert_frame_equal(_sorted(history_orders(db)), _sorted(edited))


def test_order_states_move_forward_only(tmp_path):
    db = tmp_path / "h.sqlite"
    # upload 1: order 1 unpaid (not counted); upload 2: paid -> added
    ingest_frame(db, WEEK1.iloc[1:], file_name="a.csv", invalid=_closed(["1"], "unpaid"))
    assert set(history_orders(db)["order_id"]) == {"2", "3"}
    (paid,) = ingest_frame(db, WEEK1, file_name="b.csv")
    assert paid.added == 1 and set(history_orders(db)["order_id"]) == {"1", "2", "3"}
    # an older export uploaded later still says unpaid: a paid order stays paid
    ingest_frame(db, WEEK1.iloc[2:], file_name="old.csv", invalid=_closed(["1"], "unpaid"))
    assert set(history_orders(db)["order_id"]) == {"1", "2", "3"}
    # closed, then an older export showing it paid again: closed stays closed
    ingest_frame(db, WEEK1.iloc[:0], file_name="closed.csv", invalid=_closed(["2"], "cancelled"))
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
    ingest_frame(db, WEEK1, file_name="w1.csv", invalid=_closed(["1"], "negative_amount"))
    assert set(history_orders(db)["order_id"]) == {"1", "2", "3"}


def test_delete_upload_keeps_what_other_uploads_supplied(tmp_path):
    db = tmp_path / "h.sqlite"
    week2 = _orders(["3", "4"], [None, "c"], ["2025-01-08 23:59:59", "2025-01-10"], [6.0, 7.0])
    ingest_frame(db, WEEK1, file_name="w1.csv")
    ingest_frame(db, week2, file_name="w2.csv", invalid=_closed(["1"]))
    uploads = list_uploads(db)
    # upload 2 alone supplies order 4; order 3 is in both (upload 2's amount 6 wins)
    assert uploads["orders"].tolist() == [3, 2] and uploads["only_here"].tolist() == [1, 1]
    outcome = delete_upload(db, 2)
    # order 4 leaves, order 1 comes back (only upload 2 had closed it), order 3 goes back to 5.0
    assert (outcome["removed"], outcome["restored"], outcome["changed"]) == (1, 1, 1)
    pd.testing.assert_frame_equal(_sorted(history_orders(db)), _sorted(WEEK1))
    delete_upload(db, 1)
    assert history_orders(db).empty and list_uploads(db).empty


def test_delete_unknown_upload_says_so(tmp_path):
    db = tmp_path / "h.sqlite"
    ingest_frame(db, WEEK1, file_name="w1.csv")
    with pytest.raises(ArgumentError, match="no upload with id 9"):
        delete_upload(db, 9)


def test_shops_never_mix_unless_asked(tmp_path):
    db = tmp_path / "h.sqlite"
    ingest_frame(db, WEEK1, file_name="a.csv", shop="north")
    # the same order ids in another shop are other orders
    ingest_frame(db, WEEK1.assign(amount=[1.0, 2.0, 3.0]), file_name="b.csv", shop="south")
    assert list_shops(db) == ["north", "south"]
    with pytest.raises(ArgumentError, match="north, south"):
        history_orders(db)
    assert history_orders(db, shop="south")["amount"].sum() == 6.0
    both = history_orders(db, shop=ALL_SHOPS)
    # 10 + 20 + 5 + 1 + 2 + 3 = 41 over 6 orders, each labelled with its shop
    assert len(both) == 6 and both["amount"].sum() == 41.0
    assert sorted(both["store"].unique()) == ["north", "south"]
    with pytest.raises(ArgumentError, match="no shop named 'east'"):
        history_orders(db, shop="east")
    with pytest.raises(ArgumentError, match="--shop"):
        ingest_frame(db, WEEK1, file_name="c.csv")


def test_store_column_splits_a_file_by_shop(tmp_path):
    db = tmp_path / "h.sqlite"
    week = WEEK1.assign(store=pd.array(["东店", "西店", "东店"], dtype="str"))
    results = ingest_frame(db, week, file_name="all.csv", rows_read=5, rows_used=3, dropped={"unpaid": 2})
    assert [(r.shop, r.added) for r in results] == [("东店", 2), ("西店", 1)]
    # the file's 5 rows still add up over its two uploads, each balanced
    assert sum(r.rows_read for r in results) == 5
    assert all(r.rows_read == r.rows_used + sum(r.dropped.values()) for r in results)
    assert history_orders(db, shop="西店")["order_id"].tolist() == ["2"]


def test_only_shop_is_used_when_a_file_names_none(tmp_path):
    db = tmp_path / "h.sqlite"
    ingest_frame(db, WEEK1.iloc[:1], file_name="a.csv", shop="main")
    (result,) = ingest_frame(db, WEEK1, file_name="b.csv")
    assert result.shop == "main" and list_shops(db) == ["main"]


def test_latest_member_list_wins_and_keeps_tier_order(tmp_path):
    db = tmp_path / "h.sqlite"
    tiers = ["普通会员", "高级会员", "VIP会员"]
    first = pd.DataFrame(
        {
            "customer_id": pd.array(["a", "b"], dtype="str"),
            "tier": pd.Categorical(["VIP会员", "普通会员"], categories=tiers, ordered=True),
            "joined": pd.to_datetime(["2024-05-01", None]).astype("datetime64[ns]"),
        }
    )
    ingest_members(db, first, file_name="members-jan.xlsx")
    latest = first.iloc[[1]].reset_index(drop=True)
    ingest_members(db, latest, file_name="members-feb.xlsx")
    back = history_members(db)
    pd.testing.assert_frame_equal(back, latest)
    # the unused tiers are kept, in order, for the tier distribution
    assert list(back["tier"].cat.categories) == tiers and back["tier"].cat.ordered
    assert back.attrs["file_name"] == "members-feb.xlsx"
    # deleting the latest list brings back the previous one
    delete_upload(db, back.attrs["upload_id"])
    pd.testing.assert_frame_equal(history_members(db), first)


def test_campaign_list_round_trip_and_none_when_absent(tmp_path):
    db = tmp_path / "h.sqlite"
    ingest_frame(db, WEEK1, file_name="w1.csv")
    assert history_members(db) is None and history_campaigns(db) is None
    campaign = pd.DataFrame(
        {
            "customer_id": pd.array(["a", "b"], dtype="str"),
            "group": pd.array(["实验组", "对照组"], dtype="str"),
            "start": pd.to_datetime(["2025-01-06", None]).astype("datetime64[ns]"),
        }
    )
    (result,) = [ingest_campaign(db, campaign, file_name="c.csv")]
    assert result.added == 2
    pd.testing.assert_frame_equal(history_campaigns(db), campaign)


def test_loaded_days_show_gaps_apart_from_quiet_days(tmp_path):
    db = tmp_path / "h.sqlite"
    # upload 1 spans 6-8 Jan (no order on 7 Jan: quiet, covered); upload 2 spans 10 Jan only
    ingest_frame(db, _orders(["1", "2"], ["a", "b"], ["2025-01-06", "2025-01-08"], [1, 1]), file_name="a")
    ingest_frame(db, _orders(["3", "4"], ["a", None], ["2025-01-10", "2025-01-10"], [1, 1]), file_name="b")
    days = loaded_days(db)
    assert days["day"].dt.strftime("%d").tolist() == ["06", "07", "08", "09", "10"]
    assert days["orders"].tolist() == [1, 0, 1, 0, 2]
    assert days["covered"].tolist() == [True, True, True, False, True]


def test_reads_refuse_a_missing_store_and_foreign_files(tmp_path):
    with pytest.raises(ArgumentError, match="ingest exports first"):
        history_orders(tmp_path / "none.sqlite")
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"this is a spreadsheet, not a database" * 100)
    with pytest.raises(FileFormatError, match=r"junk\.sqlite"):
        history_orders(junk)
    other = tmp_path / "other.sqlite"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE t (x)")
    with pytest.raises(FileFormatError, match="not a history store"):
        ingest_frame(other, WEEK1, file_name="w1.csv")


def test_store_path_comes_from_argument_then_environment(tmp_path, monkeypatch):
    monkeypatch.setenv(STORE_ENV, str(tmp_path / "env.sqlite"))
    assert store_path(None) == tmp_path / "env.sqlite"
    assert store_path(tmp_path / "x.sqlite") == tmp_path / "x.sqlite"
    monkeypatch.delenv(STORE_ENV)
    assert store_path(None).name == "history.sqlite" and store_path(None).parent.name == "data"


_ORDER_POOL = _orders(
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
        ingest_frame(db, _ORDER_POOL.iloc[sorted(chunk)], file_name=f"part{n}.csv")
    union = sorted(set().union(*chunks))
    pd.testing.assert_frame_equal(_sorted(history_orders(db)), _sorted(_ORDER_POOL.iloc[union]))
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
    ingest_orders(db, [first])
    (result,) = ingest_orders(db, [second])
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
    (result,) = ingest_orders(db, load_orders([export]))
    # 4 rows: 3 lines make 2 orders (1001 = 2 x 1.5 + 4.0 = 7.0; 1003 = 2.0), 1 cancellation invoice
    assert (result.rows_read, result.rows_used, result.dropped) == (4, 3, {"cancellation_invoice": 1})
    assert result.file_name == "w.csv" and result.added == 2
    assert history_orders(db)["amount"].tolist() == [7.0, 2.0]


def test_a_frame_with_repeated_order_ids_is_refused_before_writing(tmp_path):
    db = tmp_path / "h.sqlite"
    with pytest.raises(ArgumentError, match=r"repeat within the upload \(1\)"):
        ingest_frame(db, pd.concat([WEEK1, WEEK1.iloc[:1]]), file_name="twice.csv")
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
    ingest_orders(db, [_taobao(tmp_path / "w1.csv", week)])
    # re-export: 101 closed, 102 partly refunded (20 -> 15), 103 now paid, 104 new
    again = [
        ("101", "a", "2025-01-06 10:00:00", "10.00", "交易关闭"),
        ("102", "b", "2025-01-07 11:00:00", "15.00", "交易成功"),
        ("103", "c", "2025-01-08 12:00:00", "30.00", "交易成功"),
        ("104", "a", "2025-01-09 09:00:00", "5.00", "交易成功"),
    ]
    load = load_orders([_taobao(tmp_path / "w1-again.csv", again)])
    preview = with_upload(history_orders(db), load)
    ingest_orders(db, load)
    pd.testing.assert_frame_equal(preview, history_orders(db))
    # 15 + 30 + 5 = 50 over orders 102, 103, 104
    assert preview["order_id"].tolist() == ["102", "103", "104"] and preview["amount"].sum() == 50.0
