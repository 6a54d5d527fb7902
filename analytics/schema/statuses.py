"""Order statuses as data: each status value an export writes, and the drop reason it implies."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analytics.schema.distinct import on_distinct

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
