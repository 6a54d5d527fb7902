"""The dashboard driven through Streamlit's AppTest: upload, every page, both languages, bad files.

Figures on the pages are checked against the analytics functions computed here on the same files,
so the page, the CLI and the report cannot disagree.
"""

from __future__ import annotations

import os
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from analytics.loading import load_campaign, load_members, load_orders
from analytics.metrics.campaign import campaign_uplift
from analytics.metrics.intervals import purchase_intervals
from analytics.metrics.period import Period, resolve_period
from analytics.metrics.summary import summarize

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "sample_data"
TAOBAO_XLSX = SAMPLE / "taobao_orders.xlsx"
TAOBAO_GBK = SAMPLE / "taobao_orders_gbk.csv"
MEMBERS = SAMPLE / "members.xlsx"
CAMPAIGN = SAMPLE / "campaign.csv"
TIMEOUT = 120


def _app(lang: str | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=TIMEOUT)
    if lang:
        at.query_params["lang"] = lang
    return at.run()


def _upload(at: AppTest, *paths: Path) -> AppTest:
    at.file_uploader(key="uploader").set_value(
        [(p.name, p.read_bytes(), "application/octet-stream") for p in paths]
    )
    return at.run()


def _metric(at: AppTest, label: str):
    found = [m for m in at.metric if m.label == label]
    assert found, f"no metric {label!r} among {[m.label for m in at.metric]}"
    return found[0]


def _table(at: AppTest, first_header: str) -> pd.DataFrame:
    """Return the first table on the page whose first column is ``first_header``."""
    return next(d.value for d in at.dataframe if len(d.value.columns) and d.value.columns[0] == first_header)


def _assert_clean(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]


@pytest.fixture(scope="module")
def sample_figures():
    """The default period's figures of the Taobao sample with its member list, by analytics itself."""
    orders = load_orders([TAOBAO_XLSX]).orders
    members = load_members(MEMBERS).members
    period = resolve_period(orders)
    return {
        "orders": orders,
        "members": members,
        "period": period,
        "now": summarize(orders, period=period, members=members),
        "before": summarize(orders, period=period.previous(), members=members),
    }


def test_sample_data_is_shown_and_labelled_when_nothing_is_uploaded(sample_figures):
    at = _app()
    _assert_clean(at)
    assert any("正在查看示例数据" in i.value for i in at.info)
    # The sample is the Taobao export with its member list: the same figures as analytics gives.
    now = sample_figures["now"]
    assert _metric(at, "复购率").value == f"{now.repeat_purchase_rate.value:.1%}"
    assert _metric(at, "成交人数").value == f"{now.customers:,}"


def test_upload_gives_the_analytics_figures_with_deltas(sample_figures):
    at = _upload(_app(), TAOBAO_XLSX, MEMBERS)
    _assert_clean(at)
    assert not any("正在查看示例数据" in i.value for i in at.info)
    now, before = sample_figures["now"], sample_figures["before"]
    assert _metric(at, "成交人数").value == f"{now.customers:,}"
    assert _metric(at, "订单数").value == f"{now.orders:,}"
    # Chinese headers state no currency: amounts carry no sign until the sidebar names one.
    assert _metric(at, "成交金额").value == f"{now.sales:,.0f}"
    assert _metric(at, "复购率").value == f"{now.repeat_purchase_rate.value:.1%}"
    assert _metric(at, "老客成交金额占比").value == f"{now.returning.sales_share.value:.1%}"
    member_share = now.members.member.sales / now.members.sales
    assert _metric(at, "会员成交金额占比").value == f"{member_share:.1%}"
    # Deltas against the previous 30 days: rates in points, counts relative.
    points = round((now.repeat_purchase_rate.value - before.repeat_purchase_rate.value) * 100, 1)
    assert _metric(at, "复购率").delta == f"{points:+.1f} 个百分点".replace("+0.0", "0.0")
    change = round((now.customers - before.customers) / before.customers * 100, 1)
    assert _metric(at, "成交人数").delta == f"{change:+.1f}%"
    # Every rate says "n of N" in its help text.
    rate = now.repeat_purchase_rate
    assert f"{rate.denominator:,} 位顾客中有 {rate.numerator:,} 位" in _metric(at, "复购率").help


