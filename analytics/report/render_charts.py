"""Every chart of a report: built by ``analytics.charts`` and rendered in ONE kaleido browser session.

This is the report's only contact with the chart functions (called by name on
``analytics.charts``) and with kaleido. Starting Chromium costs about two seconds, so all the
report's figures go through one session (kaleido 1.x renders several figures per session), as SVG
for the PDF (vector: text stays text, and sharp at any zoom) or PNG for the image pack.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass

import plotly.graph_objects as go

from analytics import charts
from analytics.errors import InputError, Message, Term
from analytics.metrics.peers import PEER_METRICS
from analytics.report.content import Chart, ReportContent
from analytics.report.text import Texts

# Seconds allowed for the whole session's start and for each figure.
RENDER_TIMEOUT = 90.0
# Series, panel and reference-line names the chart functions read from ``ChartLabels.names``.
NAME_KEYS: tuple[str, ...] = (
    "member",
    "non_member",
    "returning",
    "new",
    "guest",
    "new_or_guest",
    "customers",
    "orders",
    "sales",
    "sales_share",
    "aov",
    "repeat_purchase_rate",
    "members",
    "buyers",
    "buyers_share",
    "rate",
    "ci",
    "small_sample",
    "empty",
    "days",
    "no_tier",
    "immature",
    "control",
    "conversion_rate",
    "conversion_uplift",
    "incremental_sales",
    "targeted",
    "non_targeted",
    "sales_per_customer",
    "campaign_window",
    "returning_buyers_share",
    "peer_average",
    "peer_top",
    "shop",
    "rank",
    "index",
)
# Series names one chart words its own way: the member trend's two lines are members' shares.
CHART_NAMES: dict[str, dict[str, str]] = {
    "member_trend": {"sales_share": "member_sales_share", "buyers_share": "member_buyers_share"},
}


@dataclass(frozen=True)
class ImageSize:
    """The CSS pixel size a chart is laid out at (the chart styles are sized for 1600 wide)."""

    width: int
    height: int


# The PDF's chart slot: the full width of a 16:9 page under the title and the reading.
PDF_SIZE = ImageSize(1600, 640)
# The image pack: what managers paste into slides (DESIGN.md).
PNG_SIZE = ImageSize(1600, 900)


def chart_figure(chart: Chart, content: ReportContent, texts: Texts) -> go.Figure:
    """Return the plotly figure of one report chart, with its title, period, store and definition."""
    labels = charts.ChartLabels(
        title=texts(chart.title),
        period=texts(Message("report.period_range", {"start": chart.period.start, "end": chart.period.end})),
        store=texts(Message("report.store", {"shop": content.store})),
        definition=texts(chart.definition),
        names={key: texts(Term(f"report.name.{key}")) for key in NAME_KEYS}
        | {key: texts(Term(f"report.name.{name}")) for key, name in CHART_NAMES.get(chart.key, {}).items()}
        | {
            "cohort_row": _cohort_row(texts),
            "partial_month": texts(
                Message("report.name.partial_month_days", {"covered": "{covered}", "days": "{days}"})
            ),
            "currency": texts.currency_symbol(),
            # Differences of rates on axes and labels in the report language's unit, never "pp" in Chinese.
            "points_unit": " " + texts.points_unit(),
            "row": texts(Message("report.name.industry_row", {"metric": "{metric}", "days": "{days}"})),
            "partial_bucket": texts(
                Message(
                    "report.name.partial_bucket",
                    {"label": "{label}", "covered": "{covered}", "days": "{days}"},
                )
            ),
        }
        | {f"metric_{key}": texts(Term(f"report.peer.{key}")) for key in PEER_METRICS},
        x_title=texts(chart.x_title) if chart.x_title else "",
        y_title=texts(chart.y_title) if chart.y_title else "",
    )
    return getattr(charts, chart.function)(chart.result, labels=labels)


def _cohort_row(texts: Texts) -> str:
    # A template, as on the Repeat page: the heatmap fills in each cohort's month and customers.
    return texts(Message("report.name.cohort_row", {"month": "{month}", "n": "{n}"}))


def browser() -> str:
    """Return the Chromium kaleido drives, or raise ``report.no_browser``."""
    from analytics.charts.export import browser_path

    path = browser_path()
    if path is None:
        # Product, system and command names are parameters: the sentences around them are translated.
        raise InputError(
            "report.no_browser",
            browser="Chromium",
            system="Debian",
            install="apt-get install chromium",
            variable="BROWSER_PATH",
        )
    return path


def render_figures(figures: Sequence[go.Figure], *, image_format: str, size: ImageSize) -> list[bytes]:
    """Render figures to SVG or PNG bytes, all through one browser session.

    Raises
    ------
    InputError
        ``report.no_browser`` without Chromium, ``report.chart_failed`` when rendering fails.
    """
    if not figures:
        return []
    path = browser()
    opts = {"format": image_format, "width": size.width, "height": size.height, "scale": 1}

    async def session() -> list[bytes]:
        import kaleido  # loaded only when a report renders: it costs the CLI's other commands time

        # mathjax=False: no formulas, and the default fetches MathJax from a CDN (slow offline).
        async with kaleido.Kaleido(path=path, mathjax=False, timeout=RENDER_TIMEOUT) as engine:
            return [await engine.calc_fig(fig.to_plotly_json(), opts=opts) for fig in figures]

    try:
        return asyncio.run(session())
    except Exception as exc:  # kaleido raises its own and choreographer's errors: one clear line
        raise InputError("report.chart_failed", browser=path, detail=str(exc).splitlines()[0][:200]) from exc


def render_report_charts(
    content: ReportContent, texts: Texts, *, image_format: str, size: ImageSize
) -> list[tuple[Chart, bytes]]:
    """Return every chart of the report with its image, in page order."""
    figures = [chart_figure(chart, content, texts) for chart in content.charts]
    if image_format == "svg":
        # WeasyPrint does not paint the gradient of plotly's colour-scale bar (only its tick labels
        # showed, floating): in the PDF the heatmaps go without it; every cell prints its value.
        for figure in figures:
            figure.update_traces(showscale=False, selector={"type": "heatmap"})
    images = render_figures(figures, image_format=image_format, size=size)
    return list(zip(content.charts, images, strict=True))
