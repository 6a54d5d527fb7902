"""Time-between-purchases chart: the gaps with the median and care-cycle lines."""

from __future__ import annotations

import numpy as np
import pandas as pd
from charts_helpers import FIGURES, labels

from analytics.charts import interval_histogram
from analytics.metrics.intervals import PurchaseIntervals


def test_interval_histogram_marks_median_and_care_cycle():
    # Gaps: a Jan 2 -> Jan 5 = 3 days only (b's two orders are one day, c buys once): median 3, p75 3.
    fig = FIGURES["intervals"]
    assert list(fig.data[0].x) == [3.0]
    lines = [s for s in fig.layout.shapes if s.type == "line"]
    assert sorted(s.x0 for s in lines) == [3.0, 3.0]
    texts = {a.text for a in fig.layout.annotations if a.name != "footnote"}
    assert {"中位数 3 天", "建议关怀周期 3 天"} <= texts


def test_interval_histogram_sends_each_gap_once_with_its_count():
    # Gaps 3, 3, 5, 3 and 5 days: 3 days three times, 5 days twice; median 3, p75 5.
    gaps = pd.DataFrame({"customer_id": list("abcde"), "days": np.array([3, 3, 5, 3, 5])})
    summary = pd.DataFrame([{"group": "all", "median_days": 3.0, "care_cycle_days": 5.0}])
    fig = interval_histogram(PurchaseIntervals(gaps, summary), labels=labels())
    bars = fig.data[0]
    assert bars.histfunc == "sum" and list(bars.x) == [3.0, 5.0] and list(bars.y) == [3, 2]
    # The tallest bin holds 3 gaps: the y axis leaves 18% headroom, 3 x 1.18.
    assert fig.layout.yaxis.range[1] == 3 * 1.18
