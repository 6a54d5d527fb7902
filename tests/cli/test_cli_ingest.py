"""``python -m analytics ingest``: weekly exports kept in the store give the figures of the whole year."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analytics.cli.main import main
from analytics.store import STORE_ENV, history_orders, list_uploads

TAOBAO = ["订单编号", "买家会员名", "订单付款时间", "买家实际支付金额", "订单状态", "联系手机"]
FIGURES = (
    "period",
    "customers",
    "orders",
    "sales",
    "repeat_purchase_rate",
    "returning_customer_rate",
    "returning_sales_share",
    "unidentified_sales_share",
    "repurchase_within_days",
)


def _figures(result: dict) -> dict:
    """Return the FIGURES of a summary, floats to 12 digits: a history sums money exactly, files as floats."""
    exact = {k: result[k] for k in FIGURES}
    return {k: pytest.approx(v, rel=1e-12) if isinstance(v, float) else v for k, v in exact.items()}


def _run(capsys, *argv: str) -> tuple[int, dict | None, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, (json.loads(out) if code == 0 and "--json" in argv else None), err


def _year_of_orders(n: int = 1500, seed: int = 7) -> pd.DataFrame:
    """A Taobao export of one year: 300 buyers (some guests), a few closed orders."""
    rng = np.random.default_rng(seed)
    seconds = np.sort(rng.integers(0, 365 * 86400, n))
    buyers = np.array([f"buyer{i}" for i in range(300)], dtype=object)[rng.integers(0, 300, n)]
    buyers[rng.random(n) < 0.1] = ""
    status = np.where(rng.random(n) < 0.05, "交易关闭", "交易成功")
    return pd.DataFrame(
        {
            "订单编号": [f'="{4000000000000000000 + i}"' for i in range(n)],
            "买家会员名": buyers,
            "订单付款时间": (pd.Timestamp("2025-01-01") + pd.to_timedelta(seconds, unit="s")).strftime(
                "%Y-%m-%d %H:%M:%S"
            ),
            "买家实际支付金额": (rng.integers(100, 50000, n) / 100).astype(str),
            "订单状态": status,
            "联系手机": "13800000000",
        }
    )[TAOBAO]


def _write(frame: pd.DataFrame, path: Path) -> Path:
    frame.to_csv(path, index=False, encoding="gbk")
    return path


def _weekly_files(year: pd.DataFrame, folder: Path) -> list[Path]:
    """Cut the year into 10-day exports made every 7 days: each overlaps the next by 3 days."""
    days = pd.to_datetime(year["订单付款时间"]).dt.normalize()
    files = []
    for n, start in enumerate(pd.date_range("2025-01-01", "2025-12-31", freq="7D")):
        part = year[(days >= start) & (days < start + pd.Timedelta(days=10))]
        if len(part):
            files.append(_write(part, folder / f"week{n:02d}.csv"))
    return files


def test_weekly_overlapping_exports_give_the_figures_of_the_whole_year(tmp_path, capsys):
    year = _year_of_orders()
    whole = _write(year, tmp_path / "year.csv")
    weekly = _weekly_files(year, tmp_path)
    db = str(tmp_path / "h.sqlite")
    code, ingested, err = _run(capsys, "ingest", *map(str, weekly), "--store", db, "--json")
    assert code == 0, err
    valid = int((year["订单状态"] == "交易成功").sum())
    rows_in_files = sum(len(pd.read_csv(f, encoding="gbk")) for f in weekly)
    # every valid order is added once; each further copy of it in an overlapping week is a duplicate
    assert ingested["added"] == valid
    assert ingested["added"] + ingested["duplicates"] == ingested["rows_used"]
    assert ingested["rows_read"] == rows_in_files == ingested["rows_used"] + sum(ingested["dropped"].values())
    assert len(ingested["uploads"]) == len(weekly) and ingested["shops"] == ["default"]
    for extra in ([], ["--start", "2025-03-01", "--end", "2025-08-31"]):
        _, from_store, _ = _run(capsys, "summarize", "--store", db, "--json", *extra)
        _, from_file, _ = _run(capsys, "summarize", str(whole), "--json", *extra)
        assert {k: from_store[k] for k in FIGURES} == _figures(from_file)
    # uploading the weeks again changes nothing
    code, again, _ = _run(capsys, "ingest", *map(str, weekly), "--store", db, "--json")
    assert code == 0 and again["added"] == 0 and all(u["skipped"] for u in again["uploads"])


def test_reexported_week_removes_closed_orders_and_updates_amounts(tmp_path, capsys):
    week = _year_of_orders(n=20).assign(订单状态="交易成功")
    db = str(tmp_path / "h.sqlite")
    _run(capsys, "ingest", str(_write(week, tmp_path / "w.csv")), "--store", db, "--json")
    edited = week.copy()
    edited.loc[0, "订单状态"] = "交易关闭"
    edited.loc[1, "买家实际支付金额"] = "0.50"
    code, result, err = _run(
        capsys, "ingest", str(_write(edited, tmp_path / "w-again.csv")), "--store", db, "--json"
    )
    assert code == 0, err
    # 20 orders: 1 closed now (removed), 1 new amount (updated), 18 unchanged (duplicates)
    assert (result["added"], result["updated"], result["duplicates"], result["removed"]) == (0, 1, 18, 1)
    stored = history_orders(db)
    assert (
        len(stored) == 19 and stored.loc[stored["order_id"] == "4000000000000000001", "amount"].item() == 0.5
    )


def test_summarize_a_file_over_the_store_equals_ingesting_it_first(tmp_path, capsys):
    # The week is stored; its re-export closes order 0 and changes order 1's amount. Summarizing the
    # re-export over the store must give what ingesting it and summarizing the store gives.
    week = _year_of_orders(n=40).assign(订单状态="交易成功")
    first, second = str(tmp_path / "a.sqlite"), str(tmp_path / "b.sqlite")
    original = str(_write(week, tmp_path / "w.csv"))
    edited = week.copy()
    edited.loc[0, "订单状态"] = "交易关闭"
    edited.loc[1, "买家实际支付金额"] = "0.50"
    changed = str(_write(edited, tmp_path / "w-again.csv"))
    for db in (first, second):
        _run(capsys, "ingest", original, "--store", db, "--json")
    _run(capsys, "ingest", changed, "--store", second, "--json")
    year = ("--start", "2025-01-01", "--end", "2025-12-31")
    code, over_store, err = _run(capsys, "summarize", changed, "--store", first, "--json", *year)
    assert code == 0, err
    _, ingested_first, _ = _run(capsys, "summarize", "--store", second, "--json", *year)
    assert {k: ingested_first[k] for k in FIGURES} == _figures(over_store)
    assert over_store["orders"] == len(week) - 1


def test_a_bad_file_stores_nothing(tmp_path, capsys):
    good = _write(_year_of_orders(n=5), tmp_path / "good.csv")
    bad = tmp_path / "bad.csv"
    bad.write_text("名称,数量\n苹果,3\n", encoding="utf-8")
    db = tmp_path / "h.sqlite"
    code, _, err = _run(capsys, "ingest", str(good), str(bad), "--store", str(db), "--json")
    assert code == 2 and err.startswith("error: ") and "bad.csv" in err and "Traceback" not in err
    assert not db.exists()


def test_store_path_from_the_environment(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv(STORE_ENV, str(tmp_path / "env" / "history.sqlite"))
    code, result, _ = _run(capsys, "ingest", str(_write(_year_of_orders(n=5), tmp_path / "w.csv")), "--json")
    assert code == 0 and result["store"] == str(tmp_path / "env" / "history.sqlite")
    assert len(history_orders()) == 5


def test_member_and_campaign_lists_go_with_the_orders_shop(tmp_path, capsys):
    year = _year_of_orders(n=30)
    one, two = year.loc[year["买家会员名"] != "", "买家会员名"].unique()[:2]
    members = tmp_path / "members.csv"
    # Each list drops one of its three rows: an earlier row of a repeated member (the last one
    # wins), a campaign row without a group.
    members.write_text(
        f"会员名,会员等级,入会时间\n{one},普通会员,\n{one},VIP会员,2024-05-01\n{two},普通会员,\n",
        encoding="utf-8",
    )
    campaign = tmp_path / "campaign.csv"
    campaign.write_text(f"会员名,分组\n{one},实验组\n{two},对照组\n{two},\n", encoding="utf-8")
    orders = _write(year, tmp_path / "w.csv")
    db = str(tmp_path / "h.sqlite")
    code, result, err = _run(
        capsys,
        "ingest",
        str(orders),
        "--store",
        db,
        "--shop",
        "旗舰店",
        "--members",
        str(members),
        "--campaign",
        str(campaign),
        "--json",
        "--list",
    )
    assert code == 0, err
    assert [(u["kind"], u["shop"], u["added"]) for u in result["uploads"]][1:] == [
        ("members", "旗舰店", 2),
        ("campaign", "旗舰店", 2),
    ]
    # 3 rows read, 2 stored, 1 dropped per list: the loader's accounting is what the store keeps.
    assert [
        (u["file_name"], u["rows_read"], u["rows_used"], u["dropped"]) for u in result["uploads"][1:]
    ] == [
        ("members.csv", 3, 2, {"duplicate_customer": 1}),
        ("campaign.csv", 3, 2, {"missing_group": 1}),
    ]
    assert [s["kind"] for s in result["stored"]] == ["orders", "members", "campaign"]
    code, summary, err = _run(capsys, "summarize", "--store", db, "--start", "2025-01-01", "--json")
    assert code == 0, err
    # the stored member list is used: the two listed buyers are the members of the year
    assert summary["members"]["member"]["customers"] == 2


def test_delete_and_shops_through_the_cli(tmp_path, capsys):
    db = str(tmp_path / "h.sqlite")
    first = _write(_year_of_orders(n=10).assign(订单状态="交易成功"), tmp_path / "a.csv")
    _run(capsys, "ingest", str(first), "--store", db, "--shop", "north", "--json")
    _run(capsys, "ingest", str(first), "--store", db, "--shop", "south", "--json")
    code, _, err = _run(capsys, "summarize", "--store", db, "--json")
    assert code == 2 and "north, south" in err
    code, result, _ = _run(capsys, "ingest", "--store", db, "--delete", "2", "--json")
    assert code == 0 and result["deleted"][0]["removed"] == 10 and result["shops"] == ["north"]
    assert list_uploads(db)["shop"].tolist() == ["north"]
    code, _, err = _run(capsys, "ingest", "--store", db, "--delete", "7", "--json")
    assert code == 2 and "no upload with id 7" in err


@pytest.mark.parametrize("argv", [["ingest", "--json"], ["ingest", "x.csv", "--map", "order_id", "--json"]])
def test_usage_errors_exit_2_with_one_line(tmp_path, capsys, argv):
    code, _, err = _run(capsys, *argv, "--store", str(tmp_path / "h.sqlite"))
    assert code == 2 and err.startswith("error: ") and err.count("\n") == 1
