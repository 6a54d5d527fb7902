"""Hostile exports the loader must read right or refuse (issue 13, findings 2-7)."""

from __future__ import annotations

import io

import openpyxl
import pytest

from analytics.errors import InputError
from analytics.loading import load_orders
from tests.loading.loading_helpers import assert_accounted, csv_bytes

HEADER = ["订单号", "客户ID", "下单时间", "实付金额"]


@pytest.mark.parametrize("written", ["inf", "-inf", "nan", "Infinity", "-Infinity", "NaN", "1e999"])
def test_non_finite_amounts_are_dropped_as_bad_amount(written):
    # finding 2: inf was accepted as a number and the sales became null
    rows = [["1", "a", "2025-01-01 10:00", "12.50"], ["2", "b", "2025-01-02 10:00", written]]
    load = load_orders([("o.csv", csv_bytes(HEADER, rows))])
    assert_accounted(load)
    assert load.dropped == {"bad_amount": 1}
    assert load.to_dict()["sales"] == 12.5  # the one readable order


def test_non_finite_unit_prices_are_dropped_as_bad_amount():
    header = ["InvoiceNo", "InvoiceDate", "Quantity", "UnitPrice", "StockCode"]
    rows = [["1", "2025-01-01 10:00", "2", "1.5", "a"], ["2", "2025-01-01 11:00", "1", "inf", "b"]]
    load = load_orders([("o.csv", csv_bytes(header, rows))])
    # order 1: 2 x 1.5 = 3; order 2's price is infinite
    assert load.dropped == {"bad_amount": 1} and load.to_dict()["sales"] == 3.0


LINES = ["订单号", "客户ID", "下单时间", "实付金额", "商品名称"]


def test_one_unreadable_repeated_total_drops_only_its_own_order():
    # finding 3: the order total repeats on every line; one #VALUE! cell used to flip the file to
    # summing every order's lines (sales doubled). Order 1: 30 once; order 2 unreadable; order 3: 8.
    rows = [
        ["1", "a", "2025-01-01 10:00", "30.00", "杯"],
        ["1", "a", "2025-01-01 10:00", "30.00", "碟"],
        ["2", "b", "2025-01-02 10:00", "#VALUE!", "杯"],
        ["2", "b", "2025-01-02 10:00", "20.00", "勺"],
        ["3", "c", "2025-01-03 10:00", "8.00", "杯"],
        ["3", "c", "2025-01-03 10:00", "8.00", "碟"],
    ]
    load = load_orders([("o.csv", csv_bytes(LINES, rows))])
    assert_accounted(load)
    assert load.dropped == {"bad_amount": 2}
    assert sorted(load.orders["amount"].tolist()) == [8.0, 30.0]


def test_line_amounts_under_an_order_level_header_are_still_summed():
    # most fully filled orders differ line by line: the column holds line amounts (2 + 3, 4 + 4)
    rows = [
        ["1", "a", "2025-01-01 10:00", "2.00", "杯"],
        ["1", "a", "2025-01-01 10:00", "3.00", "碟"],
        ["2", "b", "2025-01-02 10:00", "5.00", "杯"],
        ["2", "b", "2025-01-02 10:00", "1.00", "勺"],
        ["3", "c", "2025-01-03 10:00", "4.00", "杯"],
        ["3", "c", "2025-01-03 10:00", "4.00", "碟"],
    ]
    load = load_orders([("o.csv", csv_bytes(LINES, rows))])
    assert load.orders["amount"].tolist() == [5.0, 6.0, 8.0]


SHOPIFY = [
    "Name",
    "Email",
    "Financial Status",
    "Paid at",
    "Total",
    "Lineitem name",
    "Lineitem fulfillment status",
]


