"""Store index: the documented score from the store ranking, ranks, and the trend of a store's rank."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from analytics.frames import orders_frame
from analytics.metrics.period import Period
from analytics.metrics.ratio import Ratio
from analytics.metrics.share import Share
from analytics.metrics.store_index import INDEX_WEIGHTS, index_period, store_index_trend
from analytics.metrics.stores import StoreFigures, StoreRanking

D = pd.Timestamp
DAY = Period(D("2025-01-01"), D("2025-01-01"))


def test_weights_add_up_to_one():
    assert math.isclose(sum(INDEX_WEIGHTS.values()), 1.0)


def test_a_store_without_customers_scores_zero_on_the_rates():
    # A: sales 100, repeat 1/2, returning 40/100, AOV 100/2 = 50 -> best on all but AOV.
    # B: sales 60 from guests only (no customers): repeat and returning share undefined -> 0;
    #    AOV 60/1 = 60 is the best. A: 0.4 + 0.3 + 0.2 + 0.1 x 50/60 = 0.9833; B: 0.4 x 0.6 + 0.1 = 0.34.
    a = StoreFigures("A", 2, 2, 100.0, Ratio(1, 2), Share(40.0, 100.0))
    b = StoreFigures("B", 0, 1, 60.0, Ratio(0, 0), Share(0.0, 60.0))
    scores = index_period(StoreRanking(DAY, (b, a))).scores
    assert [(s.store, s.rank, s.stores) for s in scores] == [("A", 1, 2), ("B", 2, 2)]
    assert scores[0].index == pytest.approx(100 * (0.9 + 0.1 * 50 / 60))
    assert scores[1].index == pytest.approx(100 * (0.4 * 0.6 + 0.1))


def test_a_figure_no_store_has_shares_its_weight():
    # Nobody returns anywhere (returning share 0 everywhere): its 0.2 is spread over the other 0.8.
    a = StoreFigures("A", 1, 1, 10.0, Ratio(1, 1), Share(0.0, 10.0))
    (score,) = index_period(StoreRanking(DAY, (a,))).scores
    assert score.index == pytest.approx(100.0)


def test_ties_are_ranked_by_store_name():
    same = dict(
        customers=1,
        orders=1,
        sales=10.0,
        repeat_purchase_rate=Ratio(0, 1),
        returning_sales_share=Share(0, 10),
    )
    scores = index_period(StoreRanking(DAY, (StoreFigures("Z", **same), StoreFigures("M", **same)))).scores
    assert [s.store for s in scores] == ["M", "Z"]


def test_trend_over_previous_periods_and_the_rank_change():
    # Week 1 (1-7 Jan): N sells 100, S 10 -> N first. Week 2 (8-14 Jan): N 10, S 100 -> S first.
    o = orders_frame(
        customer_id=["a", "b", "c", "d"],
        amount=[100, 10, 10, 100],
        store=["N", "S", "N", "S"],
        order_day=["2025-01-01", "2025-01-02", "2025-01-08", "2025-01-09"],
    )
    index = store_index_trend(o, period=Period(D("2025-01-08"), D("2025-01-14")))
    # Only two weeks: the periods before 1 January hold no order and are left out.
    assert [p.period.start for p in index.periods] == [D("2025-01-01"), D("2025-01-08")]
    assert [s.store for s in index.current.scores] == ["S", "N"]
    assert index.rank_change("S") == 1 and index.rank_change("N") == -1
    frame = index.to_frame()
    assert list(frame["rank"]) == [1, 2, 1, 2] and list(frame["store"]) == ["N", "S", "S", "N"]
