"""``python -m analytics inspect``: the JSON contract and bad input as exit 2 with one error line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from analytics.cli.main import main

ROOT = Path(__file__).resolve().parents[2]
HEADER = "订单号,客户ID,下单时间,实付金额,订单状态\n"


def _write(path: Path, body: str) -> Path:
    path.write_text(HEADER + body, encoding="utf-8")
    return path


def test_inspect_json_block(tmp_path, capsys):
    week1 = _write(
        tmp_path / "w1.csv", "A,c1,2025-01-03 10:00,10.50,交易成功\nB,c2,2025-01-04 11:00,5,交易关闭\n,,,,\n"
    )
    week2 = _write(
        tmp_path / "w2.csv", "A,c1,2025-01-03 10:00,10.50,交易成功\nC,,2025-01-09 09:00,4.50,交易成功\n"
    )
    assert main(["inspect", str(week1), str(week2), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    # week 1: A used, B cancelled, one blank row; week 2: A again (duplicate), C a guest order
    assert (out["rows_read"], out["rows_used"]) == (5, 2)
    assert out["dropped"] == {"blank_row": 1, "duplicate_order": 1, "cancelled": 1}
    assert (out["orders"], out["customers"], out["sales"]) == (2, 1, 15.0)  # 10.50 + 4.50; C is a guest
    assert (out["first_day"], out["last_day"]) == ("2025-01-03", "2025-01-09")
    first = out["files"][0]
    assert first["file"] == "w1.csv" and first["kind"] == "orders" and first["format"] == "csv"
    assert first["mapping"]["amount"] == "实付金额" and first["header_row"] == 1
    assert first["rows_read"] == first["rows_used"] + sum(first["dropped"].values())
    assert {"encoding", "delimiter", "sheet"} <= set(first)


def test_inspect_map_option(tmp_path, capsys):
    path = tmp_path / "odd.csv"
    path.write_text("单据,发生时间,收款\n1,2025-01-03,5\n", encoding="utf-8")
    assert main(["inspect", str(path), "--map", "order_time=发生时间", "--map", "amount=收款", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["sales"] == 5.0 and out["files"][0]["mapping"]["amount"] == "收款"


def test_missing_fields_exit_2_with_one_error_line(tmp_path, capsys):
    path = tmp_path / "odd.csv"
    path.write_text("单据,发生时间,收款\n1,2025-01-03,5\n", encoding="utf-8")
    assert main(["inspect", str(path), "--json"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith(
        "error: odd.csv: cannot find the order time and the amount paid among the headers: "
    )
    assert "单据, 发生时间, 收款. Name them with --map order_time=HEADER amount=HEADER" in err


def test_bad_map_options_exit_2(tmp_path, capsys):
    path = _write(tmp_path / "w.csv", "A,c1,2025-01-03,1,交易成功\n")
    assert main(["inspect", str(path), "--map", "amount"]) == 2
    assert "write it as FIELD=HEADER" in capsys.readouterr().err
    assert main(["inspect", str(path), "--map", "amount=Total"]) == 2
    assert "no column 'Total'" in capsys.readouterr().err
    assert main(["inspect", str(tmp_path / "missing.csv")]) == 2
    assert capsys.readouterr().err.startswith("error: ")


def test_module_entry_point_never_shows_a_traceback(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("foo,bar\n1,2\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "analytics", "inspect", str(path), "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert done.stderr.startswith("error: bad.csv: cannot find")


def _run_module(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "analytics", *args], cwd=ROOT, capture_output=True, text=True, check=False
    )


def test_read_only_commands_leave_quickly_with_their_whole_output(tmp_path):
    # summarize ends with os._exit (no teardown): its JSON must still arrive whole, exit code 0.
    # Orders: c1 on 01-03 (10) and 01-05 (20), c2 on 01-04 (5): 3 orders, 2 customers, 35 in sales.
    path = _write(
        tmp_path / "w.csv",
        "A,c1,2025-01-03,10,交易成功\nB,c2,2025-01-04,5,交易成功\nC,c1,2025-01-05,20,交易成功\n",
    )
    done = _run_module("summarize", str(path), "--json")
    assert done.returncode == 0 and done.stderr == ""
    figures = json.loads(done.stdout)
    assert (figures["loaded"]["orders"], figures["loaded"]["customers"]) == (3, 2)
    assert figures["loaded"]["sales"] == 35


def test_read_only_commands_keep_exit_code_2_on_bad_input(tmp_path):
    done = _run_module("summarize", str(tmp_path / "missing.csv"), "--json")
    assert done.returncode == 2 and done.stdout == "" and done.stderr.startswith("error: ")
