"""``python -m analytics uplift``: the JSON contract, and bad input as exit 2 with one error line."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from analytics.cli.main import main
from analytics.cli.uplift import parse_split

ROOT = Path(__file__).resolve().parents[2]

# Window 2025-03-01 .. 2025-03-07 (7 days). t1 buys twice (100 + 50), t2 once (40), c1 once (30);
# t3, c2 never buy in the window; 17850 is written as a float id in the orders ("17850.0").
ORDERS = """order id,customer id,order time,amount,coupon code
1,t1,2025-03-02 10:00,100,
2,t1,2025-03-05 11:00,50,SPRING
3,t2,2025-03-07 23:59,40,
4,c1,2025-03-01 00:00,30,
5,t3,2025-02-20 09:00,20,
6,c2,2025-02-21 09:00,20,
7,17850.0,2025-03-03 12:00,60,
8,x,2025-01-05 12:00,60,SPRING
9,x,2025-01-20 12:00,60,
10,y,2025-01-06 12:00,60,
11,z,2025-04-30 12:00,60,
"""
CAMPAIGN = """customer id,group,start
t1,treatment,2025-03-01
t2,treatment,2025-03-01
t3,treatment,2025-03-01
17850,control,2025-03-01
c1,control,2025-03-01
c2,control,2025-03-01
"""


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _run(capsys, *argv):
    code = main(["uplift", *map(str, argv)])
    out, err = capsys.readouterr()
    return code, out, err


def test_two_arm_json(tmp_path, capsys):
    orders, campaign = _write(tmp_path, "orders.csv", ORDERS), _write(tmp_path, "camp.csv", CAMPAIGN)
    code, out, err = _run(
        capsys, orders, "--campaign", campaign, "--days", 7, "--cost-per-contact", 2, "--json"
    )
    assert code == 0, err
    d = json.loads(out)
    control, arm = d["control"], d["arms"][0]
    # control: 17850 (float id in the orders), c1 and c2 -> 2 converters of 3, sales 60 + 30 = 90
    assert (control["group"], control["customers"], control["converters"], control["sales"]) == (
        "control",
        3,
        2,
        90,
    )
    # treatment: t1 and t2 of 3 convert, sales 190; uplift 2/3 - 2/3 = 0; spend 190/3 - 30 = 33.33
    assert (arm["group"], arm["customers"], arm["converters"], arm["sales"]) == ("treatment", 3, 2, 190)
    assert arm["conversion_uplift"] == 0
    assert arm["spend_uplift"] == pytest.approx(190 / 3 - 30)
    assert arm["incremental_sales"] == pytest.approx(100.0)  # (190/3 - 30) x 3
    assert arm["roi"] == pytest.approx((100 - 6) / 6)  # cost 2 x 3 customers
    assert len(arm["conversion_uplift_ci"]) == 2 and len(arm["spend_uplift_ci"]) == 2
    assert d["window"] == {"start": "2025-03-01", "end": "2025-03-07", "days": 7}
    assert d["rows_read"] == 11 and d["campaign_input"]["rows_used"] == 6
    assert "srm" in d and "warnings" in d


def test_coupon_field(tmp_path, capsys):
    orders, campaign = _write(tmp_path, "orders.csv", ORDERS), _write(tmp_path, "camp.csv", CAMPAIGN)
    code, out, err = _run(capsys, orders, "--campaign", campaign, "--days", 7, "--coupon", "--json")
    assert code == 0, err
    coupon = json.loads(out)["coupon"]
    assert coupon["redemptions"] == 2 and coupon["redeemers"] == 2  # t1 and x used SPRING
    code, out, err = _run(capsys, orders, "--coupon", "spring", "--json")
    assert code == 0, err
    d = json.loads(out)
    assert d["coupon"]["codes"] == ["spring"] and "arms" not in d


@pytest.mark.parametrize(
    ("campaign_text", "extra", "message"),
    [
        (
            CAMPAIGN,
            ["--control", "holdout"],
            "no group is labelled 'holdout': the groups are 'control', 'treatment'",
        ),
        (
            CAMPAIGN.replace("treatment", "A").replace("control", "B"),
            [],
            "cannot tell which group is the control",
        ),
        (CAMPAIGN, ["--start", "2030-01-01"], "lies outside the orders"),
        (CAMPAIGN, ["--split", "50:x"], "not a positive weight"),
        (CAMPAIGN, ["--split", "1:1:1"], "3 weights for 2 groups"),
        (CAMPAIGN.replace(",2025-03-01", ","), [], "no campaign start date: pass --start"),
    ],
)
def test_bad_campaign_input_exits_2_with_one_line(tmp_path, capsys, campaign_text, extra, message):
    orders, campaign = _write(tmp_path, "orders.csv", ORDERS), _write(tmp_path, "camp.csv", campaign_text)
    code, out, err = _run(capsys, orders, "--campaign", campaign, *extra, "--json")
    assert code == 2 and out == ""
    assert err.startswith("error: ") and err.count("\n") == 1
    assert message in err


def test_neither_campaign_nor_coupon_is_an_error(tmp_path, capsys):
    code, _, err = _run(capsys, _write(tmp_path, "orders.csv", ORDERS), "--json")
    assert code == 2 and "--campaign" in err


def test_parse_split():
    assert parse_split("50:50") == [50.0, 50.0]
    assert parse_split("对照组=1,实验组=4") == {"对照组": 1.0, "实验组": 4.0}
    assert parse_split(None) is None


def test_sample_data_through_the_module_entry_point():
    # The real entry point on the sample shop: exit 0, strict JSON, the injected 6-point uplift inside the CI.
    truth = json.loads((ROOT / "sample_data" / "campaign_truth.json").read_text(encoding="utf-8"))
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "analytics",
            "uplift",
            str(ROOT / "sample_data" / "taobao_orders_gbk.csv"),
            "--campaign",
            str(ROOT / "sample_data" / "campaign.csv"),
            "--json",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    d = json.loads(proc.stdout)
    lo, hi = d["arms"][0]["conversion_uplift_ci"]
    assert lo <= truth["conversion_uplift"] <= hi
    assert d["control"]["group"] == "对照组"


def test_single_group_list_gives_the_directional_reading(tmp_path, capsys):
    # Everyone in one group "sms": no control, so pre/post and DiD against customers known before.
    text = "customer id,group\nt1,sms\nt2,sms\nt3,sms\n"
    orders, campaign = _write(tmp_path, "orders.csv", ORDERS), _write(tmp_path, "camp.csv", text)
    code, out, err = _run(
        capsys, orders, "--campaign", campaign, "--start", "2025-03-01", "--days", 7, "--json"
    )
    assert code == 0, err
    d = json.loads(out)
    assert d["design"] == "directional" and d["control"] is None and d["arms"] == []
    # targeted t1, t2, t3: post 2 of 3 converted, pre (22-28 Feb) none -> +2/3
    assert d["pre_post"]["targeted"]["conversion_change"]["value"] == pytest.approx(2 / 3)
    # non-targeted: identified customers with an order before 1 Mar: c2, x, y (17850 and c1 first buy later)
    assert d["non_targeted_customers"] == 3
    assert d["assumptions"] and d["pretrend"]["windows_compared"] == 2


def test_rows_the_campaign_loader_dropped_are_warned(tmp_path, capsys):
    # A row without a customer id changes no group but must not vanish silently.
    text = CAMPAIGN + ",control,2025-03-01\n"
    orders, campaign = _write(tmp_path, "orders.csv", ORDERS), _write(tmp_path, "camp.csv", text)
    code, out, err = _run(capsys, orders, "--campaign", campaign, "--days", 7, "--json")
    assert code == 0, err
    assert "camp.csv: 1 rows dropped as missing_customer_id" in json.loads(out)["warnings"]
