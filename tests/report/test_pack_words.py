"""The meeting pack in the Customers page's words: one term for the chance of still being a customer,
the model's warning as one sentence without nested brackets or model jargon, and a clear comparison
line on the cover when the comparison period holds no orders — in Chinese and English.

Expected words come from the page's catalog (``ui/locale``) or are spelled here as a reader would
look for them; figures come from the metric functions on the same orders.
"""

from __future__ import annotations

import re
import subprocess

import numpy as np
import pandas as pd
import pytest

from analytics.errors import Message, Term
from analytics.frames import orders_frame
from analytics.messages import render
from analytics.messages.catalog import load_catalog
from analytics.metrics.customers.bgnbd import BGNBDFit
from analytics.metrics.customers.health import model_health
from analytics.metrics.customers.holdout import HoldoutCheck
from analytics.metrics.period import Period
from analytics.report import ReportInputs, build_report
from analytics.report.text import Texts
from ui.i18n.catalog import translate

LANGS = ("zh", "en")
# Words of the model's inner workings a store manager does not read (the page says "fit the model
# on orders up to" and "after that day" instead).
JARGON = {
    "en": ("holdout", "calibration", "converge"),
    "zh": ("验证分割点", "校准", "留出", "收敛"),
}


def _flat(text: str) -> str:
    return "".join(text.split())


def _pdf_pages(pdf: bytes) -> list[str]:
    """Return the text of each page of ``pdf``, without white space (the layout breaks lines)."""
    out = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True)
    return [_flat(page) for page in out.stdout.decode("utf-8").split("\f")[:-1]]


def _deepest_brackets(text: str) -> int:
    """Return how deep brackets nest in ``text`` ("a (b (c))" -> 2), ASCII and full-width alike."""
    depth = deepest = 0
    for char in text:
        if char in "(（":
            depth += 1
            deepest = max(deepest, depth)
        elif char in ")）":
            depth -= 1
    return deepest


@pytest.mark.parametrize("lang", LANGS)
def test_the_pack_names_the_chance_as_the_customers_page_does(lang):
    # The page's column and chart say 仍是客户的概率 / "Probability still a customer".
    page_term = translate("cust_p_alive", lang)
    assert render("report.column.p_alive", lang=lang) == page_term
    # No other wording of the same figure anywhere in the report's catalogs.
    catalog = load_catalog(lang)
    report_texts = [text for code, text in catalog.texts.items() if code.startswith("report.")]
    other = "仍活跃" if lang == "zh" else "still active"
    assert not [text for text in report_texts if other in text]
    definition = render("report.definition.contact", lang=lang)
    assert (page_term if lang == "zh" else "probability of still being a customer") in definition


def _uci_like_health():
    """Return UCI's model health: every check that failed there (fit figures as measured on UCI)."""
    uci = BGNBDFit(r=0.83, alpha=9.84, a=0.0034, b=6.75, log_likelihood=-1.0, customers=4339)
    edge = BGNBDFit(
        r=0.74, alpha=9.36, a=5.9e-7, b=12216.0, log_likelihood=-1.0, customers=3196,
        at_bound=("a",), converged=False,
    )  # fmt: skip
    day = pd.Timestamp("2011-08-07")
    # 820 predicted against 1,000 actual purchase days after the split: -18%, beyond 15% and the noise.
    holdout = HoldoutCheck(day, day + pd.Timedelta(days=124), "W", 17.7, edge, (), 3196, 820.0, 1000, 0.0)
    return model_health(uci, repeaters=20, holdout=holdout)


