"""The report's content comes from the metric functions, and reads in both languages."""

from __future__ import annotations

import math
import re

import pandas as pd
import pytest

from analytics.errors import InputError
from analytics.metrics.period import Period
from analytics.metrics.summary import summarize
from analytics.metrics.trends import KPI_NAMES
from analytics.report import build_content
from analytics.report.render_charts import chart_figure
from analytics.report.text import Texts


def _all_text(content, texts):
    parts = [texts(s.title) for s in content.sections]
    parts += [texts(m) for s in content.sections for m in s.reading]
    parts += [texts(n) for n in content.notes] + [texts(d) for d in content.definitions]
    parts += [texts(h.label) for h in content.headlines]
    parts += [texts(c.label) for s in content.sections for t in s.tables for c in t.columns]
    return parts


def test_headlines_are_the_summary_figures(sample_inputs, december, december_content):
    content = december_content
    now = summarize(sample_inputs.orders, period=december, members=sample_inputs.members)
    before = summarize(sample_inputs.orders, period=december.previous(), members=sample_inputs.members)
    cards = {h.kpi.name: h.kpi for h in content.headlines}
    assert cards["customers"].current == now.customers and cards["customers"].previous == before.customers
    assert cards["sales"].current == pytest.approx(now.sales)
    assert cards["repeat_purchase_rate"].current == now.repeat_purchase_rate.value
    assert cards["returning_sales_share"].previous == before.returning.sales_share.value
    # The cover shows the Overview's cards (with a member list: all seven), in their order: the
    # average order value last, the period's sales / its orders (158,349 / 1,023 = 154.79 here).
    assert tuple(cards) == (*KPI_NAMES, "aov")
    assert cards["aov"].current == pytest.approx(now.sales / now.orders)
    assert cards["aov"].previous == pytest.approx(before.sales / before.orders)


def test_sections_follow_the_inputs(sample_inputs, december, december_content):
    content = december_content
    assert [s.key for s in content.sections] == [
        "monthly",
        "repeat",
        "members",
        "member_trend",
        "returning",
        "tiers",
        "cohorts",
        "campaign",
        "contact",
    ]
    bare = type(sample_inputs)(orders=sample_inputs.orders, shop="s")
    assert "campaign" not in [s.key for s in build_content(bare, period=december).sections]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_text_has_a_catalog_entry(lang, december_content):
    texts = Texts(lang, "CNY")
    text = " ".join(_all_text(december_content, texts))
    assert "report." not in text


def test_chinese_reading_is_chinese(december_content):
    texts = Texts("zh", "CNY")
    content = december_content
    reading = texts(content.section("returning").reading[0])
    share = content.summary.returning.sales_share.value
    # "老客贡献了 56.5% 的成交金额（¥89,538），比上期降低 9.8 个百分点。"
    assert reading.startswith(f"老客贡献了 {share:.1%} 的成交金额")
    assert "个百分点" in reading
    # Latin words only where the data put them (none in these sections).
    for section in ("repeat", "returning", "members"):
        for message in content.section(section).reading:
            assert not re.search(r"[A-Za-z]{2,}", texts(message)), texts(message)


def test_change_in_reading_is_the_headline_change(december_content):
    content = december_content
    kpi = next(h.kpi for h in content.headlines if h.kpi.name == "returning_sales_share")
    text = Texts("en")(content.section("returning").reading[0])
    word = "up" if kpi.delta > 0 else "down"
    assert f"{word} {abs(kpi.delta) * 100:.1f} pp" in text


def test_no_comparison_reads_without_change(sample_inputs, december):
    content = build_content(sample_inputs, period=december, compare="none")
    assert content.comparison is None
    assert all(math.isnan(h.kpi.previous) for h in content.headlines)
    assert "comparison" not in Texts("en")(content.section("repeat").reading[0])