def test_data_quality_panel_counts_every_row():
    load = load_orders([TAOBAO_XLSX])
    at = _upload(_app(), TAOBAO_XLSX)
    _assert_clean(at)
    assert _metric(at, "读取行数").value == f"{load.rows_read:,}"
    assert _metric(at, "有效行数").value == f"{load.rows_used:,}"
    assert _metric(at, "剔除行数").value == f"{sum(load.dropped.values()):,}"
    assert load.rows_read == load.rows_used + sum(load.dropped.values())
    # Tables are found by their first header: the Overview also holds the peer-figures editor.
    reasons = _table(at, "原因")
    # Drop reasons are translated: the sample has closed (交易关闭) and unpaid (等待买家付款) orders.
    assert dict(zip(reasons.iloc[:, 0], reasons.iloc[:, 1], strict=True)) == {
        "交易关闭/已取消": load.dropped["cancelled"],
        "未付款": load.dropped["unpaid"],
    }
    # The dropped rows themselves: every one listed, without phones or addresses.
    rows = _table(at, "文件")
    assert len(rows) == sum(load.dropped.values())
    assert "联系手机" not in rows.columns and "收货地址" not in rows.columns


def test_gbk_csv_and_xlsx_exports_show_the_same_figures():
    xlsx = _upload(_app(), TAOBAO_XLSX)
    gbk = _upload(_app(), TAOBAO_GBK)
    _assert_clean(gbk)
    labels = ("成交人数", "订单数", "成交金额", "复购率", "老客成交金额占比")
    assert [_metric(gbk, label).value for label in labels] == [_metric(xlsx, label).value for label in labels]
    # The encoding is a file fact, written as menus write it (the reader reports "gb18030").
    (summary,) = [c.value for c in gbk.caption if "taobao_orders_gbk.csv" in c.value]
    assert "编码 GB18030" in summary


def test_every_page_matches_analytics(sample_figures):
    now = sample_figures["now"]
    at = _upload(_app(), TAOBAO_XLSX, MEMBERS, CAMPAIGN)
    _assert_clean(at)

    at.switch_page("views/repeat.py").run()
    _assert_clean(at)
    assert _metric(at, "复购率").value == f"{now.repeat_purchase_rate.value:.1%}"
    assert len(at.get("plotly_chart")) == 4

    at.switch_page("views/members.py").run()
    _assert_clean(at)
    assert _metric(at, "会员 · 复购率").value == f"{now.members.member.repeat_purchase_rate.value:.1%}"
    assert _metric(at, "非会员 · 复购率").value == f"{now.members.non_member.repeat_purchase_rate.value:.1%}"

    at.switch_page("views/returning.py").run()
    _assert_clean(at)
    assert _metric(at, "老客成交人数占比").value == f"{now.returning.customers.value:.1%}"
    assert _metric(at, "老客成交金额占比").value == f"{now.returning.sales_share.value:.1%}"

    at.switch_page("views/tiers.py").run()
    _assert_clean(at)
    table = at.dataframe[0].value
    assert list(table.iloc[:, 0]) == [tier.tier for tier in now.tiers]
    assert list(table["复购率"]) == [f"{tier.repeat_purchase_rate.value:.1%}" for tier in now.tiers]
    assert list(table["会员数"]) == [f"{tier.members:,}" for tier in now.tiers]
    gaps = purchase_intervals(sample_figures["orders"], members=sample_figures["members"]).summary
    care = at.dataframe[1].value
    # Halves round up, on the page as in the report (132.5 days reads 133).
    assert list(care["建议关怀周期（第 75 百分位）"]) == [
        f"{int(Decimal(str(v)).quantize(Decimal(1), ROUND_HALF_UP)):,} 天" for v in gaps["care_cycle_days"]
    ]

    at.switch_page("views/campaign.py").run()
    _assert_clean(at)
    result = campaign_uplift(sample_figures["orders"], load_campaign(CAMPAIGN).campaign).to_dict()
    conversion, spend = at.dataframe[0].value, at.dataframe[1].value
    rows = [result["control"], *result["arms"]]
    assert list(conversion["转化率"]) == [f"{row['conversion_rate']:.1%}" for row in rows]
    uplift_column = [c for c in conversion.columns if c == "转化提升"]
    assert list(conversion[uplift_column[0]])[1:] == [
        f"{arm['conversion_uplift'] * 100:+.1f} 个百分点" for arm in result["arms"]
    ]
    assert list(spend["增量成交金额"])[1:] == [f"{arm['incremental_sales']:,.0f}" for arm in result["arms"]]
    # Two narrow tables instead of one of 11 columns (which scrolled sideways at 1600 px).
    assert len(conversion.columns) <= 7 and len(spend.columns) <= 5


