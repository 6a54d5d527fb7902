"""Which currency the amounts of an orders export are in, when the export does not say it outright.

One rule for the dashboard and the report: a currency column (ISO codes such as ``CNY``) wins,
its most frequent code; otherwise a Chinese header or a shop named in Chinese means a Chinese
back office (Taobao, Tmall, Youzan ...), which exports in CNY; otherwise the currency is unknown
and amounts are shown as plain numbers until someone names it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import pandas as pd

# CJK Unified Ideographs, extension A included: Chinese text in a header or a shop name.
_CJK = re.compile(r"[\u3400-\u9fff]")
# The code a Chinese back office exports in.
CHINESE_CURRENCY = "CNY"


def guess_currency(
    orders: pd.DataFrame | None, *, headers: Iterable[str] = (), shops: Iterable[str] = ()
) -> str | None:
    """Return the ISO 4217 code the amounts are in, or None when nothing says.

    Parameters
    ----------
    orders
        Canonical orders; an optional ``currency`` column (ISO codes) is read, and the
        ``store`` column's names count as shop names.
    headers
        The source headers the orders were mapped from (a stored history keeps none).
    shops
        Further shop names (the ``--shop`` a report is made for).

    Examples
    --------
    >>> guess_currency(None, headers=["订单编号", "买家实际支付金额"])
    'CNY'
    >>> guess_currency(None, headers=["Name", "Total"]) is None
    True
    >>> guess_currency(pd.DataFrame({"currency": ["usd", "USD", "GBP"]}))
    'USD'
    """
    if orders is not None and "currency" in orders.columns:
        codes = orders["currency"].dropna().astype("str").str.strip().str.upper()
        codes = codes[codes != ""]
        if len(codes):
            return str(codes.mode().iloc[0])
    names = [*headers, *shops]
    if orders is not None and "store" in orders.columns:
        names += [str(v) for v in orders["store"].dropna().unique()]
    return CHINESE_CURRENCY if any(_CJK.search(str(name)) for name in names) else None
