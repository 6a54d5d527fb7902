"""The Returning page's verdict states no false 0.0%: no guests' share without guests, none before history.

The built-in sample (a Taobao export) names a buyer on every order and starts on 2025-01-01;
expected sentences are the report's catalog texts with figures computed here from the same file.
"""

from __future__ import annotations

import datetime
import sys
from pathlib import Path

import pandas as pd
import pytest

from analytics.errors import Message
from analytics.loading import load_orders
from analytics.metrics.period import Period, resolve_period
from analytics.metrics.summary import summarize
from analytics.report.text import Texts
from ui.safe_text import md

sys.path.insert(0, str(Path(__file__).parent))
from test_app_pages import TAOBAO_XLSX, _app, _assert_clean

LANGS = ["zh", "en"]


def _verdict(at) -> list[str]:
    return [m.value for m in at.markdown]


@pytest.mark.parametrize("lang", LANGS)
def test_no_guests_sentence_when_every_order_names_a_buyer(lang):
    orders = load_orders([TAOBAO_XLSX]).orders
    returning = summarize(orders, period=resolve_period(orders)).returning
    assert returning.unidentified_sales_share.part == 0  # no guest order: the page shows no guests' card
    at = _app(lang)
    at.switch_page("views/returning.py").run()
    _assert_clean(at)
    texts = Texts(lang, None)
    counts = {
        "rate": returning.customers,
        "returning": returning.customers.numerator,
        "customers": returning.customers.denominator,
    }
    shown = _verdict(at)
    assert md(texts(Message("report.reading.returning_customers_no_guests", counts))) in shown
    # Before: "... guest orders without a customer id make up 0.0% of sales" on every Taobao export.
    assert not any(("游客" if lang == "zh" else "guest") in text.lower() for text in shown)


@pytest.mark.parametrize("lang", LANGS)
def test_a_period_from_the_datas_first_day_says_the_returning_share_is_unknown(lang):
    at = _app(lang)
    at.selectbox(key=f"period_preset_{lang}").set_value("custom").run()
    at.date_input(key="period_custom").set_value(
        (datetime.date(2025, 1, 1), datetime.date(2025, 3, 31))
    ).run()
    at.switch_page("views/returning.py").run()
    _assert_clean(at)
    texts = Texts(lang, None)
    start = pd.Timestamp("2025-01-01")
    shown = _verdict(at)
    assert md(texts(Message("report.reading.returning_unknown_start", {"start": start}))) in shown
    orders = load_orders([TAOBAO_XLSX]).orders
    returning = summarize(orders, period=Period(start, pd.Timestamp("2025-03-31"))).returning
    # Before: "Returning customers brought 0.0% of sales (0)", a share nobody can know here.
    zero = texts(
        Message(
            "report.reading.returning_customers_no_guests",
            {"rate": returning.customers, "returning": 0, "customers": returning.customers.denominator},
        )
    )
    assert returning.customers.numerator == 0 and md(zero) not in shown
    assert not any("0.0%" in text for text in shown)  # no share of sales or of buyers stated
