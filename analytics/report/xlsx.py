"""The meeting workbook: a sheet per subject, figures as real numbers with number formats.

Every figure is written as the number the metric result holds (a rate as the fraction 0.642 shown
with the ``0.0%`` format, money as a number shown with the currency format), so a manager can
chart or sum it in Excel. Texts that come from the data (a store, a tier, a campaign group) could
start with ``=``, ``+``, ``-`` or ``@`` and run as a formula when opened: they are written as text
with a leading apostrophe, the usual escaping, while numbers are left as numbers.
"""

from __future__ import annotations

import datetime as dt
import io
import math
from typing import Any

from babel.numbers import get_currency_symbol
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from analytics.errors import Message, Term
from analytics.report.content import ReportContent, Table
from analytics.report.text import Kind, Texts
from analytics.safe_cells import safe_text

_BOLD = Font(bold=True)
_TITLE = Font(bold=True, size=14)
_MUTED = Font(color="5F6B76")
# Excel caps sheet names at 31 characters and forbids a few.
_SHEET_NAME_LIMIT = 31


def _formats(texts: Texts) -> dict[str, str]:
    unit = texts.points_unit()
    symbol = get_currency_symbol(texts.currency, locale=texts.locale) if texts.currency else ""
    money = f'"{symbol}"#,##0' if symbol else "#,##0"
    return {
        "count": "#,##0",
        "money": money,
        "money2": money + ".00",
        "rate": "0.0%",
        "number": "0.00##",
        "date": "yyyy-mm-dd",
        "month": "yyyy-mm",
        # A relative change is a signed percentage; a change of a rate would be points (see _summary).
        "change": "+0.0%;-0.0%;0.0%",
        # A difference of rates is written in points (the cell holds 2.1 for +2.1 points), with the
        # unit the report's language uses: never as "2.1%", which reads as a relative change.
        "points": f'+0.0" {unit}";-0.0" {unit}";0.0" {unit}"',
    }


class _Sheet:
    """Writes rows top to bottom on one worksheet."""

    def __init__(self, sheet: Worksheet, texts: Texts) -> None:
        self.sheet, self.texts, self.row = sheet, texts, 1
        self.formats = _formats(texts)

    def cell(self, column: int, value: Any, kind: Kind = "text", font: Font | None = None) -> None:
        target = self.sheet.cell(row=self.row, column=column)
        if isinstance(value, Term | Message):
            value = self.texts(value)
        if isinstance(value, str):
            target.value = safe_text(value)
            target.data_type = "s"  # never "f": the text was escaped, not a formula to keep
        elif value is None or (isinstance(value, float) and math.isnan(value)):
            target.value = None  # an undefined figure is an empty cell, not a misleading 0
        elif kind in ("date", "month") or isinstance(value, dt.date):
            target.value = value.to_pydatetime() if hasattr(value, "to_pydatetime") else value
            target.number_format = self.formats["month" if kind == "month" else "date"]
        else:
            if kind == "points":
                value = round(float(value) * 100, 10)
            target.value = float(value) if kind in ("money", "money2", "rate", "number", "change") else value
            target.number_format = self.formats.get(kind, "General")
        if font is not None:
            target.font = font

    def line(self, *values: Any, font: Font | None = None) -> None:
        for column, value in enumerate(values, start=1):
            self.cell(column, value, font=font)
        self.row += 1

    def paragraph(self, text: str) -> None:
        self.cell(1, text)
        self.sheet.cell(row=self.row, column=1).alignment = Alignment(wrap_text=False)
        self.row += 1

    def table(self, table: Table) -> None:
        self.line(self.texts(table.title), font=_BOLD)
        for column, spec in enumerate(table.columns, start=1):
            self.cell(column, self.texts(spec.label), font=_BOLD)
        self.row += 1
        for values in table.rows:
            for column, (spec, value) in enumerate(zip(table.columns, values, strict=True), start=1):
                self.cell(column, value, spec.kind)
            self.row += 1
        self.row += 1

    def widths(self, first: int = 28, other: int = 16) -> None:
        for index in range(1, self.sheet.max_column + 1):
            self.sheet.column_dimensions[get_column_letter(index)].width = first if index == 1 else other


def _sheet_name(text: str, used: set[str]) -> str:
    name = "".join("_" if ch in "[]:*?/\\" else ch for ch in text)[:_SHEET_NAME_LIMIT] or "sheet"
    candidate, n = name, 2
    while candidate in used:
        candidate = f"{name[: _SHEET_NAME_LIMIT - 3]} {n}"
        n += 1
    used.add(candidate)
    return candidate


