"""Line-item detection and roll-up to orders (analytics.loading.rollup)."""

from __future__ import annotations

import pandas as pd

from analytics.loading.rollup import duplicate_lines, line_item_shape, per_row_orders, repeated_ids, roll_up


def _lines(amounts: list[float | None], **extra: object) -> pd.DataFrame:
    amount = pd.Series(amounts, dtype="float64")
    return pd.DataFrame(
        {"amount": amount, "amount_bad": False, "amount_missing": amount.isna(), "refund_row": False, **extra}
    )


def test_repeated_ids_without_an_id_column_marks_every_row():
    ids = pd.Series(["row-2", "row-3"], dtype="str")
    assert repeated_ids(ids, has_id=False).tolist() == [True, True]
    assert repeated_ids(pd.Series(["1", "2", None, None], dtype="str"), has_id=True).tolist() == [False] * 4


def test_duplicate_lines_keeps_the_first_copy_and_only_looks_at_candidates():
    frame = pd.DataFrame({"id": ["1", "1", "2", "2"], "sku": ["a", "a", "b", "b"]})
    candidates = pd.Series([True, True, False, True])
    assert duplicate_lines(frame, candidates).tolist() == [False, True, False, False]
    assert not duplicate_lines(frame, pd.Series(False, index=frame.index)).any()


def test_line_item_headers_make_repeated_ids_product_lines():
    frame = pd.DataFrame({"订单号": ["1", "1"], "商品名称": ["x", "y"], "金额": ["2", "3"]})
    ids = frame["订单号"].astype("str")
    every = pd.Series(True, index=frame.index)
    shape = line_item_shape(frame, {"order_id": "订单号", "amount": "金额"}, ids, every, every)
    assert shape.line_items and not shape.continuation_blank
    assert shape.later.tolist() == [False, True]


def test_an_amount_on_the_first_line_only_is_an_order_total():
    frame = pd.DataFrame({"Name": ["#1", "#1", "#2"], "Total": ["9", None, "4"]})
    ids = frame["Name"].astype("str")
    every = pd.Series(True, index=frame.index)
    shape = line_item_shape(frame, {"order_id": "Name", "amount": "Total"}, ids, every, every)
    assert shape.line_items and shape.continuation_blank


def test_a_repeated_id_in_an_order_level_export_is_not_a_line_item():
    frame = pd.DataFrame({"订单号": ["1", "1"], "金额": ["2", "3"]})
    ids = frame["订单号"].astype("str")
    every = pd.Series(True, index=frame.index)
    shape = line_item_shape(frame, {"order_id": "订单号", "amount": "金额"}, ids, every, every)
    assert not shape.line_items and shape.later.tolist() == [False, True]


def test_roll_up_sums_line_amounts_and_quantities():
    # order a: 2 + 3 = 5, quantity 1 + 2 = 3; order b: 4, quantity 1
    rows = _lines([2.0, 4.0, 3.0], quantity=[1.0, 1.0, 2.0])
    orders, codes = roll_up(rows, pd.Series(["a", "b", "a"]), amount_header="Net Sales")
    assert orders["order_id"].tolist() == ["a", "b"] and codes.tolist() == [0, 1, 0]
    assert orders["amount"].tolist() == [5.0, 4.0] and orders["quantity"].tolist() == [3.0, 1.0]
    assert not orders["amount_bad"].any()


def test_roll_up_takes_a_repeated_order_total_once():
    # "Total" is an order-level header repeated on each line: 9 once, not 18
    orders, _ = roll_up(_lines([9.0, 9.0]), pd.Series(["a", "a"]), amount_header="Total")
    assert orders["amount"].tolist() == [9.0]
    # a line-amount header ("Net Sales") with equal lines is still summed
    orders, _ = roll_up(_lines([9.0, 9.0]), pd.Series(["a", "a"]), amount_header="Net Sales")
    assert orders["amount"].tolist() == [18.0]


def test_roll_up_with_the_total_on_the_first_line_only():
    orders, _ = roll_up(_lines([9.0, None]), pd.Series(["a", "a"]), amount_header="Total")
    assert orders["amount"].tolist() == [9.0] and not orders["amount_bad"].any()


def test_refund_flags_roll_up_as_all_and_any():
    rows = _lines([5.0, -5.0, -1.0]).assign(refund_row=[False, True, True])
    orders, _ = roll_up(rows, pd.Series(["a", "a", "b"]), amount_header=None)
    assert orders["refund_any"].tolist() == [True, True] and orders["refund_all"].tolist() == [False, True]


def test_per_row_orders_treat_a_missing_amount_as_bad():
    orders = per_row_orders(_lines([5.0, None]), pd.Series(["1", "2"], dtype="str"))
    assert orders["order_id"].tolist() == ["1", "2"] and orders["amount_bad"].tolist() == [False, True]


def test_order_totals_are_decided_per_order():
    # issue 13, findings 3 and 4: a: total 9 repeated; b: first line twice (7, 7) then blank; c: one
    # unreadable cell (bad on its own); d: no amount at all (bad); e: a single line of 4
    lines = _lines([9.0, 9.0, 7.0, 7.0, None, None, 5.0, None, 4.0])
    lines["amount_bad"] = [False, False, False, False, False, True, False, False, False]
    key = pd.Series(["a", "a", "b", "b", "b", "c", "c", "d", "e"])
    orders, _ = roll_up(lines, key, amount_header="Total")
    assert orders["amount"].tolist()[:2] == [9.0, 7.0] and orders["amount"].iloc[4] == 4.0
    assert orders["amount_bad"].tolist() == [False, False, True, True, False]


def test_fully_filled_orders_that_differ_make_the_column_line_amounts():
    # two of three fully filled orders differ line by line: the column holds line amounts, so the
    # equal lines of c are summed too (4 + 4 = 8), and b's blank line leaves b unreadable
    lines = _lines([2.0, 3.0, 5.0, None, 1.0, 6.0, 4.0, 4.0])
    key = pd.Series(["a", "a", "b", "b", "x", "x", "c", "c"])
    orders, _ = roll_up(lines, key, amount_header="金额")
    assert orders["amount"].tolist() == [5.0, 5.0, 7.0, 8.0]
    assert orders["amount_bad"].tolist() == [False, True, False, False]
