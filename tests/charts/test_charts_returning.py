"""Returning vs new customers chart: fixed colours, shares stacking to one, guests' sales."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from charts_helpers import (
    FIGURES,
    NAMES,
    jan_orders,
    labels,
)

from analytics import charts
from analytics.charts.style import PALETTE
from analytics.metrics.trends import trend


def test_returning_and_new_colours_match_across_panels_and_charts():
    returning = FIGURES["returning"]
    colours = {(t.name, t.marker.color) for t in returning.data}
    assert (NAMES["returning"], PALETTE["returning"]) in colours
    assert (NAMES["new"], PALETTE["new"]) in colours
    # Both panels (buyers and sales) draw returning in the same colour.
    assert {t.marker.color for t in returning.data if t.name == NAMES["returning"]} == {PALETTE["returning"]}
    # A second chart built from another period keeps the same colours for the same series.
    other = charts.returning_share_trend(
        trend(jan_orders(), start=pd.Timestamp("2025-01-02"), end=pd.Timestamp("2025-01-10"), freq="D"),
        labels=labels(),
    )
    assert {t.marker.color for t in other.data if t.name == NAMES["returning"]} == {PALETTE["returning"]}


def test_returning_share_trend_stacks_returning_and_new_to_one():
    # Daily buckets Jan 2-10 of a in-period-only data set: every buyer is new on their first day;
    # a on Jan 5 is returning (first day Jan 2 < Jan 5). So the Jan 5 bucket is 100% returning.
    fig = charts.returning_share_trend(
        trend(jan_orders(), start=pd.Timestamp("2025-01-02"), end=pd.Timestamp("2025-01-10"), freq="D"),
        labels=labels(),
    )
    returning = next(t for t in fig.data if t.name == NAMES["returning"] and t.xaxis == "x")
    new = next(t for t in fig.data if t.name == NAMES["new"] and t.xaxis == "x")
    by_day = dict(zip(returning.x, returning.y, strict=True))
    assert by_day["01-05"] == 1.0 and by_day["01-02"] == 0.0
    for r, n in zip(returning.y, new.y, strict=True):
        if not math.isnan(r):
            assert r + n == pytest.approx(1.0)


def test_returning_share_trend_shows_guests_when_the_trend_has_their_share():
    frame = pd.DataFrame(
        {
            "bucket_start": pd.to_datetime(["2025-01-01", "2025-01-02"]),
            "bucket_end": pd.to_datetime(["2025-01-01", "2025-01-02"]),
            "returning_buyers_share": [0.5, 0.25],
            "returning_sales_share": [0.4, 0.2],
            "unidentified_sales_share": [0.1, 0.3],
        }
    )
    fig = charts.returning_share_trend(frame, labels=labels())
    new_sales = next(t for t in fig.data if t.name == NAMES["new"] and t.xaxis == "x2")
    # new = 1 - returning - guests: 1 - 0.4 - 0.1 = 0.5 and 1 - 0.2 - 0.3 = 0.5
    assert list(new_sales.y) == pytest.approx([0.5, 0.5])
    guests = next(t for t in fig.data if t.name == NAMES["guest"])
    assert guests.marker.color == PALETTE["guest"]


def test_new_and_returning_counts_are_stacked_per_month():
    from analytics.frames import orders_frame
    from analytics.metrics.customer_counts import new_and_returning_by_month

    # January (the data's first month): a and b, not told apart; February: a returning, c new.
    orders = orders_frame(
        customer_id=["a", "b", "a", "c"], order_day=["2025-01-05", "2025-01-20", "2025-02-03", "2025-02-10"]
    )
    fig = charts.new_returning_counts(new_and_returning_by_month(orders), labels=labels("新老客人数"))
    returning, new, unsplit = fig.data
    assert list(returning.x) == ["2025-01", "2025-02"]
    assert list(returning.y) == [None, 1] and list(new.y) == [None, 1]
    # January's 2 buyers in one bar: with no earlier data every one of them would read as new.
    assert list(unsplit.y) == [2, None]
    assert fig.layout.barmode == "stack"


def test_a_partial_month_of_counts_is_pale_and_says_its_days():
    from analytics.frames import orders_frame
    from analytics.metrics.customer_counts import new_and_returning_by_month

    # Data 2025-01-05 .. 2025-03-09: March has 9 of its 31 days (and January 27 of 31).
    orders = orders_frame(
        customer_id=["a", "b", "a", "b"], order_day=["2025-01-05", "2025-02-03", "2025-02-10", "2025-03-09"]
    )
    names = {**NAMES, "partial_month": "partial: {covered} of {days} days"}
    fig = charts.new_returning_counts(new_and_returning_by_month(orders), labels=labels(names=names))
    notes = [a.text for a in fig.layout.annotations if "partial" in a.text]
    # Broken after the label, so a note is no wider than its bar.
    assert notes == ["partial:<br>27 of 31 days", "partial:<br>9 of 31 days"]
    assert list(fig.data[0].marker.opacity) == [0.45, 1.0, 0.45]
    # The last month's note is wider than its bar: the axis leaves room right of it.
    assert fig.layout.xaxis.range[1] > len(fig.data[0].x) - 0.5


def test_both_returning_charts_list_returning_then_new_in_their_legends():
    from analytics.frames import orders_frame
    from analytics.metrics.customer_counts import new_and_returning_by_month

    shares = FIGURES["returning"]
    orders = orders_frame(customer_id=["a", "a"], order_day=["2025-01-05", "2025-02-03"])
    counts = charts.new_returning_counts(new_and_returning_by_month(orders), labels=labels())
    # Plotly would reverse the vertical legend of stacked bars (new above returning) unless told not to.
    for fig in (shares, counts):
        assert fig.layout.legend.traceorder == "normal"
        shown = [t.name for t in fig.data if t.showlegend is not False]
        assert shown[:2] == [NAMES["returning"], NAMES["new"]]
