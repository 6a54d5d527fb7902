"""Peers on cards, the store ranking, members' 10-day trend and the sidebar after a language switch.

Visible texts are checked against the analytics results computed here on the same files.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from analytics.io import read_table
from analytics.loading import load_members, load_orders
from analytics.metrics.member_trend import member_daily_trend
from analytics.metrics.peers import read_peer_frame
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
SYCM = ROOT / "sample_data" / "peers_sycm.xlsx"
PEERS_CSV = "指标,数值\n复购率,18%\n老客销售占比,0.3\n客单价,120\nGMV,1\n".encode()
LANGS = ("zh", "en")


def _app(lang: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    at.query_params["lang"] = lang
    return at.run()


def _clean(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]


def _peer_upload(at: AppTest, name: str, data: bytes) -> AppTest:
    return at.file_uploader(key="peers_file").set_value((name, data, "application/octet-stream")).run()


@pytest.mark.parametrize("lang", LANGS)
def test_sycm_peer_export_puts_like_for_like_figures_on_the_cards(lang):
    orders = load_orders([TAOBAO]).orders
    members = load_members(MEMBERS).members
    period = resolve_period(orders)
    peers = read_peer_frame(read_table(SYCM).frame, file="peers_sycm.xlsx").figures
    now = summarize(orders, period=period, members=members)
    at = _peer_upload(_app(lang), "peers_sycm.xlsx", SYCM.read_bytes())
    _clean(at)
    captions = [c.value for c in at.caption]
    # The default period (the 30 days to 2025-12-31) is one of the export's windows: compared.
    for value, metric in (
        (now.repeat_purchase_rate.value, "repeat_purchase_rate"),
        (now.returning.sales_share.value, "returning_sales_share"),
    ):
        expected = peer_reference(value, peers, metric, period, lang=lang)
        assert translate("peer_reference_like", lang, value="", top="", position="")[:4] in expected
        assert any(expected in c for c in captions), (expected, captions)
    # The industry position: every latest figure with the shop's own over the same days.
    table = next(d.value for d in at.table if d.value.columns[0] == translate("peer_metric", lang))
    assert len(table) == 10  # 5 metrics x 7 and 30 days ending 2025-12-31
    assert any(f"{now.repeat_purchase_rate.numerator:,}" in cell for cell in table.iloc[:, 2])
    # The editor keeps the figures for the other pages: the returning page's share card shows it.
    at.switch_page("views/returning.py").run()
    _clean(at)
    expected = peer_reference(
        now.returning.sales_share.value, peers, "returning_sales_share", period, lang=lang
    )
    assert any(expected in c.value for c in at.caption)


@pytest.mark.parametrize("lang", LANGS)
def test_a_30_day_peer_rate_is_not_compared_with_a_7_day_card(lang):
    # Only the 30-day figures ending 2025-12-31, typed with their window: "last 7 days" chosen.
    typed = "指标,统计周期,统计日期,同行同层平均\n复购率,最近30天,2025-12-31,20%\n".encode()
    at = _peer_upload(_app(lang), "同行.csv", typed)
    at.selectbox(key=f"period_preset_{lang}").set_value("7").run()
    _clean(at)
    captions = " ".join(c.value for c in at.caption)
    week_days = translate(
        "peer_not_compared_window", lang, start="2025-12-02", end="2025-12-31", days=30, period_days=7
    )
    assert week_days in captions
    assert translate("peer_reference_like", lang, value="20.0%", top="", position="") not in captions


def test_a_typed_peer_table_without_days_is_shown_but_not_compared():
    at = _peer_upload(_app("en"), "peers.csv", PEERS_CSV)
    _clean(at)
    captions = " ".join(c.value for c in at.caption)
    assert translate("peer_not_compared_unstated", "en", value="18.0%") in captions
    # GMV is not a comparable figure: the row is named and left out.
    assert any("GMV" in w.value for w in at.warning)


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
    # The sample's headers state no currency: "automatic" says so, in English now.
    assert at.selectbox(key="currency_select_en").options[0] == translate(
        "currency_auto", "en", currency=translate("currency_unknown", "en")
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
