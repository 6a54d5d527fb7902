"""Repeat-purchase charts: the windows' rate with its band, repurchase within N days."""

from __future__ import annotations

import pytest
from charts_helpers import (
    FIGURES,
    JAN,
    NAMES,
    jan_orders,
    labels,
)

from analytics import charts
from analytics.metrics.period import Period
from analytics.metrics.repeat import repurchase_within_days


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