def _header(sheet: _Sheet, title: str, content: ReportContent) -> None:
    texts = sheet.texts
    sheet.line(title, font=_TITLE)
    sheet.line(texts(Message("report.store", {"shop": content.store})), font=_MUTED)
    sheet.line(
        texts(Message("report.period_range", {"start": content.period.start, "end": content.period.end})),
        font=_MUTED,
    )
    sheet.row += 1


def _relative(current: float, previous: float) -> float | None:
    if math.isnan(current) or math.isnan(previous) or previous == 0:
        return None
    return current / previous - 1


def _summary(sheet: _Sheet, content: ReportContent) -> None:
    texts = sheet.texts
    comparison = (
        texts(
            Message(
                "report.cover.comparison", {"start": content.comparison.start, "end": content.comparison.end}
            )
        )
        if content.comparison
        else texts(Term("report.cover.no_comparison"))
    )
    sheet.line(comparison, font=_MUTED)
    sheet.row += 1
    header = (
        Term("report.column.metric"),
        Term("report.column.current"),
        Term("report.column.previous"),
        Term("report.column.change"),
    )
    sheet.line(*(texts(term) for term in header), font=_BOLD)
    for headline in content.headlines:
        kpi = headline.kpi
        # A rate changes in points (as the cover says), a count or an amount relatively.
        change_kind: Kind = "points" if headline.kind == "rate" else "change"
        change = kpi.delta if headline.kind == "rate" else _relative(kpi.current, kpi.previous)
        sheet.cell(1, headline.label)
        sheet.cell(2, kpi.current, headline.kind)
        sheet.cell(3, kpi.previous, headline.kind)
        sheet.cell(4, change, change_kind)
        sheet.row += 1
    sheet.row += 1
    for note in content.notes:
        sheet.paragraph(texts(note))


def _quality(sheet: _Sheet, content: ReportContent) -> None:
    texts, accounting = sheet.texts, content.accounting
    if accounting is None:
        sheet.paragraph(texts(Message("report.quality.history", {"orders": content.orders_used})))
        return
    for term, value in (
        (Term("report.quality.rows_read"), accounting.rows_read),
        (Term("report.quality.rows_used"), accounting.rows_used),
        *([(Term("report.quality.refund_rows"), content.refund_rows)] if content.refund_rows else []),
        (Term("report.quality.rows_dropped"), accounting.rows_dropped),
    ):
        sheet.cell(1, term)
        sheet.cell(2, value, "count")
        sheet.row += 1
    sheet.row += 1
    sheet.line(texts(Term("report.quality.reason")), texts(Term("report.quality.rows")), font=_BOLD)
    for reason, rows in sorted(accounting.dropped.items(), key=lambda item: -item[1]):
        if rows:
            sheet.cell(1, sheet.texts.reason(reason))
            sheet.cell(2, rows, "count")
            sheet.row += 1
    sheet.row += 1
    sheet.paragraph(texts(Message("report.quality.orders", {"orders": content.orders_used})))


def report_xlsx(content: ReportContent, texts: Texts) -> bytes:
    """Return the report as an XLSX workbook (bytes)."""
    book = Workbook()
    used: set[str] = set()
    summary = _Sheet(book.active, texts)
    summary.sheet.title = _sheet_name(texts(Term("report.sheet.summary")), used)
    _header(summary, texts(Term("report.cover.title")), content)
    _summary(summary, content)
    summary.widths()
    for section in content.sections:
        sheet = _Sheet(book.create_sheet(_sheet_name(texts(section.title), used)), texts)
        _header(sheet, texts(section.title), content)
        for sentence in section.reading:
            sheet.paragraph(texts(sentence))
        sheet.row += 1
        for table in section.tables:
            sheet.table(table)
        sheet.widths(first=16)
    quality = _Sheet(book.create_sheet(_sheet_name(texts(Term("report.section.quality")), used)), texts)
    _header(quality, texts(Term("report.section.quality")), content)
    _quality(quality, content)
    quality.widths(first=36)
    definitions = _Sheet(
        book.create_sheet(_sheet_name(texts(Term("report.section.definitions")), used)), texts
    )
    definitions.line(texts(Term("report.section.definitions")), font=_TITLE)
    definitions.row += 1
    for term in content.definitions:
        definitions.paragraph(texts(term))
    definitions.widths(first=120)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
