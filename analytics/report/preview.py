"""A picture of the PDF's cover, for the dashboard to show before the manager downloads the file.

Drawn from the PDF itself by poppler's ``pdftoppm`` (Debian ``poppler-utils``), so the preview is
the page as printed, fonts and all, not a second rendering that could differ.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

# Pixels per inch of the preview: a 16:9 page (10 x 5.625 in at 96 CSS px per inch) comes out
# about 1,000 pixels wide, sharp at the dashboard's width without a large image.
PREVIEW_DPI = 100
PREVIEW_TIMEOUT = 30


def cover_png(pdf: bytes, *, dpi: int = PREVIEW_DPI) -> bytes | None:
    """Return page 1 of ``pdf`` as PNG bytes, or None when ``pdftoppm`` is missing or fails.

    The preview is a convenience: without poppler the dashboard still offers the files.
    """
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        return None
    # pdftoppm reads a file and writes files (no pipes): a private temporary folder holds both.
    with tempfile.TemporaryDirectory(prefix="report-cover-") as folder:
        source, target = Path(folder) / "report.pdf", Path(folder) / "cover"
        source.write_bytes(pdf)
        try:
            done = subprocess.run(
                [pdftoppm, "-f", "1", "-l", "1", "-r", str(dpi), "-png", "-singlefile", source, target],
                capture_output=True,
                check=False,
                timeout=PREVIEW_TIMEOUT,
            )
        except (OSError, subprocess.TimeoutExpired):
            return None
        image = target.with_suffix(".png")
        return image.read_bytes() if done.returncode == 0 and image.is_file() else None
