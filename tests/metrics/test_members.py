"""Membership resolution, its clear errors, tier order."""

from __future__ import annotations

import pandas as pd
import pytest
from metrics_fixtures import JAN, sample_orders

from analytics.errors import ArgumentError
from analytics.frames import orders_frame
from analytics.metrics.members import member_comparison, membership
from analytics.metrics.tiers import order_tiers, tier_breakdown


def test_empty_member_list_names_the_file():
    empty = pd.DataFrame({"customer_id": pd.array([], dtype="str")})
    with pytest.raises(ArgumentError, match=r"crm\.xlsx has no members"):
        membership(sample_orders(), empty, source="crm.xlsx")


def test_member_list_matching_nobody_shows_ids_from_both_sides():
    names = pd.DataFrame({"customer_id": pd.array(["张三", "李四"], dtype="str")})
    with pytest.raises(ArgumentError) as err:
        membership(sample_orders(), names, source="crm.xlsx")
    message = str(err.value)
    assert "crm.xlsx" in message and "'张三'" in message and "'a'" in message and "--map" in message


def test_order_columns_latest_tier_wins_and_tiers_are_ordered():
    o = orders_frame(
        customer_id=["a", "a", "b", "c"],
        order_day=["2025-01-02", "2025-01-09", "2025-01-03", "2025-01-04"],
        tier=["普通会员", "VIP会员", "高级会员", None],
    )
    m = membership(o)
    # no is_member column: a tier marks a member; a's latest tier (Jan 9) is VIP会员; c has none
    assert dict(zip(m["customer_id"], m["tier"].astype("str"), strict=True)) == {
        "a": "VIP会员",
        "b": "高级会员",
    }
    assert list(m["tier"].cat.categories) == ["普通会员", "高级会员", "VIP会员"]


def test_no_membership_information_gives_none():
    assert membership(sample_orders()) is None


def test_order_tiers_numbers_and_words():
    assert order_tiers(["LV3", "LV10", "LV1"]) == ["LV1", "LV3", "LV10"]
    assert order_tiers(["Gold", "Bronze", "Platinum", "Silver"]) == ["Bronze", "Silver", "Gold", "Platinum"]


def test_member_shares_leave_guests_out():
    members = pd.DataFrame({"customer_id": pd.array(["a", "b", "c", "d"], dtype="str")})
    c = member_comparison(sample_orders(), period=JAN, members=members)
    # everyone identified is a member: 40+40+25+50 = 155 of 185; the guests' 30 is in neither group
    assert c.member.sales == pytest.approx(155.0) and c.non_member.customers == 0
    assert c.to_dict()["non_member"]["aov"] is None


def test_members_without_tier_form_a_last_row():
    members = pd.DataFrame({"customer_id": pd.array(["a", "b"], dtype="str")})
    rows = tier_breakdown(sample_orders(), period=JAN, members=membership(sample_orders(), members))
    # no tier column: one row of both members, both bought in January (a 40, b 40)
    assert [(r.tier, r.members, r.buyers, r.sales.part) for r in rows] == [(None, 2, 2, 80.0)]
