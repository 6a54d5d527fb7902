"""Charts: every figure carries title, period, store and definition; fixed colours; CJK fonts; PNG.

Figures are built from real metric results on small hand frames (arithmetic in comments), and
checked through the figure's JSON, never through Streamlit.
"""

from __future__ import annotations

import io
import math
import struct
import zlib

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analytics import charts
from analytics.chart_export import PNG_MAGIC, ChartExportError, _BrowserWorker, figure_pdf, figure_png
from analytics.charts_style import FONT_FAMILY, PALETTE, ChartLabels, period_text, style_figure, wrap_text
from analytics.frames import orders_frame
from analytics.metrics.campaign_did import directional_uplift
from analytics.metrics.cohorts import cohort_retention
from analytics.metrics.intervals import purchase_intervals
from analytics.metrics.members import member_comparison
from analytics.metrics.period import Period
from analytics.metrics.repeat import repeat_rate_windows, repurchase_within_days
from analytics.metrics.tiers import tier_breakdown
from analytics.metrics.trends import trend

JAN = Period(pd.Timestamp("2025-01-01"), pd.Timestamp("2025-01-30"))
PERIOD_TEXT = "2025-01-01 – 2025-01-30"
STORE = "旗舰店"
NAMES = {
    "rate": "复购率",
    "ci": "95% 置信区间",
    "customers": "顾客",
    "small_sample": "顾客少于 30 位",
    "empty": "所选期间没有数据",
    "member": "会员",
    "non_member": "非会员",
    "sales": "成交金额",
    "aov": "客单价",
    "repeat_purchase_rate": "复购率",
    "returning": "老客",
    "new": "新客",
    "guest": "未识别顾客",
    "new_or_guest": "新客及未识别顾客",
    "buyers_share": "成交人数占比",
    "sales_share": "成交金额占比",
    "members": "会员数",
    "buyers": "成交会员数",
    "no_tier": "无等级",
    "median": "中位数 {days} 天",
    "care_cycle": "建议关怀周期 {days} 天",
    "intervals": "间隔次数",
    "immature": "未满月",
    "days": "{days} 天内",
    "conversion_rate": "转化率",
    "conversion_uplift": "转化率提升",
    "incremental_sales": "增量成交金额",
}
DEFINITION = "复购率 = 统计期内在 2 个及以上不同日期购买的顾客数 ÷ 统计期内有购买的已识别顾客数"


def labels(title: str = "复购率", **kwargs) -> ChartLabels:
    kwargs.setdefault("names", NAMES)
    return ChartLabels(title=title, period=PERIOD_TEXT, store=STORE, definition=DEFINITION, **kwargs)


def jan_orders() -> pd.DataFrame:
    # a: Jan 2 and Jan 5 (repeat); b: two orders on Jan 3 (one purchase day, no repeat);
    # c: Jan 10 only; guest: Jan 4. Amounts: a 10 + 30, b 20 + 20, c 50, guest 70.
    return orders_frame(
        customer_id=["a", "a", "b", "b", "c", None],
        order_day=["2025-01-02", "2025-01-05", "2025-01-03", "2025-01-03", "2025-01-10", "2025-01-04"],
        amount=[10, 30, 20, 20, 50, 70],
    )


def member_list() -> pd.DataFrame:
    # a is gold, c is silver (silver < gold); b is not a member.
    tier = pd.Categorical(["gold", "silver"], categories=["silver", "gold"], ordered=True)
    return pd.DataFrame({"customer_id": pd.array(["a", "c"], dtype="str"), "tier": tier})


def campaign_result() -> dict:
    # control 10 of 100 convert; arm "短信" 30 of 150: uplift 0.20 - 0.10 = +0.10.
    return {
        "control": {"group": "对照组", "customers": 100, "converters": 10, "conversion_rate": 0.1},
        "arms": [
            {
                "group": "短信",
                "customers": 150,
                "converters": 30,
                "conversion_rate": 0.2,
                "conversion_uplift": 0.1,
                "conversion_uplift_ci": [0.01, 0.18],
                "incremental_sales": 900.0,
                "incremental_sales_ci": [-100.0, 1900.0],
            }
        ],
    }