def test_english_from_the_url_and_switching_language(sample_figures):
    now = sample_figures["now"]
    at = _app("en")
    _assert_clean(at)
    assert _metric(at, "Repeat-purchase rate").value == f"{now.repeat_purchase_rate.value:.1%}"
    assert not any(m.label == "复购率" for m in at.metric)

    # The browser's page navigation drops the query string: the session keeps the language.
    del at.query_params["lang"]
    at.switch_page("views/members.py").run()
    assert _metric(at, "Members · Repeat-purchase rate").value == (
        f"{now.members.member.repeat_purchase_rate.value:.1%}"
    )
    assert at.query_params["lang"] == "en"  # and writes it back into the URL

    at.selectbox(key="lang_select").set_value("zh").run()
    _assert_clean(at)
    assert at.query_params["lang"] == "zh"
    assert _metric(at, "会员 · 复购率").value == f"{now.members.member.repeat_purchase_rate.value:.1%}"


def test_period_preset_changes_the_figures(sample_figures):
    orders, members = sample_figures["orders"], sample_figures["members"]
    last = orders["order_day"].max()
    week = summarize(orders, period=Period(last - pd.Timedelta(days=6), last), members=members)
    at = _app()
    at.selectbox(key="period_preset_zh").set_value("7").run()
    _assert_clean(at)
    assert _metric(at, "成交人数").value == f"{week.customers:,}"
    assert _metric(at, "复购率").value == f"{week.repeat_purchase_rate.value:.1%}"


def test_unreadable_upload_names_the_file_and_says_what_to_upload():
    at = _app()
    at.file_uploader(key="uploader").set_value(("weekly.xlsx", os.urandom(4096), "application/octet-stream"))
    at.run()
    _assert_clean(at)
    # Names it and says what to do, in Chinese (the analytics message is English).
    assert any("weekly.xlsx" in e.value and "请" in e.value and "the " not in e.value for e in at.error), [
        e.value for e in at.error
    ]
    assert any("淘宝/天猫订单导出" in i.value for i in at.info)  # what to upload instead
    # The pages say the same instead of failing.
    at.switch_page("views/repeat.py").run()
    _assert_clean(at)
    assert any("淘宝/天猫订单导出" in i.value for i in at.info)


def test_member_pages_ask_for_a_member_list_when_none_is_known():
    at = _upload(_app("en"), TAOBAO_XLSX)
    for page in ("views/members.py", "views/tiers.py"):
        at.switch_page(page).run()
        _assert_clean(at)
        assert any("member list" in i.value for i in at.info)
    at.switch_page("views/campaign.py").run()
    _assert_clean(at)
    assert any("campaign list" in i.value for i in at.info)


def _unknown_headers_csv(rows: list[str]) -> bytes:
    return ("when,paid,who,ref\n" + "\n".join(rows) + "\n").encode("utf-8")


