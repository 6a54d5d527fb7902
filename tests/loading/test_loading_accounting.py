"""Drop-reason precedence, file reports and the store's invalid orders (analytics.loading.accounting)."""

from __future__ import annotations

import json

import pandas as pd

from analytics.errors import Message
from analytics.loading import DROP_REASONS, FileReport, load_orders
from analytics.loading.accounting import blank_rows, invalid_orders, order_reasons, sum_dropped
from tests.loading.loading_helpers import csv_bytes


def _orders(**overrides: object) -> pd.DataFrame:
    base = {
        "order_id": ["1"],
        "status_reason": pd.Series([None], dtype="str"),
        "time": pd.to_datetime(["2025-01-01"]),
        "amount": [5.0],
        "amount_bad": [False],
        "refund_all": [False],
        "refund_any": [False],
    }
    return pd.DataFrame({**base, **overrides})


def test_the_first_reason_that_holds_wins():
    # an already-loaded id beats its status; a status beats an unreadable date; a date beats an amount
    seen = pd.Index(["1"])
    assert order_reasons(_orders(status_reason=["unpaid"]), seen, has_id=True).tolist() == ["duplicate_order"]
    assert order_reasons(_orders(status_reason=["unpaid"]), seen, has_id=False).tolist() == ["unpaid"]
    no_time = _orders(status_reason=["cancelled"], time=[pd.NaT])
    assert order_reasons(no_time, pd.Index([]), has_id=True).tolist() == ["cancelled"]
    assert order_reasons(_orders(time=[pd.NaT], amount_bad=[True]), seen[:0], has_id=True).tolist() == [
        "bad_date"
    ]
    assert order_reasons(_orders(amount=[float("nan")]), seen[:0], has_id=True).tolist() == ["bad_amount"]


def test_refunds_and_negative_amounts():
    none = pd.Index([])
    # refunded 5 of 5 paid -> refunded; refunded 2 of 5 -> valid (net 3); paid -1 -> negative_amount
    assert order_reasons(_orders(refunded=[5.0]), none, has_id=True).tolist() == ["refunded"]
    assert order_reasons(_orders(refunded=[2.0]), none, has_id=True).tolist() == [None]
    assert order_reasons(_orders(amount=[-1.0]), none, has_id=True).tolist() == ["negative_amount"]
    assert order_reasons(_orders(refund_all=[True]), none, has_id=True).tolist() == ["refunded"]


def test_blank_rows_are_rows_with_every_cell_empty():
    frame = pd.DataFrame({"a": ["1", None], "b": [None, None]})
    assert blank_rows(frame).tolist()[1] == "blank_row" and pd.isna(blank_rows(frame).iloc[0])


def test_invalid_orders_keep_one_row_per_id_and_reason():
    ids = pd.Series(["7", "7", "8", None, "9"], dtype="str")
    reason = pd.Series(["cancelled", "cancelled", "unpaid", "missing_order_id", None], dtype="str")
    invalid = invalid_orders(ids, reason)
    assert invalid.to_dict("list") == {"order_id": ["7", "8"], "reason": ["cancelled", "unpaid"]}


def test_orders_load_lists_invalid_orders_with_ids_as_in_the_orders_frame():
    # 1001.0 is written as a float: the orders frame and the invalid list both say 1001
    data = csv_bytes(
        ["订单号", "下单时间", "实付金额", "订单状态"],
        [
            ["1001.0", "2025-01-03", "5", "交易关闭"],
            ["1002", "2025-01-03", "7", "交易成功"],
            ["1003", "2025-01-03", "x", "交易成功"],
        ],
    )
    load = load_orders([("a.csv", data)])
    assert load.has_order_ids
    assert load.orders["order_id"].tolist() == ["1002"]
    assert load.invalid_orders.to_dict("list") == {
        "order_id": ["1001", "1003"],
        "reason": ["cancelled", "bad_amount"],
    }


def test_several_files_concatenate_their_invalid_orders_and_any_file_without_ids_clears_the_flag():
    with_ids = csv_bytes(["订单号", "下单时间", "实付金额"], [["1", "2025-01-03", "-5"]])
    without_ids = csv_bytes(["下单时间", "实付金额"], [["2025-01-03", "5"]])
    load = load_orders([("a.csv", with_ids), ("b.csv", without_ids)])
    assert not load.has_order_ids
    assert load.invalid_orders.to_dict("list") == {"order_id": ["1"], "reason": ["negative_amount"]}


def test_file_report_warnings_are_messages_and_to_dict_is_json():
    report = FileReport(
        file="a.csv",
        kind="orders",
        format="csv",
        encoding="utf-8",
        delimiter=",",
        sheet=None,
        header_row=1,
        mapping={},
        rows_read=1,
        rows_used=1,
        dropped={},
        warnings=(Message("loading.no_customer_column", {"file": "a.csv"}),),
    )
    out = json.loads(json.dumps(report.to_dict()))
    assert out["warnings"] == ["a.csv: no customer column: every order is counted as a guest order"]


def test_dropped_rows_are_summed_in_the_stable_reason_order():
    def report(dropped: dict[str, int]) -> FileReport:
        return FileReport("f", "orders", "csv", None, None, None, 1, {}, 9, 0, dropped)

    total = sum_dropped([report({"negative_amount": 1, "blank_row": 2}), report({"blank_row": 1})])
    assert list(total) == [r for r in DROP_REASONS if r in total] and total == {
        "blank_row": 3,
        "negative_amount": 1,
    }


def test_reason_codes_report_as_the_reasons_they_stand_for():
    import numpy as np

    from analytics.io import RawTable
    from analytics.loading.accounting import DROP_REASONS, dropped_rows, file_report, reason_codes

    frame = pd.DataFrame({"id": ["1", "2", "3", None]}, dtype="str")
    raw = RawTable(frame, "a.csv", "csv", header_row=2)
    reason = pd.Series([None, "cancelled", None, "blank_row"], dtype="str")
    codes = reason_codes(reason, DROP_REASONS)
    # blank_row is the first reason (code 1), cancelled the sixth (code 6).
    assert codes.tolist() == [0, 6, 0, 1] and codes.dtype == np.uint8
    by_codes = file_report(raw, "orders", {}, codes, DROP_REASONS, [])
    assert by_codes == file_report(raw, "orders", {}, reason, DROP_REASONS, [])
    assert by_codes.rows_used == 2 and by_codes.dropped == {"blank_row": 1, "cancelled": 1}
    rows = dropped_rows(raw, codes)
    pd.testing.assert_frame_equal(rows, dropped_rows(raw, reason))
    # File rows: the header is row 2, so data rows start at 3.
    assert rows["row"].tolist() == [4, 6] and rows["reason"].tolist() == ["cancelled", "blank_row"]
