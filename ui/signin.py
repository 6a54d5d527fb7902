"""Sign-in that fails with a sentence: a missing library, wrong secrets or an unreachable provider.

``st.login`` raises ``StreamlitMissingAuthlibError`` (Authlib or httpx not installed) or
``StreamlitAuthError`` (an ``[auth]`` section without ``redirect_uri``, ``cookie_secret``,
``client_id``, ``client_secret`` or ``server_metadata_url``); raised inside a button's callback
either becomes a traceback with the server's paths. A provider that does not answer only fails
after the redirect, on Streamlit's bare "Authentication error" page. :func:`sign_in` checks the
three before handing over to ``st.login`` and leaves a problem code for :func:`show_problem`,
which the sidebar shows in the reader's language. :func:`problem_of` is pure and tested alone.
"""

from __future__ import annotations

import importlib.util
import logging
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import urlsplit

import streamlit as st

from ui.i18n import t
from ui.safe_text import md

PROBLEM_KEY = "_sign_in_problem"
GENERAL_KEYS: tuple[str, ...] = ("redirect_uri", "cookie_secret")
PROVIDER_KEYS: tuple[str, ...] = ("client_id", "client_secret", "server_metadata_url")
# Streamlit's sign-in imports these only when the button is pressed (requirements.txt pins them).
LIBRARIES: tuple[str, ...] = ("authlib", "httpx")
PROVIDER_TIMEOUT_S = 5.0
log = logging.getLogger(__name__)


def provider_section(auth: Mapping[str, Any]) -> Mapping[str, Any]:
    """Return the settings of the provider ``st.login()`` uses: a named one if it is the only one.

    Examples
    --------
    >>> provider_section({"client_id": "a"})["client_id"]
    'a'
    >>> provider_section({"redirect_uri": "x", "okta": {"client_id": "b"}})["client_id"]
    'b'
    """
    named = [value for value in auth.values() if isinstance(value, Mapping)]
    if not any(key in auth for key in PROVIDER_KEYS) and len(named) == 1:
        return named[0]
    return auth


def problem_of(
    auth: Mapping[str, Any] | None,
    *,
    installed: Callable[[str], bool],
    reachable: Callable[[str], bool],
) -> tuple[str, dict[str, str]] | None:
    """Return what stops sign-in (a catalog key and its parameters), or None when it can start.

    Checked in the order a fix is made: the libraries, then the settings, then the provider.

    Examples
    --------
    >>> good = {"redirect_uri": "https://d/oauth2callback", "cookie_secret": "s", "client_id": "i",
    ...         "client_secret": "c", "server_metadata_url": "https://id.example.com/.well-known/x"}
    >>> problem_of(good, installed=lambda m: True, reachable=lambda u: True) is None
    True
    >>> problem_of(good, installed=lambda m: m != "authlib", reachable=lambda u: True)
    ('sign_in_missing_library', {'library': 'authlib'})
    >>> problem_of({**good, "cookie_secret": ""}, installed=lambda m: True, reachable=lambda u: True)
    ('sign_in_misconfigured', {'setting': 'cookie_secret'})
    >>> problem_of(good, installed=lambda m: True, reachable=lambda u: False)
    ('sign_in_provider_down', {'provider': 'id.example.com'})
    """
    missing = next((name for name in LIBRARIES if not installed(name)), None)
    if missing:
        return "sign_in_missing_library", {"library": missing}
    auth = auth or {}
    provider = provider_section(auth)
    for key, where in [*((k, auth) for k in GENERAL_KEYS), *((k, provider) for k in PROVIDER_KEYS)]:
        value = where.get(key)
        if not isinstance(value, str) or not value.strip():
            return "sign_in_misconfigured", {"setting": key}
    url = str(provider["server_metadata_url"])
    if urlsplit(url).scheme not in ("http", "https"):
        return "sign_in_misconfigured", {"setting": "server_metadata_url"}
    if not reachable(url):
        return "sign_in_provider_down", {"provider": urlsplit(url).hostname or url}
    return None


def _installed(module: str) -> bool:
    return importlib.util.find_spec(module) is not None


def _reachable(url: str) -> bool:
    """Return True when the provider's OpenID configuration answers (the first thing sign-in fetches)."""
    import httpx

    try:
        return httpx.get(url, timeout=PROVIDER_TIMEOUT_S, follow_redirects=True).is_success
    except httpx.HTTPError:
        return False


def _auth_settings() -> Mapping[str, Any] | None:
    try:
        auth = st.secrets.get("auth")
    except Exception:  # an unreadable secrets file: no settings at all
        return None
    return auth.to_dict() if hasattr(auth, "to_dict") else auth


def sign_in() -> None:
    """Start sign-in (a button's ``on_click``), or leave the reason it cannot start for the sidebar."""
    problem = problem_of(_auth_settings(), installed=_installed, reachable=_reachable)
    if problem is None:
        try:
            st.login()
        except Exception as exc:  # whatever Streamlit finds wrong is a sentence, never a traceback
            log.warning("sign-in could not start: %s", exc)
            problem = ("sign_in_failed", {})
    if problem is not None:
        log.warning("sign-in cannot start: %s %s", *problem)
    st.session_state[PROBLEM_KEY] = problem


def show_problem() -> None:
    """Show why the last sign-in could not start, if it could not (in the sidebar)."""
    problem = st.session_state.get(PROBLEM_KEY)
    if problem:
        key, params = problem
        st.sidebar.error(t(key, **{k: md(v) for k, v in params.items()}), icon=":material/error:")
