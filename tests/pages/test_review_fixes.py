"""Review fixes seen as a reader sees them: one comparison rule, Chinese select placeholders, safe errors.

Visible texts are checked against what analytics computes here on the same files.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

import analytics.report
from analytics.errors import InputError, Message
from analytics.loading import load_members, load_orders
from analytics.metrics.customers.comeback import second_order
from analytics.metrics.customers.scores import score_customers
from analytics.metrics.period import comparison_period, resolve_period
from ui.format import MISSING, fmt_int
from ui.i18n import translate
from ui.messages import message_text
from ui.safe_text import message_markdown

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "sample_data"
TAOBAO_XLSX = SAMPLE / "taobao_orders.xlsx"
MEMBERS = SAMPLE / "members.xlsx"
UPLOADS = (SAMPLE / "taobao_orders_gbk.csv", SAMPLE / "members.xlsx", SAMPLE / "campaign.csv")
LANGS = ("zh", "en")


def _app(lang: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=180)
    at.query_params["lang"] = lang
    return at.run()


def _clean(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]


@pytest.mark.parametrize("lang", LANGS)
def test_last_year_comparison_is_the_analytics_rule_on_the_overview_and_the_report(lang):
    # The built-in sample (Taobao export) ends on its last order day; "same period last year" is
    # analytics' "last-year": the same 30 calendar days one year earlier.
    period = resolve_period(load_orders([TAOBAO_XLSX]).orders)
    last_year = comparison_period(period, "last-year")
    expected = translate(
        "vs_comparison", lang, start=f"{last_year.start:%Y-%m-%d}", end=f"{last_year.end:%Y-%m-%d}"
    )
    at = _app(lang)
    compare = at.selectbox(key=f"compare_mode_{lang}")
    assert translate("compare_last-year", lang) in compare.options
    compare.set_value("last-year").run()
    _clean(at)
    assert any(expected in c.value for c in at.caption)
    at.switch_page("views/report.py").run()
    _clean(at)
    assert any(expected in c.value for c in at.caption)


def _select_placeholders(at: AppTest) -> list[tuple[str, str]]:
    boxes = [*at.selectbox, *at.sidebar.selectbox, *at.multiselect, *at.sidebar.multiselect]
    return [(box.label, box.proto.placeholder) for box in boxes]


@pytest.mark.parametrize("lang", LANGS)
def test_every_select_says_choose_in_the_readers_language(lang):
    # Streamlit's own "Choose an option" would show in English in the Chinese UI.
    at = _app(lang)
    at.file_uploader(key="uploader").set_value(
        [(p.name, p.read_bytes(), "application/octet-stream") for p in UPLOADS]
    ).run()
    _clean(at)
    allowed = {
        translate("choose_option", lang),
        translate("choose_options", lang),
        translate("all_values", lang),
    }
    seen = _select_placeholders(at)
    for page in ("views/campaign.py", "views/customers.py"):
        at.switch_page(page).run()
        _clean(at)
        seen += _select_placeholders(at)
    assert len(seen) >= 8  # kind pickers, language, period, comparison, currency, control, unit, reasons
    assert [(label, text) for label, text in seen if text not in allowed] == []
    assert (translate("cust_export_reasons", lang), translate("choose_options", lang)) in seen


def test_a_report_error_naming_a_file_is_shown_as_plain_text(monkeypatch):
    # A file name like "[x](https://example.invalid).csv" must not become a link in the error box.
    error = InputError("io.empty_file", file="[x](https://example.invalid).csv")

    def fail(*args, **kwargs):
        raise error

    monkeypatch.setattr(analytics.report, "build_report", fail)
    st.cache_data.clear()  # an earlier test's report file would be served from the cache
    at = _app("en")
    at.switch_page("views/report.py").run()
    at.button(key="report_generate").click().run()
    _clean(at)
    shown = [e.value for e in at.error]
    assert message_markdown(error, "en") in shown
    # Brackets escaped (no Markdown link) and a word joiner inside "://" (no autolink).
    assert r"\[x\]\(https\:" + "\u2060" + "//example" in shown[0]


@pytest.mark.parametrize("lang", LANGS)
def test_customers_page_counts_customers_as_customers_and_never_shows_none(lang):
    # The sample (Taobao export and member list) as analytics scores it with the page's defaults
    # (weeks, 13 weeks ahead): the median days to a second purchase is a number of days.
    orders = load_orders([TAOBAO_XLSX]).orders
    scores = score_customers(orders, time_unit="W", horizon=13.0, members=load_members(MEMBERS).members)
    median = second_order(scores.summary).median_days
    at = _app(lang)
    at.switch_page("views/customers.py").run()
    _clean(at)
    shown = next(m for m in at.metric if m.label == translate("cust_second_median_days", lang))
    assert shown.value == translate("days_unit", lang, days=fmt_int(median, lang=lang))
    headers = [str(c) for d in at.dataframe for c in d.value.columns]
    # "成交人数" means the period's buyers everywhere else; these tables count customers.
    assert translate("cust_customer_count", lang) in headers
    if lang == "zh":  # in English both read "Customers"
        assert translate("customers", lang) not in headers
    tier = message_text(Message("customers.export.tier"), lang)
    tiers = [v for d in at.dataframe if tier in d.value.columns for v in d.value[tier]]
    assert tiers and None not in tiers and "None" not in tiers
    assert MISSING in tiers  # the sample has buyers who are not on the member list