def test_mapping_editor_loads_a_file_with_unknown_headers_and_remembers_it():
    # a: 2025-01-01 (10) and 2025-01-03 (20) -> two purchase days; b: 2025-01-02 (5).
    # The default period (30 days to 2025-01-03) holds all: 2 customers, 3 orders, sales 35,
    # repeat-purchase rate 1 of 2 = 50.0%.
    content = _unknown_headers_csv(
        ["2025-01-01 10:00,10,a,1", "2025-01-03 09:00,20,a,2", "2025-01-02 12:00,5,b,3"]
    )
    at = _app("en")
    at.file_uploader(key="uploader").set_value(("pos.csv", content, "text/csv"))
    at.run()
    _assert_clean(at)
    pickers = {s.key: s for s in at.selectbox if s.key and s.key.startswith("map_")}
    assert pickers, "the mapping editor is shown"

    def pick(field: str, header: str) -> None:
        (picker,) = [s for key, s in pickers.items() if key.split("_", 2)[2] == field]  # map_<hash>_<field>
        picker.set_value(header)

    pick("order_time", "when")
    pick("amount", "paid")
    pick("customer_id", "who")
    pick("order_id", "ref")
    (apply,) = [b for b in at.button if b.label == "Apply"]
    apply.click().run()
    _assert_clean(at)
    assert _metric(at, "Customers").value == "2"
    assert _metric(at, "Orders").value == "3"
    assert _metric(at, "Sales").value == "35"
    assert _metric(at, "Repeat-purchase rate").value == "50.0%"

    # A new session with next week's file of the same layout loads without the editor.
    # c: one order on 2025-02-01 -> 1 customer, 1 order, sales 7.
    again = _app("en")
    again.file_uploader(key="uploader").set_value(
        ("pos_next.csv", _unknown_headers_csv(["2025-02-01 10:00,7,c,9"]), "text/csv")
    )
    again.run()
    _assert_clean(again)
    assert _metric(again, "Orders").value == "1"
    assert _metric(again, "Sales").value == "7"

    # With an export of another layout beside it, the first layout is shown and the other is
    # named with what to do, rather than the remembered choice breaking both.
    again.file_uploader(key="uploader").set_value(
        [
            ("pos_next.csv", _unknown_headers_csv(["2025-02-01 10:00,7,c,9"]), "text/csv"),
            ("两店.csv", TWO_STORES, "text/csv"),
        ]
    )
    again.run()
    _assert_clean(again)
    assert _metric(again, "Orders").value == "1"
    assert any("两店.csv" in e.value and "differ from pos_next.csv" in e.value for e in again.error)


def test_saved_history_is_shown_next_session_and_an_upload_can_be_deleted(sample_figures):
    now = sample_figures["now"]
    at = _upload(_app(), TAOBAO_XLSX, MEMBERS)
    at.switch_page("views/history.py").run()
    _assert_clean(at)
    (save,) = [b for b in at.button if b.label == "保存本次上传到历史数据"]
    save.click().run()
    _assert_clean(at)
    orders = len(sample_figures["orders"])
    assert any(f"新增 {orders:,} 笔" in s.value for s in at.success)

    # Next Monday, a new session with nothing uploaded shows the stored history, not the sample.
    later = _app()
    _assert_clean(later)
    assert not any("正在查看示例数据" in i.value for i in later.info)
    assert _metric(later, "复购率").value == f"{now.repeat_purchase_rate.value:.1%}"
    assert _metric(later, "会员成交金额占比").value == f"{now.members.member.sales / now.members.sales:.1%}"

    later.switch_page("views/history.py").run()
    _assert_clean(later)
    assert len(later.get("plotly_chart")) == 1  # the calendar strip of loaded days
    uploads = later.dataframe[0].value
    assert list(uploads["文件"]) == ["taobao_orders.xlsx", "members.xlsx"]
    later.selectbox(key="delete_choice").set_value(int(uploads["ID"].iloc[0])).run()
    (delete,) = [b for b in later.button if b.label == "删除所选上传"]
    delete.click().run()
    _assert_clean(later)
    assert any(f"{orders:,} 笔订单离开统计" in s.value for s in later.success)

    # Without stored orders the app is back on the labelled sample data.
    later.switch_page("views/home.py").run()
    assert any("正在查看示例数据" in i.value for i in later.info)


TWO_STORES = (
    "订单编号,买家会员名,订单付款时间,买家实际支付金额,店铺名称\n"
    "1,a,2025-03-01 10:00,100,东店\n2,a,2025-03-02 10:00,50,东店\n"
    "3,b,2025-03-02 11:00,30,西店\n4,c,2025-03-03 09:00,20,西店\n"
).encode("gb18030")


def test_the_same_export_uploaded_twice_counts_once():
    # Two files of the same name and content: the second one's 4 orders are duplicate orders.
    at = _app()
    at.file_uploader(key="uploader").set_value(
        [("两店.csv", TWO_STORES, "text/csv"), ("两店.csv", TWO_STORES, "text/csv")]
    )
    at.run()
    _assert_clean(at)
    assert [_metric(at, k).value for k in ("订单数", "成交金额", "读取行数", "剔除行数")] == [
        "4",
        "200",
        "8",
        "4",
    ]
    reasons = _table(at, "原因")  # counts in a number column, right-aligned
    assert dict(zip(reasons.iloc[:, 0], reasons.iloc[:, 1], strict=True)) == {"重复订单": 4}


