"""The report's store index section (chains): the same index, ranks and rank trend as the Overview's.

Figures come from :func:`analytics.metrics.store_index.store_index_trend`; store names are data
(the workbook escapes them, the PDF sets them as text).
"""

from __future__ import annotations

from analytics.errors import Message, Term
from analytics.metrics.period import Period
from analytics.metrics.store_index import store_index_trend
from analytics.report.inputs import ReportInputs
from analytics.report.types import Chart, Column, Section, Table


def store_index_section(inputs: ReportInputs, period: Period) -> Section | None:
    """Return the section, or None when the orders name fewer than two stores in the period."""
    if "store" not in inputs.orders.columns:
        return None
    index = store_index_trend(inputs.orders, period=period)
    current = index.current.scores
    if len(current) < 2:
        return None
    reading = [
        Message(
            "report.reading.store_index",
            {"store": current[0].store, "index": round(current[0].index, 1), "stores": len(current)},
        )
    ]
    climbed = [(m, s.store) for s in current if (m := index.rank_change(s.store)) is not None and m > 0]
    if climbed:
        moved, store = max(climbed)
        reading.append(Message("report.reading.store_index_climber", {"store": store, "n": moved}))
    table = Table(
        "store_index",
        (
            Column("rank", "count"),
            Column("store", "text"),
            Column("store_index", "number"),
            Column("rank_change", "count"),
        ),
        tuple((s.rank, s.store, s.index, index.rank_change(s.store)) for s in current),
    )
    trend = Table(
        "store_index_trend",
        (
            Column("window_start", "date"),
            Column("window_end", "date"),
            Column("store", "text"),
            Column("rank", "count"),
            Column("store_index", "number"),
        ),
        tuple(
            (p.period.start, p.period.end, s.store, s.rank, s.index) for p in index.periods for s in p.scores
        ),
    )
    span = Period(index.periods[0].period.start, index.periods[-1].period.end)
    chart = Chart("store_index", "store_index_chart", index, span, Term("report.definition.store_index"))
    return Section("store_index", tuple(reading), (chart,), (table, trend))
