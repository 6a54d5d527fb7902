"""What a store manager saw wrong on the pages (a review of every page in both languages), kept fixed.

The sample shop's export starts on 2025-01-01: nobody can be told returning in its first month.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from analytics.charts.style import break_after_label
from analytics.loading import load_orders
from analytics.metrics.customer_counts import new_and_returning_by_month
from ui.i18n import translate

sys.path.insert(0, str(Path(__file__).parent))
from test_app_pages import TAOBAO_XLSX, _app, _assert_clean, _metric

LANGS = ["zh", "en"]


def _page(lang: str, page: str):
    at = _app(lang)
    at.switch_page(f"views/{page}.py").run()
    _assert_clean(at)
    return at


def _figure(at, title: str) -> dict:
    """Return the plotly figure (as JSON) whose title starts with ``title``."""
    for chart in at.get("plotly_chart"):
        spec = json.loads(chart.proto.spec)
        if title in json.dumps(spec["layout"].get("title", {}), ensure_ascii=False):
            return spec
    raise AssertionError(f"no chart titled {title!r}")


@pytest.mark.parametrize("lang", LANGS)
def test_the_first_month_of_the_data_is_not_called_all_new(lang):
    counts = new_and_returning_by_month(load_orders([TAOBAO_XLSX]).orders)
    january = counts.iloc[0]
    # The export starts on 2025-01-01: January's 850 buyers all "first bought" in January, so a
    # new/returning split of them would call every old regular new (45% bought before 2025).
    assert f"{january['month_start']:%Y-%m}" == "2025-01" and not january["history_before"]
    at = _page(lang, "returning")
    figure = _figure(at, translate("counts_chart_title", lang))
    traces = {trace["name"]: trace for trace in figure["data"]}
    new = traces[translate("new", lang)]
    unsplit = traces[translate("chart_first_month_unsplit", lang)]
    assert new["x"][0] == "2025-01" and new["y"][0] is None  # no "new" bar for January
    assert unsplit["y"][0] == int(january["buyers"])  # its buyers, grey, as one bar
    assert all(v is None for v in unsplit["y"][1:])  # every later month is split as before
    note = translate("counts_first_month_note", lang, month="2025-01")
    assert note in [c.value for c in at.caption]


def _short_export(folder: Path) -> Path:
    # 14 Jan .. 20 Mar 2025: January (18 of 31 days) and March (20 of 31) are partial months.
    path = folder / "orders.csv"
    path.write_text(
        "order_id,customer_id,order_time,amount\n"
        "1,a,2025-01-14 10:00:00,10\n2,a,2025-02-03 10:00:00,30\n"
        "3,b,2025-02-28 10:00:00,20\n4,a,2025-03-20 10:00:00,5\n",
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize("lang", LANGS)
def test_a_partial_last_month_keeps_its_note_inside_the_charts(lang, tmp_path):
    from test_app_pages import _upload

    at = _upload(_app(lang), _short_export(tmp_path))
    _assert_clean(at)
    note = translate("chart_partial_month", lang, covered=20, days=31)
    monthly = _figure(at, translate("monthly_chart_title", lang))
    # Over the bar the note breaks after its label ("partial:" / "不完整：").
    head, _, tail = note.replace("：", ": ").partition(": ")
    assert monthly["data"][0]["text"][-1].endswith(f"<br>{tail}") and head in monthly["data"][0]["text"][-1]
    # Three months; the note over the last is wider than its bar, so the axis runs past it.
    assert monthly["layout"]["xaxis"]["range"][1] > 2.5
    at.switch_page("views/returning.py").run()
    _assert_clean(at)
    counts = _figure(at, translate("counts_chart_title", lang))
    assert break_after_label(note) in [a["text"] for a in counts["layout"]["annotations"]]
    assert counts["layout"]["xaxis"]["range"][1] > 2.5


@pytest.mark.parametrize("lang", LANGS)
def test_the_repurchase_chart_says_which_days_it_cannot_show(lang):
    at = _page(lang, "repeat")
    # The sample ends 2025-12-31; the latest cohort followable for 30 days first bought
    # 2025-11-02 .. 2025-12-01, so 60 and 90 days after it are not in the data yet: no bars for them.
    figure = _figure(at, translate("repurchase_title", lang))
    assert len(figure["data"][0]["x"]) == 3  # 7, 14 and 30 days
    sep = translate("list_separator", lang)
    note = translate(
        "repurchase_days_unobserved", lang, days=f"60{sep}90", start="2025-11-02", end="2025-12-01"
    )
    assert note in [c.value for c in at.caption]


@pytest.mark.parametrize("lang", LANGS)
def test_the_cohort_table_says_its_first_row_is_not_only_new_customers(lang):
    at = _page(lang, "repeat")
    assert translate("cohort_first_row_note", lang, month="2025-01") in [c.value for c in at.caption]


@pytest.mark.parametrize("lang", LANGS)
def test_the_counts_heading_names_the_months_the_data_has(lang, tmp_path):
    from test_app_pages import _upload

    at = _upload(_app(lang), _short_export(tmp_path))
    at.switch_page("views/returning.py").run()
    _assert_clean(at)
    headings = [h.value for h in at.subheader]
    # Three months of data (January .. March 2025): not "twelve months".
    assert translate("counts_trend_heading", lang, n=3) in headings


def _from_the_first_day(lang: str):
    import datetime

    # The sample's data starts on 2025-01-01: a period from that day has nobody with an earlier
    # purchase, and its comparison period (2024-10-03 .. 2024-12-31) has no order at all.
    at = _app(lang)
    at.selectbox(key=f"period_preset_{lang}").set_value("custom").run()
    at.date_input(key="period_custom").set_value(
        (datetime.date(2025, 1, 1), datetime.date(2025, 3, 31))
    ).run()
    _assert_clean(at)
    return at


@pytest.mark.parametrize("lang", LANGS)
def test_a_period_from_the_datas_first_day_says_returning_is_unknown(lang):
    at = _from_the_first_day(lang)
    warning = translate("returning_no_history", lang, start="2025-01-01")
    assert warning in [w.value for w in at.warning]  # the Overview's cards read 0% returning
    at.switch_page("views/returning.py").run()
    _assert_clean(at)
    assert warning in [w.value for w in at.warning]
    # Without the note, "0 returning, 1,949 new" would read as a shop without regulars.
    assert _metric(at, translate("returning_customers_count", lang)).value == "0"


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("page", ["repeat", "members", "returning"])
def test_a_comparison_period_without_orders_is_said_not_shown_as_zero(lang, page):
    at = _from_the_first_day(lang)
    at.switch_page(f"views/{page}.py").run()
    _assert_clean(at)
    captions = [c.value for c in at.caption]
    assert translate("comparison_empty", lang) in captions
    # No card says "comparison period: 0" or "—" against a period the data does not reach.
    assert not any(c.startswith(translate("card_previous", lang, value="")) for c in captions)


@pytest.mark.parametrize("lang", LANGS)
def test_the_overviews_cards_say_the_comparison_period_has_no_orders(lang):
    at = _from_the_first_day(lang)
    captions = [c.value for c in at.caption]
    assert translate("comparison_empty", lang) in captions
    # Seven cards, each saying its comparison period had no order (as the meeting pack's cover
    # does), none "comparison period: 0" for customers, orders and sales.
    assert captions.count(translate("card_previous_none", lang)) == 7  # the seven headline cards
    assert translate("card_previous", lang, value="0") not in captions


@pytest.mark.parametrize("lang", LANGS)
def test_the_guest_card_names_its_comparison_value_like_its_neighbours(lang):
    from test_app_pages import SAMPLE, _upload

    from analytics.metrics.period import resolve_period
    from analytics.metrics.summary import summarize
    from ui.format import fmt_rate

    export = SAMPLE / "shopify_orders.csv"  # POS walk-in guests have no e-mail: a guest share
    orders = load_orders([export]).orders
    period = resolve_period(orders)
    before = summarize(orders, period=period.previous()).returning.unidentified_sales_share.value
    at = _upload(_app(lang), export)
    at.switch_page("views/returning.py").run()
    _assert_clean(at)
    assert _metric(at, translate("unidentified_sales_share", lang))
    line = translate("card_previous", lang, value=fmt_rate(before, lang=lang))
    assert line in [c.value for c in at.caption]


@pytest.mark.parametrize("lang", LANGS)
def test_history_lists_lists_without_orders_and_punctuates_in_its_language(lang):
    from test_app_pages import MEMBERS, _upload

    at = _upload(_app(lang), TAOBAO_XLSX, MEMBERS)
    at.switch_page("views/history.py").run()
    (save,) = [b for b in at.button if b.label == translate("save_to_history", lang)]
    save.click().run()
    _assert_clean(at)
    # "taobao_orders.xlsx · 小雨家居旗舰店：已保存…": a Chinese sentence takes the full-width colon.
    colon = "：" if lang == "zh" else ": "
    shop = "小雨家居旗舰店"
    lines = [s.value for s in at.success]
    assert any(line.startswith(f"members.xlsx · {shop}{colon}") for line in lines), lines
    uploads = at.dataframe[0].value
    kinds = list(uploads[translate("file_kind", lang)])
    assert kinds == [translate("kind_orders", lang), translate("kind_members", lang)]
    # A member list holds customers: its orders are "—", not 0 (which reads as an empty file).
    for column in (translate("orders", lang), translate("only_here", lang)):
        assert uploads[column].iloc[1] == "—" and uploads[column].iloc[0] != "—"


@pytest.mark.parametrize("lang", LANGS)
def test_the_industry_position_is_shown_whole(lang):
    from test_app_pages import SAMPLE

    from analytics.charts.style import display_width

    at = _app(lang)
    sycm = (SAMPLE / "peers_sycm.xlsx").read_bytes()
    at.file_uploader(key="peers_file").set_value(("peers_sycm.xlsx", sycm, "application/octet-stream")).run()
    _assert_clean(at)
    # "Where the shop stands" runs to 80 characters: a scrolling grid cut it off at its right edge,
    # a static table wraps it (all ten rows, every word).
    header = translate("peer_metric", lang)
    assert not [d for d in at.dataframe if len(d.value.columns) and d.value.columns[0] == header]
    (table,) = [d.value for d in at.table if d.value.columns[0] == header]
    assert len(table) == 10
    # The row labels take ~300 px left of the plot where the footnote starts: its lines stay short
    # enough to end inside the figure (150 columns ran past its right edge in English).
    figure = _figure(at, translate("industry_chart_title", lang))
    (note,) = [a for a in figure["layout"]["annotations"] if a.get("name") == "footnote"]
    assert max(display_width(line) for line in note["text"].split("<br>")) <= 100


@pytest.mark.parametrize("lang", LANGS)
def test_daily_returning_shares_are_not_drawn_against_a_30_day_peer_figure(lang):
    from test_app_pages import SAMPLE

    at = _app(lang)
    sycm = (SAMPLE / "peers_sycm.xlsx").read_bytes()
    at.file_uploader(key="peers_file").set_value(("peers_sycm.xlsx", sycm, "application/octet-stream")).run()
    at.switch_page("views/returning.py").run()
    _assert_clean(at)
    # The export's 30-day figures (12-02 .. 12-31) are compared on the cards; a day's own share
    # (its returning customers bought before that day) is another figure: no peer line over days.
    figure = _figure(at, translate("returning_chart_title", lang))
    peer = translate("chart_peer_average", lang)
    assert not [a for a in figure["layout"].get("annotations", []) if peer in a.get("text", "")]
    assert not [t for t in figure["data"] if peer in (t.get("name") or "")]
    assert any(translate("chart_peer_average", lang) in c.value for c in at.caption)  # the cards keep it


@pytest.mark.parametrize("lang", LANGS)
def test_the_coupon_section_says_it_counts_all_loaded_orders(lang):
    from test_app_pages import SAMPLE, _upload

    # The Shopify sample has discount codes and no campaign list: the page shows coupons only,
    # so "the campaign's own window" would be the only (and a wrong) word on which days count.
    at = _upload(_app(lang), SAMPLE / "shopify_orders.csv")
    at.switch_page("views/campaign.py").run()
    _assert_clean(at)
    scope = translate("coupon_scope", lang, start="2025-01-01", end="2025-06-30")
    assert any(c.value.endswith(scope) for c in at.caption)
    note = translate("period_ignored", lang)
    assert note in [i.value for i in at.sidebar.info]
    assert translate("coupon_title", lang).split("（")[0].split(" (")[0].lower() in note.lower()


@pytest.mark.parametrize("lang", LANGS)
def test_repeat_windows_before_the_data_are_not_drawn_as_zero(lang):
    from test_app_pages import SAMPLE, _upload

    # The Shopify sample runs 2025-01-01 .. 2025-06-30: of twelve 30-day windows ending 06-30,
    # the one ending 2025-01-01 holds a single day of data (nobody can repeat: "0%").
    at = _upload(_app(lang), SAMPLE / "shopify_orders.csv")
    at.switch_page("views/repeat.py").run()
    _assert_clean(at)
    figure = _figure(at, translate("repeat_windows", lang))
    ends = [x for trace in figure["data"] for x in trace.get("x") or []]
    assert ends and min(ends) >= "2025-01-30"  # the first whole window is 2025-01-31 .. 03-01
    title = json.dumps(figure["layout"]["title"], ensure_ascii=False)
    assert "2024-" not in title  # the subtitle's period starts with the data, not in 2024
    # Six windows: with its mode unset plotly drew the interval band's 12 corners as blue dots.
    (band,) = [trace for trace in figure["data"] if trace.get("fill") == "toself"]
    assert band["mode"] == "lines"
