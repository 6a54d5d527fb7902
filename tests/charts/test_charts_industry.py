"""Industry position chart: peers' average bars, top ticks and the shop's dot coloured by its standing."""

from __future__ import annotations

import pandas as pd

from analytics.charts import ChartLabels, industry_position_chart
from analytics.charts.industry import POSITION_COLOURS
from analytics.metrics.industry import IndustryRow, ShopFigure, peer_standing
from analytics.metrics.peers import PeerFigure

D = pd.Timestamp
LABELS = ChartLabels(
    title="t",
    period="p",
    store="s",
    definition="d",
    names={
        "row": "{metric} · {days} days",
        "metric_repeat_purchase_rate": "Repeat rate",
        "metric_aov": "AOV",
        "peer_average": "Peer average",
        "peer_top": "Peer top",
        "shop": "This shop",
        "empty": "nothing",
    },
)


def _row(metric, shop, average, top, days=30):
    figure = PeerFigure(
        metric, average, top=top, start=D("2025-12-31") - pd.Timedelta(days=days - 1), end=D("2025-12-31")
    )
    return IndustryRow(figure, peer_standing(ShopFigure(shop), figure))


def test_rates_are_drawn_with_their_standing_and_amounts_left_to_the_table():
    rows = (
        _row("repeat_purchase_rate", 0.175, 0.196, 0.272),
        _row("repeat_purchase_rate", 0.30, 0.2, 0.25, days=7),
        _row("aov", 150.0, 160.0, 210.0),
    )
    fig = industry_position_chart(rows, labels=LABELS)
    bars, tops, shop = fig.data
    assert list(bars.y) == ["Repeat rate · 30 days", "Repeat rate · 7 days"]  # no AOV row
    assert list(bars.x) == [0.196, 0.2] and list(tops.x) == [0.272, 0.25]
    assert list(shop.marker.color) == [POSITION_COLOURS["below_average"], POSITION_COLOURS["above_top"]]
    assert list(shop.text) == ["17.5%", "30.0%"]


def test_nothing_compared_gives_the_empty_message():
    figure = PeerFigure("repeat_purchase_rate", 0.2)
    fig = industry_position_chart((IndustryRow(figure, None, "window_not_stated"),), labels=LABELS)
    assert any(a.text == "nothing" for a in fig.layout.annotations)
