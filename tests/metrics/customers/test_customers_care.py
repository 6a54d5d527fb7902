"""Care lists (reason codes with parameters) and the control sample for a care campaign."""

from __future__ import annotations

import pandas as pd
import pytest

from analytics.errors import ArgumentError
from analytics.frames import orders_frame
from analytics.loading import load_campaign
from analytics.messages import render
from analytics.metrics.campaign import find_control
from analytics.metrics.customers.care import care_lists, care_message, holdout_sample
from analytics.metrics.customers.summary import customer_summary

# End (data's last day) = Mar 1.
ROWS = [
    ("a", "2025-01-01", 500.0),  # a: every 10 days, last Jan 21 -> 39 days ago > 1.5 x 10: overdue
    ("a", "2025-01-11", 500.0),
    ("a", "2025-01-21", 500.0),
    ("b", "2025-02-01", 50.0),  # b: one gap (20 days): the shop's cycle; last Feb 21, 8 days ago
    ("b", "2025-02-21", 50.0),
    ("c", "2025-01-30", 30.0),  # c: one-time, 30 days ago
    ("d", "2025-02-05", 20.0),  # d: one-time, 24 days ago
    ("e", "2025-02-17", 10.0),  # e: gaps 12 and 8 -> 10; last Feb 25, 4 days ago -> due in 6: due_soon
    ("e", "2025-02-05", 10.0),
    ("e", "2025-02-25", 10.0),
    ("f", "2025-03-01", 80.0),  # f: today
]


def _summary():
    ids, days, amounts = zip(*ROWS, strict=True)
    members = pd.DataFrame({"customer_id": ["a", "b", "f"], "tier": ["银卡", "银卡", "普通"]})
    orders = orders_frame(customer_id=list(ids), order_day=list(days), amount=list(amounts))
    return customer_summary(orders, members=members)


def test_care_lists_hand_computed():
    summary = _summary()
    p_alive = pd.Series({"a": 0.3, "b": 0.9, "c": 1.0, "d": 1.0, "e": 0.95, "f": 1.0})
    # thresholds: 普通 0, 银卡 1000, 金卡 1200; a spent 1500 -> already above 金卡: nothing;
    # b spent 100 as 银卡 -> 1,100 missing to 金卡: not within 20% (240); f 80 as 普通 -> 920 missing: no
    lists = care_lists(summary, p_alive=p_alive, tier_thresholds={"普通": 0, "银卡": 1000, "金卡": 1200})
    by_reason = lists.groupby("reason")["customer_id"].apply(list).to_dict()
    # a: sales 1500 in the top 20% (quantile 0.8 of sales) and P(alive) 0.3 < 0.5
    assert by_reason["at_risk"] == ["a"]
    assert by_reason["overdue"] == ["a"]
    # The shop's gaps: a 10, 10; b 20; e 12, 8 -> median 10 days. b (one gap) is due by the shop's
    # cycle: 10 - 8 = 2 days; c (30 days ago) and d (24) are past it, not due; e by its own 10: 6.
    assert by_reason["due_soon"] == ["b", "e"]
    due = lists[lists.reason == "due_soon"]
    assert due["params"].tolist() == [{"days": 2, "cycle": 10.0, "basis": "shop"}, {"days": 6, "cycle": 10.0}]
    assert "near_next_tier" not in by_reason
    # shop's typical second-order gap: median of a 10, b 20, e 12 = 12 days; one-time buyers more
    # than 12 days ago, however long: c (30) and d (24); f is today
    assert by_reason["no_second_order"] == ["c", "d"]
    overdue = lists[lists.reason == "overdue"].iloc[0]
    assert overdue["params"] == {"days": 39, "gap": 10.0, "gaps": 2}
    message = care_message("overdue", overdue["params"])
    assert render(message.code, message.params).startswith("Overdue: 39")
    assert list(lists.columns) == ["customer_id", "reason", "params", "contact_value"]


def test_usual_gap_needs_two_gaps_and_lists_have_no_upper_limit():
    # End = 2026-01-01 (z). s: two days one day apart, then 500 days of silence: one gap, never
    # "overdue" on it. t: gaps 10 and 10, silent 400 days: overdue however long ago.
    # u: one purchase 600 days ago: still a first-time buyer not back (no cap at 3 x the usual gap).
    rows = [
        ("s", "2024-08-18", 100.0),
        ("s", "2024-08-19", 100.0),
        ("t", "2024-11-07", 10.0),
        ("t", "2024-11-17", 10.0),
        ("t", "2024-11-27", 10.0),
        ("u", "2024-05-11", 10.0),
        ("z", "2026-01-01", 10.0),
    ]
    ids, days, amounts = zip(*rows, strict=True)
    summary = customer_summary(
        orders_frame(customer_id=list(ids), order_day=list(days), amount=list(amounts))
    )
    lists = care_lists(summary)
    by_reason = lists.groupby("reason")["customer_id"].apply(list).to_dict()
    assert by_reason["overdue"] == ["t"]
    # first to second purchase day: s 1, t 10 -> median 5.5; u (600 days) and z (0) bought once
    assert by_reason["no_second_order"] == ["u"]


