"""Files written for the user: never through a symbolic link, never half written (analytics/files.py)."""

from __future__ import annotations

import os

import pytest

from analytics.cli.main import main
from analytics.errors import ArgumentError, InputError
from analytics.files import write_atomically
from tests.cli.test_cli_customers import FEW  # too few for a model fit: --out is written, exit 2
from tests.conftest import SAMPLE_DATA


@pytest.fixture
def victim(tmp_path):
    """A file someone points a link at, and the link (``link.csv``) next to it."""
    target = tmp_path / "elsewhere" / "precious.txt"
    target.parent.mkdir()
    target.write_text("keep me", encoding="utf-8")
    link = tmp_path / "link.csv"
    link.symlink_to(target)
    return target, link


def test_a_symbolic_link_is_refused_and_its_target_kept(victim):
    target, link = victim
    with pytest.raises(ArgumentError) as refused:
        write_atomically(link, b"customer_id\n")
    assert refused.value.code == "output.symlink" and "link.csv" in str(refused.value)
    assert target.read_text(encoding="utf-8") == "keep me"
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert sorted(p.name for p in link.parent.iterdir()) == ["elsewhere", "link.csv"]  # no temporary file


def test_a_dangling_link_is_refused_too(tmp_path):
    link = tmp_path / "out.pdf"
    link.symlink_to(tmp_path / "not-yet.pdf")
    with pytest.raises(ArgumentError):
        write_atomically(link, b"%PDF")
    assert not (tmp_path / "not-yet.pdf").exists()


def test_personal_files_are_the_owners_only_and_replace_the_old_one(tmp_path):
    target = tmp_path / "mappings.json"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o644)
    write_atomically(target, b"[]", mode=0o600)
    assert target.read_bytes() == b"[]"
    assert oct(target.stat().st_mode & 0o777) == "0o600"
    assert os.listdir(tmp_path) == ["mappings.json"]


def test_a_failed_write_keeps_the_previous_file_and_leaves_nothing(tmp_path, monkeypatch):
    target = tmp_path / "customers.csv"
    target.write_bytes(b"last week")

    def full_disk(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(InputError) as failed:
        write_atomically(target, b"this week")
    assert failed.value.code == "report.write_failed"
    assert target.read_bytes() == b"last week" and os.listdir(tmp_path) == ["customers.csv"]


def test_customers_out_never_follows_a_link_even_when_the_command_exits_2(victim, tmp_path, capsys):
    target, link = victim
    orders = tmp_path / "few.csv"
    orders.write_text(FEW, encoding="utf-8")
    code = main(["customers", str(orders), "--out", str(link), "--json"])
    out, err = capsys.readouterr()
    assert code == 2
    assert err.count("\n") == 1 and "symbolic link" in err and "link.csv" in err
    assert out == ""  # refused before any figure is computed
    assert target.read_text(encoding="utf-8") == "keep me"


def test_customers_out_writes_a_whole_file_and_no_temporary_one(tmp_path, capsys):
    orders = tmp_path / "few.csv"
    orders.write_text(FEW, encoding="utf-8")
    code = main(["customers", str(orders), "--out", str(tmp_path / "list.csv"), "--json"])
    capsys.readouterr()
    assert code == 2  # no model fit for three customers; the model-free list is still written
    assert sorted(p.name for p in tmp_path.iterdir()) == ["few.csv", "list.csv"]
    assert (tmp_path / "list.csv").read_text(encoding="utf-8-sig").startswith("customer_id,")


def test_report_out_never_follows_a_link(victim, capsys):
    target, link = victim
    pdf = link.with_name("report.pdf")
    pdf.symlink_to(target)
    code = main(["report", str(SAMPLE_DATA / "taobao_orders_gbk.csv"), "--out", str(pdf)])
    _, err = capsys.readouterr()
    assert code == 2 and "symbolic link" in err
    assert target.read_text(encoding="utf-8") == "keep me"
