"""The report engine's one entry point, shared by the dashboard's Report page and the command line."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Literal

from analytics.errors import InputError
from analytics.metrics.period import Period
from analytics.report.content import ReportContent, build_content
from analytics.report.inputs import ReportInputs
from analytics.report.text import Texts

Format = Literal["pdf", "xlsx", "png-zip"]
# File extension -> format; the command line picks the format from --out.
FORMATS: dict[str, Format] = {".pdf": "pdf", ".xlsx": "xlsx", ".zip": "png-zip"}
LANGUAGES: tuple[str, ...] = ("zh", "en")


def format_for(path: str | Path) -> Format:
    """Return the report format a file name asks for, or raise ``report.unknown_format``.

    Examples
    --------
    >>> format_for("weekly.PDF"), format_for("charts.zip")
    ('pdf', 'png-zip')
    """
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        raise InputError("report.unknown_format", file=Path(path).name, formats=list(FORMATS))
    return FORMATS[suffix]


def _writer(fmt: str) -> Callable[[ReportContent, Texts], bytes]:
    # Each format loads its own libraries (WeasyPrint, openpyxl) only when asked for.
    if fmt == "pdf":
        from analytics.report.pdf import report_pdf

        return report_pdf
    if fmt == "xlsx":
        from analytics.report.xlsx import report_xlsx

        return report_xlsx
    if fmt == "png-zip":
        from analytics.report.pngs import report_pngs

        return report_pngs
    raise InputError("report.unknown_format", file=fmt, formats=list(FORMATS))


# The last content built, with what it was built from: the dashboard asks for the PDF, the workbook
# and the images of the same inputs one after another, and their content (every metric function,
# a second or more) is the same for all three. One entry: the page's inputs stay alive anyway.
_last_content: tuple[ReportInputs, Period, str, ReportContent] | None = None


def _content(inputs: ReportInputs, period: Period, compare: str) -> ReportContent:
    """Return the content of ``inputs``, reused when the previous call had the same inputs object.

    The same object, not equal frames: ``ReportInputs`` is frozen and its frames are not changed
    after they are handed over (the page builds a new one per rerun), so identity is a safe key
    that costs nothing, where hashing every row would cost what it saves.
    """
    global _last_content
    last = _last_content
    if last is not None and last[0] is inputs and last[1] == period and last[2] == compare:
        return last[3]
    content = build_content(inputs, period=period, compare=compare)
    _last_content = (inputs, period, compare, content)
    return content


def build_report(
    inputs: ReportInputs,
    *,
    period: Period,
    compare: str = "previous",
    lang: str = "zh",
    fmt: Format = "pdf",
) -> bytes:
    """Return the meeting report of ``period`` as PDF, XLSX or a zip of chart PNGs.

    Parameters
    ----------
    inputs
        Canonical orders (and member / campaign lists) with the store they describe.
    period
        The analysed period, inclusive days.
    compare
        ``"previous"`` (the period of equal length before), ``"last-year"`` or ``"none"``.
    lang
        ``"zh"`` or ``"en"``: every word of the file, charts included.
    fmt
        ``"pdf"``, ``"xlsx"`` or ``"png-zip"`` (see :func:`format_for`).

    Raises
    ------
    InputError
        ``report.empty_period``, ``report.unknown_format``, ``report.unknown_language``,
        ``report.no_font``, ``report.no_browser``, ``report.chart_failed``, and the metric
        functions' own errors (a member list that matches no customer ...).
    """
    if lang not in LANGUAGES:
        raise InputError("report.unknown_language", value=lang, choices=list(LANGUAGES))
    writer = _writer(fmt)
    content = _content(inputs, period, compare)
    return writer(content, Texts(lang, inputs.currency))
