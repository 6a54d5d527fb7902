"""RFM scores, segments as data, and the Pareto curve: hand-computed cases and invariance."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from analytics.frames import orders_frame
from analytics.metrics.customers.pareto import pareto_curve
from analytics.metrics.customers.rfm import quintile_scores, rfm_scores
from analytics.metrics.customers.segments import SEGMENTS, assign_segments, rfm_segments
from analytics.metrics.customers.summary import customer_summary

# Five customers, end = Jan 10. a: 3 days, 100; b: 2 days, 50; c: 1 day, 200; d: 1 day, 5; e: 1 day, 5
ROWS = [
    ("a", "2025-01-01", 40.0),
    ("a", "2025-01-05", 30.0),
    ("a", "2025-01-10", 30.0),
    ("b", "2025-01-02", 25.0),
    ("b", "2025-01-09", 25.0),
    ("c", "2025-01-03", 200.0),
    ("d", "2025-01-01", 5.0),
    ("e", "2025-01-04", 5.0),
]


def _summary(rows=ROWS):
    ids, days, amounts = zip(*rows, strict=True)
    return customer_summary(orders_frame(customer_id=list(ids), order_day=list(days), amount=list(amounts)))


def test_hand_computed_scores():
    scores = rfm_scores(_summary())
    # days since last: a 0, b 1, c 7, d 9, e 6 -> ranks of recency (best last): d<c<e<b<a -> 1,3,2,4,5
    assert scores["r_score"].tolist() == [5, 4, 2, 1, 3]
    # purchase days 3,2,1,1,1: c, d, e tie at the bottom -> all 1; b has 3 below -> 1+15//5 = 4; a 5
    assert scores["f_score"].tolist() == [5, 4, 1, 1, 1]
    # sales 100, 50, 200, 5, 5: d, e tie -> 1; b 2 below -> 3; a 3 below -> 4; c -> 5
    assert scores["m_score"].tolist() == [4, 3, 5, 1, 1]
    assert scores["rfm_score"].tolist() == ["554", "443", "215", "111", "311"]


def test_hand_computed_segments_and_shares():
    seg = rfm_segments(_summary())
    # a 5,5,4 all high; b 4,4,3 -> R high F high M low; c 2,1,5 -> R low F low M high
    assert seg.customers["segment"].tolist() == [
        "champions",
        "loyal",
        "at_risk",
        "hibernating",
        "hibernating",
    ]
    figures = {f.code: f for f in seg.figures}
    # total sales 360: champions 100/360, at_risk 200/360, hibernating 10/360
    assert figures["champions"].sales_share == pytest.approx(100 / 360)
    assert figures["at_risk"].sales_share == pytest.approx(200 / 360)
    assert figures["hibernating"].customers == 2
    assert list(seg.members("hibernating")) == ["d", "e"]
    assert [row["name"] for row in seg.to_dict()] == [rule.code for rule in SEGMENTS]


def test_segment_rules_cover_every_score_once():
    combos = np.array(list(itertools.product(range(1, 6), repeat=3)))
    hits = sum(rule.matches(combos[:, 0], combos[:, 1], combos[:, 2]).astype(int) for rule in SEGMENTS)
    assert (hits == 1).all()
    assert (assign_segments(combos[:, 0], combos[:, 1], combos[:, 2]) != "").all()


def test_scores_ignore_row_order_and_ids():
    base = rfm_segments(_summary()).customers
    shuffled = rfm_segments(_summary(list(reversed(ROWS)))).customers
    pd.testing.assert_frame_equal(base, shuffled)
    renamed = {"a": "z9", "b": "y8", "c": "x7", "d": "w6", "e": "v5"}
    other = rfm_segments(_summary([(renamed[c], d, a) for c, d, a in ROWS])).customers
    assert other.rename(index={v: k for k, v in renamed.items()}).sort_index().equals(base)


@given(st.lists(st.integers(0, 20), min_size=1, max_size=60))
def test_quintile_scores_properties(values):
    scores = quintile_scores(np.array(values))
    assert ((scores >= 1) & (scores <= 5)).all()
    order = np.argsort(values, kind="stable")
    assert (np.diff(scores[order]) >= 0).all()  # monotone in the value
    for v in set(values):  # equal values share a score
        assert len(set(scores[np.array(values) == v])) == 1


def test_pareto_hand_computed():
    p = pareto_curve(_summary())
    # sales sorted: 200, 100, 50, 5, 5 (total 360); the top 20% is the top customer: 200/360
    assert p.top_sales_share == pytest.approx(200 / 360)
    curve = p.curve.set_index("customer_share")["sales_share"]
    assert curve.iloc[0] == 0 and curve.iloc[-1] == pytest.approx(1.0)
    assert curve.loc[0.4] == pytest.approx(300 / 360)
    assert p.to_dict()["curve"][0] == [0.0, 0.0]


def test_pareto_interpolates_between_customers_and_handles_no_sales():
    # 2 customers with 3 and 1: at 20% of customers (0.4 of the first) -> 0.4 * 3/4 = 0.3
    rows = [("a", "2025-01-01", 3.0), ("b", "2025-01-01", 1.0)]
    assert pareto_curve(_summary(rows)).top_sales_share == pytest.approx(0.3)
    free = pareto_curve(_summary([("a", "2025-01-01", 0.0)]))
    assert np.isnan(free.top_sales_share) and free.to_dict()["top_sales_share"] is None
