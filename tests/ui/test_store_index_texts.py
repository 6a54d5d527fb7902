"""The Overview's store index texts: table cells, the leader and the biggest climber."""

from __future__ import annotations

import pandas as pd

from analytics.charts import ChartLabels, store_index_chart
from analytics.metrics.period import Period
from analytics.metrics.store_index import StoreIndex, StoreIndexPeriod, StoreScore
from ui.store_index import index_table, index_verdict

D = pd.Timestamp


def _index():
    week1 = StoreIndexPeriod(
        Period(D("2025-01-01"), D("2025-01-07")), (StoreScore("N", 90, 1, 2), StoreScore("S", 50, 2, 2))
    )
    week2 = StoreIndexPeriod(
        Period(D("2025-01-08"), D("2025-01-14")),
        (StoreScore("*S*", 95, 1, 3), StoreScore("N", 80, 2, 3), StoreScore("W", 40, 3, 3)),
    )
    # "*S*" is not "S": a renamed store is new; Markdown in a store name is escaped in the verdict.
    return StoreIndex((week1, week2))


def test_table_in_chinese():
    table = index_table(_index(), lang="zh")
    assert table["门店"] == ["*S*", "N", "W"]
    assert table["指数（0-100）"] == ["95.0", "80.0", "40.0"]
    assert table["排名较上期"] == ["新上榜（上期无订单）", "下降 1 位", "新上榜（上期无订单）"]


def test_verdict_names_the_leader_escaped():
    text = index_verdict(_index(), lang="en")
    assert text.startswith("\\*S\\* leads the 3 stores with an index of 95.0.")


def test_chart_ranks_with_the_best_on_top():
    labels = ChartLabels("t", "p", "s", "d", names={"rank": "Rank", "index": "Index", "empty": "none"})
    fig = store_index_chart(_index(), labels=labels)
    assert [t.name for t in fig.data][1:] == ["N", "W"]  # best first, as the table
    n = next(t for t in fig.data if t.name == "N")
    assert list(n.y) == [1, 2] and n.text[-1].endswith("80")
    assert fig.layout.yaxis.range == (3.5, 0.5)