def all_figures() -> dict[str, go.Figure]:
    orders = jan_orders()
    members = member_list()
    return {
        "repeat_trend": charts.repeat_rate_trend(
            repeat_rate_windows(orders, end=JAN.end, windows=2, days=15), labels=labels()
        ),
        "repurchase": charts.repurchase_chart(
            [repurchase_within_days(orders, period=Period(JAN.start, pd.Timestamp("2025-01-03")), days=3)],
            labels=labels(),
        ),
        "members": charts.members_comparison(
            member_comparison(orders, period=JAN, members=members), labels=labels()
        ),
        "returning": charts.returning_share_trend(
            trend(orders, start=JAN.start, end=JAN.end, freq="W"), labels=labels()
        ),
        "tiers": charts.tier_distribution(
            tier_breakdown(orders, period=JAN, members=members), labels=labels()
        ),
        "intervals": charts.interval_histogram(purchase_intervals(orders), labels=labels()),
        "cohorts": charts.cohort_heatmap(cohort_retention(orders), labels=labels()),
        "campaign": charts.campaign_arms(campaign_result(), labels=labels()),
    }


FIGURES = all_figures()


def footnote(fig: go.Figure) -> str:
    notes = [a.text for a in fig.layout.annotations if a.name == "footnote"]
    assert len(notes) == 1
    return notes[0]


def bars(fig: go.Figure, name: str) -> list[go.Bar]:
    return [t for t in fig.data if isinstance(t, go.Bar) and t.name == name]


# --- what every chart carries ----------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(FIGURES))
def test_every_chart_carries_title_period_store_and_definition(name):
    fig = FIGURES[name]
    assert "复购率" in fig.layout.title.text
    assert PERIOD_TEXT in fig.layout.title.text
    assert STORE in fig.layout.title.text
    # The definition is wrapped onto <br>-separated lines; joined back it is the caller's text.
    assert footnote(fig).replace("<br>", "").replace(" ", "") == DEFINITION.replace(" ", "")


@pytest.mark.parametrize("name", sorted(FIGURES))
def test_every_chart_uses_the_cjk_font_stack(name):
    fig = FIGURES[name]
    assert fig.layout.font.family == FONT_FAMILY
    assert fig.layout.font.family.startswith('"Noto Sans CJK SC"')
    assert "Microsoft YaHei" in FONT_FAMILY and FONT_FAMILY.endswith("sans-serif")


@pytest.mark.parametrize("name", sorted(FIGURES))
def test_no_trace_is_empty_when_the_data_is_not(name):
    fig = FIGURES[name]
    assert len(fig.data) > 0
    for trace in fig.data:
        values = trace.z if isinstance(trace, go.Heatmap) else (trace.x if trace.y is None else trace.y)
        if trace.name == NAMES["small_sample"]:
            continue  # legend-only marker explaining hollow points
        assert values is not None and len(values) > 0, f"{name}: trace {trace.name!r} is empty"


@pytest.mark.parametrize("name", sorted(FIGURES))
def test_bottom_margin_leaves_room_for_the_footnote(name):
    fig = FIGURES[name]
    lines = footnote(fig).count("<br>") + 1
    note = next(a for a in fig.layout.annotations if a.name == "footnote")
    # The footnote hangs |yshift| px under the plot and needs ~19 px per line inside the margin.
    assert fig.layout.margin.b >= -note.yshift + 19 * lines


def test_chart_text_comes_from_the_labels_not_hard_coded_english():
    # Every legend name in the Chinese charts is one of the caller's names or a data value
    # (tier, campaign group): nothing English is invented by the chart code.
    allowed = set(NAMES.values()) | {"gold", "silver", "对照组", "短信", ""}
    for name, fig in FIGURES.items():
        for trace in fig.data:
            if trace.name is not None:
                assert trace.name in allowed, f"{name}: trace name {trace.name!r}"
        for annotation in fig.layout.annotations:
            if annotation.name != "footnote":
                assert not any(word in annotation.text for word in ("Median", "median", "Members", "Rate"))


# --- colours -------------------------------------------------------------------------------------


