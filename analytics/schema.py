"""Map an export's headers to canonical fields, and read order statuses and member tiers.

The synonym tables are data: each canonical field lists the header names real exports use
(Taobao/Tmall, Shopify, Square, WooCommerce, UCI Online Retail, generic English and Chinese), most
preferred first. Headers are compared after :func:`normalise_header`, so ``Order_ID``,
``order id`` and full-width ``ＯｒｄｅｒＩＤ`` are the same header. The dashboard's mapping editor
uses :data:`SYNONYMS`, :data:`FIELDS`, :data:`required_fields` and :func:`suggest_mapping`; the
loader uses :func:`resolve_mapping`, which also applies the user's ``--map FIELD=HEADER``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

from analytics.errors import MappingError
from analytics.parsing import on_distinct

# field -> header names, most preferred first (compared after normalise_header).
SYNONYMS: dict[str, list[str]] = {
    "order_id": [
        "订单编号",
        "订单号",
        "订单ID",
        "主订单编号",
        "子订单编号",
        "交易号",
        "单号",
        "流水号",
        "小票号",
        "小票编号",
        "单据号",
        "单据编号",
        "交易单号",
        "交易编号",
        "销售单号",
        "收银单号",
        "order id",
        "order number",
        "order no",
        "order",
        "invoiceno",
        "invoice no",
        "invoice",
        "transaction id",
        "receipt number",
    ],
    "customer_id": [
        "买家会员名",
        "客户ID",
        "客户编号",
        "顾客ID",
        "会员ID",
        "会员编号",
        "会员卡号",
        "用户ID",
        "买家ID",
        "会员名",
        "客户昵称",
        "买家昵称",
        "买家",
        "顾客",
        "客户",
        "会员",
        "customer id",
        "customerid",
        "customer user id",
        "customer number",
        "member id",
        "user id",
        "buyer id",
        "buyer",
        "customer",
        "customer reference id",
    ],
    "customer_email": ["Email", "Email (Billing)", "Customer Email", "邮箱", "电子邮箱", "e-mail"],
    "customer_phone": [
        "手机号",
        "手机号码",
        "顾客手机",
        "客户手机",
        "会员手机",
        "会员手机号",
        "联系手机",
        "手机",
        "电话",
        "联系电话",
        "phone",
        "mobile",
        "Phone (Billing)",
    ],
    "order_time": [
        "订单创建时间",
        "下单时间",
        "创建时间",
        "订单时间",
        "成交时间",
        "交易时间",
        "下单日期",
        "订单日期",
        "销售时间",
        "销售日期",
        "消费时间",
        "收银时间",
        "交易日期",
        "购买时间",
        "日期",
        "时间",
        "created at",
        "order date",
        "purchase date",
        "sale date",
        "transaction date",
        "invoicedate",
        "invoice date",
        "order time",
        "date",
        "datetime",
        "timestamp",
        "created",
    ],
    "paid_time": [
        "订单付款时间",
        "付款时间",
        "支付时间",
        "付款日期",
        "支付日期",
        "paid at",
        "paid date",
        "payment date",
        "date paid",
    ],
    "time_of_day": ["time", "时刻", "时间"],
    "amount": [
        "买家实际支付金额",
        "实付金额",
        "实付款",
        "实收金额",
        "实收",
        "实收款",
        "支付金额",
        "付款金额",
        "实际支付金额",
        "成交金额",
        "订单金额",
        "总金额",
        "买家应付货款",
        "销售额",
        "销售金额",
        "消费金额",
        "支付总额",
        "金额",
        "应付金额",
        "Total",
        "Order Total Amount",
        "Order Total",
        "Net Sales",
        "amount paid",
        "total paid",
        "paid total",
        "paid amount",
        "amount",
        "Gross Sales",
        "sales",
        "revenue",
        "order amount",
        "total amount",
    ],
    "unit_price": ["UnitPrice", "unit price", "price", "单价", "商品单价", "Lineitem price"],
    "quantity": [
        "宝贝总数量",
        "商品数量",
        "购买数量",
        "数量",
        "件数",
        "quantity",
        "qty",
        "Lineitem quantity",
        "items",
        "item count",
    ],
    "status": ["订单状态", "交易状态", "状态", "Order Status", "status"],
    "financial_status": ["Financial Status", "payment status", "支付状态", "付款状态"],
    "cancelled_at": ["Cancelled at", "取消时间", "cancelled date"],
    "refunded_amount": ["Refunded Amount", "退款金额", "refund amount", "Order Refund Amount"],
    "event_type": ["Event Type", "交易类型"],
    "store": ["店铺名称", "门店", "门店名称", "店铺", "店名", "store", "store name", "shop", "Location"],
    "channel": ["渠道", "销售渠道", "来源", "channel", "sales channel", "Source"],
    "region": [
        "省份",
        "省",
        "地区",
        "城市",
        "province",
        "Billing Province",
        "Shipping Province",
        "Billing Province Name",
        "Shipping Province Name",
        "State Code (Billing)",
        "state",
        "region",
        "city",
        "country",
        "收货地址",
        "地址",
    ],
    "coupon_code": ["优惠券", "优惠券码", "优惠码", "coupon", "coupon code", "Coupons Used", "Discount Code"],
    "is_member": ["是否会员", "会员标识", "is member", "member"],
    "tier": [
        "会员等级",
        "等级",
        "会员级别",
        "tier",
        "membership tier",
        "loyalty tier",
        "member tier",
        "vip level",
        "member level",
        "level",
        "membership",
    ],
}

# Fields of the member and campaign lists (their own tables; they share customer keys).
MEMBER_SYNONYMS: dict[str, list[str]] = {
    "customer_id": ["会员名", "客户昵称", "买家会员名", *SYNONYMS["customer_id"]],
    "customer_email": SYNONYMS["customer_email"],
    "customer_phone": SYNONYMS["customer_phone"],
    "tier": SYNONYMS["tier"],
    "joined": [
        "入会时间",
        "注册时间",
        "加入时间",
        "开卡时间",
        "入会日期",
        "注册日期",
        "开卡日期",
        "加入日期",
        "joined",
        "join date",
        "joined at",
        "member since",
        "signup date",
        "created at",
    ],
}
CAMPAIGN_SYNONYMS: dict[str, list[str]] = {
    "customer_id": MEMBER_SYNONYMS["customer_id"],
    "customer_email": SYNONYMS["customer_email"],
    "customer_phone": SYNONYMS["customer_phone"],
    "group": [
        "分组",
        "组别",
        "实验分组",
        "分组名称",
        "实验组别",
        "组名",
        "group",
        "arm",
        "variant",
        "cohort",
        "segment",
    ],
    "start": [
        "活动开始",
        "活动开始时间",
        "开始日期",
        "开始时间",
        "发送时间",
        "发送日期",
        "活动日期",
        "触达时间",
        "触达日期",
        "start",
        "start date",
        "send date",
        "sent at",
    ],
}

FIELDS: tuple[str, ...] = tuple(SYNONYMS)
# Required: when the time is found and either amount or quantity x unit_price.
required_fields: tuple[str, ...] = ("order_time", "amount")
# Header names that only appear in line-item exports (one row per product line of an order).
LINE_ITEM_HEADERS: frozenset[str] = frozenset(
    [
        "lineitemquantity",
        "lineitemname",
        "lineitemprice",
        "lineitemsku",
        "item",
        "qty",
        "stockcode",
        "description",
        "itemname",
        "productname",
        "unitprice",
        "sku",
        "商品名称",
        "商品编码",
        "商品规格",
        "单价",
        "商品单价",
    ]
)
# Amount headers whose values are per product line (summed per order, never taken once).
LINE_AMOUNT_HEADERS: frozenset[str] = frozenset(["netsales", "grosssales", "linetotal", "小计", "商品金额"])
# Headers holding a full postal address: only the province prefix may be kept.
ADDRESS_HEADERS: frozenset[str] = frozenset(["收货地址", "地址"])

_PUNCT = re.compile(r"[\s_\-.:/\\()\[\]{}#'\"`·,，。：（）【】]+")


def normalise_header(header: object) -> str:
    """Return the comparison key of a header: half-width, lower case, no spaces or punctuation.

    Examples
    --------
    >>> normalise_header(" Order_ID ") == normalise_header("ＯｒｄｅｒＩＤ") == "orderid"
    True
    """
    text = unicodedata.normalize("NFKC", str(header)).lower()
    return _PUNCT.sub("", text)


def _lookup(columns: Sequence[str]) -> dict[str, str]:
    """Map each normalised header to the first original header with that key."""
    found: dict[str, str] = {}
    for column in columns:
        found.setdefault(normalise_header(column), column)
    return found


# Headers that name a field only inside a recognised export: Shopify writes the order number
# (#1001) under "Name", which in any other export is a person's name and must never become an id.
_EXPORT_SPECIFIC: tuple[tuple[frozenset[str], str, str], ...] = (
    (frozenset({"financialstatus", "lineitemquantity", "lineitemname"}), "order_id", "Name"),
)


def suggest_mapping(
    columns: Iterable[str], synonyms: Mapping[str, Sequence[str]] | None = None
) -> dict[str, str | None]:
    """Suggest a header for each canonical field from the synonym table (None when none fits).

    Fields are filled in table order and a header is used by one field only, so ``Location`` goes
    to ``store`` and is not also offered as a region.

    Examples
    --------
    >>> m = suggest_mapping(["InvoiceNo", "InvoiceDate", "CustomerID", "Quantity", "UnitPrice"])
    >>> m["order_id"], m["order_time"], m["amount"], m["unit_price"]
    ('InvoiceNo', 'InvoiceDate', None, 'UnitPrice')
    """
    table = SYNONYMS if synonyms is None else synonyms
    found = _lookup(list(columns))
    used: set[str] = set()
    mapping: dict[str, str | None] = {}
    if table is SYNONYMS:
        for markers, field, name in _EXPORT_SPECIFIC:
            header = found.get(normalise_header(name))
            if header is not None and markers & found.keys():
                mapping[field] = header
                used.add(header)
    for field, names in table.items():
        if mapping.get(field) is not None:
            continue
        mapping[field] = None
        for name in names:
            header = found.get(normalise_header(name))
            if header is not None and header not in used:
                mapping[field] = header
                used.add(header)
                break
    return mapping


def resolve_mapping(
    columns: Sequence[str],
    overrides: Mapping[str, str] | None,
    *,
    file: str,
    synonyms: Mapping[str, Sequence[str]] | None = None,
) -> dict[str, str]:
    """Return the field -> header mapping of one file: suggestions, then the user's overrides.

    Raises
    ------
    MappingError
        When an override names an unknown field or a header the file does not have.
    """
    table = SYNONYMS if synonyms is None else synonyms
    overrides = dict(overrides or {})
    for field, header in overrides.items():
        if field not in table:
            raise MappingError(
                f"{file}: --map {field}={header}: unknown field {field!r}; valid fields: {', '.join(table)}"
            )
        if header not in columns:
            by_key = _lookup(columns).get(normalise_header(header))
            if by_key is None:
                raise MappingError(
                    f"{file}: --map {field}={header}: there is no column {header!r}; "
                    f"headers found: {', '.join(map(str, columns))}"
                )
            overrides[field] = by_key
    chosen = set(overrides.values())
    remaining = [c for c in columns if c not in chosen]
    mapping = {
        f: h for f, h in suggest_mapping(remaining, table).items() if h is not None and f not in overrides
    }
    mapping.update(overrides)
    if "order_time" in overrides and "paid_time" not in overrides:
        # The user named the time to use: a suggested paid time must not take precedence over it.
        mapping.pop("paid_time", None)
    return {f: mapping[f] for f in table if f in mapping}


def missing_required(mapping: Mapping[str, str]) -> list[str]:
    """Return the required order fields the mapping lacks (amount is met by quantity x unit_price)."""
    missing = []
    if "order_time" not in mapping and "paid_time" not in mapping:
        missing.append("order_time")
    if "amount" not in mapping and not {"quantity", "unit_price"} <= set(mapping):
        missing.append("amount")
    return missing


def missing_fields_message(file: str, missing: Sequence[str], columns: Sequence[str]) -> str:
    """Return the message telling the user which fields were not found and how to name them."""
    words = {"order_time": "the order time", "amount": "the amount paid"}
    what = " and ".join(words.get(f, f) for f in missing)
    hint = " ".join(f"{f}=HEADER" for f in missing)
    return (
        f"{file}: cannot find {what} among the headers: {', '.join(map(str, columns))}. "
        f"Name them with --map {hint} (--map FIELD=HEADER, once per field)"
    )


# Normalised status values (lower case, no spaces/punctuation, half-width) -> drop reason;
# None means a valid order.
STATUS_REASONS: dict[str, str | None] = {
    # Taobao / Tmall and generic Chinese
    "交易成功": None,
    "卖家已发货等待买家确认": None,
    "买家已付款等待卖家发货": None,
    "交易完成": None,
    "已完成": None,
    "已付款": None,
    "已支付": None,
    "已发货": None,
    "已签收": None,
    "待发货": None,
    "待收货": None,
    "部分退款": None,
    "成功": None,
    "交易关闭": "cancelled",
    "已关闭": "cancelled",
    "已取消": "cancelled",
    "取消": "cancelled",
    "订单关闭": "cancelled",
    "已作废": "cancelled",
    "等待买家付款": "unpaid",
    "待付款": "unpaid",
    "未付款": "unpaid",
    "待支付": "unpaid",
    "退款成功": "refunded",
    "全额退款": "refunded",
    "已退款": "refunded",
    "退款完成": "refunded",
    # Shopify financial status; WooCommerce order status (optionally prefixed wc-)
    "paid": None,
    "partiallypaid": None,
    "partiallyrefunded": None,
    "completed": None,
    "complete": None,
    "processing": None,
    "shipped": None,
    "delivered": None,
    "fulfilled": None,
    "success": None,
    "succeeded": None,
    "payment": None,
    "sale": None,
    "refunded": "refunded",
    "fullyrefunded": "refunded",
    "voided": "cancelled",
    "void": "cancelled",
    "cancelled": "cancelled",
    "canceled": "cancelled",
    "failed": "cancelled",
    "trash": "cancelled",
    # Not (yet) paid: Shopify pending/authorized (money not captured), Woo pending/on-hold.
    "pending": "unpaid",
    "pendingpayment": "unpaid",
    "authorized": "unpaid",
    "onhold": "unpaid",
    "unpaid": "unpaid",
    "checkoutdraft": "unpaid",
    "draft": "unpaid",
    "expired": "unpaid",
}


def normalise_status(values: pd.Series) -> pd.Series:
    """Return status cells as comparison keys: half-width, lower case, no spaces/punctuation/``wc-``."""
    return on_distinct(values, _normalise_status)


def _normalise_status(values: pd.Series) -> pd.Series:
    text = values.astype("str").str.normalize("NFKC").str.lower()
    text = text.str.replace(r"[\s_\-.,，:：;；、()（）]+", "", regex=True).str.replace(
        r"^wc(?=[a-z])", "", regex=True
    )
    return text.where(text != "")


def status_reasons(values: pd.Series) -> tuple[pd.Series, dict[str, int]]:
    """Return the drop reason implied by each status cell, and the unrecognised statuses.

    Known valid statuses give NA; unknown statuses also give NA (the order is kept) but are
    returned as ``{status as written: rows}`` so the user sees them in the file report.

    Examples
    --------
    >>> r, unknown = status_reasons(pd.Series(["交易关闭", "paid", "weird"], dtype="str"))
    >>> r.tolist(), unknown
    (['cancelled', nan, nan], {'weird': 1})
    """
    # A status column holds a handful of distinct values: classify those, then spread by code.
    codes, uniques = pd.factorize(values.astype("str"), use_na_sentinel=True)
    key = _normalise_status(pd.Series(uniques, dtype="str"))
    reasons = key.map(STATUS_REASONS).astype("str")
    unknown_key = (key.notna() & ~key.isin(list(STATUS_REASONS))).to_numpy()
    rows = np.bincount(codes[codes >= 0], minlength=len(uniques))
    unknown = {str(uniques[i]).strip(): int(rows[i]) for i in np.flatnonzero(unknown_key)}
    found = pd.Series(
        pd.concat([reasons, pd.Series([pd.NA], dtype="str")], ignore_index=True).array.take(
            np.where(codes < 0, len(uniques), codes)
        ),
        index=values.index,
        dtype="str",
    )
    return found, unknown


_PROVINCE = (
    r"^\s*((?:[\u4e00-\u9fff]{2,7}?(?:省|自治区|特别行政区))|(?:北京|上海|天津|重庆)市?"
    r"|(?:内蒙古|广西|西藏|宁夏|新疆|香港|澳门|台湾))"
)


def address_region(values: pd.Series) -> pd.Series:
    """Keep only the province of a postal address; the rest (street, number) is never kept.

    Examples
    --------
    >>> addresses = pd.Series(["浙江省 杭州市 西湖区 xx路12号", "上海 上海市 浦东", "1 Main St"], dtype="str")
    >>> address_region(addresses).tolist()
    ['浙江省', '上海', nan]
    """
    return on_distinct(
        values, lambda distinct: distinct.str.normalize("NFKC").str.extract(_PROVINCE)[0].astype("str")
    )


# Tier names on one scale, low to high; names of different ladders share a rank where they
# mean the same step. VIP ranks just after the gold-level names.
_TIER_RANKS: dict[str, float] = {
    **dict.fromkeys(
        [
            "普通会员",
            "普通",
            "普卡",
            "注册会员",
            "普通用户",
            "basic",
            "standard",
            "regular",
            "normal",
            "member",
            "新会员",
            "starter",
        ],
        0.0,
    ),
    **dict.fromkeys(["青铜", "铜卡", "bronze"], 1.0),
    **dict.fromkeys(["高级会员", "银卡", "白银", "silver"], 2.0),
    **dict.fromkeys(["金卡", "黄金", "gold"], 3.0),
    **dict.fromkeys(["vip", "vip会员"], 3.5),
    **dict.fromkeys(["铂金", "白金", "platinum"], 4.0),
    **dict.fromkeys(["钻石", "钻卡", "diamond"], 5.0),
    **dict.fromkeys(["黑金", "黑卡", "black"], 6.0),
    **dict.fromkeys(["至尊vip会员", "至尊vip", "至尊会员", "至尊"], 7.0),
}
_CHINESE_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}


def _tier_key(name: str) -> float | None:
    """Return the rank of a tier name on the shared scale, or None when it is not a known name."""
    key = normalise_header(name)
    for candidate in (key, re.sub(r"(会员|卡|member|tier|level)$", "", key)):
        if candidate in _TIER_RANKS:
            return _TIER_RANKS[candidate]
    numbered = re.fullmatch(r"(?:v|lv|vip|level|tier|等级|会员)?(\d+)(?:级|星)?(?:会员)?", key)
    if numbered:
        return float(numbered.group(1))
    stars = re.fullmatch(r"([一二三四五六七八九十])(?:星|级)(?:会员)?", key)
    if stars:
        return float(_CHINESE_DIGITS[stars.group(1)])
    return None


def tier_order(names: Iterable[str]) -> list[str]:
    """Order tier names low to high: known names by rank, unknown names after them as first seen.

    Examples
    --------
    >>> tier_order(["VIP会员", "普通会员", "至尊VIP会员", "高级会员"])
    ['普通会员', '高级会员', 'VIP会员', '至尊VIP会员']
    >>> tier_order(["V3", "V1", "V10"])
    ['V1', 'V3', 'V10']
    """
    seen = list(dict.fromkeys(n for n in names if isinstance(n, str) and n != ""))
    ranked = [(k, i, n) for i, n in enumerate(seen) if (k := _tier_key(n)) is not None]
    unknown = [n for n in seen if _tier_key(n) is None]
    return [n for _, _, n in sorted(ranked)] + unknown
