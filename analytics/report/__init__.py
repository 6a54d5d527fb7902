"""The meeting pack: PDF, XLSX and a zip of chart PNGs from the same metric results as the pages.

Pure (never imports streamlit): :func:`build_report` takes canonical frames
(:class:`ReportInputs`) and returns the file's bytes, so the dashboard's Report page and
``python -m analytics report`` produce the same files; :func:`write_atomically` writes them
without ever leaving half a file.
"""

from analytics.metrics.period import COMPARISONS
from analytics.report.build import FORMATS, LANGUAGES, build_report, format_for
from analytics.report.content import ReportContent, build_content
from analytics.report.inputs import ReportInputs, RowAccounting
from analytics.report.writing import check_writable, write_atomically

__all__ = [
    "COMPARISONS",
    "FORMATS",
    "LANGUAGES",
    "ReportContent",
    "ReportInputs",
    "RowAccounting",
    "build_content",
    "build_report",
    "check_writable",
    "format_for",
    "write_atomically",
]