def test_store_filter_in_the_sidebar_narrows_every_figure():
    # 东店: a on 03-01 (100) and 03-02 (50) -> 1 customer, 2 orders, sales 150, repeat 1 of 1.
    # 西店: b on 03-02 (30), c on 03-03 (20) -> 2 customers, 2 orders, sales 50, repeat 0 of 2.
    # Both: 3 customers, 4 orders, sales 200 (default period: 30 days to 03-03 holds all).
    content = TWO_STORES
    at = _app()
    at.file_uploader(key="uploader").set_value(("两店.csv", content, "text/csv"))
    at.run()
    _assert_clean(at)
    assert [_metric(at, k).value for k in ("成交人数", "订单数", "成交金额")] == ["3", "4", "200"]
    at.multiselect(key="filter_stores").set_value(["东店"]).run()
    _assert_clean(at)
    assert [_metric(at, k).value for k in ("成交人数", "订单数", "成交金额", "复购率")] == [
        "1",
        "2",
        "150",
        "100.0%",
    ]
    at.switch_page("views/repeat.py").run()
    assert _metric(at, "复购率").value == "100.0%"  # the filter holds on every page
    at.multiselect(key="filter_stores").set_value(["西店"]).run()
    assert _metric(at, "复购率").value == "0.0%"


def test_campaign_without_control_is_shown_as_directional(sample_figures):
    lines = CAMPAIGN.read_text(encoding="utf-8").splitlines()
    treated_only = "\n".join([lines[0], *[line for line in lines[1:] if "实验组" in line]]) + "\n"
    expected = campaign_uplift(
        sample_figures["orders"], load_campaign(("treated.csv", treated_only.encode("utf-8"))).campaign
    ).to_dict()
    at = _app()
    at.file_uploader(key="uploader").set_value(
        [
            (TAOBAO_XLSX.name, TAOBAO_XLSX.read_bytes(), "application/octet-stream"),
            ("treated.csv", treated_only.encode("utf-8"), "text/csv"),
        ]
    )
    at.run()
    at.switch_page("views/campaign.py").run()
    _assert_clean(at)
    assert any("方向性参考" in i.value for i in at.info)
    # A difference of two rates is shown in percentage points, e.g. "+6.3 个百分点", never as "6.3%".
    points = expected["did"]["conversion"]["value"] * 100
    assert _metric(at, "双重差分：转化率").value == f"{points:+.1f} 个百分点"
    assert _metric(at, "增量成交金额").value == f"{expected['did']['incremental_sales']:,.0f}"
    assert len(at.get("plotly_chart")) == 1  # the window-by-window chart, not raw JSON
    assert not at.json
    assert len(at.markdown[-1].value.splitlines()) == len(expected["assumptions"])  # one bullet each


def test_coupon_codes_get_a_directional_coupon_section_without_a_campaign_list():
    from analytics.metrics.campaign.coupon import coupon_effect

    shopify = SAMPLE / "shopify_orders.csv"
    effect = coupon_effect(load_orders([shopify]).orders)
    at = _upload(_app("en"), shopify)
    at.switch_page("views/campaign.py").run()
    _assert_clean(at)
    assert any("campaign list" in i.value for i in at.info)  # the campaign part says what to upload
    assert any("directional" in i.value for i in at.info)
    assert _metric(at, "Orders with a coupon").value == f"{effect.redemptions:,}"
    assert _metric(at, "Coupon users").value == f"{effect.redeemers:,}"
    repeat = at.dataframe[0].value
    assert list(repeat["Days"]) == [f"{d} days" for d in effect.repeat["days"]]
    assert list(repeat["Coupon users' repeat rate"]) == [
        "—" if v != v else f"{v:.1%}" for v in effect.repeat["matched_redeemer_rate"]
    ]


def test_member_list_matching_no_customer_is_explained_and_figures_still_shown():
    # The member list names customers x and y; the orders have a, b and c: nothing matches.
    members = "会员名,会员等级\nx,VIP会员\ny,普通会员\n".encode()
    at = _app()
    at.file_uploader(key="uploader").set_value(
        [("两店.csv", TWO_STORES, "text/csv"), ("会员.csv", members, "text/csv")]
    )
    at.run()
    _assert_clean(at)
    assert any("会员.csv" in e.value and "怎么办" in e.value for e in at.error)
    assert _metric(at, "订单数").value == "4"  # the rest of the page still works


