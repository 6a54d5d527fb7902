"""What a reader sees on the axes and labels: no SI "k", no "+0", no "n=", no line through a label."""

from __future__ import annotations

import pandas as pd
from charts_helpers import FIGURES, NAMES, labels

from analytics import charts
from analytics.frames import orders_frame
from analytics.metrics.cohorts import cohort_retention
from analytics.metrics.customers.ltv import ltv_cohorts
from analytics.metrics.member_trend import member_daily_trend

ROW = {**NAMES, "cohort_row": "{month}（{n} 人）"}


def _axis_formats(fig) -> list[str]:
    layout = fig.to_plotly_json()["layout"]
    return [axis.get("tickformat", "") for key, axis in layout.items() if key.startswith(("xaxis", "yaxis"))]


def test_counts_and_money_axes_write_full_numbers_not_si_suffixes():
    # "¥40k" / "2k" read as English in the Chinese UI (Chinese counts in 万): "40,000" instead.
    for name in ("members", "tiers"):
        formats = _axis_formats(FIGURES[name])
        assert formats and not any(f.endswith("s") for f in formats), (name, formats)
        assert ",~r" in formats


def test_uplift_axis_has_no_sign_on_zero():
    # The no-uplift line is "0 个百分点", never "+0 个百分点".
    uplift_axis = FIGURES["campaign"].layout.yaxis2
    assert not uplift_axis.tickformat.startswith("+")


def test_cohort_rows_name_the_customers_in_the_readers_words():
    # One cohort, 2025-01: a (Jan 2), b (Jan 3) -> 2 customers; the guest has no cohort.
    orders = orders_frame(customer_id=["a", "b", None], order_day=["2025-01-02", "2025-01-03", "2025-01-04"])
    retention = charts.cohort_heatmap(cohort_retention(orders), labels=labels(names=ROW))
    assert {y for trace in retention.data for y in trace.y} == {"2025-01（2 人）"}
    ltv = charts.ltv_heatmap(ltv_cohorts(orders), labels=labels(names=ROW))
    assert {y for trace in ltv.data for y in trace.y} == {"2025-01（2 人）"}


def test_member_share_labels_sit_above_peaks_and_below_dips():
    # Member m spends 30 of 100 on Jan 1 (30%), all 20 on Jan 2 (100%), 10 of 50 on Jan 3 (20%):
    # Jan 2 is a peak (label above), Jan 1 and Jan 3 are below their neighbours (labels below).
    orders = orders_frame(
        customer_id=["m", None, "m", "m", None],
        order_day=["2025-01-01", "2025-01-01", "2025-01-02", "2025-01-03", "2025-01-03"],
        amount=[30, 70, 20, 10, 40],
    )
    daily = member_daily_trend(
        orders, end=pd.Timestamp("2025-01-03"), days=3, members=pd.DataFrame({"customer_id": ["m"]})
    )
    sales = charts.member_share_trend(daily, labels=labels(names=NAMES)).data[0]
    assert list(sales.y) == [0.3, 1.0, 0.2]
    assert list(sales.textposition) == ["bottom center", "top center", "bottom center"]
