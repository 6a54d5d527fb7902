"""Member and campaign lists (analytics.loading.lists)."""

from __future__ import annotations

import pandas as pd
import pytest

from analytics.errors import MappingError, Term
from analytics.frames import MEMBER_COLUMNS
from analytics.loading import load_campaign, load_members
from tests.loading.loading_helpers import csv_bytes, write_csv


def test_member_list(tmp_path):
    rows = [
        ["小明", "VIP会员", "2024-03-01"],
        ["小红", "普通会员", "2024/5/2"],
        ["小刚", "至尊VIP会员", "someday"],
        ["小明", "至尊VIP会员", "2024-03-01"],  # listed again: the last row wins
        ["", "普通会员", "2024-01-01"],
        ["小李", "高级会员", ""],
    ]
    path = write_csv(tmp_path / "members.csv", ["会员名", "会员等级", "入会时间"], rows, encoding="gbk")
    load = load_members(path)
    report = load.report
    assert report.rows_read == report.rows_used + sum(report.dropped.values())
    assert report.dropped == {"missing_customer_id": 1, "duplicate_customer": 1}
    members = load.members
    assert list(members.columns) == list(MEMBER_COLUMNS)
    assert list(members["tier"].cat.categories) == ["普通会员", "高级会员", "至尊VIP会员"]
    assert members["tier"].cat.ordered
    assert members.set_index("customer_id").loc["小明", "tier"] == "至尊VIP会员"
    joined = members.set_index("customer_id")["joined"]
    assert (
        joined["小红"] == pd.Timestamp("2024-05-02") and pd.isna(joined["小刚"]) and pd.isna(joined["小李"])
    )
    assert [w.code for w in report.warnings] == ["loading.unreadable_join_dates"]
    assert any("join dates" in str(w) for w in report.warnings)


def test_member_list_with_emails_is_hashed():
    load = load_members(("m.csv", csv_bytes(["email", "tier"], [["a@x.com", "gold"], ["b@x.com", "silver"]])))
    assert load.members["customer_id"].str.startswith("e:").all()
    assert list(load.members["tier"].cat.categories) == ["silver", "gold"]


def test_campaign_list():
    rows = [
        ["c1", "实验组", "2025-01-10"],
        ["c2", "对照组", "2025-01-10"],
        ["c3", "", "2025-01-10"],
        ["c1", "实验组", "2025-01-11"],
    ]
    load = load_campaign(("camp.csv", csv_bytes(["客户ID", "分组", "活动开始"], rows)))
    report = load.report
    assert report.dropped == {"missing_group": 1, "duplicate_customer": 1}
    assert report.rows_read == report.rows_used + sum(report.dropped.values())
    campaign = load.campaign.set_index("customer_id")
    assert (
        campaign.loc["c1", "start"] == pd.Timestamp("2025-01-11") and campaign.loc["c2", "group"] == "对照组"
    )


def test_campaign_list_without_group_column_is_a_targeted_list():
    # No group column: both customers are targeted (group missing), nothing dropped, and a warning says so.
    load = load_campaign(("camp.csv", csv_bytes(["客户ID", "备注"], [["c1", "x"], ["c2", "y"]])))
    assert load.campaign["customer_id"].tolist() == ["c1", "c2"]
    assert load.campaign["group"].isna().all()
    assert load.report.dropped == {}
    assert [w.code for w in load.report.warnings] == ["loading.no_group_column"]
    assert any("no group column" in str(w) for w in load.report.warnings)


def test_campaign_customer_in_two_groups_keeps_both_rows():
    # c1 is in both groups: both rows stay so the analysis refuses the list instead of picking one.
    rows = [["c1", "实验组"], ["c1", "对照组"], ["c2", "对照组"]]
    load = load_campaign(("camp.csv", csv_bytes(["客户ID", "分组"], rows)))
    assert sorted(load.campaign.loc[load.campaign["customer_id"] == "c1", "group"]) == ["实验组", "对照组"]
    assert load.report.dropped == {}


def test_a_list_without_a_customer_column_names_the_list_and_the_option():
    with pytest.raises(MappingError) as info:
        load_members(("m.csv", csv_bytes(["等级", "入会时间"], [["VIP", "2025-01-01"]])))
    error = info.value
    assert error.code == "loading.no_list_customer_column"
    assert error.params["list"] == Term("list.members") and error.params["option"] == Term("option.map")
    assert error.params["headers"] == ["等级", "入会时间"]
    assert str(error).startswith("m.csv: cannot find the customer column of the member list")


def test_members_without_a_tier_column_are_warned_about():
    load = load_members(("m.csv", csv_bytes(["会员名"], [["a"]])))
    assert [(w.code, dict(w.params)) for w in load.report.warnings] == [
        ("loading.no_tier_column", {"file": "m.csv"})
    ]


def test_unreadable_start_dates_are_counted_with_their_column():
    load = load_campaign(
        ("c.csv", csv_bytes(["会员名", "分组", "开始日期"], [["a", "A", "?"], ["b", "B", "2025-01-01"]]))
    )
    assert [(w.code, dict(w.params)) for w in load.report.warnings] == [
        ("loading.unreadable_start_dates", {"file": "c.csv", "column": "开始日期", "rows": 1})
    ]