@pytest.mark.parametrize("lang", LANGS)
def test_the_model_warning_is_one_sentence_without_nested_brackets_or_jargon(lang):
    health = _uci_like_health()
    assert len(health.problems) == 5  # every reason is in the sentence
    sentence = Texts(lang)(health.sentence)
    # Before: "... (fitted up to 2011-08-07 it missed ... by -18.0% (the limit is 15.0%)), so ..."
    assert _deepest_brackets(sentence) == 1, sentence
    assert "))" not in sentence and "））" not in sentence
    assert not [word for word in JARGON[lang] if word in sentence.lower()], sentence
    # One sentence: a single full stop, at its end.
    stop = "。" if lang == "zh" else "."
    assert sentence.endswith(stop) and len(re.findall(r"。|\.(?!\d)", sentence)) == 1, sentence
    # The figures are all still said: the dropout, its minimum, the split day, the error and its limit.
    for figure in ("0.1%", "1.0%", "2011-08-07", "-18.0%", "15.0%", "20", "30"):
        assert figure in sentence, (figure, sentence)


def _small_shop() -> pd.DataFrame:
    """Return 60 customers over a year, 20 of whom buy again: a model fitted on too few repeat buyers."""
    rng = np.random.default_rng(7)
    rows = []
    for n in range(60):
        first = pd.Timestamp("2025-01-01") + pd.Timedelta(days=int(rng.integers(0, 300)))
        days = [first] + ([first + pd.Timedelta(days=int(rng.integers(5, 60)))] if n < 20 else [])
        rows += [(f"c{n}", day, float(rng.integers(50, 300))) for day in days]
    customers, days, amounts = zip(*rows, strict=True)
    return orders_frame(customer_id=list(customers), order_day=list(days), amount=list(amounts))


@pytest.mark.slow
@pytest.mark.parametrize("lang", LANGS)
def test_the_packs_contact_page_says_the_warning_in_plain_words(lang):
    orders = _small_shop()
    end = orders["order_day"].max()
    pdf = build_report(
        ReportInputs(orders, shop="S", currency="CNY"),
        period=Period(end - pd.Timedelta(days=29), end),
        compare="previous",
        lang=lang,
        fmt="pdf",
    )
    text = "".join(_pdf_pages(pdf))
    texts = Texts(lang, "CNY")
    few = _flat(texts(Message("customers.health.few_repeaters", {"repeaters": 20, "minimum": 30})))
    assert few in text  # the warning is on the contact page
    assert "))" not in text and "））" not in text
    # Not shown as facts: the table has the expected value of a contact, not the forecast.
    assert _flat(texts(Term("report.column.contact_value"))) in text
    assert _flat(texts(Term("report.column.expected_value"))) not in text


def _empty_comparison() -> tuple[pd.DataFrame, Period]:
    # Orders from 2025-03-01: the 30 days before 2025-03-01..2025-03-30 hold none.
    days = pd.date_range("2025-03-01", "2025-03-30", freq="D")
    customers = [f"c{i % 9}" for i in range(len(days))]
    orders = orders_frame(customer_id=customers, order_day=list(days), amount=[100.0] * len(days))
    return orders, Period(pd.Timestamp("2025-03-01"), pd.Timestamp("2025-03-30"))


@pytest.mark.slow
@pytest.mark.parametrize("lang", LANGS)
def test_an_empty_comparison_period_is_said_on_the_cover_not_shown_as_zero(lang):
    orders, period = _empty_comparison()
    inputs = ReportInputs(orders, shop="S")
    pdf = build_report(inputs, period=period, compare="previous", lang=lang, fmt="pdf")
    cover = _pdf_pages(pdf)[0]
    texts = Texts(lang)
    zero = _flat(texts(Message("report.cover.previous_value", {"value": "0"})))
    # Before: "对比周期：0" under the customers and orders cards, "对比周期：—" under the rates.
    assert zero not in cover
    assert _flat(texts(Message("report.cover.previous_value", {"value": "—"}))) not in cover
    # Each card says it instead: 成交人数, 订单数, 成交金额, 复购率, 老客成交金额占比, 客单价.
    no_orders = _flat(texts(Term("report.cover.previous_none")))
    assert len(re.findall(re.escape(no_orders), cover)) == 6
