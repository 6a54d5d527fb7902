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
    ("b", "2025-02-01", 50.0),  # b: gap 20 days, last Feb 21 (8 days ago) -> due in 12 days: no
    ("b", "2025-02-21", 50.0),
    ("c", "2025-01-30", 30.0),  # c: one-time, 30 days ago; consumable cycle 30 -> due... 0 days: no
    ("d", "2025-02-05", 20.0),  # d: one-time, 24 days ago -> due in 6 days (cycle 30): due_soon
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
    assert by_reason["due_soon"] == ["d", "e"]
    assert "near_next_tier" not in by_reason
    # shop's typical second-order gap: median of a 10, b 20, e 12 = 12 days; one-time buyers more
    # than 12 and at most 36 days ago: c (30) and d (24); f is today
    assert by_reason["no_second_order"] == ["c", "d"]
    overdue = lists[lists.reason == "overdue"].iloc[0]
    assert overdue["params"] == {"days": 39, "gap": 10.0}
    assert render(care_message("overdue", overdue["params"]).code, overdue["params"]).startswith(
        "Overdue: 39"
    )
    assert list(lists.columns) == ["customer_id", "reason", "params"]


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
        ("m", "2024-11-01", 300.0),  # m: gap 30, last Dec 1 -> 90 days ago, 60 past its gap; sales 600
        ("m", "2024-12-01", 300.0),
        ("n", "2024-12-01", 500.0),  # n: gap 10, last Dec 11 -> 80 days ago, 70 past its gap; sales 1000
        ("n", "2024-12-11", 500.0),
        ("d1", "2025-02-05", 20.0),  # d1: one-time, 24 days ago -> due in 30 - 24 = 6 days
        ("d2", "2025-02-01", 20.0),  # d2: one-time, 28 days ago -> due in 2 days
        ("z", "2025-03-01", 10.0),
    ]
    ids, days, amounts = zip(*rows, strict=True)
    orders = orders_frame(customer_id=list(ids), order_day=list(days), amount=list(amounts))
    summary = customer_summary(orders)
    p_alive = pd.Series({"m": 0.1, "n": 0.2, "d1": 1.0, "d2": 1.0, "z": 1.0})
    # value_share 1: every customer counts as valuable, so m and n are both at risk.
    lists = care_lists(summary, p_alive=p_alive, value_share=1.0)
    by_reason = lists.groupby("reason", sort=False)["customer_id"].apply(list).to_dict()
    assert by_reason["at_risk"] == ["n", "m"]  # past sales 1000 before 600
    # 70 days past the gap before 60 (by days since the last purchase m, 90, would come first)
    assert by_reason["overdue"] == ["n", "m"]
    assert by_reason["due_soon"] == ["d2", "d1"]  # due in 2 days before 6
    # typical second gap = median(30, 10) = 20 days; one-time buyers 20 < days <= 60: 28 before 24
    assert by_reason["no_second_order"] == ["d2", "d1"]
    assert list(by_reason) == ["at_risk", "overdue", "due_soon", "no_second_order"]


def test_near_next_tier_puts_the_smallest_missing_spend_first():
    lists = care_lists(_summary(), tier_thresholds={"普通": 0, "银卡": 85, "金卡": 110})
    near = lists[lists.reason == "near_next_tier"]
    # b (银卡, spent 100) needs 110 - 100 = 10 for 金卡; f (普通, 80) needs 85 - 80 = 5 for 银卡
    assert near["customer_id"].tolist() == ["f", "b"]
    assert [p["missing"] for p in near["params"]] == [5.0, 10.0]
