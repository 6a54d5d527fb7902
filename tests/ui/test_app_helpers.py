"""The dashboard's pure helpers: number formats, KPI cards, periods, safe downloads, translations."""

from __future__ import annotations

import io
import math
import re
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from analytics.frames import orders_frame
from analytics.loading import DROP_REASONS, LIST_DROP_REASONS
from analytics.metrics.currency import guess_currency
from analytics.metrics.peers import PeerFigure, PeerFigures
from analytics.metrics.period import Period, comparison_period
from analytics.metrics.summary import summarize
from ui.downloads import csv_bytes, dropped_rows_view, escape_formula_cells, mask_personal_columns, xlsx_bytes
from ui.format import (
    fmt_int,
    fmt_interval,
    fmt_money,
    fmt_p_value,
    fmt_rate,
    rate_delta,
    relative_delta,
)
from ui.i18n import texts, translate
from ui.kpi import kpi_cards
from ui.periods import preset_period

ROOT = Path(__file__).resolve().parents[2]
ZH, EN = texts("zh"), texts("en")
D = pd.Timestamp


# --- formats -----------------------------------------------------------------------------------------


def test_rates_are_percentages_with_one_decimal():
    # 412 of 2,209 customers = 0.18651... -> 18.7%
    assert fmt_rate(412 / 2209) == "18.7%"
    assert fmt_rate(0.0) == "0.0%"
    assert fmt_rate(1.0) == "100.0%"
    assert fmt_rate(math.nan) == "—"
    assert fmt_rate(None) == "—"


def test_money_and_counts_have_thousands_separators_and_the_currency():
    assert fmt_int(1234567) == "1,234,567"
    assert fmt_money(1234567.4, symbol="¥") == "¥1,234,567"
    assert fmt_money(99.5, symbol="$", decimals=2) == "$99.50"
    assert fmt_money(-1500, symbol="¥") == "-¥1,500"
    assert fmt_money(math.nan, symbol="¥") == "—"


def test_deltas_say_the_direction():
    # 18.6% -> 20.1% is 1.5 points up; 20.1% -> 18.6% is 1.5 points down
    assert rate_delta(0.201, 0.186) == "+1.5 pp"
    assert rate_delta(0.186, 0.201, unit="个百分点") == "-1.5 个百分点"
    assert rate_delta(0.2, 0.2) == "0.0 pp"
    assert rate_delta(0.2, math.nan) is None
    # 90 -> 99 is +10.0%; 100 -> 75 is -25.0%; from 0 there is no relative change
    assert relative_delta(99, 90) == "+10.0%"
    assert relative_delta(75, 100) == "-25.0%"
    assert relative_delta(5, 0) is None


def test_intervals_and_p_values():
    assert fmt_interval([0.0123, 0.0871]) == "[1.2%, 8.7%]"
    assert fmt_interval([-1.5, 12.25], percent=False, symbol="¥") == "[-¥1.50, ¥12.25]"
    assert fmt_interval([math.nan, math.nan]) == "—"
    assert fmt_p_value(0.0004) == "< 0.001"
    assert fmt_p_value(0.04321) == "0.043"


def test_currency_only_when_the_headers_state_it():
    # The sidebar's "automatic" currency is the report's rule (ui.context.detected_currency): Chinese
    # headers state no currency, a unit in a header does.
    assert guess_currency(None, headers=["订单编号", "买家实际支付金额"]) is None
    assert guess_currency(None, headers=["订单编号", "实付金额（元）"]) == "CNY"
    assert guess_currency(None, headers=["Name", "Total", "Paid at"]) is None
    assert guess_currency(None, headers=[]) is None


@given(st.floats(min_value=0, max_value=1))
def test_any_rate_formats_as_a_percentage(rate):
    text = fmt_rate(rate)
    assert re.fullmatch(r"\d{1,3}\.\d%", text)
    assert abs(float(text[:-1]) - rate * 100) <= 0.05 + 1e-9


# --- periods ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("preset", "start"),
    [("7", "2025-03-06"), ("30", "2025-02-11"), ("90", "2024-12-13"), ("month", "2025-03-01")],
)
def test_presets_end_on_the_last_order_day(preset, start):
    # last order day 2025-03-12: 7 days back to 03-06 inclusive; 30 to 02-11; 90 to 2024-12-13
    period = preset_period(D("2025-03-12"), preset)
    assert period == Period(D(start), D("2025-03-12"))


def test_custom_period_is_ordered_whatever_the_order_picked():
    period = preset_period(D("2025-03-12"), "custom", custom=(D("2025-02-10"), D("2025-01-05")))
    assert period == Period(D("2025-01-05"), D("2025-02-10"))