def test_member_colours_are_the_same_on_every_chart_that_shows_them():
    members = FIGURES["members"]
    assert {b.marker.color for b in members.data if b.name == NAMES["member"]} == {PALETTE["member"]}
    assert {b.marker.color for b in members.data if b.name == NAMES["non_member"]} == {PALETTE["non_member"]}


def test_returning_and_new_colours_match_across_panels_and_charts():
    returning = FIGURES["returning"]
    colours = {(t.name, t.marker.color) for t in returning.data}
    assert (NAMES["returning"], PALETTE["returning"]) in colours
    assert (NAMES["new"], PALETTE["new"]) in colours
    # Both panels (buyers and sales) draw returning in the same colour.
    assert {t.marker.color for t in returning.data if t.name == NAMES["returning"]} == {PALETTE["returning"]}
    # A second chart built from another period keeps the same colours for the same series.
    other = charts.returning_share_trend(
        trend(jan_orders(), start=pd.Timestamp("2025-01-02"), end=pd.Timestamp("2025-01-10"), freq="D"),
        labels=labels(),
    )
    assert {t.marker.color for t in other.data if t.name == NAMES["returning"]} == {PALETTE["returning"]}


def test_palette_keeps_series_distinct_and_guests_grey():
    business = [PALETTE[k] for k in ("member", "non_member", "returning", "new", "guest")]
    assert len(set(business)) == len(business)
    red, green, blue = (int(PALETTE["guest"][i : i + 2], 16) for i in (1, 3, 5))
    assert red == green == blue  # grey: guests carry no hue that could be read as a group


# --- the figures' numbers ------------------------------------------------------------------------


def test_repeat_trend_plots_the_windows_rates_with_their_band():
    # Windows of 15 days ending Jan 30: [Jan 1, Jan 15] and [Jan 16, Jan 30].
    # First window: a (Jan 2, Jan 5) repeats, b (Jan 3) and c (Jan 10) do not -> 1/3.
    # Second window: nobody buys -> no point is drawn.
    fig = FIGURES["repeat_trend"]
    line = next(t for t in fig.data if t.name == NAMES["rate"])
    assert list(line.y) == pytest.approx([1 / 3])
    band = next(t for t in fig.data if t.name == NAMES["ci"])
    low, high = min(band.y), max(band.y)
    assert low < 1 / 3 < high
    # Three customers are a small sample: the marker is hollow (white fill).
    assert list(line.marker.color) == ["#FFFFFF"]


def test_repurchase_bar_is_the_share_of_eligible_new_customers():
    # Period Jan 1-3 with N = 3: a (first Jan 2, back Jan 5 = f + 3) and b (first Jan 3, never
    # back) are eligible (f <= Jan 10 - 3 = Jan 7) -> 1 of 2 = 50%.
    fig = FIGURES["repurchase"]
    assert list(fig.data[0].y) == [0.5]
    assert list(fig.data[0].x) == ["3 天内"]
    # A cohort with first purchases on Jan 1 only has nobody (first days are Jan 2, 3, 10): no bar.
    nobody = repurchase_within_days(jan_orders(), period=Period(JAN.start, JAN.start), days=3)
    assert charts.repurchase_chart([nobody], labels=labels()).data == ()


def test_members_comparison_bars_hold_each_groups_figures():
    # Members a (orders 10 + 30, days Jan 2 and 5) and c (50, one day): customers 2, sales 90,
    # AOV 90 / 3 = 30, repeat 1 of 2. Non-member b: customers 1, sales 40, AOV 20, repeat 0 of 1.
    fig = FIGURES["members"]
    member = [b.y[0] for b in bars(fig, NAMES["member"])]
    non_member = [b.y[0] for b in bars(fig, NAMES["non_member"])]
    assert member == pytest.approx([2, 90, 30, 0.5])
    assert non_member == pytest.approx([1, 40, 20, 0.0])


def test_members_comparison_leaves_an_undefined_rate_out_instead_of_drawing_zero():
    # Only guests and non-members buy: the member group has no customers, so AOV and repeat rate
    # are undefined (nan) and must not appear as a 0 bar.
    orders = orders_frame(customer_id=["b", None], order_day=["2025-01-03", "2025-01-04"], amount=[5, 5])
    members = pd.DataFrame({"customer_id": pd.array(["b"], dtype="str")})
    result = member_comparison(orders, period=JAN, members=members.assign(customer_id=["x"]).iloc[:0])
    fig = charts.members_comparison(result, labels=labels())
    member_values = [b.y[0] for b in bars(fig, NAMES["member"])]
    assert member_values[0] == 0 and member_values[2] is None and member_values[3] is None


