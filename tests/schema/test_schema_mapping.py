"""Header mapping: suggestions, the user's overrides, missing fields (analytics.schema.mapping)."""

from __future__ import annotations

import pytest

from analytics.errors import MappingError, Term
from analytics.schema import (
    CAMPAIGN_SYNONYMS,
    FIELDS,
    MEMBER_SYNONYMS,
    SYNONYMS,
    missing_fields_error,
    missing_required,
    normalise_header,
    required_fields,
    resolve_mapping,
    suggest_mapping,
)


def _split(headers: str) -> list[str]:
    return headers.split(",")


TAOBAO = _split(
    "订单编号,买家会员名,买家支付宝账号,买家应付货款,买家应付邮费,买家支付积分,总金额,返点积分,买家实际支付金额,"
    "买家实际支付积分,订单状态,买家留言,收货人姓名,收货地址,运送方式,联系电话,联系手机,订单创建时间,订单付款时间,"
    "宝贝标题,宝贝种类,物流单号,物流公司,订单备注,宝贝总数量,店铺Id,店铺名称,订单关闭原因"
)

SHOPIFY = _split(
    "Name,Email,Financial Status,Paid at,Fulfillment Status,Fulfilled at,Accepts Marketing,Currency,Subtotal,"
    "Shipping,Taxes,Total,Discount Code,Discount Amount,Shipping Method,Created at,Lineitem quantity,"
    "Lineitem name,"
    "Lineitem price,Billing Name,Billing Street,Billing City,Billing Province,Billing Country,Billing Phone,"
    "Cancelled at,Payment Method,Refunded Amount,Location,Source,Phone"
)

SQUARE = _split(
    "Date,Time,Time Zone,Category,Item,Qty,Price Point Name,SKU,Gross Sales,Discounts,Net Sales,Tax,"
    "Transaction ID,Payment ID,Event Type,Location,Customer ID,Customer Name,Channel"
)

WOO = _split(
    "Order Number,Order Status,Order Date,Customer Note,First Name (Billing),Email (Billing),Phone (Billing),"
    "State Code (Billing),Coupons Used,Cart Discount Amount,Order Subtotal Amount,Order Total Amount"
)

RETAIL = _split("InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country")


def test_normalise_header_ignores_case_spacing_punctuation_and_width():
    assert (
        normalise_header(" Order_ID ") == normalise_header("ＯｒｄｅｒＩＤ") == normalise_header("order-id")
    )
    assert normalise_header("Email (Billing)") == "emailbilling"


def test_taobao_headers():
    m = suggest_mapping(TAOBAO)
    # 买家实际支付金额 is what was paid; 总金额 and 买家应付货款 are before discounts
    assert m["amount"] == "买家实际支付金额"
    assert (m["order_id"], m["customer_id"], m["status"]) == ("订单编号", "买家会员名", "订单状态")
    assert (m["paid_time"], m["order_time"]) == ("订单付款时间", "订单创建时间")
    assert (m["quantity"], m["store"], m["region"]) == ("宝贝总数量", "店铺名称", "收货地址")
    # the payment account never becomes a key
    assert "买家支付宝账号" not in m.values()


def test_shopify_headers():
    m = suggest_mapping(SHOPIFY)
    assert (m["order_id"], m["customer_email"], m["financial_status"]) == (
        "Name",
        "Email",
        "Financial Status",
    )
    assert (m["paid_time"], m["order_time"], m["amount"]) == ("Paid at", "Created at", "Total")
    assert (m["coupon_code"], m["refunded_amount"], m["cancelled_at"]) == (
        "Discount Code",
        "Refunded Amount",
        "Cancelled at",
    )
    assert (m["quantity"], m["region"], m["store"], m["channel"]) == (
        "Lineitem quantity",
        "Billing Province",
        "Location",
        "Source",
    )
    assert m["customer_id"] is None


