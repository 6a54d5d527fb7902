"""``summarize`` on a file without a single valid order names the file (issue 13, finding 7)."""

from __future__ import annotations

from analytics.cli.main import main


def test_summarize_names_the_file_whose_orders_are_all_invalid(tmp_path, capsys):
    path = tmp_path / "closed.csv"
    path.write_text("订单号,下单时间,实付金额,订单状态\n1,2025-01-01 10:00,10,交易关闭\n", encoding="utf-8")
    code = main(["summarize", str(path), "--json"])
    _, err = capsys.readouterr()
    assert code != 0 and "closed.csv" in err and "none of its 1 rows is a valid order" in err


def test_non_finite_amounts_never_reach_the_history(tmp_path, capsys):
    # issue 13, finding 2: an "inf" amount made the stored sales null; it is dropped as bad_amount
    from analytics.store import history_orders

    path = tmp_path / "orders.csv"
    path.write_text(
        "订单号,下单时间,实付金额\n1,2025-01-01 10:00,12.50\n"
        "2,2025-01-02 10:00,inf\n3,2025-01-03 10:00,Infinity\n",
        encoding="utf-8",
    )
    store = tmp_path / "history.sqlite"
    assert main(["ingest", str(path), "--store", str(store)]) == 0
    capsys.readouterr()
    stored = history_orders(store)
    assert stored["order_id"].tolist() == ["1"] and stored["amount"].tolist() == [12.5]
