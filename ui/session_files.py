"""Files of a browser session (a network-facing server without sign-in): gone when the session ends.

A visitor whose history may not be kept on the server still gets one while the tab is open, in a
folder of its own: ``<temporary folder>/rcd-sessions-<uid>/<server pid>/<session id>/``. It is
deleted

- within a minute of the session ending: a janitor thread (one per server process) checks every
  :data:`SWEEP_SECONDS` which sessions still have a browser connected and deletes the folders of
  sessions gone for :data:`GRACE_SECONDS` (long enough to survive a dropped connection that
  Streamlit resumes, short enough that a closed or reloaded tab leaves nothing behind for long);
- when the server stops (``atexit``), and, for a server that was killed, at the next start-up
  (folders of server processes that no longer run).

A reload starts a new Streamlit session, so the history goes with the old tab; the History page
says so. The bookkeeping (:func:`sweep`) is pure and tested without a server; only
:func:`session_folder` and the janitor ask Streamlit which sessions are alive.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import secrets
import shutil
import stat
import tempfile
import threading
import time
from collections.abc import Callable, MutableMapping
from pathlib import Path

SWEEP_SECONDS = 10.0
GRACE_SECONDS = 30.0
# Shown on the History page: a closed tab's history is gone at the latest after this many seconds.
LIFETIME_SECONDS = int(SWEEP_SECONDS + GRACE_SECONDS)
PRIVATE_FOLDER = 0o700
FOLDER_KEY = "_session_folder_name"

_lock = threading.Lock()
_janitor: threading.Thread | None = None
_server_folder: Path | None = None
# Session id -> monotonic time the janitor first found it without a browser.
_gone_since: dict[str, float] = {}


def sessions_root() -> Path:
    """Return the folder holding this server user's session folders (one sub-folder per server)."""
    return Path(tempfile.gettempdir()) / f"rcd-sessions-{os.getuid()}"


def process_alive(pid: int) -> bool:
    """Return True when a process with this id runs (or exists under another user)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def sweep(
    server_folder: Path,
    *,
    is_active: Callable[[str], bool | None],
    gone_since: MutableMapping[str, float],
    now: float,
    grace: float = GRACE_SECONDS,
) -> list[str]:
    """Delete the folders of sessions without a browser for ``grace`` seconds; return their ids.

    ``is_active(session_id)`` says whether a browser is connected to the session (None: cannot
    tell, keep the folder). ``gone_since`` remembers when each session was first found gone, so a
    connection that drops and comes back within ``grace`` keeps its history.

    Examples
    --------
    >>> import tempfile
    >>> root = Path(tempfile.mkdtemp())
    >>> for name in ("open", "closed"):
    ...     (root / name).mkdir()
    >>> seen: dict[str, float] = {}
    >>> alive = {"open": True, "closed": False}.get
    >>> sweep(root, is_active=alive, gone_since=seen, now=100.0, grace=30.0)
    []
    >>> sweep(root, is_active=alive, gone_since=seen, now=131.0, grace=30.0)
    ['closed']
    >>> sorted(p.name for p in root.iterdir())
    ['open']
    """
    removed: list[str] = []
    if not server_folder.is_dir():
        return removed
    present = {p.name for p in server_folder.iterdir() if p.is_dir()}
    for session_id in sorted(present):
        active = is_active(session_id)
        if active or active is None:
            gone_since.pop(session_id, None)
            continue
        first = gone_since.setdefault(session_id, now)
        if now - first >= grace:
            shutil.rmtree(server_folder / session_id, ignore_errors=True)
            gone_since.pop(session_id, None)
            removed.append(session_id)
    for session_id in set(gone_since) - present:
        gone_since.pop(session_id, None)
    return removed


def remove_dead_servers(root: Path, *, alive: Callable[[int], bool] = process_alive) -> list[int]:
    """Delete the session folders of server processes that no longer run; return their ids.

    Examples
    --------
    >>> import tempfile
    >>> root = Path(tempfile.mkdtemp())
    >>> for pid in ("11", "22", "notes"):
    ...     (root / pid).mkdir()
    >>> remove_dead_servers(root, alive=lambda pid: pid == 22)
    [11]
    >>> sorted(p.name for p in root.iterdir())
    ['22', 'notes']
    """
    removed: list[int] = []
    if not root.is_dir():
        return removed
    for folder in root.iterdir():
        if folder.is_dir() and folder.name.isdigit() and not alive(int(folder.name)):
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(int(folder.name))
    return sorted(removed)


def _ours(path: Path) -> bool:
    """Return True for a real folder (no symbolic link) owned by this process's user."""
    info = path.lstat()
    return stat.S_ISDIR(info.st_mode) and info.st_uid == os.getuid()


def server_folder() -> Path:
    """Return this server process's folder of session folders (created 0700).

    The shared temporary folder is writable by every account: a ``rcd-sessions-<uid>`` that is a
    link or belongs to someone else is not used (a fresh private folder is made instead).
    """
    root = sessions_root()
    root.mkdir(mode=PRIVATE_FOLDER, exist_ok=True)
    if not _ours(root):
        root = Path(tempfile.mkdtemp(prefix=f"{root.name}-"))
    root.chmod(PRIVATE_FOLDER)
    folder = root / str(os.getpid())
    folder.mkdir(mode=PRIVATE_FOLDER, exist_ok=True)
    folder.chmod(PRIVATE_FOLDER)
    return folder


def _session_active(session_id: str) -> bool | None:
    from streamlit import runtime

    if not runtime.exists():
        return None  # no server (a test run in-process): nothing can tell, keep the folder
    return runtime.get_instance().is_active_session(session_id)


def _remove_server_folder(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)


def _janitor_loop(folder: Path) -> None:
    while True:
        time.sleep(SWEEP_SECONDS)
        with contextlib.suppress(Exception):  # a failed sweep is tried again at the next tick
            sweep(folder, is_active=_session_active, gone_since=_gone_since, now=time.monotonic())


def _start_janitor() -> Path:
    """Return this server's folder, making it and starting its janitor on first use."""
    global _janitor, _server_folder
    with _lock:
        if _janitor is None or _server_folder is None:
            remove_dead_servers(sessions_root())
            _server_folder = server_folder()
            atexit.register(_remove_server_folder, _server_folder)
            _janitor = threading.Thread(
                target=_janitor_loop, args=(_server_folder,), name="rcd-session-janitor", daemon=True
            )
            _janitor.start()
        _server_folder.mkdir(mode=PRIVATE_FOLDER, exist_ok=True)
        return _server_folder


def session_folder() -> Path:
    """Return this browser session's private folder, created on first use (see the module docstring).

    The folder is ``<server folder>/<session id>/<random name kept in the session's state>``: the
    janitor sweeps by session id, and the random part keeps two sessions apart even where ids
    repeat (Streamlit's test harness gives every session the same id).
    """
    import streamlit as st
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    context = get_script_run_ctx()
    session_id = context.session_id if context is not None else "no-session"
    name = st.session_state.setdefault(FOLDER_KEY, secrets.token_hex(8))
    folder = _start_janitor() / session_id / name
    folder.mkdir(mode=PRIVATE_FOLDER, parents=True, exist_ok=True)
    folder.parent.chmod(PRIVATE_FOLDER)
    return folder