def test_square_headers():
    m = suggest_mapping(SQUARE)
    assert (m["order_time"], m["time_of_day"], m["order_id"]) == ("Date", "Time", "Transaction ID")
    assert (m["amount"], m["quantity"], m["event_type"]) == ("Net Sales", "Qty", "Event Type")
    assert (m["customer_id"], m["store"], m["channel"]) == ("Customer ID", "Location", "Channel")


def test_woocommerce_and_online_retail_headers():
    m = suggest_mapping(WOO)
    assert (m["order_id"], m["status"], m["order_time"]) == ("Order Number", "Order Status", "Order Date")
    assert (m["amount"], m["coupon_code"], m["region"]) == (
        "Order Total Amount",
        "Coupons Used",
        "State Code (Billing)",
    )
    assert (m["customer_email"], m["customer_phone"]) == ("Email (Billing)", "Phone (Billing)")
    m = suggest_mapping(RETAIL)
    assert (m["order_id"], m["order_time"], m["customer_id"], m["region"]) == (
        "InvoiceNo",
        "InvoiceDate",
        "CustomerID",
        "Country",
    )
    assert (m["amount"], m["quantity"], m["unit_price"]) == (None, "Quantity", "UnitPrice")
    assert missing_required({k: v for k, v in m.items() if v}) == []


def test_generic_chinese_headers():
    m = suggest_mapping(
        [
            "订单号",
            "客户ID",
            "下单时间",
            "支付时间",
            "实付金额",
            "门店",
            "渠道",
            "省份",
            "优惠券",
            "是否会员",
            "会员等级",
        ]
    )
    assert m["order_id"] == "订单号" and m["customer_id"] == "客户ID"
    assert (m["order_time"], m["paid_time"], m["amount"]) == ("下单时间", "支付时间", "实付金额")
    assert (m["store"], m["channel"], m["region"], m["coupon_code"]) == ("门店", "渠道", "省份", "优惠券")
    assert (m["is_member"], m["tier"]) == ("是否会员", "会员等级")


def test_phone_only_customer_key_goes_to_the_phone_field():
    m = suggest_mapping(["订单号", "手机号", "下单时间", "金额"])
    # the loader hashes the phone field; it never becomes customer_id in clear
    assert m["customer_id"] is None and m["customer_phone"] == "手机号"


def test_each_header_is_used_by_one_field_only():
    m = suggest_mapping(SHOPIFY + SQUARE)
    used = [h for h in m.values() if h is not None]
    assert len(used) == len(set(used))


def test_synonym_table_is_data_for_the_mapping_editor():
    assert set(required_fields) <= set(FIELDS) and set(FIELDS) == set(SYNONYMS)
    assert all(isinstance(v, list) and v for v in SYNONYMS.values())


def test_resolve_mapping_applies_overrides_and_moves_the_header():
    m = resolve_mapping(TAOBAO, {"amount": "总金额", "order_time": "订单付款时间"}, file="t.csv")
    assert m["amount"] == "总金额" and m["order_time"] == "订单付款时间"
    # the user's order time wins: no suggested paid time is kept to take precedence over it
    assert "paid_time" not in m
    m = resolve_mapping(TAOBAO, {"order_time": "订单创建时间"}, file="t.csv")
    assert m["order_time"] == "订单创建时间" and "paid_time" not in m
    # header matching for overrides forgives case and spacing
    assert (
        resolve_mapping(RETAIL, {"customer_id": "customer id"}, file="r.csv")["customer_id"] == "CustomerID"
    )


