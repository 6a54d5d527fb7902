"""Campaign uplift with a control group: hand-computed cases, invariance, bad campaign files."""

import json
import math

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from analytics.errors import ArgumentError, InputError
from analytics.frames import orders_frame
from analytics.metrics.campaign import (
    campaign_groups,
    campaign_uplift,
    campaign_window,
    find_control,
)
from analytics.metrics.campaign.stats import holm_adjust, newcombe_interval, two_proportion_p_value

START = "2025-03-01"  # 7-day window: 1 to 7 March inclusive


def _orders(**extra):
    # t1: 2 orders in the window (100 + 50); t2: one on the last window day (40); t3 buys the day
    # before and t4 the day after the window (not converters); c1: one order (30); c4 bought in
    # January only; c2, c3 never bought; a guest and a non-campaign customer buy in the window.
    return orders_frame(
        customer_id=["t1", "t1", "t2", "t3", "t4", "c1", "c4", None, "x"],
        order_day=[
            "2025-03-02",
            "2025-03-05",
            "2025-03-07",
            "2025-02-28",
            "2025-03-08",
            "2025-03-01",
            "2025-01-01",
            "2025-03-03",
            "2025-03-03",
        ],
        amount=[100.0, 50.0, 40.0, 999.0, 999.0, 30.0, 5.0, 500.0, 70.0],
        **extra,
    )


def _campaign(ids=None, groups=None, start=START):
    ids = ids or ["t1", "t2", "t3", "t4", "c1", "c2", "c3", "c4"]
    groups = groups or ["treatment"] * 4 + ["control"] * 4
    return pd.DataFrame(
        {"customer_id": ids, "group": groups, "start": pd.Timestamp(start) if start else pd.NaT}
    )


def test_two_arm_hand_computed():
    r = campaign_uplift(_orders(), _campaign(), days=7, cost_per_contact=5.0)
    arm, control = r.arms[0], r.control
    # treatment: 4 customers, 2 converters, 3 orders, sales 190; control: 4, 1, 1 order, 30
    assert (control.group, control.customers, control.converters, control.orders, control.sales) == (
        "control",
        4,
        1,
        1,
        30.0,
    )
    assert (arm.outcome.customers, arm.outcome.converters, arm.outcome.orders, arm.outcome.sales) == (
        4,
        2,
        3,
        190.0,
    )
    assert arm.outcome.conversion_rate == 0.5 and control.conversion_rate == 0.25
    assert arm.outcome.sales_per_customer == 47.5 and control.sales_per_customer == 7.5  # 190/4, 30/4
    assert arm.outcome.aov_converters == pytest.approx(190 / 3)
    assert arm.conversion_uplift == 0.25  # 2/4 - 1/4
    assert arm.spend.difference == 40.0  # 47.5 - 7.5
    assert arm.incremental_sales == 160.0  # 40 x 4 customers
    assert arm.incremental_orders == 2.0  # (3/4 - 1/4) x 4
    assert arm.cost == 20.0 and arm.roi == 7.0  # 5 x 4 = 20; (160 - 20) / 20
    assert arm.conversion_uplift_ci == newcombe_interval(2, 4, 1, 4)
    assert arm.conversion_p_value == two_proportion_p_value(2, 4, 1, 4)
    welch = stats.ttest_ind([150.0, 40.0, 0.0, 0.0], [30.0, 0.0, 0.0, 0.0], equal_var=False)
    assert arm.spend.p_value == pytest.approx(welch.pvalue)
    ci = welch.confidence_interval()
    assert arm.spend.ci == pytest.approx((ci.low, ci.high))
    # c2 and c3 have no order at all in the data
    assert control.missing_from_orders == 2 and arm.outcome.missing_from_orders == 0
    assert any(w.code == "campaign.small_groups" and w.params["threshold"] == 30 for w in r.warnings)


