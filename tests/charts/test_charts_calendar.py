"""The calendar strip of loaded days: each day in its week and weekday, gaps marked."""

from __future__ import annotations

import numpy as np
import pandas as pd
from charts_helpers import (
    labels,
)

from analytics.charts.calendar import GAP_COLOUR, calendar_figure


def test_calendar_of_loaded_days_places_each_day_and_marks_gaps():
    # Wed 1 Jan .. Tue 7 Jan 2025: 1-3 Jan uploaded (5, 0, 2 orders), 4-7 Jan not covered (a gap).
    # The grid starts on Monday 30 Dec: 1 Jan is row Wed (2), week 0; 6 Jan is row Mon (0), week 1.
    days = pd.DataFrame(
        {
            "day": pd.date_range("2025-01-01", "2025-01-07"),
            "orders": [5, 0, 2, 0, 0, 0, 0],
            "covered": [True, True, True, False, False, False, False],
        }
    )
    weekdays = ["一", "二", "三", "四", "五", "六", "日"]
    fig = calendar_figure(days, labels=labels(), weekdays=weekdays)
    counts, gaps = (np.asarray(trace.z, dtype=float) for trace in fig.data[:2])
    assert counts.shape == (7, 2)
    assert counts[2, 0] == 5 and counts[3, 0] == 0 and counts[4, 0] == 2
    assert np.isnan(counts[0, 1]) and gaps[0, 1] == 1 and gaps[5, 0] == 1  # Mon 6 Jan, Sat 4 Jan: gaps
    assert np.isnan(gaps[2, 0])  # an uploaded day is not a gap
    legend = fig.data[-1]
    assert legend.marker.color == GAP_COLOUR and legend.name == labels().name("gap")
