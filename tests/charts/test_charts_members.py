"""Members vs non-members chart: fixed colours, each group's figures, undefined rates left out."""

from __future__ import annotations

import pandas as pd
import pytest
from charts_helpers import (
    FIGURES,
    JAN,
    NAMES,
    bars,
    labels,
)

from analytics import charts
from analytics.charts.style import PALETTE
from analytics.frames import orders_frame
from analytics.metrics.members import member_comparison


def test_member_colours_are_the_same_on_every_chart_that_shows_them():
    members = FIGURES["members"]
    assert {b.marker.color for b in members.data if b.name == NAMES["member"]} == {PALETTE["member"]}
    assert {b.marker.color for b in members.data if b.name == NAMES["non_member"]} == {PALETTE["non_member"]}


def test_members_comparison_bars_hold_each_groups_figures():
    # Members a (orders 10 + 30, days Jan 2 and 5) and c (50, one day): customers 2, sales 90,
    # AOV 90 / 3 = 30, repeat 1 of 2. Non-member b: customers 1, sales 40, AOV 20, repeat 0 of 1.
    fig = FIGURES["members"]
    member = [b.y[0] for b in bars(fig, NAMES["member"])]
    non_member = [b.y[0] for b in bars(fig, NAMES["non_member"])]
    assert member == pytest.approx([2, 90, 30, 0.5])
    assert non_member == pytest.approx([1, 40, 20, 0.0])


def test_members_comparison_leaves_an_undefined_rate_out_instead_of_drawing_zero():
    # Only guests and non-members buy: the member group has no customers, so AOV and repeat rate
    # are undefined (nan) and must not appear as a 0 bar.
    orders = orders_frame(customer_id=["b", None], order_day=["2025-01-03", "2025-01-04"], amount=[5, 5])
    members = pd.DataFrame({"customer_id": pd.array(["b"], dtype="str")})
    result = member_comparison(orders, period=JAN, members=members.assign(customer_id=["x"]).iloc[:0])
    fig = charts.members_comparison(result, labels=labels())
    member_values = [b.y[0] for b in bars(fig, NAMES["member"])]
    assert member_values[0] == 0 and member_values[2] is None and member_values[3] is None
