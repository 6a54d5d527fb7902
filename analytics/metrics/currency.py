"""Which currency the amounts of an orders export are in: only what the data states.

One rule for the dashboard and the report: a currency column (ISO codes such as ``CNY``) wins, its
most frequent code; otherwise a currency written in a header the orders were read from ("实付金额
（元）", "Total (USD)", "Price £"); otherwise the currency is not stated and amounts are shown as plain
numbers until the user names it. Nothing is inferred: a Chinese header or a shop named in Chinese
says which language the back office speaks, not which money it counts (a Hong Kong or UK shop can
export Chinese headers), so it states no currency.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import pandas as pd

# Currency marks a header may carry, most specific first (HK$ and US$ before $). A Chinese unit
# counts only as a unit in brackets ("（元）"), never inside a word.
_HEADER_MARKS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("HKD", re.compile(r"HK\$|\bHKD\b|港币|港元")),
    ("USD", re.compile(r"US\$|\bUSD\b|美元")),
    ("JPY", re.compile(r"\bJPY\b|日元|円")),
    ("GBP", re.compile(r"£|\bGBP\b|英镑")),
    ("EUR", re.compile(r"€|\bEUR\b|欧元")),
    ("CNY", re.compile(r"[¥￥]|\bRMB\b|\bCNY\b|人民币|[（(]\s*元\s*[)）]")),
    ("USD", re.compile(r"\$")),
)


def header_currency(header: str) -> str | None:
    """Return the currency a header states, or None.

    Examples
    --------
    >>> headers = ("实付金额（元）", "Total (USD)", "Price £", "买家实际支付金额", "元宝数")
    >>> [header_currency(h) for h in headers]
    ['CNY', 'USD', 'GBP', None, None]
    """
    return next((code for code, mark in _HEADER_MARKS if mark.search(str(header))), None)


def guess_currency(
    orders: pd.DataFrame | None, *, headers: Iterable[str] = (), shops: Iterable[str] = ()
) -> str | None:
    """Return the ISO 4217 code the data states for its amounts, or None when it states none.

    Parameters
    ----------
    orders
        Canonical orders; an optional ``currency`` column (ISO codes, Shopify's Currency, 币种) is
        read.
    headers
        The source headers the orders were mapped from (a stored history keeps none).
    shops
        Shop names, accepted from callers that have them: a name states no currency, so they are
        not read.

    Examples
    --------
    >>> guess_currency(None, headers=["订单编号", "买家实际支付金额"]) is None
    True
    >>> guess_currency(None, headers=["订单编号", "实付金额(元)"])
    'CNY'
    >>> guess_currency(pd.DataFrame({"currency": ["usd", "USD", "GBP"]}))
    'USD'
    """
    if orders is not None and "currency" in orders.columns:
        codes = orders["currency"].dropna().astype("str").str.strip().str.upper()
        codes = codes[codes != ""]
        if len(codes):
            return str(codes.mode().iloc[0])
    stated = [code for code in (header_currency(h) for h in headers) if code]
    return max(set(stated), key=stated.count) if stated else None
