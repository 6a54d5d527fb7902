"""The meeting PDF: 16:9 pages from HTML templates, set by WeasyPrint with Noto Sans CJK embedded.

Why WeasyPrint: the pages are HTML and CSS (``templates/``), which anyone on the team can edit;
charts go in as SVG from kaleido, so they stay vector graphics; and WeasyPrint embeds subsetted
OpenType/CFF fonts such as Noto Sans CJK (Debian ``fonts-noto-cjk``), which ReportLab cannot
embed, so a Chinese report reads on a machine without the font. It needs only pip and Debian's
pango (``libpango-1.0-0``, ``libpangoft2-1.0-0``).

Pages: the cover (store, period, comparison period, headline cards with their changes, notes),
one page per chart of each subject (its title, plain reading, chart), the data-quality page and
the definitions last.
"""

from __future__ import annotations

import base64
import shutil
import subprocess
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape

from analytics.errors import InputError, Message, Term
from analytics.money import Money
from analytics.report.content import REFUND_HEADLINES, Headline, ReportContent, Table
from analytics.report.render_charts import PDF_SIZE, render_report_charts
from analytics.report.text import MISSING, Texts

TEMPLATES = Path(__file__).resolve().parent / "templates"
# Sections whose table follows their chart on a page of its own: the figures a manager reads out
# (a month's sales), where the chart alone would leave them to be guessed from bar heights.
TABLE_PAGES: frozenset[str] = frozenset({"industry", "store_index", "monthly", "member_trend"})
# The face the templates and the chart styles name; Debian's fonts-noto-cjk provides it.
CJK_FONT = "Noto Sans CJK SC"


@cache
def _environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html", "j2"]), trim_blocks=True
    )


def require_cjk_font() -> None:
    """Raise ``report.no_font`` unless fontconfig finds Noto Sans CJK (Chinese would show as boxes)."""
    fc_list = shutil.which("fc-list")
    found = (
        fc_list is not None
        and subprocess.run([fc_list, "-q", CJK_FONT], check=False, capture_output=True).returncode == 0
    )
    if not found:
        raise InputError(
            "report.no_font", font=CJK_FONT, system="Debian", install="apt-get install fonts-noto-cjk"
        )


def _change(headline: Headline, texts: Texts) -> str:
    kpi = headline.kpi
    if kpi.direction is None:
        return ""
    if headline.kind == "rate":
        return texts.points(kpi.delta)
    return texts.relative(kpi.current, kpi.previous)


def _refunds_line(content: ReportContent, texts: Texts) -> str:
    """Return the sales card's "refunds X, net Y", as the Overview writes it; "" when not shown."""
    summary = content.summary
    if not summary.refund.shown:
        return ""
    figures = {"refunds": Money(summary.refunds), "net": Money(summary.net_sales)}
    return texts(Message("report.cover.sales_refunds_net", figures))


def _previous_line(content: ReportContent, headline: Headline, texts: Texts) -> str:
    """Return a card's comparison line: "对比周期：1,453", "对比周期无订单", or "" without a comparison."""
    if content.comparison is None:
        return ""
    if content.comparison_empty:
        # Its counts are 0 and its rates undefined: "对比周期：0" would read as a figure of a period
        # that had none (the note below the cards says the changes are not shown).
        return texts(Term("report.cover.previous_none"))
    value = texts.value(headline.kpi.previous, headline.kind)
    return texts(Message("report.cover.previous_value", {"value": value}))


def _cards(content: ReportContent, texts: Texts) -> list[dict[str, str]]:
    cards = []
    for headline in content.headlines:
        kpi = headline.kpi
        if kpi.name in REFUND_HEADLINES:
            continue  # written under the sales card (see _refunds_line)
        cards.append(
            {
                "label": texts(headline.label),
                "value": texts.value(kpi.current, headline.kind),
                "change": _change(headline, texts),
                "direction": kpi.direction or "none",
                "detail": _refunds_line(content, texts) if kpi.name == "sales" else "",
                "previous": _previous_line(content, headline, texts),
            }
        )
    return cards


