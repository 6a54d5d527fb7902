"""The control group's size: the smallest difference a split detects, and the split for a difference."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from analytics.metrics.customers.power import control_size, detectable_difference, share_for_difference


def test_detectable_difference_hand_computed():
    # 1,000 listed, 10% held out: 900 vs 100. p = 0.2: sqrt(0.16 x (1/900 + 1/100)) = 0.042164;
    # x (1.959964 + 0.841621) = 2.801585 -> 0.11813.
    assert detectable_difference(1000, 0.1, base_rate=0.2) == pytest.approx(0.118126, abs=1e-5)
    # Unknown rate: the largest variance, p = 0.5: sqrt(0.25 x 0.011111) x 2.801585 = 0.14766.
    assert detectable_difference(1000, 0.1, base_rate=None) == pytest.approx(0.147656, abs=1e-5)
    split = control_size(1000, 0.1, base_rate=0.2)
    assert (split.care, split.control) == (900, 100)


def test_issue_example_uci_overdue_list():
    # The issue: 59 controls of a ~590 list detect only ~18 points at 80% power (rate near 0.5).
    assert detectable_difference(590, 0.1, base_rate=0.5) == pytest.approx(0.19, abs=0.01)


def test_share_for_a_difference():
    # 15% of 1,000 detects 9.9 points; 10% only 11.8: for 10 points 15% is the smallest step.
    assert share_for_difference(1000, 0.10, base_rate=0.2).share == 0.15
    # 5 points on a list of 100 is out of reach even at half the list.
    assert share_for_difference(100, 0.05, base_rate=0.2) is None


def test_empty_groups_detect_nothing():
    assert math.isnan(detectable_difference(5, 0.05, base_rate=0.2))  # 0.25 rounds to no control


@given(st.integers(20, 100_000), st.floats(0.05, 0.5), st.floats(0.01, 0.99))
def test_more_control_detects_less(listed, share, rate):
    smaller = detectable_difference(listed, share, base_rate=rate)
    larger = detectable_difference(listed, min(share + 0.05, 0.5), base_rate=rate)
    if not math.isnan(smaller):
        assert larger <= smaller + 1e-12
