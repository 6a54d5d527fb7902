"""The report's monthly sales and 10-day member share sections, from the metric functions the pages call.

Monthly sales come from :func:`analytics.metrics.monthly.monthly_sales` (the Overview's "Monthly
sales"), each month's refunds and net sales next to them from
:func:`analytics.metrics.refunds.period_refunds` when it says they are shown (the data has refund
lines), the members' daily shares from :func:`analytics.metrics.member_trend.member_daily_trend`
(the Members page's trend). Figures stay typed values; words are catalog codes.
"""

from __future__ import annotations

from analytics.errors import Message, Term
from analytics.metrics.member_trend import DEFAULT_TREND_DAYS, member_daily_trend
from analytics.metrics.monthly import MONTHS_SHOWN, monthly_sales
from analytics.metrics.period import Period
from analytics.metrics.refunds import PeriodRefunds, period_refunds
from analytics.metrics.share import Share
from analytics.money import Money
from analytics.report.inputs import ReportInputs
from analytics.report.text import Relative
from analytics.report.types import Chart, Column, Section, Table

MONTHLY_COLUMNS: tuple[Column, ...] = (
    Column("month", "month"),
    Column("covered_days", "count"),
    Column("partial_month", "text"),
    Column("orders", "count"),
    Column("sales", "money"),
    Column("sales_change", "change"),
    Column("buyers", "count"),
    Column("returning_buyers_share", "rate"),
    Column("returning_sales_share", "rate"),
)


# Each month's refunds (refund lines on their day) and net sales, after its sales change.
REFUND_COLUMNS: tuple[Column, ...] = (Column("refunds", "money"), Column("net_sales", "money"))


def _with_refunds(
    rows: tuple[tuple, ...], refunds: list[PeriodRefunds], sales: list[float]
) -> tuple[tuple[Column, ...], tuple[tuple, ...]]:
    """Return the monthly columns and rows with each month's refunds and net sales after the sales change."""
    at = [c.key for c in MONTHLY_COLUMNS].index("sales_change") + 1
    return (
        (*MONTHLY_COLUMNS[:at], *REFUND_COLUMNS, *MONTHLY_COLUMNS[at:]),
        tuple(
            (*row[:at], r.amount, r.net(s), *row[at:]) for row, r, s in zip(rows, refunds, sales, strict=True)
        ),
    )


def monthly_section(inputs: ReportInputs, period: Period) -> Section | None:
    """Return sales by calendar month up to the period's last day (None without orders).

    The reading names the latest full month and its change against the month before, and each
    partial month with the days the data covers, so a short last month is not read as a fall.
    When the refunds metric shows refunds (the data has refund lines), each month's refunds (those
    made on the days of the month the data covers) and net sales follow its sales, and the latest
    full month's are read out.
    """
    monthly = monthly_sales(inputs.book, end=period.end, months=MONTHS_SHOWN)  # the report's one log
    if monthly is None or not monthly.months:
        return None
    refunds = [period_refunds(inputs.refunds, Period(m.start, m.end)) for m in monthly.months]
    with_refunds = all(r.shown for r in refunds)
    reading: list[Message] = []
    full = [m for m in monthly.months if not m.partial]
    if full:
        latest = full[-1]
        figures = {"month": f"{latest.month:%Y-%m}", "sales": Money(latest.sales), "orders": latest.orders}
        if latest.sales_change is None:
            reading.append(Message("report.reading.monthly_latest_alone", figures))
        else:
            reading.append(
                Message("report.reading.monthly_latest", {**figures, "change": Relative(latest.sales_change)})
            )
        if with_refunds:
            refund = refunds[monthly.months.index(latest)]
            reading.append(
                Message(
                    "report.reading.monthly_refunds",
                    {
                        "month": figures["month"],
                        "refunds": Money(refund.amount),
                        "net": Money(refund.net(latest.sales)),
                    },
                )
            )
    for month in monthly.partial_months:
        reading.append(
            Message(
                "report.reading.monthly_partial",
                {"month": f"{month.month:%Y-%m}", "covered": month.covered_days, "days": month.month_days},
            )
        )
    rows = tuple(
        (
            m.month,
            m.covered_days,
            Term("report.name.partial_month") if m.partial else "",
            m.orders,
            m.sales,
            m.sales_change,
            m.buyers,
            None if m.returning_buyers_share is None else m.returning_buyers_share.value,
            None if m.returning_sales_share is None else m.returning_sales_share.value,
        )
        for m in monthly.months
    )
    columns = MONTHLY_COLUMNS
    if with_refunds:
        columns, rows = _with_refunds(rows, refunds, [m.sales for m in monthly.months])
    # As under the Overview's table: the data's first month shows "—" for returning shares.
    first_month = monthly.months[0].history_before
    note = None if first_month else Message("report.note.no_returning_first_month")
    table = Table("monthly", columns, rows, note)
    chart = Chart(
        "monthly", "monthly_sales_chart", monthly, monthly.period, Term("report.definition.monthly")
    )
    return Section("monthly", tuple(reading), (chart,), (table,))


def member_trend_section(inputs: ReportInputs, period: Period) -> Section | None:
    """Return members' share of sales and of buyers for each of the 10 days ending on the period's end.

    None when membership is unknown (no member list and no member column), as on the Members page.
    """
    daily = member_daily_trend(inputs.orders, end=period.end, days=DEFAULT_TREND_DAYS, members=inputs.members)
    if daily is None:
        return None
    member_sales = sum(d.member_sales for d in daily.days)
    sales = sum(d.sales for d in daily.days)
    selling = [d for d in daily.days if d.sales]
    reading = [
        Message(
            "report.reading.member_trend",
            {
                "days": len(daily.days),
                "share": Share(member_sales, sales),
                "member_sales": Money(member_sales),
                "sales": Money(sales),
            },
        )
    ]
    if selling:
        low = min(selling, key=lambda d: d.sales_share.value)
        high = max(selling, key=lambda d: d.sales_share.value)
        reading.append(
            Message(
                "report.reading.member_trend_range",
                {
                    "low_day": low.day.date(),
                    "low": low.sales_share,
                    "high_day": high.day.date(),
                    "high": high.sales_share,
                },
            )
        )
    table = Table(
        "member_trend",
        (
            Column("day", "date"),
            Column("sales", "money"),
            Column("member_sales", "money"),
            Column("member_sales_share", "rate"),
            Column("buyers", "count"),
            Column("member_buyers", "count"),
            Column("member_buyers_share", "rate"),
        ),
        tuple(
            (d.day, d.sales, d.member_sales, d.sales_share.value, d.buyers, d.member_buyers, d.buyers_share)
            for d in daily.days
        ),
    )
    chart = Chart(
        "member_trend", "member_share_trend", daily, daily.period, Term("report.definition.member_trend")
    )
    return Section("member_trend", tuple(reading), (chart,), (table,))
