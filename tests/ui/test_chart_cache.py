"""Figures are built once per (chart, result, labels, options) and shared; other results draw anew."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import plotly.graph_objects as go

from analytics.charts import ChartLabels
from analytics.frames import orders_frame
from analytics.metrics.period import Period
from analytics.metrics.stores import store_ranking
from ui.charts import cached_chart

LABELS = ChartLabels(
    "Stores", "2025-01-01 – 2025-01-02", "All stores", "Sales per store", names={"sales": "Sales"}
)


def _ranking(west: float = 40):
    # 东店 a 10 + b 20 = 30, 西店 c 40 (or ``west``): two stores.
    orders = orders_frame(
        customer_id=["a", "b", "c"],
        order_day=["2025-01-01", "2025-01-02", "2025-01-02"],
        amount=[10, 20, west],
        store=["东店", "东店", "西店"],
    )
    return store_ranking(orders, period=Period(orders["order_day"].min(), orders["order_day"].max()))


def _counting():
    calls = []

    def draw(result, *, labels, metric="sales", peer=None):
        calls.append((metric, peer))
        return go.Figure(go.Bar(x=[s.value(metric) for s in result.ranked(metric)]))

    return draw, calls


def test_the_same_result_labels_and_options_give_the_same_figure():
    draw, calls = _counting()
    ranking = _ranking()
    fig = cached_chart(draw, ranking, labels=LABELS, metric="sales")
    assert cached_chart(draw, ranking, labels=LABELS, metric="sales") is fig
    assert calls == [("sales", None)]
    # Sales ranked: 西店 40 before 东店 30.
    assert list(fig.data[0].x) == [40.0, 30.0]


def test_other_labels_options_or_results_draw_again():
    draw, calls = _counting()
    ranking = _ranking()
    # Labels of this test alone: the figure cache is shared by the tests of one process.
    labels = replace(LABELS, title="Stores, drawn again")
    first = cached_chart(draw, ranking, labels=labels, metric="sales")
    chinese = ChartLabels("门店", LABELS.period, "全部门店", "门店销售", names={"sales": "成交金额"})
    assert cached_chart(draw, ranking, labels=chinese, metric="sales") is not first
    assert cached_chart(draw, ranking, labels=labels, metric="customers") is not first
    assert cached_chart(draw, ranking, labels=labels, metric="sales", peer=35.0) is not first
    # A result is the shared object the metric cache returned: another result object, even an
    # equal one computed again, is drawn again (results are never hashed on every rerun).
    assert cached_chart(draw, _ranking(), labels=labels, metric="sales") is not first
    assert cached_chart(draw, _ranking(west=50), labels=labels, metric="sales") is not first
    assert len(calls) == 6


def test_lists_of_results_and_mapping_options_are_keys_too():
    calls = []

    def draw(results, *, labels, peers=None):
        calls.append(len(results))
        return go.Figure()

    one, two = _ranking(), _ranking(west=50)
    fig = cached_chart(draw, [one, two], labels=LABELS, peers={"aov": 50.0})
    assert cached_chart(draw, [one, two], labels=LABELS, peers={"aov": 50.0}) is fig
    assert cached_chart(draw, [two, one], labels=LABELS, peers={"aov": 50.0}) is not fig
    sixty = cached_chart(draw, [one, two], labels=LABELS, peers={"aov": 60.0})
    assert sixty is not fig
    # numpy numbers (a metric's float64) are values like Python's: 60.0 again is the same figure.
    assert cached_chart(draw, [one, two], labels=LABELS, peers={"aov": np.float64(60.0)}) is sixty
    assert calls == [2, 2, 2]


def test_a_kept_figure_holds_its_result_so_no_other_result_takes_its_id():
    draw, calls = _counting()
    labels = replace(LABELS, title="Stores, pinned")
    # The first result is referenced by the figure cache alone once this call returns; were it
    # freed, a new result could be allocated at its address and be given its figure.
    first = cached_chart(draw, _ranking(), labels=labels, metric="sales")
    others = [cached_chart(draw, _ranking(west=50), labels=labels, metric="sales") for _ in range(20)]
    assert all(figure is not first for figure in others)
    # 西店 50 is ranked first in every redraw: none is the first figure's 40.
    assert all(list(figure.data[0].x) == [50.0, 30.0] for figure in others)
    assert len(calls) == 21