def test_returning_share_trend_stacks_returning_and_new_to_one():
    # Daily buckets Jan 2-10 of a in-period-only data set: every buyer is new on their first day;
    # a on Jan 5 is returning (first day Jan 2 < Jan 5). So the Jan 5 bucket is 100% returning.
    fig = charts.returning_share_trend(
        trend(jan_orders(), start=pd.Timestamp("2025-01-02"), end=pd.Timestamp("2025-01-10"), freq="D"),
        labels=labels(),
    )
    returning = next(t for t in fig.data if t.name == NAMES["returning"] and t.xaxis == "x")
    new = next(t for t in fig.data if t.name == NAMES["new"] and t.xaxis == "x")
    by_day = dict(zip(returning.x, returning.y, strict=True))
    assert by_day["01-05"] == 1.0 and by_day["01-02"] == 0.0
    for r, n in zip(returning.y, new.y, strict=True):
        if not math.isnan(r):
            assert r + n == pytest.approx(1.0)


def test_returning_share_trend_shows_guests_when_the_trend_has_their_share():
    frame = pd.DataFrame(
        {
            "bucket_start": pd.to_datetime(["2025-01-01", "2025-01-02"]),
            "bucket_end": pd.to_datetime(["2025-01-01", "2025-01-02"]),
            "returning_buyers_share": [0.5, 0.25],
            "returning_sales_share": [0.4, 0.2],
            "unidentified_sales_share": [0.1, 0.3],
        }
    )
    fig = charts.returning_share_trend(frame, labels=labels())
    new_sales = next(t for t in fig.data if t.name == NAMES["new"] and t.xaxis == "x2")
    # new = 1 - returning - guests: 1 - 0.4 - 0.1 = 0.5 and 1 - 0.2 - 0.3 = 0.5
    assert list(new_sales.y) == pytest.approx([0.5, 0.5])
    guests = next(t for t in fig.data if t.name == NAMES["guest"])
    assert guests.marker.color == PALETTE["guest"]


def test_tier_distribution_keeps_tier_order_low_to_high():
    # silver < gold. silver: c (1 member, 1 buyer, sales 50); gold: a (1 member, 1 buyer, 40).
    fig = FIGURES["tiers"]
    members = next(t for t in fig.data if t.name == NAMES["members"])
    assert list(members.x) == ["silver", "gold"]
    assert list(members.y) == [1, 1]
    sales = fig.data[2]
    assert list(sales.y) == [50, 40]
    # Darker means higher tier: gold's shade has a lower brightness than silver's.
    dark = [sum(int(c[i : i + 2], 16) for i in (1, 3, 5)) for c in sales.marker.color]
    assert dark[1] < dark[0]


def test_interval_histogram_marks_median_and_care_cycle():
    # Gaps: a Jan 2 -> Jan 5 = 3 days only (b's two orders are one day, c buys once): median 3, p75 3.
    fig = FIGURES["intervals"]
    assert list(fig.data[0].x) == [3.0]
    lines = [s for s in fig.layout.shapes if s.type == "line"]
    assert sorted(s.x0 for s in lines) == [3.0, 3.0]
    texts = {a.text for a in fig.layout.annotations if a.name != "footnote"}
    assert {"中位数 3 天", "建议关怀周期 3 天"} <= texts


def test_cohort_heatmap_greys_immature_cells():
    # One cohort (2025-01, 3 customers); the data ends Jan 10, so January is not complete: its
    # only cell (month 0, 100%) is immature and drawn in the grey layer, not the colour scale.
    fig = FIGURES["cohorts"]
    mature, grey = fig.data
    assert np.isnan(np.asarray(mature.z, dtype=float)).all()
    assert list(grey.y) == ["2025-01 (n=3)"]
    assert grey.name == NAMES["immature"]


