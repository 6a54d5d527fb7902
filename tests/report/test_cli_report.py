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


def _sheets(path) -> dict[str, list[tuple]]:
    book = load_workbook(path)
    return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets}


def _same_cells(left: list[tuple], right: list[tuple]) -> bool:
    # Sums over the same orders in another row order differ in the last bits (6409.4999... vs
    # 6409.5000...2), and the customer model's fit by about 1e-10: floats agree to 1e-7 relative.
    if len(left) != len(right):
        return False
    for a_row, b_row in zip(left, right, strict=True):
        for a, b in zip(a_row, b_row, strict=True):
            if isinstance(a, float) and isinstance(b, float):
                if a != pytest.approx(b, rel=1e-7, nan_ok=True):
                    return False
            elif a != b:
                return False
    return True


def test_a_stored_history_gives_the_files_figures(capsys, tmp_path):
    """``report --store --shop`` (the Monday cron job) reports what the files it stored report."""
    store, shop = tmp_path / "history.sqlite", "小雨家居旗舰店"
    members = str(SAMPLE_DATA / "members.xlsx")
    assert cli.main(["ingest", ORDERS, "--members", members, "--store", str(store), "--json"]) == 0
    capsys.readouterr()
    from_files, from_store, both = tmp_path / "files.xlsx", tmp_path / "weekly.xlsx", tmp_path / "both.xlsx"
    common = ["--lang", "en", "--shop", shop]
    assert _run(capsys, ORDERS, "--members", members, *common, "--out", str(from_files))[0] == 0
    code, out, err = _run(capsys, "--store", str(store), *common, "--out", str(from_store), "--json")
    assert code == 0, err
    assert '"shop": "小雨家居旗舰店"' in out and '"end": "2025-12-31"' in out
    code, _, err = _run(capsys, ORDERS, "--store", str(store), *common, "--out", str(both))
    assert code == 0, err
    files, stored, merged = _sheets(from_files), _sheets(from_store), _sheets(both)
    # Every subject sheet holds the same cells: the history is the same orders and member list.
    # Only the data-quality sheet differs: stored rows were accounted for when they were ingested.
    subjects = [name for name in files if name != "Data quality"]
    assert subjects == [name for name in stored if name != "Data quality"]
    assert all(_same_cells(files[n], stored[n]) for n in subjects)
    assert "history store" in str(stored["Data quality"]) and "Rows read" in str(files["Data quality"])
    # The same export again on top of its own history adds nothing: the figures do not move.
    assert all(_same_cells(merged[n], files[n]) for n in subjects)


def test_store_without_orders_for_the_shop_exits_2(capsys, tmp_path):
    store = tmp_path / "history.sqlite"
    assert cli.main(["ingest", ORDERS, "--store", str(store), "--json"]) == 0
    capsys.readouterr()
    code, _, err = _run(
        capsys, "--store", str(store), "--shop", "no such shop", "--out", str(tmp_path / "w.pdf")
    )
    assert code == 2 and err.startswith("error: ") and err.count("\n") == 1
    assert [p.name for p in tmp_path.iterdir()] == ["history.sqlite"]
