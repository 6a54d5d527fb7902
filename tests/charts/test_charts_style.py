"""Every chart carries title, period, store and definition in the CJK font stack; text helpers."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest
from charts_helpers import (
    DEFINITION,
    FIGURES,
    JAN,
    NAMES,
    PERIOD_TEXT,
    STORE,
    campaign_result,
    footnote,
    jan_orders,
    labels,
)
from hypothesis import given, settings
from hypothesis import strategies as st

from analytics import charts
from analytics.charts.export import figure_png
from analytics.charts.style import FONT_FAMILY, PALETTE, ChartLabels, period_text, style_figure, wrap_text
from analytics.frames import orders_frame
from analytics.metrics.cohorts import cohort_retention
from analytics.metrics.intervals import purchase_intervals
from analytics.metrics.members import member_comparison
from analytics.metrics.period import Period
from analytics.metrics.repeat import repeat_rate_windows, repurchase_within_days
from analytics.metrics.tiers import tier_breakdown
from analytics.metrics.trends import trend

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


def test_palette_keeps_series_distinct_and_guests_grey():
    business = [PALETTE[k] for k in ("member", "non_member", "returning", "new", "guest")]
    assert len(set(business)) == len(business)
    red, green, blue = (int(PALETTE["guest"][i : i + 2], 16) for i in (1, 3, 5))
    assert red == green == blue  # grey: guests carry no hue that could be read as a group


# --- empty results -------------------------------------------------------------------------------


def test_empty_results_give_a_message_not_an_empty_plot():
    empty_windows = repeat_rate_windows(jan_orders(), end=pd.Timestamp("2025-06-30"), windows=1, days=5)
    for fig in (
        charts.repeat_rate_trend(empty_windows, labels=labels()),
        charts.tier_distribution([], labels=labels()),
        charts.campaign_arms(campaign_result(with_arm=False), labels=labels()),
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
