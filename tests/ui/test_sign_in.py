"""Sign-in for a team: its libraries are pinned and installed; a failure is a sentence, not a traceback."""

from __future__ import annotations

import importlib.metadata
import importlib.util
import re
from pathlib import Path

import pytest
from streamlit import config
from streamlit.testing.v1 import AppTest

from ui import signin

ROOT = Path(__file__).resolve().parents[2]
REDIRECT = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "x" * 32}
# Port 9 (discard) on the loopback address: nothing listens, the connection is refused at once.
DOWN = "http://127.0.0.1:9/.well-known/openid-configuration"
PROVIDER = {"client_id": "dashboard", "client_secret": "s3cret", "server_metadata_url": DOWN}


def test_the_libraries_st_login_needs_are_pinned_and_installed():
    # Streamlit names them as its "auth" extra; the set-up installs requirements.txt only.
    needed = [
        re.split(r"[<>=;\s\[]", requirement, maxsplit=1)[0].lower()
        for requirement in importlib.metadata.requires("streamlit") or []
        if 'extra == "auth"' in requirement
    ]
    assert needed, "streamlit no longer names an auth extra"
    pinned = {
        line.split("==")[0].strip().lower()
        for line in (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines()
        if "==" in line and not line.lstrip().startswith("#")
    }
    assert sorted(set(needed) - pinned) == []
    assert all(importlib.util.find_spec(name) is not None for name in needed)


@pytest.fixture
def network_server(tmp_path, monkeypatch):
    monkeypatch.setenv("RCD_DATA_DIR", str(tmp_path))
    before = config.get_option("server.address")
    config.set_option("server.address", "0.0.0.0")
    yield
    config.set_option("server.address", before)


def _press_sign_in(lang: str, auth: dict) -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    at.query_params["lang"] = lang
    at.secrets["auth"] = auth
    at.user = {"is_logged_in": False}
    at.run()
    (button,) = [b for b in at.sidebar.button if b.key == "sign_in"]
    button.click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _errors(at: AppTest) -> str:
    return "\n".join(e.value for e in at.sidebar.error).replace("\\", "")


@pytest.mark.parametrize(
    ("lang", "auth", "expected"),
    [
        # The README's [auth] section without the provider's settings: a setting is named.
        ("en", REDIRECT, "settings have no client_id"),
        ("zh", REDIRECT, "登录设置缺少 client_id"),
        ("en", {**REDIRECT, **PROVIDER, "cookie_secret": ""}, "no cookie_secret"),
        # The provider does not answer.
        ("en", {**REDIRECT, **PROVIDER}, "sign-in service 127.0.0.1 does not answer"),
        ("zh", {**REDIRECT, **PROVIDER}, "登录服务 127.0.0.1 没有响应"),
    ],
)
def test_sign_in_that_cannot_start_says_why(network_server, lang, auth, expected):
    at = _press_sign_in(lang, auth)
    assert expected in _errors(at)
    assert "Error" not in _errors(at)  # no exception's name, no traceback


def test_a_missing_library_is_named(network_server, monkeypatch):
    monkeypatch.setattr(signin, "_installed", lambda module: module != "authlib")
    at = _press_sign_in("en", {**REDIRECT, **PROVIDER})
    assert "library authlib is not installed" in _errors(at)


def test_whatever_streamlit_refuses_is_a_sentence_too(network_server, monkeypatch):
    # Settings our check accepts but Streamlit refuses (a provider name with "_"): still no traceback.
    monkeypatch.setattr(signin, "_reachable", lambda url: True)
    at = _press_sign_in("en", {**REDIRECT, "my_idp": PROVIDER})
    assert "Sign-in could not start" in _errors(at)
