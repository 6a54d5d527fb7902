"""Time-between-purchases chart: the gaps with the median and care-cycle lines."""

from __future__ import annotations

from charts_helpers import (
    FIGURES,
)


def test_interval_histogram_marks_median_and_care_cycle():
    # Gaps: a Jan 2 -> Jan 5 = 3 days only (b's two orders are one day, c buys once): median 3, p75 3.
    fig = FIGURES["intervals"]
    assert list(fig.data[0].x) == [3.0]
    lines = [s for s in fig.layout.shapes if s.type == "line"]
    assert sorted(s.x0 for s in lines) == [3.0, 3.0]
    texts = {a.text for a in fig.layout.annotations if a.name != "footnote"}
    assert {"中位数 3 天", "建议关怀周期 3 天"} <= texts
