"""Cohort heatmap: complete months coloured, months not fully observed in grey."""

from __future__ import annotations

import numpy as np
from charts_helpers import (
    FIGURES,
    NAMES,
    labels,
)

from analytics import charts
from analytics.frames import orders_frame
from analytics.metrics.cohorts import cohort_retention


def test_cohort_heatmap_greys_immature_cells():
    # One cohort (2025-01, 3 customers); the data ends Jan 10, so January is not complete: its
    # only cell (month 0, 100%) is immature and drawn in the grey layer, not the colour scale.
    fig = FIGURES["cohorts"]
    mature, grey = fig.data
    assert np.isnan(np.asarray(mature.z, dtype=float)).all()
    assert list(grey.y) == ["2025-01 (n=3)"]
    assert grey.name == NAMES["immature"]


def test_cohort_heatmap_colours_complete_months():
    # a: Jan 2 and Feb 3; b: Jan 3. Data ends Mar 31 (guest), so Jan and Feb are complete:
    # month 0 = 2/2 = 100%, month 1 = 1/2 = 50%, month 2 (March) = 0%, complete too.
    orders = orders_frame(
        customer_id=["a", "a", "b", None], order_day=["2025-01-02", "2025-02-03", "2025-01-03", "2025-03-31"]
    )
    fig = charts.cohort_heatmap(cohort_retention(orders), labels=labels())
    assert np.asarray(fig.data[0].z, dtype=float).tolist() == [[1.0, 0.5, 0.0]]
    assert len(fig.data) == 1  # nothing immature
