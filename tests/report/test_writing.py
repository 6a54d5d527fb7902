"""A report file is written whole or not at all."""

from __future__ import annotations

import os

import pytest

from analytics.errors import InputError
from analytics.report import write_atomically


def test_writes_the_bytes(tmp_path):
    target = tmp_path / "weekly.pdf"
    write_atomically(target, b"%PDF-1.7 ...")
    assert target.read_bytes() == b"%PDF-1.7 ..."
    assert os.listdir(tmp_path) == ["weekly.pdf"]


def test_failure_leaves_no_file_and_keeps_the_previous_one(tmp_path, monkeypatch):
    target = tmp_path / "weekly.pdf"
    target.write_bytes(b"last week")

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(InputError) as error:
        write_atomically(target, b"this week")
    assert error.value.code == "report.write_failed"
    assert target.read_bytes() == b"last week"
    assert os.listdir(tmp_path) == ["weekly.pdf"]  # no temporary file left behind


def test_interrupted_write_leaves_nothing(tmp_path, monkeypatch):
    target = tmp_path / "weekly.xlsx"

    def interrupted(fd):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomically(target, b"data")
    assert os.listdir(tmp_path) == []


def test_missing_folder_is_an_input_error(tmp_path):
    with pytest.raises(InputError) as error:
        write_atomically(tmp_path / "nowhere" / "r.pdf", b"x")
    assert error.value.code == "report.folder_not_writable"
    assert "nowhere" in str(error.value)


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write into read-only folders")
def test_read_only_folder_is_an_input_error(tmp_path):
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(InputError) as error:
            write_atomically(folder / "r.pdf", b"x")
        assert error.value.code == "report.folder_not_writable"
    finally:
        folder.chmod(0o700)
