"""Days between consecutive purchase days, median and care cycle, overall and per tier."""

from __future__ import annotations

import pytest
from metrics_fixtures import sample_members, sample_orders

from analytics.metrics.intervals import purchase_intervals


def test_intervals_by_hand():
    r = purchase_intervals(sample_orders(), members=sample_members())
    # a: Dec 10 -> Jan 5 (26) -> Jan 20 (15); b: Jan 10 -> Feb 5 (26); d: Jan 31 -> Feb 15 (15)
    # the split order of a on Jan 5 makes no 0-day gap
    assert sorted(r.intervals["days"].tolist()) == [15, 15, 26, 26]
    summary = r.summary.set_index("group")
    # all: median of 15 15 26 26 = 20.5; p75 (linear) = 15 + ... position 2.25 -> 26
    assert summary.loc["all", "median_days"] == 20.5 and summary.loc["all", "care_cycle_days"] == 26.0
    # gold a: 26 and 15; silver c has one purchase day only; non-members b and d: 26 and 15
    assert summary.loc["gold", "intervals"] == 2 and summary.loc["silver", "intervals"] == 0
    assert summary.loc["non-member", "customers"] == 2
    assert r.to_dict()["distribution"] == {"15": 2, "26": 2}


def test_shuffled_rows_give_the_same_intervals():
    shuffled = sample_orders().sample(frac=1, random_state=3)
    assert sorted(purchase_intervals(shuffled).intervals["days"]) == pytest.approx([15, 15, 26, 26])