def _quality(content: ReportContent, texts: Texts) -> dict[str, Any]:
    accounting = content.accounting
    if accounting is None:
        return {"rows": [], "note": texts(Message("report.quality.history", {"orders": content.orders_used}))}
    rows = [
        (texts(Term("report.quality.rows_read")), texts.count(accounting.rows_read)),
        (texts(Term("report.quality.rows_used")), texts.count(accounting.rows_used)),
        *(
            [(texts(Term("report.quality.refund_rows")), texts.count(content.refund_rows))]
            if content.refund_rows
            else []
        ),
        (texts(Term("report.quality.rows_dropped")), texts.count(accounting.rows_dropped)),
    ]
    reasons = [
        (texts.reason(reason), texts.count(rows_))
        for reason, rows_ in sorted(accounting.dropped.items(), key=lambda item: -item[1])
        if rows_
    ]
    return {
        "rows": rows,
        "reasons": reasons,
        "note": texts(Message("report.quality.orders", {"orders": content.orders_used})),
    }


def _table(table: Table, texts: Texts) -> dict[str, Any]:
    """Return a table's headers and formatted cells, with which columns align right (numbers)."""
    numeric = [column.kind not in ("text", "date", "month") for column in table.columns]
    return {
        "headers": [(texts(column.label), n) for column, n in zip(table.columns, numeric, strict=True)],
        "rows": [
            [
                (texts.value(value, column.kind), n)
                for value, column, n in zip(row, table.columns, numeric, strict=True)
            ]
            for row in table.rows
        ],
        "note": texts(table.note) if table.note else "",
    }


def _data_uri(svg: bytes) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")


def report_html(content: ReportContent, texts: Texts, images: dict[str, bytes]) -> str:
    """Return the report as one HTML document (``images``: chart key -> SVG bytes)."""
    period = texts(Message("report.period_range", {"start": content.period.start, "end": content.period.end}))
    comparison = (
        texts(
            Message(
                "report.cover.comparison", {"start": content.comparison.start, "end": content.comparison.end}
            )
        )
        if content.comparison
        else texts(Term("report.cover.no_comparison"))
    )
    pages = []
    for section in content.sections:
        if not section.charts:
            # A subject without a chart (customers to contact) is read from its tables.
            pages.append(
                {
                    "title": texts(section.title),
                    "reading": [texts(m) for m in section.reading],
                    "tables": [_table(table, texts) for table in section.tables],
                }
            )
        for index, chart in enumerate(section.charts):
            pages.append(
                {
                    "title": texts(section.title)
                    + ("" if index == 0 else texts(Term("report.page.continued"))),
                    "reading": [texts(m) for m in section.reading] if index == 0 else [],
                    "image": _data_uri(images[chart.key]),
                    "alt": texts(chart.title),
                    "note": texts(chart.note) if chart.note else "",
                }
            )
        if section.charts and section.key in TABLE_PAGES:
            # One page per table: a long table beside another would run off the page.
            pages.extend(
                {
                    "title": texts(section.title) + texts(Term("report.page.continued")),
                    "reading": [],
                    "tables": [_table(table, texts)],
                }
                for table in section.tables
            )
    template = _environment().get_template("report.html.j2")
    return template.render(
        lang="zh-Hans" if texts.lang == "zh" else "en",
        font=CJK_FONT,
        width_px=PDF_SIZE.width,
        height_px=PDF_SIZE.height,
        title=texts(Term("report.cover.title")),
        shop=texts(Message("report.store", {"shop": content.store})),
        period=period,
        comparison=comparison,
        footer=f"{content.shop or texts(Term('report.name.all_stores'))} · {period}",
        cards=_cards(content, texts),
        notes=[texts(n) for n in content.notes],
        pages=pages,
        quality_title=texts(Term("report.section.quality")),
        quality=_quality(content, texts),
        reason_header=texts(Term("report.quality.reason")),
        rows_header=texts(Term("report.quality.rows")),
        definitions_title=texts(Term("report.section.definitions")),
        definitions=[texts(d) for d in content.definitions],
        missing=MISSING,
    )


def report_pdf(content: ReportContent, texts: Texts) -> bytes:
    """Return the report as PDF bytes.

    Raises
    ------
    InputError
        ``report.no_font`` without Noto Sans CJK, ``report.no_browser`` / ``report.chart_failed``
        when the charts cannot be rendered.
    """
    require_cjk_font()
    images = {
        chart.key: svg
        for chart, svg in render_report_charts(content, texts, image_format="svg", size=PDF_SIZE)
    }
    import weasyprint  # loaded only for a PDF: it takes half a second

    html = report_html(content, texts, images)
    return weasyprint.HTML(string=html, base_url=str(TEMPLATES)).write_pdf()