def test_cohort_heatmap_colours_complete_months():
    # a: Jan 2 and Feb 3; b: Jan 3. Data ends Mar 31 (guest), so Jan and Feb are complete:
    # month 0 = 2/2 = 100%, month 1 = 1/2 = 50%, month 2 (March) = 0%, complete too.
    orders = orders_frame(
        customer_id=["a", "a", "b", None], order_day=["2025-01-02", "2025-02-03", "2025-01-03", "2025-03-31"]
    )
    fig = charts.cohort_heatmap(cohort_retention(orders), labels=labels())
    assert np.asarray(fig.data[0].z, dtype=float).tolist() == [[1.0, 0.5, 0.0]]
    assert len(fig.data) == 1  # nothing immature


def test_campaign_arms_show_conversion_uplift_and_incremental_sales():
    fig = FIGURES["campaign"]
    rates, uplift, incremental = fig.data
    assert list(rates.x) == ["对照组", "短信"] and list(rates.y) == [0.1, 0.2]
    assert rates.marker.color[0] == PALETTE["control"]
    # Uplift 0.10 with CI [0.01, 0.18]: whiskers 0.08 up and 0.09 down.
    assert list(uplift.y) == [0.1]
    assert uplift.error_y.array[0] == pytest.approx(0.08)
    assert uplift.error_y.arrayminus[0] == pytest.approx(0.09)
    # Incremental 900 with CI [-100, 1900]: whiskers 1000 both ways.
    assert list(incremental.y) == [900.0]
    assert incremental.error_y.array[0] == pytest.approx(1000.0)


def test_campaign_directional_draws_both_groups_per_window():
    # Campaign window Jan 22-28 (7 days); earlier windows Jan 15-21 and Jan 8-14.
    # Window 0: targeted t1 (70) and t2 (80) both buy -> conversion 2/2 = 100%, spend (70 + 80) / 2 = 75;
    # non-targeted n2 buys (90), n1 does not -> 1/2 = 50%, spend 90 / 2 = 45.
    orders = orders_frame(
        customer_id=["t1", "t2", "n1", "n2", "t1", "n1", "t1", "t2", "n2"],
        order_day=[
            "2025-01-08",
            "2025-01-09",
            "2025-01-10",
            "2025-01-12",
            "2025-01-16",
            "2025-01-17",
            "2025-01-23",
            "2025-01-24",
            "2025-01-25",
        ],
        amount=[10, 20, 30, 40, 50, 60, 70, 80, 90],
    )
    window = Period(pd.Timestamp("2025-01-22"), pd.Timestamp("2025-01-28"))
    result = directional_uplift(orders, pd.Series(["t1", "t2"], dtype="str"), window)
    names = {
        **NAMES,
        "targeted": "活动客户",
        "non_targeted": "未参与客户",
        "sales_per_customer": "人均成交金额",
    }
    fig = charts.campaign_directional(result, labels=labels(names=names))
    by_name = {(t.name, t.xaxis): t for t in fig.data}
    targeted_rate, non_targeted_rate = by_name[("活动客户", "x")], by_name[("未参与客户", "x")]
    assert list(targeted_rate.x) == ["01-08–01-14", "01-15–01-21", "01-22–01-28"]
    assert targeted_rate.y[-1] == 1.0 and non_targeted_rate.y[-1] == 0.5
    assert by_name[("活动客户", "x2")].y[-1] == 75.0 and by_name[("未参与客户", "x2")].y[-1] == 45.0
    # The campaign window is shaded on both panels.
    assert sum(1 for shape in fig.layout.shapes if shape.type == "rect") == 2


# --- empty results -------------------------------------------------------------------------------


def test_empty_results_give_a_message_not_an_empty_plot():
    empty_windows = repeat_rate_windows(jan_orders(), end=pd.Timestamp("2025-06-30"), windows=1, days=5)
    for fig in (
        charts.repeat_rate_trend(empty_windows, labels=labels()),
        charts.tier_distribution([], labels=labels()),
        charts.campaign_arms({"control": None, "arms": []}, labels=labels()),
        charts.cohort_heatmap(cohort_retention(jan_orders().iloc[:0]), labels=labels()),
    ):
        assert fig.data == ()
        assert NAMES["empty"] in {a.text for a in fig.layout.annotations}
        assert PERIOD_TEXT in fig.layout.title.text