def test_custom_period_from_the_date_picker(sample_figures):
    orders, members = sample_figures["orders"], sample_figures["members"]
    # 2025-06-01 .. 2025-06-30 as a custom period, computed by analytics for comparison.
    june = summarize(
        orders, period=Period(pd.Timestamp("2025-06-01"), pd.Timestamp("2025-06-30")), members=members
    )
    at = _app()
    at.selectbox(key="period_preset_zh").set_value("custom").run()
    at.date_input(key="period_custom").set_value((date(2025, 6, 1), date(2025, 6, 30))).run()
    _assert_clean(at)
    assert _metric(at, "成交人数").value == f"{june.customers:,}"
    assert _metric(at, "复购率").value == f"{june.repeat_purchase_rate.value:.1%}"
    assert any("2025-06-01 至 2025-06-30（30 天）" in c.value for c in at.sidebar.caption)


def test_shop_picker_over_a_history_of_two_shops():
    from analytics.store import ingest_frame

    # The store holds 东店 (orders 1, 2 of a: 150) and 西店 (orders 3 of b, 4 of c: 50). With nothing
    # uploaded the app shows the first shop only (2 orders, 150, a bought twice: 1/1 = 100%);
    # all shops (4 orders, 200) only when picked, so figures never mix shops by default.
    ingest_frame(
        os.environ["RCD_STORE"], load_orders([("两店.csv", TWO_STORES)]).orders, file_name="两店.csv"
    )
    at = _app()
    _assert_clean(at)
    assert at.selectbox(key="history_shop").value == "东店"
    assert [_metric(at, k).value for k in ("订单数", "成交金额", "复购率")] == ["2", "150", "100.0%"]
    at.selectbox(key="history_shop").set_value("*").run()
    _assert_clean(at)
    assert [_metric(at, k).value for k in ("订单数", "成交金额")] == ["4", "200"]
    at.selectbox(key="history_shop").set_value("东店").run()
    assert [_metric(at, k).value for k in ("订单数", "成交金额")] == ["2", "150"]
    at.toggle(key="use_history").set_value(False).run()
    assert any("正在查看示例数据" in i.value for i in at.info)  # history off, nothing uploaded: the sample


def test_an_upload_shows_its_own_shop_with_that_shops_history():
    from analytics.store import ingest_frame

    ingest_frame(
        os.environ["RCD_STORE"], load_orders([("两店.csv", TWO_STORES)]).orders, file_name="两店.csv"
    )
    # This week's 西店 export: order 4 again (now 25) and a new order 5 of b (10). Stored 西店 is
    # orders 3 (b, 30) and 4 (c, 20); with the upload applied: 3 (30) + 4 (25) + 5 (10) = 3 orders,
    # 65; b bought twice of 2 customers -> 50.0%. 东店's orders are not mixed in.
    week = (
        "订单编号,买家会员名,订单付款时间,买家实际支付金额,店铺名称\n"
        "4,c,2025-03-03 09:00,25,西店\n5,b,2025-03-04 09:00,10,西店\n"
    ).encode("gb18030")
    at = _app()
    at.file_uploader(key="uploader").set_value([("西店本周.csv", week, "text/csv")])
    at.run()
    _assert_clean(at)
    assert at.selectbox(key="history_shop").value == "西店"
    assert [_metric(at, k).value for k in ("订单数", "成交金额", "复购率")] == ["3", "65", "50.0%"]


def test_a_comparison_period_before_the_data_is_flagged():
    # Orders from 20 Oct to 14 Dec. Last 30 days = 15 Nov - 14 Dec, compared with 16 Oct - 14 Nov,
    # of which only 20 Oct - 14 Nov (26 days) is in the data: the page must say so. Last 7 days
    # (8 - 14 Dec against 1 - 7 Dec) is wholly inside the data: no warning.
    lines = TAOBAO_GBK.read_bytes().decode("gb18030").splitlines()
    header, rows = lines[0], lines[1:]
    created = header.split(",").index("订单创建时间")
    kept = [r for r in rows if "2025-10-20" <= r.split(",")[created][:10] <= "2025-12-14"]
    at = _app("en")
    at.file_uploader(key="uploader").set_value(
        [("autumn.csv", "\n".join([header, *kept]).encode("gb18030"), "text/csv")]
    )
    at.run()
    _assert_clean(at)
    assert any("Only 26 of the comparison period's 30 days" in w.value for w in at.warning)
    at.sidebar.selectbox[1].set_value("7").run()
    _assert_clean(at)
    assert not any("comparison period's" in w.value for w in at.warning)