def test_a_shopify_first_line_exported_twice_keeps_the_other_orders():
    # finding 4: #1001's first line appears twice (fulfilment differs); #1002 and #1003 used to be
    # dropped as bad_amount. Each total is taken once: 50 + 20 + 7 = 77.
    rows = [
        ["#1001", "a@x.com", "paid", "2025-01-01 10:00", "50.00", "Mug", "fulfilled"],
        ["#1001", "a@x.com", "paid", "2025-01-01 10:00", "50.00", "Mug", "pending"],
        ["#1001", "a@x.com", "", "", "", "Cup", "pending"],
        ["#1002", "b@x.com", "paid", "2025-01-02 10:00", "20.00", "Mug", ""],
        ["#1002", "b@x.com", "", "", "", "Lamp", ""],
        ["#1003", "c@x.com", "paid", "2025-01-03 10:00", "7.00", "Mug", ""],
    ]
    load = load_orders([("orders_export.csv", csv_bytes(SHOPIFY, rows))])
    assert_accounted(load)
    assert load.dropped == {} and load.to_dict()["orders"] == 3 and load.to_dict()["sales"] == 77.0


def test_xlsx_amounts_mixing_numbers_and_decimal_comma_text():
    # finding 5: 381,41 typed as text beside numeric cells was read as 38141; 12.5 + 381.41 = 393.91
    book = openpyxl.Workbook()
    book.active.append(["订单号", "下单时间", "实付金额"])
    book.active.append(["1", "2025-01-01 10:00", 12.5])
    book.active.append(["2", "2025-01-02 10:00", "381,41"])
    buffer = io.BytesIO()
    book.save(buffer)
    load = load_orders([("o.xlsx", buffer.getvalue())])
    assert load.orders["amount"].tolist() == [12.5, 381.41]


@pytest.mark.parametrize("header", ["处理状态", "订单处理状态", "State of order"])
def test_a_status_column_under_an_unknown_header_is_used_and_named(header):
    # finding 6: closed and unpaid orders counted as sales when the status header was unknown
    rows = [
        ["1", "a", "2025-01-01 10:00", "10", "交易成功"],
        ["2", "b", "2025-01-02 10:00", "20", "交易关闭"],
        ["3", "c", "2025-01-03 10:00", "30", "等待买家付款"],
    ]
    load = load_orders([("o.csv", csv_bytes([*HEADER, header], rows))])
    assert load.dropped == {"cancelled": 1, "unpaid": 1} and load.orders["order_id"].tolist() == ["1"]
    report = load.files[0]
    assert report.mapping["status"] == header
    assert [(w.code, w.params["column"]) for w in report.warnings] == [
        ("loading.status_column_found", header)
    ]


def test_a_fulfilment_column_is_never_taken_for_the_order_status():
    # "pending" fulfilment is no unpaid order
    rows = [
        ["1", "a", "2025-01-01 10:00", "10", "pending"],
        ["2", "b", "2025-01-02 10:00", "20", "cancelled"],
    ]
    load = load_orders([("o.csv", csv_bytes([*HEADER, "Fulfillment"], rows))])
    assert load.dropped == {} and "status" not in load.files[0].mapping


def test_a_column_of_valid_statuses_only_changes_nothing_and_says_nothing():
    rows = [["1", "a", "2025-01-01 10:00", "10", "交易成功"]]
    load = load_orders([("o.csv", csv_bytes([*HEADER, "处理状态"], rows))])
    assert "status" not in load.files[0].mapping and not load.files[0].warnings


def test_require_orders_names_the_file_whose_orders_are_all_invalid():
    # finding 7: "there are no valid orders to analyse" did not say which file
    rows = [
        ["1", "a", "2025-01-01 10:00", "10", "交易关闭"],
        ["2", "b", "2025-01-02 10:00", "20", "等待买家付款"],
    ]
    load = load_orders([("closed.csv", csv_bytes([*HEADER, "订单状态"], rows))])
    with pytest.raises(InputError) as raised:
        load.require_orders()
    assert raised.value.code == "loading.no_valid_orders"
    assert raised.value.params == {"file": "closed.csv", "rows": 2}
    assert "closed.csv" in str(raised.value)