order_rows = st.lists(
    st.tuples(
        st.sampled_from(["a", "b", "c", "d", None]),
        st.integers(min_value=0, max_value=80),  # day offset from 2025-01-01
        st.sampled_from([0.0, 5.0, 12.5, 100.0]),
    ),
    min_size=1,
    max_size=25,
)


@settings(max_examples=12, deadline=None)
@given(order_rows)
def test_any_orders_give_complete_charts(rows):
    # Whatever the orders (guests only, one customer, zero amounts, nobody returning), every chart
    # is drawn with its title block and footnote and never raises.
    days = pd.Timestamp("2025-01-01") + pd.to_timedelta([r[1] for r in rows], unit="D")
    orders = orders_frame(customer_id=[r[0] for r in rows], order_day=list(days), amount=[r[2] for r in rows])
    period = Period(orders["order_day"].min(), orders["order_day"].max())
    members = pd.DataFrame(
        {
            "customer_id": pd.array(["a", "b"], dtype="str"),
            "tier": pd.Categorical(["silver", "gold"], categories=["silver", "gold"], ordered=True),
        }
    )
    figures = [
        charts.repeat_rate_trend(
            repeat_rate_windows(orders, end=period.end, windows=3, days=30), labels=labels()
        ),
        charts.repurchase_chart([repurchase_within_days(orders, period=period, days=7)], labels=labels()),
        charts.members_comparison(member_comparison(orders, period=period, members=members), labels=labels()),
        charts.returning_share_trend(
            trend(orders, start=period.start, end=period.end, freq="W"), labels=labels()
        ),
        charts.tier_distribution(tier_breakdown(orders, period=period, members=members), labels=labels()),
        charts.interval_histogram(purchase_intervals(orders), labels=labels()),
        charts.cohort_heatmap(cohort_retention(orders), labels=labels()),
    ]
    for fig in figures:
        assert PERIOD_TEXT in fig.layout.title.text and STORE in fig.layout.title.text
        assert footnote(fig)
        fig.to_json()  # serialisable: what Streamlit and kaleido receive


# --- text helpers --------------------------------------------------------------------------------


def test_period_text_is_language_neutral():
    assert period_text(JAN) == PERIOD_TEXT


def test_title_escapes_markup_from_store_names():
    fig = style_figure(go.Figure(), ChartLabels("T", "p", "<b>店</b>", ""))
    assert "&lt;b&gt;店&lt;/b&gt;" in fig.layout.title.text


def test_wrap_counts_chinese_characters_double():
    # 80 Chinese characters are 160 columns: two lines at 150 (75 + 5 characters).
    lines = wrap_text("复" * 80, columns=150)
    assert [len(line) for line in lines] == [75, 5]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(["会员", "repeat", "rate", "复购率", "=", "÷", "30"]), max_size=60))
def test_wrap_never_loses_text_and_respects_the_width(words):
    text = " ".join(words)
    lines = wrap_text(text, columns=40)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    for line in lines:
        width = sum(2 if ord(ch) > 0x2E80 else 1 for ch in line)
        assert width <= 40 or " " not in line.strip()


def test_style_figure_grows_the_margin_with_longer_definitions():
    short = style_figure(go.Figure(), ChartLabels("T", "p", "s", "one line"))
    long = style_figure(go.Figure(), ChartLabels("T", "p", "s", "word " * 120))
    assert long.layout.margin.b > short.layout.margin.b


@pytest.mark.parametrize("name", ["repeat_trend", "campaign", "members"])
def test_title_block_fits_at_a_low_height(name):
    from PIL import Image

    # Rendered 1000x400: the two-line title block used to be placed as a fraction of the height
    # and was cut off at the top edge below ~600 px. Now the top rows are blank (nothing clipped),
    # the title's ink lies inside the top margin, and the margin is the same at any height.
    fig = FIGURES[name]
    pixels = np.asarray(Image.open(io.BytesIO(figure_png(fig, width=1000, height=400))).convert("L"))
    dark = np.flatnonzero(pixels.min(axis=1) < 128).tolist()
    assert dark and dark[0] >= 4  # first ink row below the edge
    assert dark[0] < fig.layout.margin.t  # the title sits in the top margin
    assert go.Figure(fig).update_layout(height=400).layout.margin.t == fig.layout.margin.t


