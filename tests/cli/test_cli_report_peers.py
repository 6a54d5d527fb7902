"""``report --peers F``: the industry position section the dashboard has, from the same peer file."""

from __future__ import annotations

import io
import json

from openpyxl import load_workbook

from analytics.cli import main as cli
from tests.conftest import SAMPLE_DATA

ORDERS = str(SAMPLE_DATA / "taobao_orders_gbk.csv")
PEERS = SAMPLE_DATA / "peers_sycm.xlsx"


def _report(capsys, *argv):
    code = cli.main(["report", ORDERS, "--lang", "en", "--compare", "none", *map(str, argv), "--json"])
    out, err = capsys.readouterr()
    return code, out, err


def test_peers_add_the_industry_position_sheet(capsys, tmp_path):
    with_peers, without = tmp_path / "with.xlsx", tmp_path / "without.xlsx"
    code, out, err = _report(capsys, "--peers", PEERS, "--out", with_peers)
    assert code == 0, err
    read = json.loads(out)["peers"]
    assert read["file"] == "peers_sycm.xlsx" and read["figures"] > 0
    assert _report(capsys, "--out", without)[0] == 0
    assert "Industry position" in load_workbook(io.BytesIO(with_peers.read_bytes())).sheetnames
    assert "Industry position" not in load_workbook(io.BytesIO(without.read_bytes())).sheetnames


def test_rows_left_out_are_listed_and_a_file_without_figures_is_refused(capsys, tmp_path):
    typed = tmp_path / "peers.csv"
    # Row 1 is a figure (repeat rate 18% over 30 days); row 2 names no figure the report compares.
    typed.write_text(
        "metric,value,window,end\n复购率,18%,最近30天,2025-12-31\nGMV,1000,最近30天,2025-12-31\n", "utf-8"
    )
    code, out, err = _report(capsys, "--peers", typed, "--out", tmp_path / "r.xlsx")
    assert code == 0, err
    read = json.loads(out)["peers"]
    assert read["figures"] == 1 and len(read["problems"]) == 1 and "GMV" in read["problems"][0]
    useless = tmp_path / "useless.csv"
    useless.write_text("metric,value\nGMV,1000\n", "utf-8")
    code, _, err = _report(capsys, "--peers", useless, "--out", tmp_path / "none.xlsx")
    assert code == 2 and err.startswith("error: useless.csv gives no peer figure") and err.count("\n") == 1
    assert not (tmp_path / "none.xlsx").exists()
