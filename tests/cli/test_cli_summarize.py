"""``python -m analytics summarize``: the JSON contract and clear answers to bad arguments."""

from __future__ import annotations

import json

import pytest

from analytics.cli.main import main

ORDERS = """order_id,customer_id,order_time,amount
o1,a,2024-12-10 10:00,10
o2,a,2025-01-05 09:00,20
o3,a,2025-01-05 18:00,5
o4,a,2025-01-20 12:00,15
o5,b,2025-01-10 12:00,40
o6,b,2025-02-05 12:00,30
o7,c,2025-01-25 12:00,25
o8,d,2025-01-31 12:00,50
o9,d,2025-02-15 12:00,12
o10,,2025-01-15 12:00,30
o11,,2025-03-01 12:00,100
o12,e,2024-11-01 12:00,8
"""


@pytest.fixture
def orders_csv(tmp_path):
    path = tmp_path / "orders.csv"
    path.write_text(ORDERS, encoding="utf-8")
    return path


def _run(capsys, *argv):
    code = main(["summarize", *map(str, argv), "--json"])
    out, err = capsys.readouterr()
    return code, (json.loads(out) if code == 0 else None), err


def test_summarize_january_json(orders_csv, capsys):
    code, out, _ = _run(capsys, orders_csv, "--start", "2025-01-01", "--end", "2025-01-31")
    assert code == 0
    # same figures as tests/metrics_fixtures.py: 4 customers, 7 orders, 185 sales, a repeats, a returns
    assert (out["customers"], out["orders"], out["sales"]) == (4, 7, 185.0)
    assert out["repeat_purchase_rate"] == 0.25 and out["returning_customer_rate"] == 0.25
    assert out["unidentified_sales_share"] == pytest.approx(30 / 185)
    assert out["repurchase_within_days"] == {"days": 30, "eligible": 2, "repurchased": 1, "rate": 0.5}
    assert out["rows_read"] == 12 and out["loaded"]["orders"] == 12
    assert out["members"] is None


def test_loaded_customers_count_every_identified_customer_once(orders_csv, capsys):
    # The loaded block counts from the summary's purchase log (ids hashed once): a b c d e over all
    # twelve orders = 5; the two guest orders (o10, o11) add no customer; inspect counts the same.
    _, out, _ = _run(capsys, orders_csv, "--start", "2025-01-01", "--end", "2025-01-31")
    assert out["loaded"]["customers"] == 5
    assert main(["inspect", str(orders_csv), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["customers"] == 5


def test_default_period_is_30_days_to_last_order_day(orders_csv, capsys):
    _, out, _ = _run(capsys, orders_csv)
    # last order day Mar 1 2025: Jan 31 .. Mar 1; orders o6 o8 o9 o11 -> 4, customers b d
    assert out["period"] == {"start": "2025-01-31", "end": "2025-03-01"}
    assert (out["orders"], out["customers"]) == (4, 2)


def test_members_file_gives_members_and_tiers(orders_csv, tmp_path, capsys):
    members = tmp_path / "members.csv"
    members.write_text("customer_id,tier\na,gold\nc,silver\nz,gold\n", encoding="utf-8")
    code, out, err = _run(
        capsys, orders_csv, "--members", members, "--start", "2025-01-01", "--end", "2025-01-31"
    )
    assert code == 0, err
    # members a and c bought 40 + 25 = 65 of 185
    assert out["members"]["member"]["sales"] == 65.0 and out["members"]["member"]["customers"] == 2
    assert [t["tier"] for t in out["tiers"]] == ["silver", "gold"]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--start", "2025-02-01", "--end", "2025-01-01"], "before it starts"),
        (["--start", "2026-01-01", "--end", "2026-01-31"], "no orders between"),
        (["--repurchase-days", "0"], "--repurchase-days"),
        (["--map", "customer_id"], "FIELD=HEADER"),
        (["--start", "soon"], "YYYY-MM-DD"),
        (["--start", "2026-03-01"], "choose a start on or before"),
    ],
)
def test_bad_arguments_get_one_error_line(orders_csv, capsys, args, expected):
    code, _, err = _run(capsys, orders_csv, *args)
    assert code == 2 and err.startswith("error: ") and expected in err and "Traceback" not in err


def test_member_list_matching_nobody(orders_csv, tmp_path, capsys):
    members = tmp_path / "crm.csv"
    members.write_text("customer_id,tier\n张三,gold\n李四,silver\n", encoding="utf-8")
    code, _, err = _run(capsys, orders_csv, "--members", members)
    assert code == 2 and "crm.csv" in err and "张三" in err


def test_nothing_to_summarize(capsys):
    code, _, err = _run(capsys)
    assert code == 2 and "FILE" in err
