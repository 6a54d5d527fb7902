"""Whose data this is: the one rule deciding where a visitor's history and column choices live.

On a server several people use, no visitor may see, change or delete another's uploads,
remembered column mappings or history store. The rule, decided once here:

- **signed in** (Streamlit's built-in sign-in, an ``[auth]`` section in ``secrets.toml``): each
  user has their own folder under the data folder, named by a digest of their provider's issuer
  (``iss``) and subject (``sub``) exactly as the ID token gives them (never case-folded: two
  subjects differing in case are two people), holding ``history.sqlite`` and ``mappings.json``;
  a token without both is no identity (browser session only);
- **single local user** (no sign-in and the server listens on the loopback address only, as
  ``python3 bootstrap.py run`` starts it): the data folder itself, as a desktop app would;
- **browser session only** (a network-facing server without sign-in, or sign-in configured but
  the visitor not signed in): nothing is written to the shared data folder; column choices stay
  in ``st.session_state`` and the history lives in a temporary folder of this session, deleted
  within a minute of its tab closing or reloading, and when the server stops
  (:mod:`ui.session_files`).

Folders this module creates are the server user's only (0700): the data folder holds every
user's history.

Uploads are always per session (``st.session_state``). :func:`data_owner` is the pure decision,
tested without Streamlit; :func:`current_owner` feeds it what Streamlit knows about this visit.
"""

from __future__ import annotations

import hashlib
import ipaddress
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import streamlit as st

from analytics import store
from ui import session_files

Mode = Literal["user", "local", "session"]
LOOPBACK_NAMES: frozenset[str] = frozenset({"localhost", "ip6-localhost", "ip6-loopback"})
USERS_FOLDER = "users"
PRIVATE_FOLDER = 0o700
PRIVATE_FILE = 0o600
# What the app keeps in an owner's folder (the store with SQLite's companions, column choices, peers).
KEPT_FILES: tuple[str, ...] = (
    "history.sqlite",
    "history.sqlite-wal",
    "history.sqlite-shm",
    "mappings.json",
    "peers.csv",
)


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


def user_folder_name(issuer: str, subject: str) -> str:
    """Return the folder name of a signed-in user: a digest of the provider's issuer and subject.

    OpenID Connect promises only that (``iss``, ``sub``) names one account, compared exactly: a
    subject is case-sensitive and unique within its issuer only. Both go into the digest as
    given, separated by a NUL (which neither may contain), so no e-mail or id appears on disk.

    Examples
    --------
    >>> user_folder_name("https://id.example.com", "alice-sub") == user_folder_name(
    ...     "https://id.example.com", "ALICE-SUB")
    False
    >>> len(user_folder_name("https://id.example.com", "alice-sub"))
    32
    """
    return hashlib.sha256(f"{issuer}\0{subject}".encode()).hexdigest()[:32]


def data_owner(
    *,
    auth_configured: bool,
    logged_in: bool,
    issuer: str | None,
    subject: str | None,
    server_address: str | None,
    data_dir: Path,
) -> DataOwner:
    """Decide where this visitor's history and column choices live (the data-owner rule).

    Parameters
    ----------
    auth_configured : bool
        Whether Streamlit's sign-in is set up (an ``[auth]`` section in the secrets).
    logged_in : bool
        Whether the visitor is signed in.
    issuer, subject : str or None
        The ID token's ``iss`` and ``sub`` claims: together the account's stable identity.
    server_address : str or None
        The address the server listens on (``server.address``; empty = every interface).
    data_dir : Path
        The app's data folder.

    Examples
    --------
    >>> data_owner(auth_configured=False, logged_in=False, issuer=None, subject=None,
    ...            server_address="localhost", data_dir=Path("data")).folder
    PosixPath('data')
    >>> data_owner(auth_configured=False, logged_in=False, issuer=None, subject=None,
    ...            server_address="", data_dir=Path("data")).mode
    'session'
    """
    if auth_configured:
        if logged_in and issuer and subject:
            return DataOwner("user", data_dir / USERS_FOLDER / user_folder_name(issuer, subject))
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


def _identity() -> tuple[bool, str | None, str | None]:
    user = st.user
    issuer, subject = user.get("iss"), user.get("sub")
    # Claims are strings by the standard; anything else (or an empty one) is no identity.
    return (
        bool(user.get("is_logged_in")),
        issuer if isinstance(issuer, str) and issuer else None,
        subject if isinstance(subject, str) and subject else None,
    )


def current_owner() -> DataOwner:
    """Return the data owner of this session (see :func:`data_owner`)."""
    configured = auth_configured()
    logged_in, issuer, subject = _identity() if configured else (False, None, None)
    return data_owner(
        auth_configured=configured,
        logged_in=logged_in,
        issuer=issuer,
        subject=subject,
        server_address=st.get_option("server.address"),
        data_dir=data_dir(),
    )


def private_folder(folder: Path) -> Path:
    """Create ``folder`` (and missing parents) readable by the server's user only; return it.

    An existing folder the server owns is narrowed to 0700 too: a data folder made before this
    rule (0755) would let other accounts on the machine read every user's history.
    """
    missing = [p for p in (folder, *folder.parents) if not p.exists()]
    folder.mkdir(mode=PRIVATE_FOLDER, parents=True, exist_ok=True)
    for path in (folder, *missing):
        if path.exists() and path.stat().st_uid == os.getuid():
            path.chmod(PRIVATE_FOLDER)
    for path in (folder / name for name in KEPT_FILES):
        # Files written before this rule were 0644: narrowed like the folder.
        if path.is_file() and not path.is_symlink() and path.stat().st_uid == os.getuid():
            path.chmod(PRIVATE_FILE)
    return folder


def store_file() -> Path:
    """Return this visitor's history store file.

    The local user keeps ``$RCD_STORE`` (else ``data/history.sqlite``); a signed-in user their
    own folder's file; a browser-session visitor a temporary file of the session.
    """
    owner = current_owner()
    if owner.mode == "local":
        path = store.store_path()
        if path.parent.resolve() == data_dir().resolve():
            private_folder(path.parent)  # the default data folder; RCD_STORE's folder is the operator's
        return path
    if owner.folder is not None:
        return _owner_folder(owner.folder) / "history.sqlite"
    return session_files.session_folder() / "history.sqlite"


def mappings_file() -> Path | None:
    """Return the file of this visitor's remembered column choices, or None (session only)."""
    owner = current_owner()
    return None if owner.folder is None else _owner_folder(owner.folder) / "mappings.json"


def _owner_folder(folder: Path) -> Path:
    # The data folder and the users' folders are private; the user folder is made on first use.
    private_folder(folder)
    if folder.parent.name == USERS_FOLDER:
        private_folder(folder.parent)
        private_folder(folder.parent.parent)
    return folder
