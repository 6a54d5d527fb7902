"""Recover the injected uplift of the sample shop's care-SMS campaign (sample_data/generate.py).

The generator randomises lapsing customers into 实验组/对照组 before simulating the window and
injects a known conversion uplift; campaign_truth.json records it and the realised group figures.
"""

import json
from pathlib import Path

import pytest

from analytics.loading import load_campaign, load_orders
from analytics.metrics.campaign import campaign_uplift

SAMPLE = Path(__file__).resolve().parents[3] / "sample_data"


@pytest.fixture(scope="module")
def sample():
    truth = json.loads((SAMPLE / "campaign_truth.json").read_text(encoding="utf-8"))
    orders = load_orders([SAMPLE / "taobao_orders_gbk.csv"]).orders
    campaign = load_campaign(SAMPLE / "campaign.csv").campaign
    return truth, orders, campaign


def test_sample_campaign_recovers_the_injected_uplift(sample):
    truth, orders, campaign = sample
    # No --start, no --control: the window comes from the file's start column, the control from 对照组.
    r = campaign_uplift(orders, campaign, days=truth["campaign_days"], source="campaign.csv")
    assert r.window.to_dict() == {"start": truth["campaign_start"], "end": truth["window_end"]}
    assert r.control.group == truth["control_label"]
    arm = r.arms[0]
    assert arm.outcome.group == truth["treatment_label"]
    # The pipeline reproduces the generator's own count of the window (customers, converters, sales).
    for outcome, realised in (
        (r.control, truth["realised"]["control"]),
        (arm.outcome, truth["realised"]["treatment"]),
    ):
        assert (outcome.customers, outcome.converters) == (realised["customers"], realised["converters"])
        assert outcome.sales == pytest.approx(realised["sales"], abs=0.01)
    lo, hi = arm.conversion_uplift_ci
    assert lo <= truth["conversion_uplift"] <= hi
    lo, hi = arm.spend.ci
    assert lo <= truth["expected_spend_uplift_per_customer"] <= hi
    assert arm.conversion_p_value < 0.05 and arm.spend.p_value < 0.05
    assert r.srm.warning is None  # assignment was half and half


def test_sample_campaign_with_cost_gives_roi(sample):
    truth, orders, campaign = sample
    r = campaign_uplift(orders, campaign, days=truth["campaign_days"], cost_per_contact=0.5)
    arm = r.arms[0]
    # ROI = (incremental sales - 0.5 x treated customers) / (0.5 x treated customers)
    cost = 0.5 * truth["realised"]["treatment"]["customers"]
    assert arm.roi == pytest.approx((arm.incremental_sales - cost) / cost)
    assert arm.roi > 0
