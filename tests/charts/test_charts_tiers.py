"""Tier chart: tiers in ladder order, darker for higher tiers."""

from __future__ import annotations

from charts_helpers import (
    FIGURES,
    NAMES,
)


def test_tier_distribution_keeps_tier_order_low_to_high():
    # silver < gold. silver: c (1 member, 1 buyer, sales 50); gold: a (1 member, 1 buyer, 40).
    fig = FIGURES["tiers"]
    members = next(t for t in fig.data if t.name == NAMES["members"])
    assert list(members.x) == ["silver", "gold"]
    assert list(members.y) == [1, 1]
    sales = fig.data[2]
    assert list(sales.y) == [50, 40]
    # Darker means higher tier: gold's shade has a lower brightness than silver's.
    dark = [sum(int(c[i : i + 2], 16) for i in (1, 3, 5)) for c in sales.marker.color]
    assert dark[1] < dark[0]