def test_json_contract_keys():
    d = campaign_uplift(_orders(), _campaign(), days=7).to_dict()
    for key in ("group", "customers", "converters", "conversion_rate", "sales", "sales_per_customer"):
        assert key in d["control"]
    arm = d["arms"][0]
    for key in (
        "conversion_uplift",
        "conversion_uplift_ci",
        "conversion_p_value",
        "spend_uplift",
        "spend_uplift_ci",
        "spend_p_value",
        "incremental_sales",
        "orders_per_customer",
        "aov_converters",
        "incremental_orders",
        "roi",
        "mde",
    ):
        assert key in arm
    assert d["window"] == {"start": "2025-03-01", "end": "2025-03-07", "days": 7}
    assert set(d["srm"]) >= {"chi2", "p_value", "warning"}
    assert math.isnan(d["arms"][0]["roi"])  # no cost given


def test_invariant_to_row_order_duplicate_lines_and_integer_ids():
    base = campaign_uplift(_orders(), _campaign(), days=7).to_dict()
    shuffled_orders = _orders().sample(frac=1, random_state=3)
    campaign = _campaign()
    shuffled_campaign = pd.concat([campaign, campaign.iloc[:3]]).sample(frac=1, random_state=4)
    again = campaign_uplift(shuffled_orders, shuffled_campaign, days=7).to_dict()
    # nan != nan, so compare the JSON texts
    assert json.dumps(again, sort_keys=True) == json.dumps(base, sort_keys=True)


@settings(max_examples=30, deadline=None)
@given(
    buyers=st.lists(st.tuples(st.integers(0, 11), st.integers(0, 20), st.floats(0, 500)), max_size=40),
    groups=st.lists(st.sampled_from(["control", "sms", "coupon"]), min_size=12, max_size=12),
)
def test_properties_on_random_campaigns(buyers, groups):
    if len(set(groups)) < 2 or "control" not in groups:
        groups = ["control", "sms", *groups[2:]]
    ids = [f"k{i}" for i in range(12)]
    # zz, outside the campaign, buys on the window's first day so the window always holds data
    orders = orders_frame(
        customer_id=[f"k{c}" for c, _, _ in buyers] + ["zz"],
        order_day=[pd.Timestamp("2025-02-25") + pd.Timedelta(days=d) for _, d, _ in buyers]
        + [pd.Timestamp("2025-03-01")],
        amount=[a for _, _, a in buyers] + [1.0],
    )
    r = campaign_uplift(orders, _campaign(ids, groups), days=7)
    outcomes = [r.control, *(a.outcome for a in r.arms)]
    assert sum(o.customers for o in outcomes) == 12
    assert all(0 <= o.converters <= o.customers and o.orders >= o.converters for o in outcomes)
    for arm in r.arms:
        lo, hi = arm.conversion_uplift_ci
        assert lo - 1e-12 <= arm.conversion_uplift <= hi + 1e-12 and lo >= -1 - 1e-12 and hi <= 1 + 1e-12
        assert 0 <= arm.conversion_p_value <= 1
        if not math.isnan(arm.spend.ci[0]):
            assert arm.spend.ci[0] - 1e-9 <= arm.spend.difference <= arm.spend.ci[1] + 1e-9


def test_integer_campaign_ids_match_string_order_ids():
    orders = orders_frame(
        customer_id=["1", "2", "3"], order_day=["2025-03-02"] * 3, amount=[10.0, 20.0, 30.0]
    )
    campaign = pd.DataFrame(
        {"customer_id": [1, 2, 3, 4], "group": ["A", "A", "ctrl", "ctrl"], "start": pd.NaT}
    )
    r = campaign_uplift(orders, campaign, start=START, days=7)
    # A: 2 of 2 converted, sales 30; ctrl: 1 of 2, sales 30 -> uplift 0.5, spend 15 - 15 = 0
    assert r.control.group == "ctrl"
    assert r.arms[0].conversion_uplift == 0.5 and r.arms[0].spend.difference == 0.0
    # The same ids read as floats (1.0, 2.0, ...) give the same result
    floats = campaign.assign(customer_id=campaign["customer_id"].astype("float64"))
    again = campaign_uplift(orders, floats, start=START, days=7)
    assert again.arms[0].conversion_uplift == 0.5 and again.control.converters == 1


