"""Customer charts: the traces hold the typed results' own figures, an empty result says so."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from charts_helpers import PERIOD_TEXT, STORE, labels

from analytics import charts
from analytics.frames import orders_frame
from analytics.metrics.customers.holdout import HoldoutBucket, HoldoutCheck
from analytics.metrics.customers.ltv import ltv_cohorts
from analytics.metrics.customers.pareto import pareto_curve
from analytics.metrics.customers.scores import AliveBands
from analytics.metrics.customers.segments import rfm_segments
from analytics.metrics.customers.summary import customer_summary

NAMES = {
    "empty": "没有可显示的客户",
    "sales_share": "销售额占比",
    "equal": "人人消费相同",
    "top_point": "前 {customers} 客户贡献 {sales}",
    "customers": "客户数",
    "predicted": "预测",
    "actual": "实际",
    "error": "平均绝对误差 {mae} 次，总量相对误差 {relative}",
    "immature": "本月未结束",
    "currency": "¥",
    "champions": "重要价值客户",
    "hibernating": "一般挽留客户",
}


def _labels(title: str) -> object:
    return labels(title, names=NAMES)


def _five_customers() -> pd.DataFrame:
    # a spends 60, b..e 10 each on one day: total 100, the top 20% (a) bring 60%.
    return orders_frame(
        customer_id=list("abcde"), order_day=["2025-01-01"] * 5, amount=[60.0, 10.0, 10.0, 10.0, 10.0]
    )


def _title(fig) -> str:
    return fig.layout.title.text


def _empty_message(fig) -> str | None:
    found = [a.text for a in fig.layout.annotations if a.name == "empty"]
    return found[0] if found else None


def test_pareto_curve_marks_the_top_fifth():
    pareto = pareto_curve(customer_summary(_five_customers()))
    fig = charts.pareto_chart(pareto, labels=_labels("帕累托曲线"))
    assert "帕累托曲线" in _title(fig) and PERIOD_TEXT in _title(fig) and STORE in _title(fig)
    _diagonal, curve, point = fig.data
    assert list(curve.x) == pareto.curve["customer_share"].tolist()
    assert list(curve.y) == pareto.curve["sales_share"].tolist()
    # The marked point is the result's: 20% of customers, 60% of sales.
    assert (point.x[0], point.y[0]) == (0.2, pytest.approx(0.6))
    assert point.text[0] == "前 20% 客户贡献 60.0%"
    assert _empty_message(fig) is None


def test_pareto_without_sales_says_so():
    pareto = pareto_curve(
        customer_summary(orders_frame(customer_id=["a"], order_day=["2025-01-01"], amount=[0.0]))
    )
    fig = charts.pareto_chart(pareto, labels=_labels("帕累托曲线"))
    assert _empty_message(fig) == NAMES["empty"] and not fig.data


def test_p_alive_bands_have_readable_ticks():
    bands = AliveBands(
        pd.DataFrame({"low": [0.0, 0.5], "high": [0.5, 1.0], "customers": [3, 7], "share": [0.3, 0.7]})
    )
    fig = charts.p_alive_chart(bands, labels=_labels("仍活跃概率分布"))
    (bars,) = fig.data
    assert list(bars.x) == ["0–50%", "50–100%"]
    assert list(bars.y) == [3, 7]
    empty = charts.p_alive_chart(AliveBands(bands.bands.iloc[0:0]), labels=_labels("仍活跃概率分布"))
    assert _empty_message(empty) == NAMES["empty"]


def test_holdout_bars_and_error_footnote():
    check = HoldoutCheck(
        calibration_end=pd.Timestamp("2025-03-01"),
        holdout_end=pd.Timestamp("2025-04-01"),
        time_unit="W",
        horizon=4.4,
        fit=None,
        buckets=(
            HoldoutBucket(0, False, customers=10, predicted=0.2, actual=0.1),
            HoldoutBucket(1, True, customers=5, predicted=1.5, actual=2.0),
        ),
        customers=15,
        # 10 x 0.2 + 5 x 1.5 = 9.5 predicted, 10 x 0.1 + 5 x 2.0 = 11 actual: (9.5 - 11) / 11 = -13.6%.
        predicted_total=9.5,
        actual_total=11,
        mean_absolute_error=0.3,
    )
    fig = charts.holdout_chart(check, labels=_labels("预测与实际"))
    predicted, actual = fig.data
    assert list(predicted.x) == ["0", "1+"] and list(predicted.y) == [0.2, 1.5]
    assert list(actual.y) == [0.1, 2.0]
    assert (predicted.name, actual.name) == ("预测", "实际")
    footnote = next(a.text for a in fig.layout.annotations if a.name == "footnote")
    assert footnote.startswith("平均绝对误差 0.30 次，总量相对误差 -13.6%")
    assert _empty_message(charts.holdout_chart(None, labels=_labels("预测与实际"))) == NAMES["empty"]


def test_segment_bars_show_counts_and_sales_share():
    segments = rfm_segments(customer_summary(_five_customers()))
    fig = charts.segment_chart(segments, labels=_labels("客户分群"))
    counts, shares = fig.data
    assert list(counts.x) == [f.customers for f in segments.figures]
    assert list(shares.x) == pytest.approx([f.sales_share for f in segments.figures])
    assert counts.y[0] == "重要价值客户" and counts.y[-1] == "一般挽留客户"
    # A code without a name in ``names`` shows the code itself, never an empty label.
    assert "cant_lose" in counts.y


def test_ltv_heatmap_shows_revenue_per_customer_with_the_currency():
    # a: Jan 5 (10) and Feb 3 (30); b: Jan 9 (20). Cohort Jan (2): month 0 = 30 / 2 = 15,
    # month 1 = (30 + 30) / 2 = 30; February is still running on Feb 3 (immature, grey).
    orders = orders_frame(
        customer_id=["a", "a", "b"],
        order_day=["2025-01-05", "2025-02-03", "2025-01-09"],
        amount=[10.0, 30.0, 20.0],
    )
    fig = charts.ltv_heatmap(ltv_cohorts(orders), labels=_labels("累计人均消费"))
    coloured, grey = fig.data
    assert list(coloured.y) == ["2025-01 (n=2)"]
    assert np.asarray(coloured.z, dtype=float)[0, 0] == 15.0 and coloured.text[0][0] == "¥15"
    assert grey.text[0][1] == "¥30" and grey.name == NAMES["immature"]
    empty = ltv_cohorts(orders_frame(customer_id=[None], order_day=["2025-01-01"]))
    assert _empty_message(charts.ltv_heatmap(empty, labels=_labels("累计人均消费"))) == NAMES["empty"]
