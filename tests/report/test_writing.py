"""A report file is written whole or not at all."""

from __future__ import annotations

import os
import tempfile

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


def test_read_only_folder_is_an_input_error(tmp_path, monkeypatch):
    # Root may write into a chmod 500 folder, so the refusal a read-only folder gives is simulated
    # where the writer meets it: creating the temporary file next to the target.
    def refused(*args, **kwargs):
        raise PermissionError(13, "Permission denied", str(tmp_path))

    monkeypatch.setattr(tempfile, "mkstemp", refused)
    with pytest.raises(InputError) as error:
        write_atomically(tmp_path / "r.pdf", b"x")
    assert error.value.code == "report.folder_not_writable"
    assert os.listdir(tmp_path) == []


def test_the_digest_changes_with_any_cell(sample_inputs):
    """The dashboard's cache key: equal for equal inputs, different when one amount changes."""
    from dataclasses import replace

    same = replace(sample_inputs, orders=sample_inputs.orders.copy())
    assert same.digest() == sample_inputs.digest()
    changed = sample_inputs.orders.copy()
    changed.loc[changed.index[-1], "amount"] += 0.01
    assert replace(sample_inputs, orders=changed).digest() != sample_inputs.digest()
    assert replace(sample_inputs, currency="USD").digest() != sample_inputs.digest()


def test_cover_preview_is_page_one_as_png():
    import shutil

    from analytics.report.preview import cover_png

    assert shutil.which("pdftoppm"), "pdftoppm missing: the set-up installs poppler-utils"
    import weasyprint

    pdf = weasyprint.HTML(string="<p>1</p><p style='break-before: page'>2</p>").write_pdf()
    png = cover_png(pdf, dpi=20)
    assert png is not None and png.startswith(b"\x89PNG")
    assert cover_png(b"not a pdf") is None