def test_comparison_periods():
    period = Period(D("2025-03-01"), D("2025-03-07"))  # 7 days
    assert comparison_period(period, "previous") == Period(D("2025-02-22"), D("2025-02-28"))
    assert comparison_period(period, "last-year") == Period(D("2024-03-01"), D("2024-03-07"))
    assert comparison_period(period, "none") is None


# --- KPI cards ------------------------------------------------------------------------------------------


def _two_periods():
    # Previous period 01-01..01-03: a buys on 01-01 and 01-02 (repeat), b on 01-03 -> 2 customers,
    # 3 orders, sales 10+10+20 = 40, repeat 1 of 2 = 50%.
    # Current period 01-04..01-06: a on 01-04 (returning), c on 01-05 and 01-06 (new, repeat),
    # a guest on 01-06 -> 2 customers, 4 orders, sales 30+5+5+60 = 100, repeat 1 of 2 = 50%,
    # returning share of sales 30/100 = 30%; members = {a}: member share 30/100 = 30%, before 20/40 = 50%.
    orders = orders_frame(
        customer_id=["a", "a", "b", "a", "c", "c", None],
        order_day=[
            "2025-01-01",
            "2025-01-02",
            "2025-01-03",
            "2025-01-04",
            "2025-01-05",
            "2025-01-06",
            "2025-01-06",
        ],
        amount=[10, 10, 20, 30, 5, 5, 60],
    )
    members = pd.DataFrame({"customer_id": pd.array(["a"], dtype="str"), "tier": ["gold"]})
    now = Period(D("2025-01-04"), D("2025-01-06"))
    return (
        summarize(orders, period=now, members=members),
        summarize(orders, period=now.previous(), members=members),
    )


def test_kpi_cards_values_deltas_and_help():
    now, before = _two_periods()
    cards = {c.key: c for c in kpi_cards(now, before, lang="en", symbol="¥")}
    assert [c.label for c in cards.values()] == [
        "Customers",
        "Orders",
        "Sales",
        "Repeat-purchase rate",
        "Returning customers' share of sales",
        "Members' share of sales",
        "Average order value",
    ]
    assert (cards["customers"].value, cards["customers"].delta) == ("2", "0.0%")
    assert (cards["orders"].value, cards["orders"].delta) == ("4", "+33.3%")  # 3 -> 4
    assert (cards["sales"].value, cards["sales"].delta) == ("¥100", "+150.0%")  # 40 -> 100
    assert (cards["repeat_rate"].value, cards["repeat_rate"].delta) == ("50.0%", "0.0 pp")
    assert cards["repeat_rate"].delta_color == "off"  # no change is neither good nor bad
    assert "1 of 2 customers" in cards["repeat_rate"].help
    assert "Small sample" in cards["repeat_rate"].help
    assert cards["returning_sales_share"].value == "30.0%"
    assert (cards["member_sales_share"].value, cards["member_sales_share"].delta) == ("30.0%", "-20.0 pp")
    assert "¥30 / ¥100" in cards["member_sales_share"].help
    # AOV: 100 / 4 = 25.00, before 40 / 3 = 13.33 -> +87.5%.
    assert (cards["aov"].value, cards["aov"].delta) == ("¥25.00", "+87.5%")
    assert all(c.reference is None for c in cards.values())  # no peer figures given


def test_kpi_cards_compare_peer_figures_of_the_same_days_only():
    now, before = _two_periods()
    jan4, jan6 = D("2025-01-04"), D("2025-01-06")
    peers = PeerFigures(
        (
            PeerFigure("repeat_purchase_rate", 0.18, top=0.6, start=jan4, end=jan6),
            PeerFigure("aov", 20.0, start=jan4, end=jan6),
            # A 30-day peer share of sales: other days than the card's three.
            PeerFigure("returning_sales_share", 0.25, start=D("2024-12-08"), end=jan6),
        )
    )
    cards = {c.key: c for c in kpi_cards(now, before, lang="zh", symbol="¥", peers=peers)}
    # Repeat 50.0% vs peers 18.0% (top 60.0%): 32.0 points above the average, 10.0 short of the top.
    assert cards["repeat_rate"].reference == (
        "同行平均 18.0% · 优秀 60.0% · "
        "介于同行平均与优秀之间：高于平均 32.0 个百分点，距优秀还差 10.0 个百分点"
    )
    # AOV 25.00 vs 20.00: 25.0% above, money to the fen as on the card.
    assert cards["aov"].reference == "同行平均 ¥20.00 · 高于同行平均 25.0%"
    # The 30-day figure is never compared with the 3-day card: named with its days instead.
    assert cards["returning_sales_share"].reference == (
        "同行数据为 2024-12-08 至 2025-01-06（30 天），与本周期的 3 天不同：不比较"
    )
    assert cards["member_sales_share"].reference is None  # no peer figure for it


