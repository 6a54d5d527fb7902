"""What the chart tests share: Chinese labels, small hand-made orders and the figures built from them.

Figures are built from real metric results on small hand frames (arithmetic in comments), and
checked through the figure's JSON, never through Streamlit.
"""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

from analytics import charts
from analytics.charts.style import ChartLabels
from analytics.frames import orders_frame
from analytics.metrics.campaign import (
    ArmComparison,
    ControlledUplift,
    GroupOutcome,
    MeanDifference,
    SampleRatioCheck,
)
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


def campaign_result(*, with_arm: bool = True) -> ControlledUplift:
    # control 10 of 100 convert; arm "短信" 30 of 150: uplift 0.20 - 0.10 = +0.10.
    control = GroupOutcome(
        "对照组", customers=100, converters=10, orders=10, sales=0.0, sales_sd=0.0, missing_from_orders=0
    )
    sms = GroupOutcome(
        "短信", customers=150, converters=30, orders=30, sales=0.0, sales_sd=0.0, missing_from_orders=0
    )
    # Spend uplift 6 per customer x 150 = incremental 900, interval [-100, 1900] / 150 per customer.
    arm = ArmComparison(
        outcome=sms,
        conversion_uplift=0.1,
        conversion_uplift_ci=(0.01, 0.18),
        conversion_p_value=0.04,
        spend=MeanDifference(6.0, (-100.0 / 150, 1900.0 / 150), 0.2, 200.0),
        orders_diff=MeanDifference(0.1, (0.0, 0.2), 0.05, 200.0),
        conversion_mde=0.05,
        spend_mde=3.0,
        customers_needed_per_group=200.0,
        cost_per_contact=None,
    )
    window = Period(pd.Timestamp("2025-01-01"), pd.Timestamp("2025-01-14"))
    srm = SampleRatioCheck(math.nan, math.nan, {}, None)
    return ControlledUplift(window, control, (arm,) if with_arm else (), srm)


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
