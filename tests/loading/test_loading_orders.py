"""Order exports into the canonical orders frame with exact row accounting (analytics.loading.orders)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analytics.errors import MappingError, Term
from analytics.loading import load_orders
from tests.loading.loading_helpers import assert_accounted, assert_canonical, csv_bytes, write_csv
from tests.uci_data import uci_load

TAOBAO_HEADER = [
    "订单编号", "买家会员名", "买家支付宝账号", "买家应付货款", "总金额", "买家实际支付金额", "订单状态",
    "收货人姓名", "收货地址", "联系手机", "订单创建时间", "订单付款时间", "宝贝总数量", "店铺名称",
]  # fmt: skip


def taobao_row(order, buyer, paid, status, created, paid_at, address="浙江省 杭州市 西湖区 文三路12号"):
    return [
        f'="{order}"', buyer, "pay@example.com", paid, paid, paid, status,
        "张三", address, "13812345678", created, paid_at, "2", "旗舰店",
    ]  # fmt: skip


def test_taobao_gbk_export(tmp_path):
    rows = [
        taobao_row(
            "1234567890123456789", "小明", "100.00", "交易成功", "2025-01-03 09:00:00", "2025-01-03 10:00:00"
        ),
        taobao_row("2000000000000000002", "小红", "80.00", "交易关闭", "2025-01-03 11:00:00", ""),
        taobao_row("2000000000000000003", "小红", "60.00", "等待买家付款", "2025-01-04 11:00:00", ""),
        # no paid time on this row: the created time is used for it
        taobao_row(
            "2000000000000000004", "小刚", "50.00", "卖家已发货，等待买家确认", "2025-01-05 08:30:00", ""
        ),
        # the same order number again with other content: the later row is a duplicate order
        taobao_row(
            "1234567890123456789", "小明", "100.00", "交易成功", "2025-01-03 09:00:00", "2025-01-06 10:00:00"
        ),
        taobao_row(
            "2000000000000000006", "小明", "70.00", "退款成功", "2025-01-06 11:00:00", "2025-01-06 11:05:00"
        ),
        taobao_row(
            "2000000000000000007", "小刚", "0.00", "交易成功", "2025-01-07 12:00:00", "2025-01-07 12:00:00"
        ),
    ]
    path = write_csv(tmp_path / "taobao.csv", TAOBAO_HEADER, rows, encoding="gbk")
    load = load_orders([path])
    assert_accounted(load)
    assert_canonical(load.orders)
    assert load.rows_read == 7 and load.rows_used == 3
    assert load.dropped == {"duplicate_order": 1, "cancelled": 1, "unpaid": 1, "refunded": 1}
    orders = load.orders.set_index("order_id")
    # all 19 digits kept; the zero-amount order is a purchase with no sales
    assert orders.loc["1234567890123456789", "amount"] == 100.0
    assert orders.loc["2000000000000000007", "amount"] == 0.0
    assert orders.loc["1234567890123456789", "order_time"] == pd.Timestamp("2025-01-03 10:00:00")
    assert orders.loc["2000000000000000004", "order_time"] == pd.Timestamp("2025-01-05 08:30:00")
    # the address keeps only the province; no phone, payment account or street reaches the frame
    assert set(orders["region"]) == {"浙江省"}
    text = load.orders.astype(str).to_string()
    assert "文三路" not in text and "13812345678" not in text and "pay@example.com" not in text
    assert load.files[0].mapping["amount"] == "买家实际支付金额"
    assert load.to_dict()["sales"] == 150.0  # 100 + 50 + 0


SHOPIFY_HEADER = [
    "Name", "Email", "Financial Status", "Paid at", "Currency", "Subtotal", "Total", "Discount Code",
    "Created at", "Lineitem quantity", "Lineitem name", "Lineitem price", "Billing Street",
    "Billing Province", "Billing Phone", "Cancelled at", "Refunded Amount", "Location", "Source",
]  # fmt: skip


def shopify_row(
    name, email="", status="", paid_at="", total="", created="", qty="1", cancelled="", refunded=""
):
    first = bool(status)
    return [
        name, email, status, paid_at, "CNY" if first else "", total, total, "NEW10" if first else "",
        created, qty, "Mug", "10.00", "1 Main St" if first else "", "ON" if first else "",
        "+1 416 555 0101" if first else "", cancelled, refunded, "Toronto" if first else "",
        "web" if first else "",
    ]  # fmt: skip


def test_shopify_line_items_roll_up_to_orders(tmp_path):
    t = "2025-01-03 10:22:11 +0800"
    rows = [
        shopify_row("#1001", "Ann@Example.com", "paid", t, "30.00", t, qty="1"),
        shopify_row("#1001", qty="2"),  # continuation line: order-level fields blank
        shopify_row("#1002", "bob@example.com", "refunded", t, "20.00", t),
        shopify_row("#1003", "cy@example.com", "paid", t, "15.00", t, cancelled="2025-01-04 09:00:00 +0800"),
        shopify_row("#1003"),
        shopify_row(
            "#1004",
            "ann@example.com",
            "partially_refunded",
            "",
            "50.00",
            "2025-01-05 08:00:00 +0800",
            refunded="20.00",
        ),
        shopify_row("#1005", "dee@example.com", "pending", "", "12.00", t),
        shopify_row("#1006", "ed@example.com", "voided", "", "12.00", t),
        shopify_row("#1007", "fay@example.com", "paid", t, "40.00", t, refunded="40.00"),
    ]
    load = load_orders([write_csv(tmp_path / "orders_export.csv", SHOPIFY_HEADER, rows)])
    assert_accounted(load)
    assert_canonical(load.orders)
    assert load.files[0].line_items
    # #1001 (2 lines) and #1004 used; #1002, #1007 refunded; #1003 (2 lines), #1006 cancelled; #1005 unpaid
    assert load.rows_used == 3
    assert load.dropped == {"cancelled": 3, "unpaid": 1, "refunded": 2}
    orders = load.orders.set_index("order_id")
    assert orders.loc["#1001", "amount"] == 30.0 and orders.loc["#1001", "quantity"] == 3.0  # 1 + 2 lines
    assert orders.loc["#1004", "amount"] == 30.0  # 50 paid - 20 refunded
    # wall clock as written, offset dropped; created time used when Paid at is blank
    assert orders.loc["#1001", "order_time"] == pd.Timestamp("2025-01-03 10:22:11")
    assert orders.loc["#1004", "order_time"] == pd.Timestamp("2025-01-05 08:00:00")
    # the e-mail is hashed, one customer whatever its case
    assert orders.loc["#1001", "customer_id"] == orders.loc["#1004", "customer_id"]
    assert orders["customer_id"].str.startswith("e:").all()
    assert (orders.loc["#1001", "store"], orders.loc["#1001", "channel"]) == ("Toronto", "web")
    assert orders.loc["#1001", "coupon_code"] == "NEW10" and orders.loc["#1001", "region"] == "ON"
    assert "@" not in load.orders.to_string() and "Main St" not in load.orders.to_string()


SQUARE_HEADER = [
    "Date", "Time", "Time Zone", "Category", "Item", "Qty", "Gross Sales", "Net Sales", "Transaction ID",
    "Event Type", "Location", "Customer ID", "Customer Name", "Channel",
]  # fmt: skip


def test_square_item_details(tmp_path):
    lines = [
        # date, time, item, gross, net, transaction, event, customer
        ("2025-01-03", "10:22:11", "Latte", "$8.00", "$8.00", "T1", "Payment", "C9"),
        ("2025-01-03", "10:22:11", "Bun", "$4.50", "$4.50", "T1", "Payment", "C9"),
        ("2025-01-04", "09:00:00", "Latte", "$5.00", "$5.00", "T2", "Payment", "C8"),
        ("2025-01-04", "09:30:00", "Latte", "$5.00", "-$5.00", "T2", "Refund", "C8"),
        ("2025-01-05", "12:00:00", "Tea", "$3.00", "$3.00", "T3", "Refund", "C7"),
    ]
    rows = [[d, t, "Pacific", "Coffee", item, "1", gross, net, tx, event, "Main", c, "Ann", "POS"]
            for d, t, item, gross, net, tx, event, c in lines]  # fmt: skip
    load = load_orders([write_csv(tmp_path / "items.csv", SQUARE_HEADER, rows)])
    assert_accounted(load)
    assert_canonical(load.orders)
    # T1: two lines 8.00 + 4.50 = 12.50; T2 paid then refunded (5 - 5 = 0); T3 a refund line alone
    assert load.orders[["order_id", "amount"]].values.tolist() == [["T1", 12.5]]
    assert load.orders["order_time"].iloc[0] == pd.Timestamp("2025-01-03 10:22:11")
    assert load.dropped == {"refunded": 3}
    assert load.files[0].mapping["amount"] == "Net Sales"


WOO_HEADER = [
    "Order Number", "Order Status", "Order Date", "First Name (Billing)", "Email (Billing)",
    "Phone (Billing)", "State Code (Billing)", "Coupons Used", "Order Total Amount",
]  # fmt: skip


def test_woocommerce_statuses():
    statuses = ["completed", "processing", "cancelled", "failed", "refunded", "pending", "on-hold", "weird"]
    rows = [
        [str(100 + i), s, f"2025-01-0{i + 1} 10:00", "Ann", f"u{i}@x.com", "555-0101", "CA", "", "10.00"]
        for i, s in enumerate(statuses)
    ]
    load = load_orders([("woo.csv", csv_bytes(WOO_HEADER, rows))])
    assert_accounted(load)
    # completed, processing and the unknown status are kept; the unknown one is reported
    assert load.orders["order_id"].tolist() == ["100", "101", "107"]
    assert load.dropped == {"cancelled": 2, "refunded": 1, "unpaid": 2}
    assert load.files[0].unknown_statuses == {"weird": 1}
    assert load.orders["customer_id"].str.startswith("e:").all() and set(load.orders["region"]) == {"CA"}


RETAIL_HEADER = [
    "InvoiceNo",
    "StockCode",
    "Description",
    "Quantity",
    "InvoiceDate",
    "UnitPrice",
    "CustomerID",
    "Country",
]


def test_online_retail_style_line_items(tmp_path):
    rows = [
        ["536365", "85123A", "HEART", "6", "12/1/2010 8:26", "2.55", "17850.0", "United Kingdom"],
        ["536365", "71053", "LANTERN", "6", "12/1/2010 8:26", "3.39", "17850.0", "United Kingdom"],
        [
            "536365",
            "71053",
            "LANTERN",
            "6",
            "12/1/2010 8:26",
            "3.39",
            "17850.0",
            "United Kingdom",
        ],  # exact duplicate
        ["C536379", "D", "Discount", "-1", "12/1/2010 9:41", "27.50", "14527.0", "United Kingdom"],
        ["536380", "22961", "JAM", "24", "12/13/2010 9:41", "0.85", "", "France"],  # guest order
        [
            "536381",
            "22139",
            "GIFT",
            "1",
            "12/13/2010 10:00",
            "0",
            "17850",
            "United Kingdom",
        ],  # zero price: valid
    ]
    load = load_orders([write_csv(tmp_path / "retail.csv", RETAIL_HEADER, rows)])
    assert_accounted(load)
    assert_canonical(load.orders)
    # The cancellation invoice is a refund line: used (as a refund), not an order.
    assert load.dropped == {"duplicate_row": 1}
    assert load.files[0].refund_rows == 1 and load.rows_used == 5
    assert load.refunds[["order_id", "customer_id", "amount"]].to_numpy().tolist() == [
        ["C536379", "14527", -27.5]
    ]
    assert "C536379" not in set(load.orders["order_id"])
    # sales 35.64 + 20.40 + 0 = 56.04; refunds 27.50 (1 x 27.50); net 28.54
    assert (load.to_dict()["sales"], load.to_dict()["refunds"], load.to_dict()["net_sales"]) == (
        56.04,
        27.5,
        28.54,
    )
    orders = load.orders.set_index("order_id")
    # 6 x 2.55 + 6 x 3.39 = 15.30 + 20.34 = 35.64 (the duplicate line is not counted twice)
    assert orders.loc["536365", "amount"] == pytest.approx(35.64)
    assert orders.loc["536380", "amount"] == pytest.approx(20.4)  # 24 x 0.85
    assert orders.loc["536381", "amount"] == 0.0
    # "17850.0" and "17850" are one customer; the guest order has no customer
    assert orders.loc["536365", "customer_id"] == orders.loc["536381", "customer_id"] == "17850"
    assert pd.isna(orders.loc["536380", "customer_id"])
    assert orders.loc["536380", "order_time"] == pd.Timestamp("2010-12-13 09:41")
    assert load.to_dict()["customers"] == 1 and load.to_dict()["orders"] == 3


GENERIC = ["订单号", "客户ID", "下单时间", "实付金额", "门店", "备注"]


def test_invalid_rows_each_get_their_reason():
    rows = [
        ["A1", "c1", "2025-01-03 10:00", "¥1,200.00", "徐汇店", "ok"],
        ["", "", "", "", "", ""],  # blank row
        ["", "c2", "2025-01-03 11:00", "10", "徐汇店", "no id"],
        ["A3", "c3", "someday", "10", "徐汇店", "bad date"],
        ["A4", "c4", "2025-01-04", "ten", "徐汇店", "bad amount"],
        ["A5", "c5", "2025-01-04", "", "徐汇店", "no amount"],
        ["A6", "c6", "2025-01-04", "-5.00", "徐汇店", "refund line"],
        ["A7", "c7", "2025年1月5日 10时22分", "0", "静安店", "gift"],
    ]
    load = load_orders([("generic.csv", csv_bytes(GENERIC, rows))])
    assert_accounted(load)
    assert load.dropped == {
        "blank_row": 1,
        "missing_order_id": 1,
        "bad_date": 1,
        "bad_amount": 2,
        "negative_amount": 1,
    }
    assert load.orders["order_id"].tolist() == ["A1", "A7"]
    assert load.orders["amount"].tolist() == [1200.0, 0.0]
    # the dropped rows keep their file row (header is row 1) and the original cells of the mapped
    # columns for the UI; an unmapped column (备注, a note) is never parsed
    dropped = load.dropped_rows.set_index("row")
    assert dropped.loc[3, "reason"] == "blank_row" and dropped.loc[5, "下单时间"] == "someday"
    assert "备注" not in dropped.columns
    assert set(dropped["file"]) == {"generic.csv"}
    assert "备注" not in load.orders.columns  # unrelated columns never reach the canonical frame


def test_missing_required_fields_names_the_file_and_lists_headers():
    with pytest.raises(MappingError) as info:
        load_orders([("x.csv", csv_bytes(["Foo", "Bar", "订单号"], [["1", "2", "3"]]))])
    error = info.value
    assert error.code == "schema.missing_fields"
    assert dict(error.params) == {
        "file": "x.csv",
        "field": Term("field.order_time"),
        "other": Term("field.amount"),
        "headers": ["Foo", "Bar", "订单号"],
        "option": Term("option.map_fields", {"assignments": "order_time=HEADER amount=HEADER"}),
    }
    assert str(error).startswith(
        "x.csv: cannot find the order time and the amount paid among the headers: Foo, Bar, 订单号. "
        "Name them with "
    )


def test_map_overrides_let_unusual_headers_load():
    data = csv_bytes(
        ["单据", "会员", "发生时间", "收款"], [["1", "m1", "2025-01-03", "5"], ["2", "m1", "2025-01-04", "7"]]
    )
    overrides = {"order_id": "单据", "order_time": "发生时间", "amount": "收款"}
    load = load_orders([("x.csv", data)], overrides=overrides)
    assert load.orders["amount"].tolist() == [5.0, 7.0]
    assert load.files[0].mapping["order_time"] == "发生时间"
    with pytest.raises(MappingError) as info:
        load_orders([("x.csv", data)], overrides={"amount": "金额"})
    assert info.value.code == "schema.no_such_column"
    assert info.value.params["headers"] == ["单据", "会员", "发生时间", "收款"]
    assert (info.value.params["header"], info.value.params["field"]) == ("金额", Term("field.amount"))


def test_without_order_ids_each_row_is_an_order_and_without_customers_all_are_guests():
    data = csv_bytes(["日期", "金额"], [["2025-01-03", "5"], ["2025-01-03", "5"], ["2025-01-04", "7"]])
    load = load_orders([("cash.csv", data)])
    assert_accounted(load)
    # Two identical rows: without an order id two sales of 5 on one day cannot be told from one
    # row exported twice, so both are kept (as the warning says, nothing can be deduplicated) and
    # counted as possible duplicates.
    assert load.dropped == {}
    assert load.orders["order_id"].tolist() == ["row-2", "row-3", "row-4"]
    assert load.orders["amount"].sum() == 17.0
    assert load.files[0].possible_duplicates == 1 and load.files[0].to_dict()["possible_duplicates"] == 1
    assert load.orders["customer_id"].isna().all()
    assert [w.code for w in load.files[0].warnings] == [
        "loading.no_order_id_column",
        "loading.no_customer_column",
        "loading.possible_duplicates",
    ]
    assert load.files[0].warnings[2].params == {"file": "cash.csv", "rows": 1}
    assert all(w.params["file"] == "cash.csv" for w in load.files[0].warnings)
    warnings = " ".join(str(w) for w in load.files[0].warnings)
    assert "no order id" in warnings and "guest" in warnings
    assert load.files[0].to_dict()["warnings"] == [str(w) for w in load.files[0].warnings]
    assert not load.has_order_ids and load.invalid_orders.empty


def test_phone_only_customer_key_is_hashed():
    data = csv_bytes(
        ["订单号", "手机号", "下单时间", "金额"],
        [["1", "13812345678", "2025-01-03", "5"], ["2", "138 1234 5678", "2025-01-04", "7"]],
    )
    orders = load_orders([("x.csv", data)]).orders
    assert orders["customer_id"].nunique() == 1 and orders["customer_id"].iloc[0].startswith("p:")
    assert "5678" not in orders.to_string()


def test_mixed_date_formats_in_one_file():
    rows = [
        ["1", "a", "2025-01-03 10:00:00", "1"],
        ["2", "a", "2025/1/4 10:00", "1"],
        ["3", "a", "2025年1月5日", "1"],
        ["4", "a", "45663", "1"],  # Excel serial for 2025-01-06
        ["5", "a", "2025-01-07T10:00:00+08:00", "1"],
    ]
    load = load_orders([("x.csv", csv_bytes(["订单号", "客户", "下单时间", "金额"], rows))])
    assert load.orders["order_day"].dt.strftime("%Y-%m-%d").tolist() == [f"2025-01-0{d}" for d in range(3, 8)]


def test_later_files_do_not_load_an_order_twice():
    header = ["订单号", "客户", "下单时间", "金额", "订单状态"]
    week1 = csv_bytes(
        header, [["A", "c1", "2025-01-01", "10", "交易成功"], ["B", "c2", "2025-01-02", "20", "等待买家付款"]]
    )
    week2 = csv_bytes(
        header,
        [
            ["A", "c1", "2025-01-01", "10", "交易成功"],
            ["B", "c2", "2025-01-02", "20", "交易成功"],
            ["C", "c3", "2025-01-08", "5", "交易成功"],
        ],
    )
    load = load_orders([("w1.csv", week1), ("w2.csv", week2)])
    assert_accounted(load)
    # A was loaded from week 1; B was unpaid in week 1 and paid by week 2, so week 2 brings it in
    assert sorted(load.orders["order_id"]) == ["A", "B", "C"]
    assert load.files[1].dropped == {"duplicate_order": 1} and load.files[0].dropped == {"unpaid": 1}
    assert load.to_dict()["sales"] == 35.0  # 10 + 20 + 5


def test_result_does_not_depend_on_row_order_or_id_spelling():
    rows = [
        ["1", "17850.0", "2025-01-03", "5"],
        ["2", "17850", "2025-01-04", "7"],
        ["3", "42", "2025-01-04", "1"],
        ["3", "42", "2025-01-04", "1"],
    ]
    header = ["订单号", "客户ID", "下单时间", "金额"]
    a = load_orders([("a.csv", csv_bytes(header, rows))])
    b = load_orders([("b.csv", csv_bytes(header, rows[::-1]))])
    key = ["order_id", "customer_id", "order_time", "amount"]
    assert (
        a.orders[key]
        .sort_values("order_id")
        .reset_index(drop=True)
        .equals(b.orders[key].sort_values("order_id").reset_index(drop=True))
    )
    assert a.dropped == b.dropped == {"duplicate_row": 1}
    assert a.orders["customer_id"].nunique() == 2


def test_xlsx_export(tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["订单编号", "买家会员名", "订单付款时间", "买家实际支付金额", "是否会员", "会员等级"])
    sheet.append(["9001", "小明", "2025-01-03 10:00:00", "12.5", "是", "VIP会员"])
    sheet.append(["9002", "小红", "2025-01-04 10:00:00", "7", "否", ""])
    book.save(tmp_path / "orders.xlsx")
    load = load_orders([tmp_path / "orders.xlsx"])
    assert load.orders["amount"].tolist() == [12.5, 7.0]
    assert (
        load.orders["is_member"].tolist() == [True, False]
        and str(load.orders["is_member"].dtype) == "boolean"
    )
    assert load.orders["tier"].iloc[0] == "VIP会员"


KINDS = [
    "valid",
    "cancelled",
    "unpaid",
    "bad_date",
    "bad_amount",
    "negative",
    "blank",
    "dup_row",
    "no_id",
    "dup_id",
    "zero",
]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(KINDS), min_size=1, max_size=40))
def test_every_row_is_accounted_for(kinds):
    rows: list[list[str]] = []
    for i, kind in enumerate(kinds):
        row = [f"o{i}", f"c{i % 3}", f"2025-01-{i % 28 + 1:02d} 10:00", "10.00", "交易成功"]
        if kind == "cancelled":
            row[4] = "交易关闭"
        elif kind == "unpaid":
            row[4] = "等待买家付款"
        elif kind == "bad_date":
            row[2] = "not a date"
        elif kind == "bad_amount":
            row[3] = "n/a?"
        elif kind == "negative":
            row[3] = "-3"
        elif kind == "blank":
            row = [""] * 5
        elif kind == "dup_row" and rows:
            row = list(rows[-1])
        elif kind == "no_id":
            row[0] = ""
        elif kind == "dup_id":
            row[0] = "o0"
        elif kind == "zero":
            row[3] = "0"
        rows.append(row)
    if all(r == [""] * 5 for r in rows):
        rows.append(["z", "c", "2025-01-01", "1", "交易成功"])
    load = load_orders([("p.csv", csv_bytes(["订单号", "客户ID", "下单时间", "金额", "订单状态"], rows))])
    assert_accounted(load)
    assert load.rows_read == len(rows)
    assert load.rows_used == len(load.orders) and load.orders["order_id"].is_unique


@pytest.mark.slow
def test_real_online_retail_file(uci_path):
    path = uci_path
    raw = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""])
    load = uci_load()  # load_orders([path]), loaded once per test process
    assert_accounted(load)
    assert load.rows_read == len(raw) == 541_909
    # cancellation invoices: every row whose InvoiceNo starts with C is a refund line (used), but
    # for the 37 exported twice, whose later copies are duplicate rows
    cancelled = raw[raw["InvoiceNo"].str.startswith("C")]
    assert "cancellation_invoice" not in load.dropped
    assert load.files[0].refund_rows == len(load.refunds) == len(cancelled.drop_duplicates())
    # independent order count: non-C invoices after removing exact duplicate lines, with a
    # non-negative total of Quantity x UnitPrice
    kept = raw[~raw["InvoiceNo"].str.startswith("C")].drop_duplicates()
    totals = (
        (kept["Quantity"].astype(float) * kept["UnitPrice"].astype(float)).groupby(kept["InvoiceNo"]).sum()
    )
    assert len(load.orders) == int((totals >= 0).sum())
    assert load.orders["amount"].sum() == pytest.approx(totals[totals >= 0].sum())
    assert (
        "17850" in set(load.orders["customer_id"].dropna())
        and not load.orders["customer_id"].str.endswith(".0").any()
    )
    assert load.orders["order_day"].min() == pd.Timestamp("2010-12-01")
    assert load.orders["order_day"].max() == pd.Timestamp("2011-12-09")


def test_no_valid_orders_gives_an_empty_canonical_frame():
    data = csv_bytes(
        ["订单号", "客户ID", "下单时间", "实付金额", "订单状态"], [["A", "c", "2025-01-01", "5", "交易关闭"]]
    )
    load = load_orders([("closed.csv", data)])
    assert len(load.orders) == 0 and load.dropped == {"cancelled": 1}
    assert_canonical(load.orders)
    summary = load.to_dict()
    assert (summary["orders"], summary["customers"], summary["sales"]) == (0, 0, 0.0)
    assert summary["first_day"] is None and summary["last_day"] is None


def test_order_total_repeated_on_every_product_line_is_taken_once():
    # a WooCommerce one-row-per-product export repeats the order total on each line: 30, not 60
    header = ["Order Number", "Order Status", "Order Date", "Item Name", "Quantity", "Order Total Amount"]
    rows = [
        ["7", "completed", "2025-01-03", "Mug", "1", "30.00"],
        ["7", "completed", "2025-01-03", "Tea", "2", "30.00"],
    ]
    load = load_orders([("woo_items.csv", csv_bytes(header, rows))])
    assert load.files[0].line_items and load.rows_used == 2
    assert load.orders["amount"].tolist() == [30.0] and load.orders["quantity"].tolist() == [3.0]


ORDER_STATES = st.sampled_from(["paid", "refunded", "voided", "pending", "partially_refunded"])


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(ORDER_STATES, st.integers(min_value=1, max_value=4), st.booleans()), min_size=1, max_size=12
    ),
    st.randoms(use_true_random=False),
)
def test_line_item_rows_are_used_exactly_when_their_order_is_valid(orders, rnd):
    # Shopify layout: the first line carries the order fields, continuation lines only repeat Name;
    # some lines are exported twice. Rows used must be exactly the lines of paid/partially refunded
    # orders (each line once), whatever the line order within the file (lines shuffled, even the
    # one carrying the order fields).
    rows, expected_used, expected_orders = [], 0, set()
    for n, (state, lines, twice) in enumerate(orders):
        name = f"#{1000 + n}"
        block = [
            shopify_row(name, f"u{n}@x.com", state, "2025-01-03 10:00:00", "9.00", "2025-01-03 10:00:00")
        ]
        block += [shopify_row(name, qty=str(k + 2)) for k in range(lines - 1)]
        if twice:
            block.append(list(block[-1]))  # an exact duplicate line
        rows += block
        if state in ("paid", "partially_refunded"):
            expected_used += lines
            expected_orders.add(name)
    rnd.shuffle(rows)
    load = load_orders([("shop.csv", csv_bytes(SHOPIFY_HEADER, rows))])
    assert_accounted(load)
    assert load.rows_used == expected_used
    assert set(load.orders["order_id"]) == expected_orders


def test_shopify_sample_matches_a_plain_pandas_reading():
    # Independent reading: one order per Name; the first line carries the order-level fields; valid
    # financial states are paid / partially_paid / partially_refunded with no Cancelled at;
    # amount = Total - Refunded Amount.
    path = Path(__file__).resolve().parents[2] / "sample_data" / "shopify_orders.csv"
    lines = pd.read_csv(path, dtype=str)
    first = lines.groupby("Name", sort=False).first()
    valid = first["Financial Status"].isin(["paid", "partially_paid", "partially_refunded"])
    valid &= first["Cancelled at"].isna()
    expected = first.loc[valid, "Total"].astype(float) - first.loc[valid, "Refunded Amount"].fillna(
        "0"
    ).astype(float)
    load = load_orders([path])
    assert load.rows_read == len(lines) == load.rows_used + sum(load.dropped.values())
    assert len(load.orders) == int(valid.sum())
    assert load.orders["amount"].sum() == pytest.approx(expected.sum())
    assert load.orders["customer_id"].nunique() == first.loc[valid, "Email"].nunique()


def test_pos_export_keyed_by_phone_keeps_no_phone_in_clear():
    # Three receipts, two from the same phone (spaces differ): two customers, both pseudonymised.
    rows = [
        ["R1", "138 0013 8000", "2025-03-01 10:00", "¥35.50"],
        ["R2", "13800138000", "2025-03-05 18:30", "¥12.00"],
        ["R3", "13900139000", "2025-03-05 19:00", "¥8.00"],
    ]
    load = load_orders([("pos.csv", csv_bytes(["交易单号", "顾客手机", "成交时间", "成交金额"], rows))])
    customers = load.orders["customer_id"]
    assert customers.nunique() == 2 and customers.str.startswith("p:").all()
    assert not load.orders.astype(str).apply(lambda column: column.str.contains("1380013")).any().any()
    assert load.orders["amount"].sum() == pytest.approx(55.5)


def test_unmapped_columns_are_not_parsed_but_still_count_for_blank_and_duplicate_rows():
    # 备注 (a note) is mapped to no field, so it is not parsed with the others; yet a row whose
    # mapped cells are empty but that holds a note is no blank row (it lacks its id), and two lines
    # of order A1 that differ only in the note are two product lines, not a line exported twice.
    rows = [
        ["A1", "c1", "2025-01-03 10:00", "5", "x", "red"],
        ["A1", "c1", "2025-01-03 10:00", "5", "x", "blue"],  # other note: a second line of A1
        ["A1", "c1", "2025-01-03 10:00", "5", "x", "blue"],  # same in every column: duplicate_row
        ["", "", "", "", "", "total 15"],  # mapped cells empty, note filled: missing_order_id
        ["", "", "", "", "", ""],  # blank_row
    ]
    header = ["订单号", "客户ID", "下单时间", "实付金额", "商品编码", "备注"]
    load = load_orders([("lines.csv", csv_bytes(header, rows))])
    assert_accounted(load)
    assert load.dropped == {"blank_row": 1, "duplicate_row": 1, "missing_order_id": 1}
    # 实付金额 is the order total repeated on each of A1's lines: taken once
    assert load.orders["amount"].tolist() == [5.0]
    assert load.files[0].line_items
    assert "备注" not in load.dropped_rows.columns


def test_order_days_are_the_times_midnights_before_1970_too():
    import numpy as np

    from analytics.loading.orders import _day_of

    times = pd.to_datetime(
        ["2024-03-05 13:14:15", "1969-12-31 23:00:00", None, "2024-03-05 00:00:00"]
    ).as_unit("ns")
    days = _day_of(times.to_numpy())
    assert days.dtype == np.dtype("datetime64[ns]")
    pd.testing.assert_index_equal(pd.DatetimeIndex(days), times.normalize())
