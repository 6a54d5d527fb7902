"""``python -m analytics customers``: the JSON contract, --out rows and exit 2 without a fit."""

from __future__ import annotations

import io
import json

import pandas as pd
import pytest
from openpyxl import load_workbook

from analytics.cli.main import main
from analytics.loading import load_orders
from analytics.metrics.customers.scores import score_customers
from tests.metrics.customers.conftest import _synthetic_orders

# a: every 10 days (Jan 1, 11, 21), b: once Feb 5, c: once Mar 1 (the last day): one repeat customer.
FEW = """order_id,customer_id,order_time,amount
o1,a,2025-01-01 10:00,500
o2,a,2025-01-11 10:00,500
o3,a,2025-01-21 10:00,500
o4,b,2025-02-05 10:00,20
o5,c,2025-03-01 10:00,80
"""


def _run(capsys, *argv):
    code = main(["customers", *map(str, argv), "--json"])
    out, err = capsys.readouterr()
    return code, json.loads(out) if out.strip() else None, err


@pytest.fixture(scope="module")
def synthetic_csv(tmp_path_factory):
    orders = _synthetic_orders(customers=500, days=365, seed=11)
    path = tmp_path_factory.mktemp("cli") / "orders.csv"
    frame = orders.assign(order_time=orders["order_time"].dt.strftime("%Y-%m-%d %H:%M"))
    frame[["order_id", "customer_id", "order_time", "amount"]].to_csv(path, index=False)
    return path


def test_customers_json_matches_the_models(synthetic_csv, tmp_path, capsys):
    out = tmp_path / "customers.csv"
    code, result, err = _run(
        capsys, synthetic_csv, "--calibration-end", "2024-09-30", "--horizon", "13", "--out", out
    )
    assert code == 0, err
    expected = score_customers(load_orders([synthetic_csv]).orders, time_unit="W", horizon=13)
    assert result["bgnbd"] == pytest.approx(expected.bgnbd.to_dict())
    assert result["gamma_gamma"] == pytest.approx(expected.gamma_gamma.to_dict())
    assert set(result["bgnbd"]) == {"r", "alpha", "a", "b", "log_likelihood"}
    assert [s["name"] for s in result["segments"]][:2] == ["champions", "cant_lose"]
    assert sum(s["customers"] for s in result["segments"]) == result["customers"] == 500
    assert result["pareto"]["top_sales_share"] == pytest.approx(expected.pareto.top_sales_share)
    assert result["holdout"]["calibration_end"] == "2024-09-30"
    assert result["holdout"]["mean_absolute_error"] >= 0
    # Data drawn from the model's own story: it holds, no sentence, no problems, exit 0.
    assert result["model_holds"] is True and result["problems"] == []
    assert result["model_health"] == {"holds": True, "sentence": None, "problems": []}
    rows = pd.read_csv(out, encoding="utf-8-sig", dtype={"customer_id": str, "rfm_score": str})
    assert len(rows) == 500
    for column in (
        "customer_id",
        "frequency",
        "recency",
        "T",
        "monetary_value",
        "p_alive",
        "expected_purchases",
        "expected_value",
        "rfm_score",
        "segment",
        "reason",
    ):
        assert column in rows.columns
    first = expected.customers.iloc[0]
    assert rows.loc[0, "p_alive"] == pytest.approx(first["p_alive"])
    assert rows.loc[0, "expected_value"] == pytest.approx(first["expected_value"])


def test_customers_without_a_fit_prints_model_free_figures_and_exits_2(tmp_path, capsys):
    path = tmp_path / "few.csv"
    path.write_text(FEW, encoding="utf-8")
    out = tmp_path / "few.xlsx"
    code, result, err = _run(capsys, path, "--out", out)
    assert code == 2
    assert err.count("\n") == 1 and err.startswith("error: Only 1 of 3 customers bought again")
    assert result["bgnbd"] is None and result["gamma_gamma"] is None
    # Pareto: top 20% of 3 customers (0.6 of a) = 0.6 x 1500 / 1600 of the sales.
    assert result["pareto"]["top_sales_share"] == pytest.approx(0.6 * 1500 / 1600)
    assert result["care"]["overdue"] == 1
    sheet = load_workbook(io.BytesIO(out.read_bytes())).active
    header = [c.value for c in sheet[1]]
    a = dict(zip(header, [c.value for c in sheet[2]], strict=True))
    assert a["customer_id"] == "a" and a["frequency"] == 2 and a["p_alive"] is None
    # No model: a (top fifth by sales) is at risk by the lapse rule, 39 days against the shop's
    # 90th-percentile gap of 10 days (gaps 10, 10).
    assert a["reason"] == (
        "High past value (1,500 spent), silent for 39 days: nine in ten returns of customers of this"
        " value came within 10 days"
    )
    assert result["as_of"] == "2025-03-01" and "calibration_end" not in result


def test_as_of_scores_as_of_a_day_and_keeps_the_holdout_split(synthetic_csv, capsys):
    code, result, err = _run(
        capsys, synthetic_csv, "--as-of", "2024-10-31", "--calibration-end", "2024-07-31"
    )
    assert code == 0, err
    orders = load_orders([synthetic_csv]).orders
    before = orders[orders["order_day"] <= "2024-10-31"]
    expected = score_customers(before, time_unit="W")
    # Orders after the scoring day are ignored: the customers and the fit are those of the orders up to it.
    assert result["as_of"] == "2024-10-31"
    assert result["customers"] == before["customer_id"].nunique()
    assert int(expected.summary.customers["orders"].sum()) == len(before) < len(orders)
    assert result["bgnbd"] == pytest.approx(expected.bgnbd.to_dict())
    assert result["bgnbd"] != pytest.approx(score_customers(orders, time_unit="W").bgnbd.to_dict())
    # T is measured to the scoring day: a customer whose first purchase was on it has T 0.
    assert expected.summary.calibration_end == pd.Timestamp("2024-10-31")
    # --calibration-end keeps its meaning: the holdout's split, checked up to the scoring day.
    assert result["holdout"]["calibration_end"] == "2024-07-31"
    assert result["holdout"]["holdout_end"] <= "2024-10-31"


def test_a_bad_day_is_a_clear_error(synthetic_csv, capsys):
    code, _, err = _run(capsys, synthetic_csv, "--as-of", "31/31/2024")
    assert code == 2 and err.startswith("error: 31/31/2024 is not a day")


def test_customers_refuses_an_unknown_out_format(tmp_path, capsys):
    path = tmp_path / "few.csv"
    path.write_text(FEW, encoding="utf-8")
    code, _, err = _run(capsys, path, "--out", tmp_path / "x.txt")
    assert code == 2 and "x.txt" in err and ".xlsx" in err
