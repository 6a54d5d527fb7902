"""Write a file the command line or the dashboard produces: whole or not at all, never through a link.

Every file written for the user (``report --out``, ``customers --out``, the dashboard's remembered
column choices) goes through :func:`write_atomically`:

- the bytes go to a temporary file in the target's folder, flushed to disk, then ``os.replace``
  puts it in place: a reader (or a Monday cron job's mail step) sees the previous file or the
  complete new one, never half a PDF, and any failure removes the temporary file;
- a target that is a symbolic link is refused (``output.symlink``) before anything is computed:
  writing "through" it would replace whatever file it points to (``customers --out link.csv``
  overwrote the link's target, even when the command then exited 2).
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from analytics.errors import ArgumentError, InputError


def check_writable(path: str | os.PathLike) -> None:
    """Refuse a target that is a symbolic link, or whose folder is missing or refuses new files.

    Checked before any work, so a wrong ``--out`` fails in a second rather than after the charts.

    Raises
    ------
    ArgumentError
        ``output.symlink`` when ``path`` is a symbolic link (also a dangling one).
    InputError
        ``report.folder_not_writable`` when the folder does not exist or is not writable.
    """
    target = Path(path)
    if target.is_symlink():
        raise ArgumentError("output.symlink", file=str(target))
    folder = target.absolute().parent
    if not folder.is_dir() or not os.access(folder, os.W_OK | os.X_OK):
        raise InputError("report.folder_not_writable", folder=str(folder), file=target.name)


def write_atomically(path: str | os.PathLike, data: bytes, *, mode: int | None = None) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder and ``os.replace``.

    Parameters
    ----------
    path
        The file to write; it may exist (it is replaced) but may not be a symbolic link.
    data
        The whole content.
    mode
        Permission bits of the new file; None gives an ordinary file (``0o666`` less the umask).
        Personal data (the remembered column choices) is written ``0o600``.

    Raises
    ------
    ArgumentError
        ``output.symlink`` for a symbolic link (nothing is written).
    InputError
        ``report.folder_not_writable`` or ``report.write_failed`` (no file is left behind).
    """
    target = Path(path)
    check_writable(target)
    folder = target.absolute().parent
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=folder)
    except OSError as exc:
        raise InputError("report.folder_not_writable", folder=str(folder), file=target.name) from exc
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        if mode is None:
            # mkstemp creates the file readable by its owner only; a report is an ordinary file.
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.chmod(temporary, mode)
        # rename() replaces a link that appeared meanwhile as a name, never the file it points to.
        os.replace(temporary, target)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        if isinstance(exc, OSError):
            raise InputError(
                "report.write_failed", file=str(target), detail=exc.strerror or str(exc)
            ) from exc
        raise
