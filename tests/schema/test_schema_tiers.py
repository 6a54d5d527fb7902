"""The one tier ladder (analytics.schema.tiers), used by member lists and by tier columns in orders."""

from __future__ import annotations

import pandas as pd
import pytest

from analytics.loading import load_members
from analytics.metrics.tiers import order_tiers, ordered_tier
from analytics.schema import TIER_LADDER, tier_order, tier_rank


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        (
            ["VIP会员", "普通会员", "至尊VIP会员", "高级会员"],
            ["普通会员", "高级会员", "VIP会员", "至尊VIP会员"],
        ),
        (["钻石", "银卡", "普通", "金卡", "铂金"], ["普通", "银卡", "金卡", "铂金", "钻石"]),
        (["黄金", "青铜", "钻石", "白银"], ["青铜", "白银", "黄金", "钻石"]),
        (["V10", "V2", "V1"], ["V1", "V2", "V10"]),
        (["Lv3", "Lv1"], ["Lv1", "Lv3"]),
        (["三星", "一星", "五星"], ["一星", "三星", "五星"]),
        (["Gold", "VIP", "Silver", "Platinum", "Basic"], ["Basic", "Silver", "Gold", "VIP", "Platinum"]),
        (["Zeta", "Alpha", "Gold"], ["Gold", "Zeta", "Alpha"]),
    ],
)
def test_tier_order(names, expected):
    assert tier_order(names) == expected


# Inputs on which the member-list ladder and the old orders ladder disagreed, then the fixtures of
# both paths' tests (schema's tier_order cases, metrics' order_tiers cases, the chart fixture).
KNOWN_LADDERS = [
    ["金卡", "VIP"],
    ["黑卡", "至尊会员"],
    ["VIP会员", "普通会员", "至尊VIP会员", "高级会员"],
    ["钻石", "银卡", "普通", "金卡", "铂金"],
    ["黄金", "青铜", "钻石", "白银"],
    ["V10", "V2", "V1"],
    ["Lv3", "Lv1"],
    ["三星", "一星", "五星"],
    ["Gold", "VIP", "Silver", "Platinum", "Basic"],
    ["LV3", "LV10", "LV1"],
    ["Gold", "Bronze", "Platinum", "Silver"],
    ["普通会员", "VIP会员", "高级会员"],
    ["gold", "silver"],
]


@pytest.mark.parametrize("names", KNOWN_LADDERS)
def test_member_lists_and_tier_columns_in_orders_sort_tiers_the_same_way(names):
    members = load_members(
        ("m.csv", "\n".join(["会员名,会员等级", *(f"c{i},{n}" for i, n in enumerate(names))]).encode())
    )
    from_list = list(members.members["tier"].cat.categories)
    from_orders = list(ordered_tier(pd.Series(names, dtype="str")).categories)
    assert from_list == from_orders == order_tiers(names) == tier_order(names)


def test_the_two_ladders_that_disagreed_now_agree():
    assert order_tiers(["VIP", "金卡"]) == tier_order(["VIP", "金卡"]) == ["金卡", "VIP"]
    assert order_tiers(["至尊会员", "黑卡"]) == tier_order(["至尊会员", "黑卡"]) == ["黑卡", "至尊会员"]


def test_unknown_tier_names_come_after_the_known_ones_on_both_paths():
    # The orders path sorts unknown names alphabetically so the order never depends on row order.
    assert tier_order(["Zeta", "Alpha", "Gold"])[0] == order_tiers(["Zeta", "Alpha", "Gold"])[0] == "Gold"
    assert order_tiers(["Zeta", "Alpha", "Gold"]) == ["Gold", "Alpha", "Zeta"]


def test_tier_rank_reads_suffixes_numbers_and_chinese_stars():
    assert (tier_rank("金卡会员"), tier_rank("Gold Member"), tier_rank("vip")) == (3.0, 3.0, 3.5)
    assert (tier_rank("V10"), tier_rank("3级"), tier_rank("三星会员"), tier_rank("神秘")) == (
        10.0,
        3.0,
        3.0,
        None,
    )


def test_the_ladder_is_data_with_each_name_on_one_step():
    names = [name for _, step in TIER_LADDER for name in step]
    assert len(names) == len(set(names))
    ranks = [rank for rank, _ in TIER_LADDER]
    assert ranks == sorted(ranks)
