"""Peers on cards, the store ranking, members' 10-day trend and the sidebar after a language switch.

Visible texts are checked against the analytics results computed here on the same files.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from analytics.loading import load_members, load_orders
from analytics.metrics.member_trend import member_daily_trend
from analytics.metrics.period import resolve_period
from analytics.metrics.stores import store_ranking
from analytics.metrics.summary import summarize
from ui.format import fmt_rate
from ui.i18n import translate
from ui.kpi import peer_reference

ROOT = Path(__file__).resolve().parents[2]
SHOPIFY = ROOT / "sample_data" / "shopify_orders.csv"
TAOBAO = ROOT / "sample_data" / "taobao_orders.xlsx"
MEMBERS = ROOT / "sample_data" / "members.xlsx"
PEERS_CSV = "指标,数值\n复购率,18%\n老客销售占比,0.3\n客单价,120\nGMV,1\n".encode()
LANGS = ("zh", "en")


def _app(lang: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    at.query_params["lang"] = lang
    return at.run()


def _clean(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]


@pytest.mark.parametrize("lang", LANGS)
def test_peer_table_upload_puts_peer_values_on_the_cards(lang):
    orders = load_orders([TAOBAO]).orders
    now = summarize(orders, period=resolve_period(orders), members=load_members(MEMBERS).members)
    at = _app(lang)
    at.file_uploader(key="peers_file").set_value(("同行.csv", PEERS_CSV, "text/csv")).run()
    _clean(at)
    captions = [c.value for c in at.caption]
    # 复购率 18% against the sample's own rate; 老客销售占比 0.3 against its returning share.
    for value, peer in ((now.repeat_purchase_rate.value, 0.18), (now.returning.sales_share.value, 0.3)):
        expected = peer_reference(value, peer, lang=lang, rate=True)
        assert any(expected in c for c in captions), (expected, captions)
    aov = peer_reference(now.sales / now.orders, 120.0, lang=lang, rate=False, money=lambda v: f"¥{v:,.0f}")
    assert any(aov.split("·")[1].strip() in c for c in captions)  # the AOV gap: its relative change
    # GMV is not a comparable figure: the row is named and left out.
    assert any("GMV" in w.value for w in at.warning)
    # The editor keeps the figures for the other pages: the returning page's share card shows it.
    at.switch_page("views/returning.py").run()
    _clean(at)
    expected = peer_reference(now.returning.sales_share.value, 0.3, lang=lang, rate=True)
    assert any(expected in c.value for c in at.caption)


@pytest.mark.parametrize("lang", LANGS)
def test_store_ranking_table_matches_the_metric(lang):
    orders = load_orders([SHOPIFY]).orders
    ranking = store_ranking(orders, period=resolve_period(orders))
    at = _app(lang)
    at.file_uploader(key="uploader").set_value((SHOPIFY.name, SHOPIFY.read_bytes(), "text/csv")).run()
    _clean(at)
    assert any(h.value == translate("stores_heading", lang) for h in at.subheader)
    table = next(d.value for d in at.dataframe if translate("store_rank", lang) in d.value.columns)
    best = ranking.ranked("sales")
    assert table[translate("store_name", lang)].tolist() == [s.store for s in best]
    assert table[translate("repeat_purchase_rate", lang)].tolist() == [
        fmt_rate(s.repeat_purchase_rate.value) for s in best
    ]
    assert table[translate("customers", lang)].tolist() == [f"{s.customers:,}" for s in best]


@pytest.mark.parametrize("lang", LANGS)
def test_members_page_shows_ten_days_of_members_share(lang):
    orders = load_orders([TAOBAO]).orders
    daily = member_daily_trend(orders, end=orders["order_day"].max(), members=load_members(MEMBERS).members)
    at = _app(lang)
    at.switch_page("views/members.py").run()
    _clean(at)
    assert any(h.value == translate("member_trend_heading", lang, days=10) for h in at.subheader)
    table = next(d.value for d in at.dataframe if translate("member_buyers", lang) in d.value.columns)
    assert table[translate("day", lang)].tolist() == [f"{d.day:%Y-%m-%d}" for d in daily.days]
    assert table[translate("member_sales_share_line", lang)].tolist() == [
        fmt_rate(d.sales_share.value) for d in daily.days
    ]


def test_member_trend_asks_for_a_member_list_without_one():
    at = _app("en")
    at.file_uploader(key="uploader").set_value((SHOPIFY.name, SHOPIFY.read_bytes(), "text/csv")).run()
    at.switch_page("views/members.py").run()
    _clean(at)
    assert not any(c.value == translate("member_trend_heading", "en", days=10) for c in at.subheader)
    assert any("member list" in i.value for i in at.info)  # one sentence, no empty chart


def test_sidebar_selects_follow_a_language_switch_and_keep_the_choice():
    at = _app("zh")
    at.selectbox(key="period_preset_zh").set_value("7").run()
    at.selectbox(key="lang_select").set_value("en").run()
    _clean(at)
    period, compare = at.selectbox(key="period_preset_en"), at.selectbox(key="compare_mode_en")
    assert period.options == [translate(f"preset_{p}", "en") for p in ("7", "30", "90", "month", "custom")]
    assert period.value == "7"  # the choice survives the switch
    assert compare.options[0] == translate("compare_previous", "en")
    # The sample is a Chinese export: "automatic" names the yuan, in English now.
    assert at.selectbox(key="currency_select_en").options[0] == translate(
        "currency_auto", "en", currency="Chinese Yuan"
    )
    at.selectbox(key="lang_select").set_value("zh").run()
    assert at.selectbox(key="period_preset_zh").options[0] == translate("preset_7", "zh")


def test_shopify_currency_column_sets_the_currency():
    at = _app("en")
    at.file_uploader(key="uploader").set_value((SHOPIFY.name, SHOPIFY.read_bytes(), "text/csv")).run()
    _clean(at)
    code = load_orders([SHOPIFY]).orders["currency"].mode().iloc[0]  # the sample shop sells in CNY
    assert code == "CNY"
    sales = next(m for m in at.metric if m.label == translate("kpi_sales", "en"))
    assert sales.value.startswith("CN¥")
