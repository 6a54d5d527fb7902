"""Personal data kept off the screen: phones, e-mails, names, addresses, payment accounts.

The mapping preview and the dropped-rows view show raw cells of the user's export. Whatever header
they sit under, cells holding a phone number or an e-mail address anywhere in their text are
hidden (a customer-id column shows them as the loader's digest,
:func:`analytics.loading.ids.parse_customer_ids`, so a row can still be matched to its customer),
and columns whose header names a person, an address or a payment account are hidden whole.
Pure pandas: tested without Streamlit.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from analytics.loading.ids import parse_customer_ids, parse_ids
from analytics.privacy import MASK, contains_personal
from analytics.schema import normalise_header

# Headers naming a person, a contact, an address or a payment account (normalised: lower case,
# no spaces or punctuation). Parts, so "收货人姓名", "Billing Name" and "修改后的收货地址" all match.
PERSONAL_HEADER_PARTS: tuple[str, ...] = (
    "姓名",
    "收货人",
    "收件人",
    "联系人",
    "地址",
    "电话",
    "手机号",
    "联系手机",
    "顾客手机",
    "客户手机",
    "会员手机",
    "邮箱",
    "支付宝",
    "账号",
    "账户",
    "银行卡",
    "身份证",
    "address",
    "phone",
    "mobile",
    "email",
    "account",
    "iban",
    "firstname",
    "lastname",
    "billingname",
    "shippingname",
    "customername",
    "receiver",
    "recipient",
    "contact",
)
# Whole-header matches only (as parts they would hit ordinary words: "hotel", "street" in "storestreet").
PERSONAL_HEADERS: frozenset[str] = frozenset({"tel", "手机", "street", "zip", "postcode", "邮编"})


def personal_header(header: object) -> bool:
    """Return True when a header names a person, contact, address or payment account.

    Examples
    --------
    >>> [personal_header(h) for h in ("收货人姓名", "Billing Name", "买家支付宝账号", "订单编号", "Name")]
    [True, True, True, False, False]
    """
    key = normalise_header(header)
    return key in PERSONAL_HEADERS or any(part in key for part in PERSONAL_HEADER_PARTS)


def personal_cells(values: pd.Series) -> pd.Series:
    """Return which cells hold a phone number or an e-mail address anywhere (masked ones included).

    By content, not by header: a buyer's note "请打 139 0000 1111" is hidden whole
    (:func:`analytics.privacy.contains_personal`).

    Examples
    --------
    >>> cells = ["13812345678", "158****3086", "a@b.cn", "2127836121094490006", "14527", "请打 139 0000 1111"]
    >>> personal_cells(pd.Series(cells)).tolist()
    [True, True, True, False, False, True]
    """
    return contains_personal(values)


def hide_personal(
    frame: pd.DataFrame, *, customer_id: str | None = None, id_columns: Iterable[str] = ()
) -> pd.DataFrame:
    """Return a copy of ``frame`` safe to show: personal columns and cells hidden, ids as written.

    Columns whose header is personal (:func:`personal_header`) are masked whole; elsewhere every
    phone- or e-mail-looking cell is masked, except in the ``customer_id`` column, which shows the
    loader's digest of them (``p:…``/``e:…``), so the row still names its customer. ``id_columns``
    (and the customer id) are shown as written in the shop's back office: ``14527.0`` -> ``14527``.

    Examples
    --------
    >>> f = pd.DataFrame({"Buyer": ["13812345678", "14527.0"], "Note": ["call 1", "a@b.cn"],
    ...                   "收货人姓名": ["张三", None]})
    >>> shown = hide_personal(f, customer_id="Buyer")
    >>> shown["Buyer"].str[:2].tolist(), shown["Buyer"].iloc[1], shown["Note"].tolist()
    (['p:', '14'], '14527', ['call 1', '•••'])
    >>> shown["收货人姓名"].iloc[0]
    '•••'
    """
    shown = frame.copy()
    ids = set(id_columns)
    for column in shown.columns:
        values = shown[column]
        if personal_header(column) and column != customer_id:
            shown[column] = values.astype("object").where(values.isna(), MASK)
            continue
        if column == customer_id:
            # The loader's own digest of phone and e-mail keys, so the row names its customer.
            shown[column] = parse_customer_ids(values.astype("str")).astype("object")
            values = shown[column]
        elif column in ids:
            shown[column] = parse_ids(values.astype("str")).astype("object")
            values = shown[column]
        if pd.api.types.is_numeric_dtype(values) or pd.api.types.is_datetime64_any_dtype(values):
            continue
        hidden = personal_cells(values)
        if column == customer_id:
            hidden &= ~values.astype("str").str.match(r"^[pe]:[0-9a-f]{16}$").fillna(False).astype(bool)
        if hidden.any():
            shown[column] = values.astype("object").where(~hidden, MASK)
    return shown