def test_multi_arm_reports_each_arm_with_holm():
    ids = [f"k{i}" for i in range(9)]
    groups = ["对照组"] * 3 + ["短信"] * 3 + ["优惠券"] * 3
    orders = orders_frame(customer_id=["k3", "k4", "k6", "k7", "k8", "k0"], order_day=["2025-03-03"] * 6)
    r = campaign_uplift(orders, _campaign(ids, groups), days=7)
    # control 1/3; 短信 2/3; 优惠券 3/3 -> uplifts 1/3 and 2/3, arms in label order
    assert r.control.group == "对照组"
    assert [a.outcome.group for a in r.arms] == sorted(["短信", "优惠券"])
    by_name = {a.outcome.group: a for a in r.arms}
    assert by_name["短信"].conversion_uplift == pytest.approx(1 / 3)
    assert by_name["优惠券"].conversion_uplift == pytest.approx(2 / 3)
    expected = holm_adjust([a.conversion_p_value for a in r.arms])
    assert [a.conversion_p_value_holm for a in r.arms] == pytest.approx(expected)
    assert any(w.code == "campaign.several_arms" for w in r.warnings)


def test_sample_ratio_mismatch_with_intended_split():
    ids = [f"k{i}" for i in range(100)]
    groups = ["control"] * 20 + ["treatment"] * 80
    orders = orders_frame(customer_id=["k1"], order_day=["2025-03-02"])
    equal = campaign_uplift(orders, _campaign(ids, groups), days=7)
    # 20 vs 80 against 50/50: chi2 = (30^2 + 30^2) / 50 = 36
    assert equal.srm.chi2 == pytest.approx(36.0) and equal.srm.warning is not None
    planned = campaign_uplift(orders, _campaign(ids, groups), days=7, split=[1, 4])
    assert planned.srm.chi2 == pytest.approx(0.0) and planned.srm.warning is None
    named = campaign_uplift(orders, _campaign(ids, groups), days=7, split={"treatment": 4, "control": 1})
    assert named.srm.chi2 == pytest.approx(0.0)
    with pytest.raises(ArgumentError, match="weights for 2 groups") as err:
        campaign_uplift(orders, _campaign(ids, groups), days=7, split=[1, 1, 1])
    assert err.value.code == "campaign.split_count" and err.value.params["weights"] == 3


def test_power_warning_when_the_test_is_too_small():
    r = campaign_uplift(_orders(), _campaign(), days=7)
    # MDE with 4 + 4 customers at 25% control is 2.80 * sqrt(0.1875 * 0.5) = 0.858 > 0.25 shown
    assert r.arms[0].conversion_mde == pytest.approx(2.8016 * math.sqrt(0.1875 * 0.5), rel=1e-3)
    assert any(w.code.startswith("campaign.underpowered_conversion") for w in r.warnings)


@pytest.mark.parametrize(
    ("labels", "expected"),
    [
        (["实验组", "对照组"], "对照组"),
        (["treatment", " Control "], " Control "),
        (["A", "Holdout"], "Holdout"),
        (["sms", "空白组"], "空白组"),
        (["sms", "coupon", "SMS control"], "SMS control"),
        (["test", "baseline"], "baseline"),
        (["E-Mail", "No E-Mail"], "No E-Mail"),
        (["SMS", "No SMS"], "No SMS"),
        (["sms", "coupon", "none"], "none"),
        (["短信", "不发送"], "不发送"),
        (["短信", "未发送"], "未发送"),
        (["短信", "未触达"], "未触达"),
        (["短信", "空白对照"], "空白对照"),
        (["短信", "未发短信"], "未发短信"),
        (["email", "no_email"], "no_email"),
        (["coupon", "without coupon"], "without coupon"),
    ],
)
def test_find_control_by_name(labels, expected):
    assert find_control(labels) == expected


def test_find_control_requires_the_label_for_ab_tests():
    with pytest.raises(ArgumentError, match=r"'A', 'B'.*--control"):
        find_control(["A", "B"])
    assert find_control(["A", "B"], "b") == "B"
    with pytest.raises(ArgumentError, match=r"no group is labelled 'holdout'.*'实验组', '对照组'"):
        find_control(["实验组", "对照组"], "holdout")
    assert find_control(["targeted"]) is None
    # "notice" and "nobel" only start with the letters of a negation; two negated labels are unclear.
    with pytest.raises(ArgumentError):
        find_control(["notice", "nobel"])
    with pytest.raises(ArgumentError):
        find_control(["email", "No SMS", "No E-Mail"])


