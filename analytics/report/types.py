"""The report's content types: sections, tables, charts and headlines, in no language yet.

:func:`analytics.report.content.build_content` fills them from the metric functions; the section
builders (campaign, contact, monthly) return them; the PDF, the workbook and the PNG pack read them.
Kept apart from the orchestration so a section builder imports the types, never the builder that
calls it (no import circle).
"""

from __future__ import annotations

from dataclasses import dataclass
from operator import attrgetter
from typing import Any

from analytics.errors import Message, Term
from analytics.metrics.period import Period
from analytics.metrics.summary import Summary
from analytics.metrics.trends import Kpi
from analytics.report.inputs import RowAccounting
from analytics.report.text import Kind


def _catalog_term(group: str, doc: str, *, key: str = "key") -> property:
    """Return a read-only property naming a piece of the report: ``Term("report.<group>.<key>")``.

    ``key`` is the attribute (dotted for a nested one) that holds the piece's key.
    """
    read = attrgetter(key)
    return property(lambda piece: Term(f"report.{group}.{read(piece)}"), doc=doc)


@dataclass(frozen=True)
class Headline:
    """A cover card: a figure of the period, its value in the comparison period and its kind."""

    kpi: Kpi
    kind: Kind

    label = _catalog_term("headline", "The card's label.", key="kpi.name")


@dataclass(frozen=True)
class Column:
    """A table column: its key (header ``report.column.<key>``) and how its values are formatted."""

    key: str
    kind: Kind

    label = _catalog_term("column", "The column header.")


@dataclass(frozen=True)
class Table:
    """A table of figures (one row per period, group, tier or arm), values as plain numbers."""

    key: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Any, ...], ...]
    # A footnote under the table, as the page has under the same table ("—" explained).
    note: Message | None = None

    title = _catalog_term("table", "The table title.")

    def column(self, key: str) -> list[Any]:
        """Return the values of column ``key``, top to bottom."""
        index = [c.key for c in self.columns].index(key)
        return [row[index] for row in self.rows]


@dataclass(frozen=True, eq=False)
class Chart:
    """A chart of the report: the ``analytics.charts`` function to call and the result it draws."""

    key: str
    function: str
    result: Any
    period: Period
    definition: Term
    x_title: Term | None = None
    y_title: Term | None = None
    # A footnote under the chart, as the page has under the same chart.
    note: Message | None = None

    title = _catalog_term("chart", "The chart title.")


@dataclass(frozen=True, eq=False)
class Section:
    """One subject of the report: its plain reading, charts and tables."""

    key: str
    reading: tuple[Message, ...]
    charts: tuple[Chart, ...]
    tables: tuple[Table, ...]

    title = _catalog_term("section", "The section title.")


def holds_no_order(comparison: Period | None, previous: Summary | None) -> bool:
    """Return True when a comparison period is asked for and its summary counts no order."""
    return comparison is not None and previous is not None and previous.orders == 0


@dataclass(frozen=True, eq=False)
class ReportContent:
    """Everything a report shows, in no language yet.

    ``comparison`` is None without a comparison; ``comparison_days_observed`` says how many of
    its days the data covers (fewer than ``comparison.days`` makes its totals partial).
    ``refund_rows`` is how many of the rows used are refund lines (0 when refunds are not shown).
    """

    shop: str
    currency: str | None
    period: Period
    comparison: Period | None
    comparison_days_observed: int
    summary: Summary
    previous: Summary | None
    headlines: tuple[Headline, ...]
    sections: tuple[Section, ...]
    accounting: RowAccounting | None
    orders_used: int
    notes: tuple[Message, ...]
    definitions: tuple[Term, ...]
    refund_rows: int = 0

    @property
    def comparison_empty(self) -> bool:
        """Return True when there is a comparison period and it holds no order (nothing to compare).

        Its counts are then 0 and its rates undefined: not a value of the comparison period but
        the absence of one, so the cover says "no orders" instead of "0" or "—".
        """
        return holds_no_order(self.comparison, self.previous)

    @property
    def store(self) -> Term | str:
        """Return the store(s) every header names: the shop, or "all stores" when none is named.

        A report of several stores (or of files naming none) is named as the dashboard names it,
        never by a file name.
        """
        return self.shop or Term("report.name.all_stores")

    def section(self, key: str) -> Section | None:
        """Return the section ``key``, or None when the report has none (no member list ...)."""
        return next((s for s in self.sections if s.key == key), None)

    @property
    def charts(self) -> tuple[Chart, ...]:
        """Return every chart of the report, in page order."""
        return tuple(chart for section in self.sections for chart in section.charts)
