"""An export whose customer column has an unknown header (issue 21, finding 12) on the command line.

Before, ``Client`` gave 0 customers and every sale unidentified, with a warning that named no
column. Now the command still succeeds (exit 0: orders and sales do not need customers) and its
warning names the likely column and the exact ``--map`` to add; with it the customers are counted.
"""

from __future__ import annotations

import json
from pathlib import Path

from analytics.cli.main import main

# ann buys on 3 days, bob on 2, cy once; A7 is a guest order (no client)
ROWS = [
    ("A1", "ann", "2025-01-01", "10"),
    ("A2", "bob", "2025-01-02", "20"),
    ("A3", "ann", "2025-01-03", "30"),
    ("A4", "cy", "2025-01-04", "40"),
    ("A5", "bob", "2025-01-05", "50"),
    ("A6", "ann", "2025-01-06", "60"),
    ("A7", "", "2025-01-07", "70"),
]


def _export(tmp_path: Path) -> Path:
    path = tmp_path / "crm.csv"
    path.write_text("Order,Client,Date,Total\n" + "".join(",".join(row) + "\n" for row in ROWS))
    return path


def test_unknown_customer_header_is_named_with_the_map_to_add(tmp_path, capsys):
    path = _export(tmp_path)
    assert main(["inspect", str(path), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["customers"] == 0
    (warning,) = out["files"][0]["warnings"]
    assert "Client" in warning and "--map customer_id=Client" in warning


def test_with_the_suggested_map_the_customers_are_counted(tmp_path, capsys):
    path = _export(tmp_path)
    assert main(["summarize", str(path), "--map", "customer_id=Client", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    # ann, bob, cy; A7's 70 of 280 is the guest share
    assert out["customers"] == 3 and out["unidentified_sales_share"] == 0.25
    assert out["files"][0]["warnings"] == []


def test_a_header_with_spaces_is_quoted_for_the_shell(tmp_path, capsys):
    path = tmp_path / "crm.csv"
    path.write_text("Order,Client Ref,Date,Total\n" + "".join(",".join(row) + "\n" for row in ROWS))
    assert main(["inspect", str(path), "--json"]) == 0
    (warning,) = json.loads(capsys.readouterr().out)["files"][0]["warnings"]
    assert "--map 'customer_id=Client Ref'" in warning
