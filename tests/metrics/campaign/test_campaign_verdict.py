"""The campaign's plain verdict: direction from the interval, reliability, and its sentence."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from analytics.frames import orders_frame
from analytics.loading import load_campaign, load_orders
from analytics.messages import render
from analytics.metrics.campaign import campaign_uplift
from analytics.metrics.campaign.verdict import controlled_verdict, direction_of, directional_verdict

SAMPLE = Path(__file__).resolve().parents[3] / "sample_data"


@pytest.mark.parametrize(
    ("ci", "expected"),
    [
        ((0.01, 0.05), "better"),
        ((-0.05, -0.01), "worse"),
        ((-0.01, 0.05), "unclear"),
        ((math.nan,) * 2, "unclear"),
    ],
)
def test_direction_follows_the_interval(ci, expected):
    assert direction_of(ci) == expected


def test_significant_but_below_the_detectable_effect_is_overstated():
    v = controlled_verdict(
        group="SMS",
        control="control",
        difference=0.01,
        ci=(0.002, 0.018),
        p_value=0.01,
        mde=0.03,
        incremental_sales=100.0,
    )
    assert (v.direction, v.reliable, v.overstated) == ("better", False, True)
    assert v.message.params["reading"].key == "campaign.verdict_overstated"


def test_an_interval_off_zero_with_a_holm_p_value_above_5_percent_is_unclear():
    v = controlled_verdict(
        group="SMS",
        control="control",
        difference=0.02,
        ci=(0.001, 0.04),
        p_value=0.08,
        mde=0.01,
        incremental_sales=100.0,
    )
    assert (v.direction, v.reliable) == ("unclear", False)


def test_worse_shows_the_size_of_the_drop_and_the_signed_interval():
    v = directional_verdict(
        group="targeted",
        comparison="others",
        difference=-0.0234,
        ci=(-0.031, -0.012),
        incremental_sales=-512.6,
    )
    text = render(v.message.code, v.message.params, lang="en")
    # -0.0234 -> 2.3 points shown as a drop; bounds -3.1 and -1.2; sales rounded to -513
    assert text.startswith(
        "targeted converted 2.3 percentage points less than others (95% interval -3.1 to -1.2)"
    )
    assert "-513" in text and "direction only" in text


def test_small_controlled_test_reads_from_its_arms():
    # a, b treated and both buy (2/2); c, d control and only c buys (1/2): +50 points.
    orders = orders_frame(customer_id=["a", "b", "c"], order_day=["2025-01-02"] * 3, amount=[10.0, 20.0, 5.0])
    campaign = pd.DataFrame(
        {
            "customer_id": ["a", "b", "c", "d"],
            "group": ["SMS", "SMS", "No SMS", "No SMS"],
            "start": "2025-01-01",
        }
    )
    result = campaign_uplift(orders, campaign)
    verdict = result.verdict
    assert verdict.comparison == "No SMS" and verdict.group == "SMS"
    assert verdict.conversion_difference == pytest.approx(0.5)
    # 4 customers cannot show a difference: the Newcombe interval contains zero.
    assert verdict.direction == "unclear" and not verdict.reliable
    # spend uplift 30/2 - 5/2 = 12.5 per customer x 2 customers = 25
    assert verdict.incremental_sales == pytest.approx(25.0)


def test_sample_campaign_reads_as_the_issue_example():
    orders = load_orders([SAMPLE / "taobao_orders.xlsx"]).orders
    result = campaign_uplift(orders, load_campaign(SAMPLE / "campaign.csv").campaign)
    arm = result.arms[0]
    verdict = result.verdict
    assert verdict.direction == "better" and verdict.reliable
    text = render(verdict.message.code, verdict.message.params, lang="zh")
    lo, hi = arm.conversion_uplift_ci
    expected = (
        f"实验组转化率比对照组高 {arm.conversion_uplift * 100:.1f} 个百分点"
        f"（95% 置信区间 {lo * 100:.1f} 至 {hi * 100:.1f}），"
        f"增量成交金额 {arm.incremental_sales:,.0f}，可信。"
    )
    assert (
        text
        == expected
        == ("实验组转化率比对照组高 6.8 个百分点（95% 置信区间 4.9 至 8.7），增量成交金额 19,186，可信。")
    )


def test_default_start_prefers_the_list_then_the_upload_then_the_data():
    from analytics.metrics.campaign import default_start

    orders = orders_frame(
        customer_id=["a", "b", "c"],
        order_day=["2008-03-01", "2008-03-10", "2008-03-20"],
        amount=[1.0, 2.0, 3.0],
    )
    listed = pd.DataFrame({"customer_id": ["a", "b"], "start": ["2008-03-12", "2008-03-08"]})
    plain = pd.DataFrame({"customer_id": ["a", "b"]})
    # earliest listed start, even before the upload day
    assert default_start(orders, listed, uploaded=pd.Timestamp("2008-03-15")).day == pd.Timestamp(
        "2008-03-08"
    )
    # uploaded 2008-03-11: the first order day on or after it is 2008-03-20
    start = default_start(orders, plain, uploaded=pd.Timestamp("2008-03-11 15:30"))
    assert (start.day, start.source) == (pd.Timestamp("2008-03-20"), "upload")
    # uploaded after the last order day (a 2008 campaign uploaded today): the data's first day
    start = default_start(orders, plain, uploaded=pd.Timestamp("2026-11-29"))
    assert (start.day, start.source) == (pd.Timestamp("2008-03-01"), "data")
    assert default_start(orders, plain).source == "data"
