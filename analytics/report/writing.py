"""Write a report file all at once or not at all: a temporary file in the target folder, then rename.

``os.replace`` within one folder is atomic, so a reader (or a Monday cron job's mail step) sees
either the previous file or the complete new one, never half a PDF; on any failure the temporary
file is removed.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from analytics.errors import InputError


def check_writable(path: Path) -> None:
    """Raise ``report.folder_not_writable`` unless ``path``'s folder exists and accepts new files.

    Checked before rendering, so a wrong ``--out`` fails in a second rather than after the charts.
    """
    folder = path.resolve().parent
    if not folder.is_dir() or not os.access(folder, os.W_OK | os.X_OK):
        raise InputError("report.folder_not_writable", folder=str(folder), file=path.name)


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder and ``os.replace``.

    Raises
    ------
    InputError
        ``report.folder_not_writable`` when the folder refuses the file (no file is left behind).
    """
    check_writable(path)
    folder = path.resolve().parent
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=folder)
    except OSError as exc:
        raise InputError("report.folder_not_writable", folder=str(folder), file=path.name) from exc
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        # mkstemp creates the file readable by its owner only; a report is an ordinary file.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        if isinstance(exc, OSError):
            raise InputError("report.write_failed", file=str(path), detail=exc.strerror or str(exc)) from exc
        raise
