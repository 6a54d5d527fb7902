"""What the dashboard keeps on the server is the server user's only: folders 0700, files 0600."""

from __future__ import annotations

import os
import stat
import tomllib
from pathlib import Path

import pytest

from ui import tenancy, uploads
from ui.tenancy import DataOwner


def _mode(path: Path) -> str:
    return oct(stat.S_IMODE(path.stat().st_mode))


@pytest.fixture
def local_owner(tmp_path, monkeypatch):
    """The single local user, whose data folder does not exist yet."""
    folder = tmp_path / "data"
    monkeypatch.setattr(tenancy, "current_owner", lambda: DataOwner("local", folder))
    return folder


def test_remembered_column_choices_are_written_private(local_owner, monkeypatch):
    monkeypatch.setattr(uploads, "remembered_mappings", lambda: {})
    uploads.remember_mapping(("买家会员名", "订单编号"), {"customer_id": "买家会员名"})
    written = local_owner / "mappings.json"
    assert "买家会员名" in written.read_text(encoding="utf-8")
    assert (_mode(local_owner), _mode(written)) == ("0o700", "0o600")
    assert os.listdir(local_owner) == ["mappings.json"]  # no temporary file left behind


def test_an_existing_data_folder_made_before_the_rule_is_narrowed(tmp_path):
    # A data folder from before issue 21 was 0755: every account on the machine could list and
    # read every user's history.
    old = tmp_path / "data" / "users" / "abc"
    old.mkdir(parents=True)
    for folder in (tmp_path / "data", tmp_path / "data" / "users", old):
        folder.chmod(0o755)
    for name in ("history.sqlite", "mappings.json", "notes.txt"):
        (old / name).write_text("x", encoding="utf-8")
        (old / name).chmod(0o644)
    tenancy.private_folder(old)
    assert _mode(old) == "0o700"
    assert [_mode(old / n) for n in ("history.sqlite", "mappings.json")] == ["0o600", "0o600"]
    assert _mode(old / "notes.txt") == "0o644"  # not the app's: left as the operator made it


def test_a_new_users_folder_and_its_parents_are_private(tmp_path):
    user = tmp_path / "data" / "users" / "0123abcd"
    tenancy.private_folder(user)
    assert [_mode(p) for p in (tmp_path / "data", tmp_path / "data" / "users", user)] == ["0o700"] * 3


def test_secrets_are_ignored_by_git_and_the_server_announces_nothing():
    root = Path(__file__).resolve().parents[2]
    ignored = (root / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert ".streamlit/secrets.toml" in ignored
    settings = tomllib.loads((root / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    # No usage statistics, and no start-up banner (it looks up the machine's external address).
    assert settings["browser"]["gatherUsageStats"] is False
    assert settings["logger"]["hideWelcomeMessage"] is True


def test_session_folders_are_never_made_in_a_folder_someone_else_planted(tmp_path, monkeypatch):
    # /tmp is writable by every account: a link named like our folder must not be followed.
    from ui import session_files

    elsewhere = tmp_path / "theirs"
    elsewhere.mkdir()
    planted = tmp_path / f"rcd-sessions-{os.getuid()}"
    planted.symlink_to(elsewhere)
    monkeypatch.setattr(session_files.tempfile, "gettempdir", lambda: str(tmp_path))
    monkeypatch.setattr(session_files.tempfile, "tempdir", str(tmp_path))
    folder = session_files.server_folder()
    assert elsewhere not in folder.parents and list(elsewhere.iterdir()) == []
    assert _mode(folder) == _mode(folder.parent) == "0o700"