def test_at_risk_uses_the_lapse_rule_without_a_model_and_ranks_by_contact_value():
    summary = _summary()
    lapsed = pd.Series({"a": True, "b": False, "c": True, "d": False, "e": False, "f": False})
    usual = pd.Series(20.0, index=list("abcdef"))
    value = pd.Series({"a": 1.0, "b": 5.0, "c": 2.0, "d": 9.0, "e": 3.0, "f": 0.0})
    lists = care_lists(summary, lapsed=lapsed, usual_gap=usual, contact_value=value)
    at_risk = lists[lists.reason == "at_risk"]
    # Top fifth by sales: a (1500) only; lapsed -> at risk with the silence behind it (39 days).
    assert at_risk["params"].tolist() == [{"sales": 1500.0, "days": 39, "usual": 20.0, "basis": "lapsed"}]
    assert care_message("at_risk", at_risk["params"].iloc[0]).code == "customers.care.at_risk.lapsed"
    # no second order: c (value 2) and d (value 9): the higher expected value first
    assert lists[lists.reason == "no_second_order"]["customer_id"].tolist() == ["d", "c"]


def test_members_close_to_next_tier():
    lists = care_lists(_summary(), tier_thresholds={"普通": 0, "银卡": 90, "金卡": 110})
    near = lists[lists.reason == "near_next_tier"]
    # b (银卡, spent 100) needs 10 more for 金卡 (110): within 20% of 110; f (普通, 80) needs 10 for 银卡
    assert near["customer_id"].tolist() == ["b", "f"]
    assert near.iloc[0]["params"] == {"tier": "银卡", "next_tier": "金卡", "missing": 10.0}


def test_holdout_sample_is_seeded_sized_and_readable_by_the_campaign_loader(tmp_path):
    ids = [str(i) for i in range(200)]
    first = holdout_sample(ids, share=0.1, seed=7)
    assert first.equals(holdout_sample(list(reversed(ids)) + ids[:5], share=0.1, seed=7))
    assert (first["group"] == "对照组").sum() == 20
    assert not first.equals(holdout_sample(ids, share=0.1, seed=8))
    for lang in ("zh", "en"):
        path = tmp_path / f"care_{lang}.csv"
        holdout_sample(ids, share=0.1, seed=7, lang=lang).to_csv(path, index=False)
        campaign = load_campaign(path).campaign
        labels = sorted(campaign["group"].unique())
        control = find_control(labels)
        assert control in {"对照组", "control"}
        assert (campaign["group"] == control).sum() == 20


def test_holdout_share_must_be_a_fraction():
    with pytest.raises(ArgumentError) as error:
        holdout_sample(["a"], share=1.5)
    assert error.value.code == "customers.bad_holdout_share"


def test_each_care_list_puts_the_most_urgent_customer_first():
    # End (data's last day) = 2025-03-01 (z's order). Ids are chosen so urgency order is not id order.
    rows = [
        ("m", "2024-10-02", 200.0),  # m: gaps 30, 30; last Dec 1 -> 90 days ago, 60 past its gap; sales 600
        ("m", "2024-11-01", 200.0),
        ("m", "2024-12-01", 200.0),
        ("n", "2024-11-21", 400.0),  # n: gaps 10, 10; last Dec 11 -> 80 days ago, 70 past its gap; sales 1200
        ("n", "2024-12-01", 400.0),
        ("n", "2024-12-11", 400.0),
        ("d1", "2025-02-24", 20.0),  # d1: one-time, 5 days ago -> due in 10 - 5 = 5 days (shop's gap)
        ("d2", "2025-02-26", 20.0),  # d2: one-time, 3 days ago -> due in 7 days
        ("y", "2025-02-23", 20.0),  # y: gap 3 -> second-order gaps 30, 10, 3: median 10
        ("y", "2025-02-26", 20.0),
        ("z", "2025-03-01", 10.0),
    ]
    ids, days, amounts = zip(*rows, strict=True)
    orders = orders_frame(customer_id=list(ids), order_day=list(days), amount=list(amounts))
    summary = customer_summary(orders)
    p_alive = pd.Series({"m": 0.1, "n": 0.2, "d1": 1.0, "d2": 1.0, "y": 1.0, "z": 1.0})
    # value_share 1: every customer counts as valuable, so m and n are both at risk.
    lists = care_lists(summary, p_alive=p_alive, value_share=1.0)
    by_reason = lists.groupby("reason", sort=False)["customer_id"].apply(list).to_dict()
    assert by_reason["at_risk"] == ["n", "m"]  # past sales 1200 before 600
    # 70 days past the gap before 60 (by days since the last purchase m, 90, would come first)
    assert by_reason["overdue"] == ["n", "m"]
    # the shop's gaps 30, 30, 10, 10, 3: median 10; d1 due in 5 days before d2 in 7; y (one gap,
    # 3 days ago) is also due in 7: a tie, by id
    assert by_reason["due_soon"] == ["d1", "d2", "y"]
    assert list(by_reason) == ["at_risk", "overdue", "due_soon"]


def test_near_next_tier_puts_the_smallest_missing_spend_first():
    lists = care_lists(_summary(), tier_thresholds={"普通": 0, "银卡": 85, "金卡": 110})
    near = lists[lists.reason == "near_next_tier"]
    # b (银卡, spent 100) needs 110 - 100 = 10 for 金卡; f (普通, 80) needs 85 - 80 = 5 for 银卡
    assert near["customer_id"].tolist() == ["f", "b"]
    assert [p["missing"] for p in near["params"]] == [5.0, 10.0]
