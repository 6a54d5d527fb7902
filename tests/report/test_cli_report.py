"""``python -m analytics report``: bad input exits 2 with one ``error:`` line; a workbook is written."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from analytics.cli import main as cli
from tests.conftest import SAMPLE_DATA

ORDERS = str(SAMPLE_DATA / "taobao_orders_gbk.csv")


@pytest.fixture(autouse=True)
def registered(monkeypatch):
    # The command registry is the CLI's; until "report" is listed there, list it for these tests.
    if "report" not in cli.COMMANDS:
        monkeypatch.setattr(cli, "COMMANDS", (*cli.COMMANDS, "report"))


def _run(capsys, *argv):
    code = cli.main(["report", *argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize(
    ("out", "expected"),
    [
        ("report.docx", "can be written as .pdf, .xlsx, .zip"),
        ("missing/report.pdf", "does not exist or is not writable"),
    ],
)
def test_bad_out_exits_2_with_one_line(capsys, tmp_path, out, expected):
    code, _, err = _run(capsys, ORDERS, "--out", str(tmp_path / out))
    assert code == 2
    assert err.count("\n") == 1 and err.startswith("error: ") and expected in err
    assert list(tmp_path.iterdir()) == []


def test_empty_period_exits_2(capsys, tmp_path):
    code, _, err = _run(
        capsys, ORDERS, "--start", "2030-01-01", "--end", "2030-01-31", "--out", str(tmp_path / "r.xlsx")
    )
    assert code == 2 and err.startswith("error: ") and err.count("\n") == 1
    assert list(tmp_path.iterdir()) == []


def test_writes_the_workbook(capsys, tmp_path):
    target = tmp_path / "weekly.xlsx"
    code, out, err = _run(
        capsys,
        ORDERS,
        "--members",
        str(SAMPLE_DATA / "members.xlsx"),
        "--lang",
        "en",
        "--compare",
        "last-year",
        "--out",
        str(target),
        "--json",
    )
    assert code == 0, err
    assert '"format": "xlsx"' in out
    book = load_workbook(io.BytesIO(target.read_bytes()))
    assert book.sheetnames[0] == "Summary" and "Definitions" in book.sheetnames
    assert [p.name for p in tmp_path.iterdir()] == ["weekly.xlsx"]
