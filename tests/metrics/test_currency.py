"""The one currency rule: a currency column, else Chinese headers or shop names mean CNY, else unknown."""

from __future__ import annotations

import pandas as pd

from analytics.metrics.currency import guess_currency


def test_a_currency_column_wins_by_its_most_frequent_code():
    # Two of three rows say USD (case and spaces do not matter); the Chinese header is outvoted.
    orders = pd.DataFrame({"currency": [" usd", "USD", "GBP", None]})
    assert guess_currency(orders, headers=["实付金额"]) == "USD"


def test_chinese_headers_or_shop_names_mean_cny():
    assert guess_currency(None, headers=["订单编号", "买家实际支付金额"]) == "CNY"
    assert guess_currency(None, headers=["Order", "Total"], shops=["小雨家居旗舰店"]) == "CNY"
    # A stored history keeps no headers: the store column's names speak.
    assert guess_currency(pd.DataFrame({"store": ["小雨家居"]})) == "CNY"


def test_nothing_says_means_unknown():
    assert guess_currency(pd.DataFrame({"store": ["Online Retail"], "currency": [""]})) is None
    assert guess_currency(None) is None
