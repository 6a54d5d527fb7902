"""The report's industry position section: each peer figure against the shop's own over the same days.

Figures come from :func:`analytics.metrics.industry.industry_position`, the call the Overview makes;
rates and amounts are two tables (points and relative gaps are different units). A peer figure
that cannot be compared is listed with its reason, never set against other days.
"""

from __future__ import annotations

from analytics.errors import Message, Term
from analytics.metrics.industry import IndustryRow, industry_position
from analytics.metrics.period import Period
from analytics.money import Money
from analytics.report.inputs import ReportInputs
from analytics.report.text import Points, Rate, Relative
from analytics.report.types import Chart, Column, Section, Table

COUNTED: frozenset[str] = frozenset({"repeat_purchase_rate", "returning_customer_rate"})
RATE_COLUMNS: tuple[Column, ...] = (
    Column("peer_metric", "text"),
    Column("window_start", "date"),
    Column("window_end", "date"),
    Column("shop_value", "rate"),
    Column("shop_numerator", "count"),
    Column("shop_denominator", "count"),
    Column("peer_average", "rate"),
    Column("peer_top", "rate"),
    Column("position", "text"),
    Column("gap_to_average", "points"),
    Column("gap_to_top", "points"),
)
AMOUNT_COLUMNS: tuple[Column, ...] = (
    Column("peer_metric", "text"),
    Column("window_start", "date"),
    Column("window_end", "date"),
    Column("shop_value", "money2"),
    Column("peer_average", "money2"),
    Column("peer_top", "money2"),
    Column("position", "text"),
    Column("gap_to_average", "change"),
    Column("gap_to_top", "change"),
)


def _position(row: IndustryRow) -> Term:
    if row.standing is None:
        return Term(f"report.position.{row.not_compared}")
    return Term(f"report.position.{row.standing.position or 'undefined'}")


def _rate_row(row: IndustryRow) -> tuple:
    standing, figure = row.standing, row.figure
    shop = standing.shop if standing else None
    # Customers' counts (n of N) for the customer rates; a share of sales has amounts, not people.
    counted = shop is not None and figure.metric in COUNTED
    return (
        Term(f"report.peer.{figure.metric}"),
        figure.start,
        figure.end,
        None if shop is None else shop.value,
        shop.numerator if counted else None,
        shop.denominator if counted else None,
        figure.average,
        figure.top,
        _position(row),
        None if standing is None else standing.gap_to_average,
        None if standing is None else standing.gap_to_top,
    )


def _amount_row(row: IndustryRow) -> tuple:
    standing, figure = row.standing, row.figure
    return (
        Term(f"report.peer.{figure.metric}"),
        figure.start,
        figure.end,
        None if standing is None else standing.shop.value,
        figure.average,
        figure.top,
        _position(row),
        None if standing is None else standing.gap_to_average,
        None if standing is None else standing.gap_to_top,
    )


def _latest(rows: tuple[IndustryRow, ...]) -> tuple[IndustryRow, ...]:
    ends = [r.figure.end for r in rows if r.figure.end is not None]
    return tuple(r for r in rows if r.figure.end is not None and r.figure.end == max(ends)) if ends else ()


def industry_section(inputs: ReportInputs) -> Section | None:
    """Return the section, or None without peer figures."""
    if not inputs.peers:
        return None
    rows = industry_position(  # the report's one purchase log (ReportInputs.book)
        inputs.book, inputs.peers, members=inputs.members, members_source=inputs.members_source
    )
    latest = _latest(rows)
    # The reading counts the peers' latest figures, as the Overview does; the tables list them all.
    compared = [r for r in latest if r.standing is not None and r.standing.position is not None]
    reading: list[Message] = []
    if compared:
        count = {p: sum(r.standing.position == p for r in compared) for p in ("above_top", "below_average")}
        reading.append(
            Message(
                "report.reading.industry",
                {
                    "n": len(compared),
                    "above": count["above_top"],
                    "between": len(compared) - count["above_top"] - count["below_average"],
                    "below": count["below_average"],
                },
            )
        )
        behind = [r for r in compared if r.standing.position == "below_average"]
        if behind:
            worst = min(behind, key=lambda r: (not r.standing.rate, r.standing.gap_to_average))
            gap = worst.standing.gap_to_average
            reading.append(
                Message(
                    "report.reading.industry_worst",
                    {
                        "metric": Term(f"report.peer.{worst.figure.metric}"),
                        "start": worst.figure.start,
                        "end": worst.figure.end,
                        "shop": Rate(worst.standing.shop.value)
                        if worst.standing.rate
                        else Money(worst.standing.shop.value, decimals=2),
                        "gap": Points(-gap) if worst.standing.rate else Relative(-gap),
                    },
                )
            )
    else:
        reading.append(Message("report.reading.industry_none"))
    tables = (
        Table("industry_rates", RATE_COLUMNS, tuple(_rate_row(r) for r in rows if r.figure.metric != "aov")),
        Table(
            "industry_amounts",
            AMOUNT_COLUMNS,
            tuple(_amount_row(r) for r in rows if r.figure.metric == "aov"),
        ),
    )
    charts: tuple[Chart, ...] = ()
    if any(r.standing is not None and r.standing.rate for r in latest):
        span = Period(min(r.figure.start for r in latest), max(r.figure.end for r in latest))
        charts = (
            Chart("industry", "industry_position_chart", latest, span, Term("report.definition.industry")),
        )
    return Section("industry", tuple(reading), charts, tuple(t for t in tables if t.rows))