def test_resolve_mapping_rejects_unknown_fields_and_headers():
    with pytest.raises(MappingError, match=r"r\.csv: .*unknown field 'shop'.*valid fields: order_id") as info:
        resolve_mapping(RETAIL, {"shop": "Country"}, file="r.csv")
    assert info.value.code == "schema.unknown_field"
    assert (info.value.params["file"], info.value.params["field"]) == ("r.csv", "shop")
    assert info.value.params["fields"][0] == "order_id"
    assert info.value.params["option"] == Term("option.map")
    with pytest.raises(
        MappingError, match=r"r\.csv: .*no column 'Total'.*headers found: InvoiceNo, StockCode"
    ) as info:
        resolve_mapping(RETAIL, {"amount": "Total"}, file="r.csv")
    assert info.value.code == "schema.no_such_column"
    assert info.value.params["headers"][:2] == ["InvoiceNo", "StockCode"]
    assert (info.value.params["header"], info.value.params["field"]) == ("Total", Term("field.amount"))


def test_missing_fields_message_lists_headers_and_how_to_map():
    columns = ["A", "B", "C"]
    m = {f: h for f, h in suggest_mapping(columns).items() if h}
    missing = missing_required(m)
    assert missing == ["order_time", "amount"]
    error = missing_fields_error("x.csv", missing, columns)
    assert isinstance(error, MappingError) and error.code == "schema.missing_fields"
    assert dict(error.params) == {
        "file": "x.csv",
        "field": Term("field.order_time"),
        "other": Term("field.amount"),
        "headers": ["A", "B", "C"],
        "option": Term("option.map_fields", {"assignments": "order_time=HEADER amount=HEADER"}),
    }
    assert str(error) == (
        "x.csv: cannot find the order time and the amount paid among the headers: A, B, C. "
        "Name them with --map order_time=HEADER amount=HEADER"
    )
    one = missing_fields_error("x.csv", ["amount"], columns)
    assert (one.code, one.params["field"]) == ("schema.missing_field", Term("field.amount"))


def test_shopify_name_is_the_order_id_only_in_a_shopify_export():
    shopify = ["Name", "Email", "Financial Status", "Paid at", "Total", "Lineitem quantity", "Receipt Number"]
    assert suggest_mapping(shopify)["order_id"] == "Name"
    # Elsewhere "Name" is a person's name: it must never key orders (all of one person's orders would merge).
    assert suggest_mapping(["Name", "Order Date", "Total"])["order_id"] is None


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        # A Chinese chain's POS export: receipt number, member card, sale time, amount received, store.
        (
            ["单据号", "会员卡号", "销售时间", "实收金额", "门店名称", "支付方式"],
            {"order_id": "单据号", "customer_id": "会员卡号", "order_time": "销售时间", "amount": "实收金额"},
        ),
        # A POS that keys customers by phone only (the loader pseudonymises it).
        (
            ["交易单号", "顾客手机", "成交时间", "成交金额"],
            {
                "order_id": "交易单号",
                "customer_phone": "顾客手机",
                "order_time": "成交时间",
                "amount": "成交金额",
            },
        ),
        # A snake_case web-shop export.
        (
            ["order_no", "member_id", "paid_at", "total_paid", "status"],
            {
                "order_id": "order_no",
                "customer_id": "member_id",
                "paid_time": "paid_at",
                "amount": "total_paid",
            },
        ),
    ],
)
def test_generic_pos_and_web_exports_map_without_help(headers, expected):
    mapping = suggest_mapping(headers)
    assert {field: mapping[field] for field in expected} == expected


def test_crm_member_and_campaign_list_variants():
    # Join dates written as 日期 rather than 时间, English loyalty exports, send dates of SMS campaigns.
    members = suggest_mapping(["会员名", "等级", "入会日期"], MEMBER_SYNONYMS)
    assert (members["tier"], members["joined"]) == ("等级", "入会日期")
    assert suggest_mapping(["email", "loyalty tier", "joined"], MEMBER_SYNONYMS)["tier"] == "loyalty tier"
    campaign = suggest_mapping(["手机号", "组别", "发送日期"], CAMPAIGN_SYNONYMS)
    assert (campaign["customer_phone"], campaign["group"], campaign["start"]) == (
        "手机号",
        "组别",
        "发送日期",
    )
