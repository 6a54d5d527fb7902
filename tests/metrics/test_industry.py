"""Industry position: the shop's figure over each peer figure's own days, placed against the peers."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from analytics.frames import orders_frame
from analytics.metrics.industry import industry_position, peer_standing
from analytics.metrics.peers import PeerFigure, PeerFigures

D = pd.Timestamp


def _orders():
    # 1-7 Jan: a buys on 1 and 3 Jan (repeat), b on 2 Jan, c on 7 Jan; a guest on 7 Jan.
    # Week 1-7 Jan: customers a, b, c -> repeat 1 of 3 = 33.3%; sales 10+20+30+40+100 = 200 in 5
    # orders -> AOV 40. 6-7 Jan: only c (and the guest) -> repeat 0 of 1.
    return orders_frame(
        customer_id=["a", "b", "a", "c", None],
        order_day=["2025-01-01", "2025-01-02", "2025-01-03", "2025-01-07", "2025-01-07"],
        amount=[10, 20, 30, 40, 100],
    )


def test_standings_over_the_peers_days():
    week = (D("2025-01-01"), D("2025-01-07"))
    peers = PeerFigures(
        (
            PeerFigure("repeat_purchase_rate", 0.25, top=0.40, start=week[0], end=week[1]),
            PeerFigure("aov", 50.0, top=80.0, start=week[0], end=week[1]),
            PeerFigure("repeat_purchase_rate", 0.10, top=0.20, start=D("2025-01-06"), end=D("2025-01-07")),
        )
    )
    rows = industry_position(_orders(), peers)
    repeat, aov, two_days = (r.standing for r in rows)
    # 33.3% against 25% / 40%: between, +8.3 points on the average, -6.7 to the top; 1 of 3 customers.
    assert repeat.position == "between"
    assert repeat.gap_to_average == pytest.approx(1 / 3 - 0.25)
    assert repeat.gap_to_top == pytest.approx(1 / 3 - 0.40)
    assert (repeat.shop.numerator, repeat.shop.denominator) == (1, 3)
    # AOV 40 against 50: 20% below (a relative gap for an amount).
    assert aov.position == "below_average" and aov.gap_to_average == pytest.approx(-0.2)
    # 6-7 Jan: c alone, one purchase day -> 0 of 1, below the 10% average.
    assert two_days.position == "below_average" and two_days.shop.value == 0.0


def test_figures_that_cannot_be_compared_say_why():
    peers = PeerFigures(
        (
            PeerFigure("aov", 50.0),  # no days stated
            PeerFigure("aov", 50.0, start=D("2024-12-25"), end=D("2025-01-07")),  # before the data
            PeerFigure("member_sales_share", 0.3, start=D("2025-01-01"), end=D("2025-01-07")),  # no members
        )
    )
    rows = industry_position(_orders(), peers)
    assert [(r.standing, r.not_compared) for r in rows] == [
        (None, "window_not_stated"),
        (None, "window_not_covered"),
    ]


def test_above_top_and_above_average_without_a_top():
    figure = PeerFigure("repeat_purchase_rate", 0.2, top=0.3)
    assert peer_standing(0.3, figure).position == "above_top"  # at the top counts as reaching it
    assert peer_standing(0.2, figure).position == "between"  # at the average: not below it
    assert peer_standing(0.25, PeerFigure("repeat_purchase_rate", 0.2)).position == "above_average"
    undefined = peer_standing(math.nan, figure)
    assert undefined.position is None and undefined.gap_to_average is None


def test_members_share_is_compared_when_membership_is_known():
    members = pd.DataFrame({"customer_id": pd.array(["a"], dtype="str")})
    peers = PeerFigures((PeerFigure("member_sales_share", 0.5, start=D("2025-01-01"), end=D("2025-01-07")),))
    (row,) = industry_position(_orders(), peers, members=members)
    # a's sales 10 + 30 = 40 of 200 = 20%: below the 50% average.
    assert row.standing.shop.value == pytest.approx(0.2) and row.standing.position == "below_average"
