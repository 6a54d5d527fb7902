"""The image pack: each chart of the report alone as a 1600x900 PNG, zipped.

File names are numbered in page order (``01_repeat_windows.png`` ...) so the slides sort as the
report reads.
"""

from __future__ import annotations

import io
import zipfile

from analytics.report.content import ReportContent
from analytics.report.render_charts import PNG_SIZE, render_report_charts
from analytics.report.text import Texts


def report_pngs(content: ReportContent, texts: Texts) -> bytes:
    """Return a zip of every chart as a PNG at 1600x900 (one browser session for all)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        # PNG is compressed already: storing saves time and loses nothing.
        rendered = render_report_charts(content, texts, image_format="png", size=PNG_SIZE)
        for number, (chart, png) in enumerate(rendered, start=1):
            archive.writestr(f"{number:02d}_{chart.key}.png", png)
    return buffer.getvalue()