# --- PNG export ----------------------------------------------------------------------------------


def _png_size(data: bytes) -> tuple[int, int]:
    # IHDR is the first chunk: width and height are big-endian at bytes 16-24.
    return struct.unpack(">II", data[16:24])


def _png_pixels(data: bytes) -> bytes:
    # Concatenated IDAT chunks, inflated: the (filtered) pixel rows, enough to compare images.
    pos, idat = 8, b""
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        if kind == b"IDAT":
            idat += data[pos + 8 : pos + 8 + length]
        pos += 12 + length
    return zlib.decompress(idat)


def _text_figure(text: str) -> go.Figure:
    fig = go.Figure()
    fig.add_annotation(
        text=text, x=0.5, y=0.5, xref="paper", yref="paper", showarrow=False, font={"size": 60}
    )
    return style_figure(fig, ChartLabels("", "", "", ""), legend=None).update_xaxes(visible=False)


def test_figure_png_renders_a_1600_by_900_png():
    data = figure_png(FIGURES["members"])
    assert data.startswith(PNG_MAGIC)
    assert _png_size(data) == (1600, 900)


def test_figure_png_scale_multiplies_pixels():
    data = figure_png(FIGURES["campaign"], width=800, height=450, scale=2)
    assert _png_size(data) == (1600, 900)


def test_figure_png_renders_chinese_glyphs_not_tofu():
    # Without a CJK font every missing character becomes the same empty box, so two different
    # Chinese strings of equal length would rasterise identically. With Noto CJK they differ.
    first = _png_pixels(figure_png(_text_figure("会员复购"), width=600, height=300))
    second = _png_pixels(figure_png(_text_figure("老客占比"), width=600, height=300))
    blank = _png_pixels(figure_png(_text_figure(""), width=600, height=300))
    assert first != second
    assert first != blank


def test_figure_pdf_renders_a_pdf_document():
    assert figure_pdf(FIGURES["tiers"]).startswith(b"%PDF")


def test_figure_png_rejects_a_nonsense_size():
    with pytest.raises(ValueError, match="positive"):
        figure_png(go.Figure(), width=0)


def test_missing_browser_gives_a_clear_error(monkeypatch, tmp_path):
    monkeypatch.setenv("BROWSER_PATH", str(tmp_path / "no-such-chromium"))
    with pytest.raises(ChartExportError, match="apt-get install chromium"):
        _BrowserWorker().render({"data": [], "layout": {}}, {"format": "png", "width": 10, "height": 10})


def test_calendar_of_loaded_days_places_each_day_and_marks_gaps():
    # Wed 1 Jan .. Tue 7 Jan 2025: 1-3 Jan uploaded (5, 0, 2 orders), 4-7 Jan not covered (a gap).
    # The grid starts on Monday 30 Dec: 1 Jan is row Wed (2), week 0; 6 Jan is row Mon (0), week 1.
    from analytics.charts_calendar import GAP_COLOUR, calendar_figure

    days = pd.DataFrame(
        {
            "day": pd.date_range("2025-01-01", "2025-01-07"),
            "orders": [5, 0, 2, 0, 0, 0, 0],
            "covered": [True, True, True, False, False, False, False],
        }
    )
    weekdays = ["一", "二", "三", "四", "五", "六", "日"]
    fig = calendar_figure(days, labels=labels(), weekdays=weekdays)
    counts, gaps = (np.asarray(trace.z, dtype=float) for trace in fig.data[:2])
    assert counts.shape == (7, 2)
    assert counts[2, 0] == 5 and counts[3, 0] == 0 and counts[4, 0] == 2
    assert np.isnan(counts[0, 1]) and gaps[0, 1] == 1 and gaps[5, 0] == 1  # Mon 6 Jan, Sat 4 Jan: gaps
    assert np.isnan(gaps[2, 0])  # an uploaded day is not a gap
    legend = fig.data[-1]
    assert legend.marker.color == GAP_COLOUR and legend.name == labels().name("gap")