def test_a_peer_figure_without_days_is_never_compared():
    now, before = _two_periods()
    peers = PeerFigures((PeerFigure("repeat_purchase_rate", 0.18),))
    cards = {c.key: c for c in kpi_cards(now, before, lang="en", symbol="¥", peers=peers)}
    assert (
        cards["repeat_rate"].reference == "Peer figure 18.0% does not say which days it covers: not compared"
    )


def test_kpi_cards_in_chinese_without_comparison_or_members():
    now, _ = _two_periods()
    plain = summarize(
        orders_frame(customer_id=["a"], order_day=["2025-01-01"], amount=[5.0]),
        period=Period(D("2025-01-01"), D("2025-01-01")),
    )
    cards = {c.key: c for c in kpi_cards(plain, None, lang="zh", symbol="¥")}
    assert cards["repeat_rate"].label == "复购率"
    assert all(c.delta is None for c in cards.values())
    # Without a member list the members' share cannot have a value: its card is left out.
    assert "member_sales_share" not in cards
    assert "个百分点" in kpi_cards(now, _two_periods()[1], lang="zh")[3].delta


# --- downloads ----------------------------------------------------------------------------------------


def test_formula_cells_are_escaped_and_numbers_kept():
    frame = pd.DataFrame(
        {
            "note": pd.array(['=HYPERLINK("x")', "+86 138", "-1", "@SUM(A1)", "ok", None], dtype="str"),
            "amount": [-12.5, 1.0, 2.0, 3.0, 4.0, 5.0],
        }
    )
    escaped = escape_formula_cells(frame)
    assert escaped["note"].tolist()[:5] == ['\'=HYPERLINK("x")', "'+86 138", "'-1", "'@SUM(A1)", "ok"]
    assert pd.isna(escaped["note"].iloc[5])
    assert escaped["amount"].tolist() == frame["amount"].tolist()  # numbers are not formulas
    assert frame["note"].iloc[0] == '=HYPERLINK("x")'  # the input is left alone


def test_csv_and_xlsx_downloads_are_escaped():
    frame = pd.DataFrame({"买家": pd.array(["=cmd|' /C calc'!A0", "小雨"], dtype="str")})
    text = csv_bytes(frame).decode("utf-8-sig")
    assert text.splitlines() == ["买家", "'=cmd|' /C calc'!A0", "小雨"]
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(frame))).active
    assert sheet["A2"].value == "'=cmd|' /C calc'!A0"
    assert sheet["A2"].data_type == "s"  # stored as text, never as a formula


# --- translations ---------------------------------------------------------------------------------------


def test_both_languages_have_the_same_keys():
    assert set(ZH) == set(EN)
    assert all(ZH[key] and EN[key] for key in ZH)


def test_every_key_used_by_the_app_is_translated():
    used: set[str] = set()
    for path in [ROOT / "dashboard.py", *(ROOT / "views").glob("*.py"), *(ROOT / "ui").rglob("*.py")]:
        used |= set(re.findall(r"\bt\(\s*\"([a-z0-9_]+)\"", path.read_text(encoding="utf-8")))
    assert used, "the scan finds the keys"
    assert sorted(used - set(ZH)) == []


def test_every_drop_reason_is_translated():
    for reason in {*DROP_REASONS, *LIST_DROP_REASONS}:
        assert translate(f"reason_{reason}", "zh") != f"reason_{reason}"
        assert translate(f"reason_{reason}", "en") != f"reason_{reason}"


def test_chinese_labels_are_the_ones_store_managers_use():
    for key, label in {
        "kpi_repeat_rate": "复购率",
        "returning_buyers": "老客成交人数占比",
        "returning_sales": "老客成交金额占比",
        "page_tiers": "会员等级分布",
        "page_campaign": "活动效果",
        "aov": "客单价",
        "kpi_sales": "成交金额",
        "kpi_customers": "成交人数",
        "kpi_orders": "订单数",
    }.items():
        assert ZH[key] == label
    assert ZH["sample_banner"] == "正在查看示例数据 — 上传你的订单导出文件以查看自己店铺的数据"


def test_missing_translation_falls_back_to_english_then_the_key():
    assert translate("n_of_N_customers", "fr", n=1, d=2) == "2 位顾客中有 1 位"  # unknown language: Chinese
    assert translate("no_such_key", "en") == "no_such_key"


def test_repeated_upload_names_are_made_unique():
    from ui.uploads import unique_names

    files = [
        ("订单.csv", b"1"),
        ("订单.csv", b"2"),
        ("w.tar.gz", b"3"),
        ("w.tar.gz", b"4"),
        ("订单.csv", b"5"),
    ]
    assert [name for name, _ in unique_names(files)] == [
        "订单.csv",
        "订单 (2).csv",
        "w.tar.gz",
        "w (2).tar.gz",
        "订单 (3).csv",
    ]
    assert [content for _, content in unique_names(files)] == [b"1", b"2", b"3", b"4", b"5"]


