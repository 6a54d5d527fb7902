"""``summarize``: the period's refunds (cancellation invoices on their day) and net sales."""

from __future__ import annotations

import json

from analytics.cli.main import main

# Online Retail lines: two purchases and two cancellation invoices (C...), one in and one after January.
RETAIL = """InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country
1001,A,Cup,2,2025-01-05 10:00,10.00,17850,United Kingdom
1002,B,Plate,1,2025-01-20 11:00,40.00,13047,United Kingdom
C1003,A,Cup,-1,2025-01-25 12:00,10.00,17850,United Kingdom
C1004,B,Plate,-1,2025-02-03 12:00,40.00,13047,United Kingdom
1005,B,Plate,3,2025-02-10 12:00,40.00,13047,United Kingdom
"""


def test_summarize_period_refunds_and_net_sales(tmp_path, capsys):
    path = tmp_path / "retail.csv"
    path.write_text(RETAIL, encoding="utf-8")
    code = main(["summarize", str(path), "--start", "2025-01-01", "--end", "2025-01-31", "--json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 0
    # January: sales 2x10 + 40 = 60 (gross); the refund of Jan 25 is 1x10 = 10 (Feb 3's is outside)
    # net sales 60 - 10 = 50; refunds are no orders: 2 orders
    assert (out["orders"], out["sales"], out["refunds"], out["net_sales"]) == (2, 60.0, 10.0, 50.0)
    # whole file: sales 60 + 120 = 180, refunds 10 + 40 = 50, net 130
    assert out["loaded"]["sales"] == 180.0
    assert (out["loaded"]["refunds"], out["loaded"]["net_sales"]) == (50.0, 130.0)


def test_a_history_gives_the_refunds_of_the_files(tmp_path, capsys):
    # The history keeps the refund lines: summarizing it gives what summarizing the file gives.
    path, store = tmp_path / "retail.csv", tmp_path / "history.sqlite"
    path.write_text(RETAIL, encoding="utf-8")
    assert main(["ingest", str(path), "--store", str(store), "--json"]) == 0
    # the same file again (a re-sent export): its refund lines still count once
    assert main(["ingest", str(path), "--store", str(store), "--json"]) == 0
    capsys.readouterr()
    code = main(
        ["summarize", "--store", str(store), "--start", "2025-01-01", "--end", "2025-01-31", "--json"]
    )
    out = json.loads(capsys.readouterr().out)
    assert code == 0
    # January as stored: 2 orders, sales 60; refund of Jan 25: 10; net 60 - 10 = 50
    assert (out["orders"], out["sales"], out["refunds"], out["net_sales"]) == (2, 60.0, 10.0, 50.0)
