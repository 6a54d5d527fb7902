"""The one currency rule: only what the data states (a currency column, a currency in a header)."""

from __future__ import annotations

import pandas as pd
import pytest

from analytics.metrics.currency import guess_currency, header_currency


def test_a_currency_column_wins_by_its_most_frequent_code():
    # Two of three rows say USD (case and spaces do not matter); the header's yuan is outvoted.
    orders = pd.DataFrame({"currency": [" usd", "USD", "GBP", None]})
    assert guess_currency(orders, headers=["实付金额（元）"]) == "USD"


def test_chinese_headers_or_shop_names_state_no_currency():
    # The UCI file uploaded beside a Chinese shop's history: no currency is claimed.
    assert guess_currency(None, headers=["订单编号", "买家实际支付金额"]) is None
    assert guess_currency(None, headers=["Order", "Total"], shops=["小雨家居旗舰店"]) is None
    assert guess_currency(pd.DataFrame({"store": ["小雨家居"]})) is None


@pytest.mark.parametrize(
    ("header", "code"),
    [
        ("实付金额（元）", "CNY"),
        ("实付金额(元)", "CNY"),
        ("金额（人民币）", "CNY"),
        ("Amount ¥", "CNY"),
        ("Total (USD)", "USD"),
        ("Total $", "USD"),
        ("Total HK$", "HKD"),
        ("Price £", "GBP"),
        ("Betrag €", "EUR"),
        ("元宝数", None),  # 元 inside a word is not a unit
        ("UnitPrice", None),
    ],
)
def test_a_header_states_its_currency(header, code):
    assert header_currency(header) == code


def test_nothing_says_means_not_stated():
    assert guess_currency(pd.DataFrame({"store": ["Online Retail"], "currency": [""]})) is None
    assert guess_currency(None) is None
    assert guess_currency(None, headers=["InvoiceNo", "UnitPrice", "Quantity"]) is None
