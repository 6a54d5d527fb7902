"""Campaign charts: arms against the control, and the directional window-by-window reading."""

from __future__ import annotations

import pandas as pd
import pytest
from charts_helpers import (
    FIGURES,
    NAMES,
    labels,
)

from analytics import charts
from analytics.charts.style import PALETTE
from analytics.frames import orders_frame
from analytics.metrics.campaign.did import directional_uplift
from analytics.metrics.period import Period


def test_campaign_arms_show_conversion_uplift_and_incremental_sales():
    fig = FIGURES["campaign"]
    rates, uplift, incremental = fig.data
    assert list(rates.x) == ["对照组", "短信"] and list(rates.y) == [0.1, 0.2]
    assert rates.marker.color[0] == PALETTE["control"]
    # Uplift 0.10 with CI [0.01, 0.18], drawn in percentage points as the table shows it:
    # 10 points, whiskers 8 points up and 9 down.
    assert list(uplift.y) == [pytest.approx(10.0)]
    assert uplift.error_y.array[0] == pytest.approx(8.0)
    assert uplift.error_y.arrayminus[0] == pytest.approx(9.0)
    assert fig.layout.yaxis2.ticksuffix == NAMES.get("points_unit", " pp")
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