def test_dropped_rows_view_keeps_no_personal_data():
    from analytics.loading import load_orders

    load = load_orders([ROOT / "sample_data" / "taobao_orders.xlsx"])
    view = dropped_rows_view(load.dropped_rows, [r.mapping for r in load.files])
    assert len(view) == len(load.dropped_rows)  # every dropped row is still listed
    assert list(view.columns[:3]) == ["file", "row", "reason"]
    for personal in ("联系手机", "联系电话", "收货地址", "收货人姓名", "买家支付宝账号", "修改后的收货地址"):
        assert personal not in view.columns
    assert {"订单编号", "订单状态", "买家实际支付金额"} <= set(view.columns)


def test_previews_mask_phones_emails_and_addresses():
    frame = pd.DataFrame(
        {
            "订单编号": ["1", "2"],
            "联系手机": ["13812345678", None],
            "Email": ["a@example.com", "b@example.com"],
            "收货地址": ["浙江省 杭州市 西湖区 xx路12号", "上海 上海市 徐汇区"],
        }
    )
    masked = mask_personal_columns(
        frame,
        {"order_id": "订单编号", "customer_phone": "联系手机", "customer_email": "Email"},
        extra=["收货地址"],
    )
    assert masked["订单编号"].tolist() == ["1", "2"]
    assert masked["联系手机"].iloc[0] == "•••" and pd.isna(masked["联系手机"].iloc[1])
    assert masked["Email"].tolist() == ["•••", "•••"]
    assert masked["收货地址"].tolist() == ["•••", "•••"]
    assert frame["Email"].iloc[0] == "a@example.com"  # the input is left alone


# --- history: the shop shown and the upload applied ------------------------------------------------


def test_default_shop_is_never_all_shops():
    from analytics.store import ALL_SHOPS, default_shop, upload_shop

    assert default_shop(["东店", "西店"]) == "东店"  # first shop, not all shops
    assert default_shop(["东店", "西店"], "西店") == "西店"  # the upload's own shop
    assert default_shop(["东店", "西店"], "北店") == "东店"  # an unknown upload shop: first shop
    assert default_shop([]) == ALL_SHOPS  # empty store: nothing to mix anyway
    two = orders_frame(
        customer_id=["a", "b"], order_day=["2025-01-01"] * 2, amount=[1, 2], store=["东", "西"]
    )
    assert upload_shop(two) is None  # an upload of two stores has no single shop
    assert upload_shop(orders_frame(customer_id=["a"], order_day=["2025-01-01"], amount=[1])) is None


def test_with_history_applies_the_upload_of_the_chosen_shop_only():
    from analytics.loading import OrdersLoad
    from ui.history import with_history

    stored = orders_frame(
        customer_id=["a", "b"],
        order_day=["2025-01-01", "2025-01-02"],
        amount=[5, 6],
        order_id=["1", "2"],
        store=["东", "东"],
    )
    # The upload replaces order 2 (6 -> 4) in 东 and brings order 3 of 西: showing 东 keeps 5 + 4 = 9
    # over 2 orders; showing all shops adds 西's 7 -> 16 over 3 orders.
    upload = orders_frame(
        customer_id=["b", "c"],
        order_day=["2025-01-02", "2025-01-03"],
        amount=[4, 7],
        order_id=["2", "3"],
        store=["东", "西"],
    )
    load = OrdersLoad(upload, (), pd.DataFrame(), invalid_orders=pd.DataFrame(), has_order_ids=True)
    east = with_history(stored, load, "东")
    assert (len(east), east["amount"].sum()) == (2, 9.0)
    every = with_history(stored, load, "*")
    assert (len(every), every["amount"].sum()) == (3, 16.0)
    assert with_history(stored, None, "东") is stored


def test_every_kpi_card_shows_the_comparison_value_and_rates_their_counts():
    now, before = _two_periods()
    cards = {c.key: c for c in kpi_cards(now, before, lang="en", symbol="¥")}
    # Previous period: 2 customers, 3 orders, ¥40, repeat 1 of 2, AOV 40 / 3 = 13.33.
    assert cards["customers"].previous == "Comparison period: 2"
    assert cards["orders"].previous == "Comparison period: 3"
    assert cards["sales"].previous == "Comparison period: ¥40"
    assert cards["repeat_rate"].previous == "Comparison period: 50.0% (1 of 2 customers)"
    assert cards["aov"].previous == "Comparison period: ¥13.33"
    assert cards["repeat_rate"].counts == "1 of 2 customers"
    assert cards["returning_sales_share"].counts == "¥30 / ¥100"
    without = {c.key: c for c in kpi_cards(now, None, lang="en", symbol="¥")}
    assert all(c.previous is None for c in without.values())
