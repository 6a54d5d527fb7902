"""Member and campaign lists: the latest list of a shop wins, tier order kept."""

from __future__ import annotations

import pandas as pd
from store_helpers import WEEK1

from analytics.store import (
    delete_upload,
    history_campaigns,
    history_members,
    ingest_campaign,
    ingest_frame,
    ingest_members,
)


def test_latest_member_list_wins_and_keeps_tier_order(tmp_path):
    db = tmp_path / "h.sqlite"
    tiers = ["普通会员", "高级会员", "VIP会员"]
    first = pd.DataFrame(
        {
            "customer_id": pd.array(["a", "b"], dtype="str"),
            "tier": pd.Categorical(["VIP会员", "普通会员"], categories=tiers, ordered=True),
            "joined": pd.to_datetime(["2024-05-01", None]).astype("datetime64[ns]"),
        }
    )
    ingest_members(db, first, file_name="members-jan.xlsx")
    latest = first.iloc[[1]].reset_index(drop=True)
    ingest_members(db, latest, file_name="members-feb.xlsx")
    back = history_members(db)
    pd.testing.assert_frame_equal(back, latest)
    # the unused tiers are kept, in order, for the tier distribution
    assert list(back["tier"].cat.categories) == tiers and back["tier"].cat.ordered
    assert back.attrs["file_name"] == "members-feb.xlsx"
    # deleting the latest list brings back the previous one
    delete_upload(db, back.attrs["upload_id"])
    pd.testing.assert_frame_equal(history_members(db), first)


def test_campaign_list_round_trip_and_none_when_absent(tmp_path):
    db = tmp_path / "h.sqlite"
    ingest_frame(db, WEEK1, file_name="w1.csv")
    assert history_members(db) is None and history_campaigns(db) is None
    campaign = pd.DataFrame(
        {
            "customer_id": pd.array(["a", "b"], dtype="str"),
            "group": pd.array(["实验组", "对照组"], dtype="str"),
            "start": pd.to_datetime(["2025-01-06", None]).astype("datetime64[ns]"),
        }
    )
    (result,) = [ingest_campaign(db, campaign, file_name="c.csv")]
    assert result.added == 2
    pd.testing.assert_frame_equal(history_campaigns(db), campaign)
