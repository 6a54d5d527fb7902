"""Every chart of a report: built by ``analytics.charts`` and rendered by ONE kaleido browser.

This is the report's only contact with the chart functions (called by name on
``analytics.charts``) and with kaleido. Starting Chromium and loading plotly.js into its tab costs
seconds (two on an idle machine, five and more on a busy one), so the browser is started once per
process and kept open: every figure of every report goes through it (kaleido 1.x renders several
figures per session), as SVG for the PDF (vector: text stays text, and sharp at any zoom) or PNG
for the image pack. The dashboard's button makes the PDF and then the images, and a team makes
reports of several periods: only the first starts a browser. The command line exits after its one
report, and the browser with it (closed at exit).

One tab, figures one after another: two or more tabs (``Kaleido(n=...)``) each load plotly.js at
the start, which on this 2-core machine cost more than rendering in parallel saved (nine charts,
load about 13: one tab 7.8 to 9.6 s start to close, two tabs 10.6 to 12.9 s).
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

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


class _Browser:
    """A kaleido session kept open, driven by an event loop on a daemon thread of its own.

    Callers on any thread (Streamlit runs each browser session's script on one) hand it
    coroutines and wait for their results; kaleido's tab queue needs them on one loop.
    """

    def __init__(self, path: str) -> None:
        self.path = path
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="kaleido", daemon=True)
        self._thread.start()
        try:
            self._engine = self._wait(self._open(), RENDER_TIMEOUT)
        except BaseException:
            self._stop_loop()
            raise

    async def _open(self) -> Any:
        import kaleido  # loaded only when a report renders: it costs the CLI's other commands time

        # mathjax=False: no formulas, and the default fetches MathJax from a CDN (slow offline).
        engine = kaleido.Kaleido(path=self.path, mathjax=False, timeout=RENDER_TIMEOUT)
        await engine.open()
        return engine

    def _wait(self, coroutine: Any, timeout: float) -> Any:
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop).result(timeout)

    def render(self, jobs: Sequence[tuple[dict[str, Any], dict[str, Any]]]) -> list[bytes]:
        """Return the image of each (figure JSON, kaleido options) job, in order."""

        async def all_jobs() -> list[bytes]:
            return [await self._engine.calc_fig(figure, opts=opts) for figure, opts in jobs]

        # kaleido times each figure out itself; this bounds a browser that stopped answering.
        return self._wait(all_jobs(), RENDER_TIMEOUT * (len(jobs) + 1))

    def close(self) -> None:
        """Close the browser (best effort: it may be the one that failed) and stop the loop."""
        try:
            with contextlib.suppress(Exception):  # a dead browser has nothing left to close
                self._wait(self._engine.close(), 30.0)
        finally:
            self._stop_loop()

    def _stop_loop(self) -> None:
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10.0)
        if not self._thread.is_alive():
            self._loop.close()


# The process's browser (None until a report renders) and the lock that lets one report at a time
# use, start or replace it: two Streamlit sessions clicking at once would otherwise start two.
_browser: _Browser | None = None
_browser_lock = threading.Lock()


def close_browser() -> None:
    """Close the kept browser, if one is open (at exit, so no Chromium outlives the process)."""
    global _browser
    with _browser_lock:
        if _browser is not None:
            _browser.close()
            _browser = None


atexit.register(close_browser)


def _render_jobs(path: str, jobs: Sequence[tuple[dict[str, Any], dict[str, Any]]]) -> list[bytes]:
    """Render on the kept browser, starting one if none is open (or it drives another Chromium).

    A kept browser that fails (it died while idle, or hangs) is closed and a new one tries once
    more; a browser started for this call that fails is the report's error.
    """
    global _browser
    with _browser_lock:
        if _browser is not None and _browser.path == path:
            try:
                return _browser.render(jobs)
            except Exception:
                _browser.close()
                _browser = None
        elif _browser is not None:
            _browser.close()
            _browser = None
        _browser = _Browser(path)
        try:
            return _browser.render(jobs)
        except Exception:
            _browser.close()
            _browser = None
            raise


def render_figures(figures: Sequence[go.Figure], *, image_format: str, size: ImageSize) -> list[bytes]:
    """Render figures to SVG or PNG bytes on the process's browser (started on first use).

    Raises
    ------
    InputError
        ``report.no_browser`` without Chromium, ``report.chart_failed`` when rendering fails.
    """
    if not figures:
        return []
    path = browser()
    opts = {"format": image_format, "width": size.width, "height": size.height, "scale": 1}
    try:
        return _render_jobs(path, [(fig.to_plotly_json(), opts) for fig in figures])
    except Exception as exc:  # kaleido raises its own and choreographer's errors: one clear line
        detail = (str(exc).splitlines() or [type(exc).__name__])[0][:200]
        raise InputError("report.chart_failed", browser=path, detail=detail) from exc


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