def test_customers_in_two_groups_are_an_error():
    campaign = _campaign(["a", "b", "a", "c"], ["treatment", "control", "control", "control"])
    with pytest.raises(InputError, match=r"1 customers are in two or more groups \(e.g. a\)"):
        campaign_groups(campaign, source="camp.csv")


def test_empty_group_and_missing_groups_are_errors():
    empty = pd.DataFrame({"customer_id": ["a", "b", None], "group": ["t", "control", "sms"], "start": pd.NaT})
    with pytest.raises(InputError, match=r"camp\.csv: group sms has no customer ids"):
        campaign_groups(empty, source="camp.csv")
    partly = pd.DataFrame({"customer_id": ["a", "b"], "group": ["t", None], "start": pd.NaT})
    with pytest.raises(InputError, match="1 customers have no group"):
        campaign_groups(partly, source="camp.csv")
    with pytest.raises(InputError, match="lists no customers"):
        campaign_groups(pd.DataFrame({"customer_id": [None], "group": [None]}), source="camp.csv")


def test_list_without_groups_is_one_targeted_group():
    groups = campaign_groups(pd.DataFrame({"customer_id": ["a", "b", "b"]}))
    assert groups["group"].tolist() == ["targeted", "targeted"]


def test_all_customers_in_control_is_an_error():
    campaign = _campaign(["a", "b"], ["control", "control"])
    with pytest.raises(ArgumentError, match="no treated group"):
        campaign_uplift(_orders(), campaign, days=7)


def test_missing_customers_warn_when_ids_do_not_match():
    campaign = _campaign(["u1", "u2", "u3", "u4"], ["treatment", "treatment", "control", "control"])
    r = campaign_uplift(_orders(), campaign, days=7)
    warning = next(w for w in r.warnings if w.code == "campaign.ids_not_in_orders")
    assert warning.params["missing"] == warning.params["total"]  # all of the campaign customers
    assert (
        "u1" in warning.params["campaign_ids"] and "t1" in warning.params["order_ids"]
    )  # ids from each side
    assert r.control.converters == 0 and r.arms[0].outcome.converters == 0


def test_window_from_the_file_and_its_errors():
    orders = _orders()
    groups = campaign_groups(_campaign(start=None))
    with pytest.raises(ArgumentError, match="no campaign start date"):
        campaign_window(orders, groups)
    with pytest.raises(ArgumentError, match="lies outside the orders"):
        campaign_window(orders, groups, start="2026-01-01")
    with pytest.raises(ArgumentError, match="not a date"):
        campaign_window(orders, groups, start="next monday")
    with pytest.raises(ArgumentError, match="at least 1 day"):
        campaign_window(orders, groups, start=START, days=0)
    window, warnings = campaign_window(orders, groups, start="2025-03-05", days=14)
    # data ends 8 March, window ends 18 March: 10 days missing
    assert (
        window.end == pd.Timestamp("2025-03-18")
        and warnings[0].code == "campaign.window_past_data"
        and warnings[0].params["days"] == 10
    )
    mixed = campaign_groups(_campaign()).assign(
        start=[pd.Timestamp("2025-03-02")] + [pd.Timestamp(START)] * 7
    )
    window, warnings = campaign_window(orders, mixed, days=7)
    assert (
        window.start == pd.Timestamp(START)
        and warnings[0].code == "campaign.several_starts"
        and warnings[0].params["count"] == 2
    )


def test_zero_amount_orders_convert():
    # A gift order is a purchase: the customer converts, sales stay 0.
    orders = orders_frame(customer_id=["a"], order_day=["2025-03-02"], amount=[0.0])
    r = campaign_uplift(orders, _campaign(["a", "b"], ["t", "control"]), days=7)
    assert r.arms[0].outcome.converters == 1 and r.arms[0].outcome.sales == 0.0


def test_negative_cost_is_rejected():
    with pytest.raises(ArgumentError, match="cost"):
        campaign_uplift(_orders(), _campaign(), days=7, cost_per_contact=-1.0)
