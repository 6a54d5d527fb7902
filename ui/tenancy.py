"""Whose data this is: the one rule deciding where a visitor's history and column choices live.

On a server several people use, no visitor may see, change or delete another's uploads,
remembered column mappings or history store. The rule, decided once here:

- **signed in** (Streamlit's built-in sign-in, an ``[auth]`` section in ``secrets.toml``): each
  user has their own folder under the data folder, named by a digest of their ``sub`` (else
  e-mail), holding ``history.sqlite`` and ``mappings.json``;
- **single local user** (no sign-in and the server listens on the loopback address only, as
  ``python3 bootstrap.py run`` starts it): the data folder itself, as a desktop app would;
- **browser session only** (a network-facing server without sign-in, or sign-in configured but
  the visitor not signed in): nothing is written to the shared data folder; column choices stay
  in ``st.session_state`` and the history lives in a temporary file of this session, deleted when
  the session ends.

Uploads are always per session (``st.session_state``). :func:`data_owner` is the pure decision,
tested without Streamlit; :func:`current_owner` feeds it what Streamlit knows about this visit.
"""

from __future__ import annotations

import hashlib
import ipaddress
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import streamlit as st

from analytics import store

Mode = Literal["user", "local", "session"]
LOOPBACK_NAMES: frozenset[str] = frozenset({"localhost", "ip6-localhost", "ip6-loopback"})
USERS_FOLDER = "users"
SESSION_DIR_KEY = "_session_data_dir"


@dataclass(frozen=True)
class DataOwner:
    """Where one visitor's history and remembered column choices are kept.

    ``folder`` is None when they live in the browser session only (see the module docstring);
    ``needs_sign_in`` is True when sign-in is configured but the visitor has not signed in.
    """

    mode: Mode
    folder: Path | None
    needs_sign_in: bool = False

    @property
    def keeps_files(self) -> bool:
        """Return True when history and mappings are kept in a folder of their own beyond this session."""
        return self.folder is not None


def is_loopback(address: str | None) -> bool:
    """Return True when the server listens on the loopback interface only.

    An empty address means Streamlit's default: every interface, so the server is network-facing.

    Examples
    --------
    >>> [is_loopback(a) for a in ("localhost", "127.0.0.1", "::1", "[::1]", "0.0.0.0", "", None)]
    [True, True, True, True, False, False, False]
    """
    if not address:
        return False
    host = address.strip().strip("[]").lower()
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:  # a host name other than localhost may resolve to any interface
        return False


def user_folder_name(user_id: str) -> str:
    """Return the folder name of a signed-in user: a digest, so no e-mail appears on disk.

    Examples
    --------
    >>> user_folder_name("alice@example.com") == user_folder_name("Alice@Example.com ")
    True
    >>> len(user_folder_name("alice@example.com"))
    24
    """
    return hashlib.sha256(user_id.strip().lower().encode("utf-8")).hexdigest()[:24]


def data_owner(
    *,
    auth_configured: bool,
    logged_in: bool,
    user_id: str | None,
    server_address: str | None,
    data_dir: Path,
) -> DataOwner:
    """Decide where this visitor's history and column choices live (the data-owner rule).

    Parameters
    ----------
    auth_configured : bool
        Whether Streamlit's sign-in is set up (an ``[auth]`` section in the secrets).
    logged_in, user_id : bool, str or None
        Whether the visitor is signed in, and their stable id (``sub``, else e-mail).
    server_address : str or None
        The address the server listens on (``server.address``; empty = every interface).
    data_dir : Path
        The app's data folder.

    Examples
    --------
    >>> data_owner(auth_configured=False, logged_in=False, user_id=None,
    ...            server_address="localhost", data_dir=Path("data")).folder
    PosixPath('data')
    >>> data_owner(auth_configured=False, logged_in=False, user_id=None,
    ...            server_address="", data_dir=Path("data")).mode
    'session'
    """
    if auth_configured:
        if logged_in and user_id:
            return DataOwner("user", data_dir / USERS_FOLDER / user_folder_name(user_id))
        return DataOwner("session", None, needs_sign_in=True)
    if is_loopback(server_address):
        return DataOwner("local", data_dir)
    return DataOwner("session", None)


# --- what Streamlit knows about this visit ----------------------------------------------------------------


def data_dir() -> Path:
    """Return the app's data folder: ``RCD_DATA_DIR``, else ``data/`` next to the app."""
    return Path(os.environ.get("RCD_DATA_DIR") or Path(__file__).resolve().parents[1] / "data")


def auth_configured() -> bool:
    """Return True when Streamlit's sign-in is configured (an ``[auth]`` section in the secrets)."""
    try:
        return bool(st.secrets.get("auth"))
    except Exception:  # no secrets file at all: no sign-in
        return False


def _user_id() -> tuple[bool, str | None]:
    user = st.user
    logged_in = bool(user.get("is_logged_in"))
    user_id = user.get("sub") or user.get("email")
    return logged_in, str(user_id) if user_id else None


def current_owner() -> DataOwner:
    """Return the data owner of this session (see :func:`data_owner`)."""
    configured = auth_configured()
    logged_in, user_id = _user_id() if configured else (False, None)
    return data_owner(
        auth_configured=configured,
        logged_in=logged_in,
        user_id=user_id,
        server_address=st.get_option("server.address"),
        data_dir=data_dir(),
    )


def _session_folder() -> Path:
    # A TemporaryDirectory deletes itself when garbage-collected, i.e. when the session ends and
    # its state is dropped; it lives in the system's temporary folder, never in the data folder.
    folder = st.session_state.get(SESSION_DIR_KEY)
    if folder is None:
        folder = tempfile.TemporaryDirectory(prefix="rcd-session-")
        st.session_state[SESSION_DIR_KEY] = folder
    return Path(folder.name)


def store_file() -> Path:
    """Return this visitor's history store file.

    The local user keeps ``$RCD_STORE`` (else ``data/history.sqlite``); a signed-in user their
    own folder's file; a browser-session visitor a temporary file of the session.
    """
    owner = current_owner()
    if owner.mode == "local":
        return store.store_path()
    if owner.folder is not None:
        return owner.folder / "history.sqlite"
    return _session_folder() / "history.sqlite"


def mappings_file() -> Path | None:
    """Return the file of this visitor's remembered column choices, or None (session only)."""
    owner = current_owner()
    return None if owner.folder is None else owner.folder / "mappings.json"