def test_campaign_reading_uses_the_campaign_result(december_content):
    content = december_content
    section = content.section("campaign")
    result = section.charts[0].result
    arm = result.arms[0]
    text = Texts("en")(section.reading[0])
    low, high = arm.conversion_uplift_ci
    assert f"{low * 100:+.1f} pp to {high * 100:+.1f} pp" in text
    assert section.tables[0].column("conversion_uplift")[1] == arm.conversion_uplift


def test_empty_period_is_an_input_error(sample_inputs):
    empty = Period(pd.Timestamp("2030-01-01"), pd.Timestamp("2030-01-31"))
    with pytest.raises(InputError) as error:
        build_content(sample_inputs, period=empty)
    assert error.value.code == "report.empty_period"
    assert "2025-12-31" in str(error.value)


def test_repurchase_is_the_latest_cohort_that_can_be_followed(sample_inputs, december_content):
    # The sample ends 2025-12-31: customers who first bought after 2025-12-01 cannot be followed
    # for 30 days yet, so (as on the Repeat page) the figure is the 30-day cohort 2025-11-02 ..
    # 2025-12-01 (length of the period, ending 30 days before the last order day).
    from analytics.metrics.repeat import repurchase_within_days

    content = december_content
    repeat = content.section("repeat")
    cohort = Period(pd.Timestamp("2025-11-02"), pd.Timestamp("2025-12-01"))
    expected = repurchase_within_days(sample_inputs.orders, period=cohort, days=30)
    sentence = repeat.reading[1]
    assert sentence.code == "report.reading.repurchase"
    assert (sentence.params["start"], sentence.params["end"]) == (cohort.start, cohort.end)
    assert (sentence.params["repurchased"], sentence.params["eligible"]) == (
        expected.repurchased,
        expected.eligible,
    )
    assert "2025-11-02" in Texts("en")(sentence) and f"{expected.rate.value:.1%}" in Texts("en")(sentence)
    chart = next(c for c in repeat.charts if c.key == "repurchase")
    assert chart.period == cohort
    # 60 and 90 days after this cohort are past the data's end: no bar, no table row for them.
    assert [r.days for r in chart.result] == [7, 14, 30]
    assert repeat.tables[1].column("days") == [7, 14, 30]


def test_customers_to_contact_are_the_care_lists_without_personal_data(sample_inputs, december_content):
    from analytics.metrics.customers.care import CARE_REASONS
    from analytics.metrics.customers.scores import score_customers

    content = december_content
    section = content.section("contact")
    scores = score_customers(sample_inputs.orders, time_unit="W", horizon=13, members=sample_inputs.members)
    reasons, top = section.tables
    # One row per care list, in the Customers page's order, with its size.
    assert reasons.column("listed") == [scores.care_counts()[r] for r in CARE_REASONS]
    listed = scores.customers[scores.customers["reason"].notna()]
    assert section.reading[0].params["customers"] == len(listed)
    # The ten highest expected values among listed customers, highest first.
    expected = listed["expected_value"].sort_values(ascending=False).head(10).tolist()
    assert top.column("expected_value") == pytest.approx(expected)
    assert top.column("rank") == list(range(1, 11))
    # No id, name or phone: no cell of the section holds a customer id.
    ids = set(scores.customers.index.astype(str))
    cells = {str(v) for table in section.tables for row in table.rows for v in row}
    assert not cells & ids
    assert "customer_id" not in [c.key for c in top.columns]


@pytest.mark.parametrize(("lang", "row"), [("zh", "{month}（{n} 人）"), ("en", "{month} ({n} customers)")])
def test_cohort_rows_are_worded_as_on_the_repeat_page(lang, row, december_content):
    content = december_content
    chart = next(c for s in content.sections for c in s.charts if c.function == "cohort_heatmap")
    heatmap = chart_figure(chart, content, Texts(lang, "CNY")).data[0]
    sizes = chart.result.drop_duplicates("cohort").set_index("cohort")["cohort_size"]
    expected = [row.format(month=f"{pd.Timestamp(c):%Y-%m}", n=f"{int(n):,}") for c, n in sizes.items()]
    assert list(heatmap.y) == expected
    assert "n=" not in "".join(heatmap.y)
