"""The comparison period shared by the dashboard's sidebar and the report: previous, last year or none."""

from __future__ import annotations

import pandas as pd
import pytest

from analytics.errors import InputError
from analytics.metrics.period import Period, comparison_period

D = pd.Timestamp


def test_previous_is_the_period_of_equal_length_just_before():
    # 2025-03-01..03-31 is 31 days; the 31 days ending 2025-02-28 start on 2025-01-29.
    p = Period(D("2025-03-01"), D("2025-03-31"))
    assert comparison_period(p, "previous") == Period(D("2025-01-29"), D("2025-02-28"))


def test_last_year_is_the_same_days_a_year_earlier():
    p = Period(D("2025-03-01"), D("2025-03-31"))
    assert comparison_period(p, "last-year") == Period(D("2024-03-01"), D("2024-03-31"))
    # 2024-02-29 has no twin in 2023: pandas' year offset falls back to the 28th.
    leap = Period(D("2024-02-01"), D("2024-02-29"))
    assert comparison_period(leap, "last-year") == Period(D("2023-02-01"), D("2023-02-28"))


def test_none_and_an_unknown_mode():
    p = Period(D("2025-03-01"), D("2025-03-31"))
    assert comparison_period(p, "none") is None
    with pytest.raises(InputError) as error:
        comparison_period(p, "weekly")
    assert error.value.code == "metrics.unknown_comparison"
    assert error.value.message.params["choices"] == ["previous", "last-year", "none"]
