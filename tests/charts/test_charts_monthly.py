"""Monthly sales chart: a bar per month, partial months hatched and labelled, the share on the right."""

from __future__ import annotations

from analytics.charts import ChartLabels, monthly_sales_chart
from analytics.frames import orders_frame
from analytics.metrics.monthly import monthly_sales

LABELS = ChartLabels(
    title="Sales by month",
    period="2025-01-14 – 2025-03-20",
    store="All stores",
    definition="def",
    names={
        "sales": "Sales",
        "partial_month": "partial: {covered} of {days} days",
        "currency": "£",
        "empty": "none",
    },
)


def _monthly():
    # The data runs 14 Jan .. 20 Mar: January (18 of 31 days) and March (20 of 31) are partial.
    return monthly_sales(
        orders_frame(
            customer_id=["a", "a", "b", "a"],
            amount=[10, 30, 20, 5],
            order_day=["2025-01-14", "2025-02-03", "2025-02-28", "2025-03-20"],
        )
    )


def test_partial_months_are_hatched_and_say_their_days():
    fig = monthly_sales_chart(_monthly(), labels=LABELS)
    bars = fig.data[0]
    assert list(bars.x) == ["2025-01", "2025-02", "2025-03"]
    assert list(bars.y) == [10.0, 50.0, 5.0]
    assert list(bars.marker.pattern.shape) == ["/", "", "/"]
    # The note breaks after its label, so it is no wider than its bar.
    assert bars.text[0] == "£10<br>partial:<br>18 of 31 days"
    assert bars.text[2] == "£5<br>partial:<br>20 of 31 days"
    assert bars.text[1] == "£50"


def test_the_first_month_has_no_returning_point():
    fig = monthly_sales_chart(_monthly(), labels=LABELS)
    line = fig.data[1]
    assert line.y[0] is None and line.y[1] == 0.5 and line.yaxis == "y2"


def test_no_orders_gives_the_empty_message():
    fig = monthly_sales_chart(None, labels=LABELS)
    assert any(a.text == "none" for a in fig.layout.annotations)


def test_a_partial_last_month_leaves_room_for_its_note():
    # Seen on the UCI file: "partial: 9 of 31 days" over December 2011 ran under the right axis.
    fig = monthly_sales_chart(_monthly(), labels=LABELS)
    assert fig.layout.xaxis.range[1] > len(fig.data[0].x) - 0.5
