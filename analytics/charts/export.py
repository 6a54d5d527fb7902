"""Static PNG and PDF export of plotly figures through kaleido and the system Chromium.

Kaleido 1.x drives a real Chrome over the DevTools protocol (through choreographer). Starting that
browser costs seconds, so one browser is kept open in a background thread with its own event loop
and reused for every export; a lock serialises calls (Streamlit runs sessions in threads) and every
call has a timeout, so a crashed browser gives a clear error instead of a hang, and the next call
starts a fresh one.
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import os
import shutil
import threading
from concurrent.futures import TimeoutError as FutureTimeoutError
from typing import Any

import plotly.graph_objects as go

# Seconds allowed for one image, browser start included; a 1600x900 chart takes well under one.
EXPORT_TIMEOUT = 90.0
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
_CANDIDATE_BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")


class ChartExportError(RuntimeError):
    """Raised when a figure cannot be rendered to an image; the message says what to install or do."""


def browser_path() -> str | None:
    """Return the Chromium used for exports: ``BROWSER_PATH`` when set, else the first one on PATH.

    The system package (Debian ``chromium``, ``/usr/bin/chromium``) is preferred over kaleido's own
    download so that CI and servers need no extra step.
    """
    explicit = os.environ.get("BROWSER_PATH")
    if explicit:
        return explicit if os.access(explicit, os.X_OK) else None
    for name in _CANDIDATE_BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    return None


class _BrowserWorker:
    """One kaleido browser kept open in a daemon thread, used under a lock."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._kaleido: Any = None

    def _start(self) -> None:
        import kaleido  # imported lazily: the dashboard and CLI start faster without it

        path = browser_path()
        if path is None:
            raise ChartExportError(
                "PNG export needs Chromium: install it (Debian: apt-get install chromium) "
                "or set BROWSER_PATH to a Chrome/Chromium executable"
            )
        loop = asyncio.new_event_loop()
        thread = threading.Thread(target=loop.run_forever, name="chart-export", daemon=True)
        thread.start()
        # mathjax=False: no formulas in our charts, and the default fetches MathJax from a CDN,
        # which fails (slowly) on offline servers. Sandbox stays off (choreographer's default) so
        # the export also works as root in containers.
        engine = kaleido.Kaleido(path=path, mathjax=False, timeout=EXPORT_TIMEOUT)
        try:
            asyncio.run_coroutine_threadsafe(engine.open(), loop).result(EXPORT_TIMEOUT)
        except BaseException as exc:
            loop.call_soon_threadsafe(loop.stop)
            thread.join(5)
            raise ChartExportError(f"could not start Chromium at {path} for PNG export: {exc}") from exc
        self._loop, self._thread, self._kaleido = loop, thread, engine

    def stop(self) -> None:
        """Close the browser and its thread (registered at exit; also used after a failure)."""
        loop, thread, engine = self._loop, self._thread, self._kaleido
        self._loop = self._thread = self._kaleido = None
        if loop is None:
            return
        # Best effort: after a crash the browser may already be gone.
        with contextlib.suppress(Exception):
            asyncio.run_coroutine_threadsafe(engine.close(), loop).result(15)
        loop.call_soon_threadsafe(loop.stop)
        if thread is not None:
            thread.join(5)

    def render(self, figure: dict[str, Any], opts: dict[str, Any]) -> bytes:
        with self._lock:
            if self._loop is None:
                self._start()
            future = asyncio.run_coroutine_threadsafe(self._kaleido.calc_fig(figure, opts=opts), self._loop)
            try:
                return future.result(EXPORT_TIMEOUT)
            except FutureTimeoutError as exc:
                future.cancel()
                self.stop()
                raise ChartExportError(
                    f"PNG export did not finish within {EXPORT_TIMEOUT:.0f} s: try again"
                ) from exc
            except Exception as exc:
                self.stop()
                raise ChartExportError(f"PNG export failed: {exc}") from exc


_WORKER = _BrowserWorker()
atexit.register(_WORKER.stop)


def figure_png(fig: go.Figure, *, width: int = 1600, height: int = 900, scale: float = 1) -> bytes:
    """Render a plotly figure to PNG bytes at the size managers paste into meeting slides.

    The figure is laid out at ``width`` x ``height`` CSS pixels (the chart functions size their
    margins for 1600x900) and rasterised at ``scale`` (2 gives a sharp image for high-DPI screens).
    Chinese text renders with the system CJK fonts (Debian ``fonts-noto-cjk``).

    Raises
    ------
    ChartExportError
        When no Chromium is installed, it cannot start, or rendering fails or times out.
    """
    return _render(fig, "png", width, height, scale)


def figure_pdf(fig: go.Figure, *, width: int = 1600, height: int = 900) -> bytes:
    """Render a plotly figure to a one-page vector PDF (for the meeting report), CJK text included.

    Raises
    ------
    ChartExportError
        When no Chromium is installed, it cannot start, or rendering fails or times out.
    """
    return _render(fig, "pdf", width, height, 1)


def _render(fig: go.Figure, image_format: str, width: int, height: int, scale: float) -> bytes:
    if width <= 0 or height <= 0 or scale <= 0:
        raise ValueError(f"width, height and scale must be positive, got {width}x{height} at {scale}")
    opts = {"format": image_format, "width": int(width), "height": int(height), "scale": float(scale)}
    return _WORKER.render(fig.to_plotly_json(), opts)


def stop_export_browser() -> None:
    """Close the export browser now (it is also closed when the process exits)."""
    with _WORKER._lock:
        _WORKER.stop()
