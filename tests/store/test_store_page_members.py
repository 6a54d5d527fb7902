"""The Members and Tiers pages' inputs computed in DuckDB and PostgreSQL equal the files'.

The sample export and member list are given to the metric functions as frames (as uploaded files
are) and ingested into a history database; :mod:`analytics.store.page_members` computes the
members' daily trend and the time between purchases per tier in the engine, with the member list
resolved as the summary resolves it.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from analytics.frames import orders_frame
from analytics.loading import load_members, load_orders
from analytics.metrics.intervals import purchase_intervals
from analytics.metrics.member_trend import member_daily_trend
from analytics.store import ingest_frame, ingest_members, page_members, pages

SAMPLES = Path(__file__).resolve().parents[2] / "sample_data"
ENGINES = ["duckdb", pytest.param("postgresql", marks=pytest.mark.postgres)]


@pytest.mark.parametrize("engine", ENGINES)
def test_the_sample_member_trend_and_tier_gaps_equal_the_files(engine, tmp_path, request, monkeypatch):
    from postgres_server import PASSWORD

    from tests.store.conftest import history_url

    monkeypatch.setenv("PGPASSWORD", PASSWORD)
    url = history_url(engine, tmp_path, request)
    load = load_orders([SAMPLES / "taobao_orders_gbk.csv"])
    members = load_members(SAMPLES / "members.csv").members
    ingest_frame(url, load.orders, file_name="orders.csv", invalid=load.invalid_orders, shop="s")
    ingest_members(url, members, file_name="members.csv", shop="s")
    where = pages.page_scope(url, "s")
    orders = load.orders
    first, last = orders["order_day"].min(), orders["order_day"].max()
    for end, days in ((last, 10), (last - pd.Timedelta(days=40), 30), (first + pd.Timedelta(days=3), 10)):
        in_engine = page_members.member_trend_of_page(
            where, end=end, days=days, data_first=first, members=members, members_source="members.csv"
        )
        in_files = member_daily_trend(orders, end=end, days=days, members=members)
        assert in_engine == in_files
        assert any(d.member_buyers for d in in_engine.days)  # the comparison compares members
    gaps = page_members.tier_gaps_of(where, members=members, members_source="members.csv")
    expected = purchase_intervals(orders, members=members).summary
    assert len(expected) >= 4  # all, the tiers, non-members
    pd.testing.assert_frame_equal(gaps.summary, expected)


def test_a_hand_example_of_tier_gaps_and_members_days(tmp_path):
    # a (gold): 1, 11, 31 Mar -> gaps 10, 20; b (silver): 1, 5 Mar -> 4; c (non-member): 2, 3 Mar -> 1;
    # d (silver, one day): no gap. All: 1, 4, 10, 20 (median 7); gold 10, 20; silver 4; non-member 1.
    orders = orders_frame(
        customer_id=["a", "a", "a", "b", "b", "c", "c", "d", None],
        order_day=[
            "2025-03-01",
            "2025-03-11",
            "2025-03-31",
            "2025-03-01",
            "2025-03-05",
            "2025-03-02",
            "2025-03-03",
            "2025-03-31",
            "2025-03-31",
        ],
        amount=[1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 64.0, 128.0, 256.0],
    )
    members = pd.DataFrame(
        {
            "customer_id": ["a", "b", "d"],
            "tier": pd.Categorical(["gold", "silver", "silver"], categories=["silver", "gold"], ordered=True),
        }
    )
    url = f"duckdb://{tmp_path}/h.duckdb"
    ingest_frame(url, orders, file_name="o.csv")
    where = pages.page_scope(url, None)
    gaps = page_members.tier_gaps_of(where, members=members, members_source="m.csv").summary
    assert gaps["group"].tolist() == ["all", "silver", "gold", "non-member"]
    assert gaps["customers"].tolist() == [3, 1, 1, 1]
    assert gaps["median_days"].tolist() == [7.0, 4.0, 15.0, 1.0]
    # 31 Mar: a (member, 4.00), d (member, 128.00), a guest (256.00): members 132 of 388, 2 of 2 buyers.
    trend = page_members.member_trend_of_page(
        where,
        end=pd.Timestamp("2025-03-31"),
        days=1,
        data_first=pd.Timestamp("2025-03-01"),
        members=members,
        members_source="m.csv",
    )
    (day,) = trend.days
    assert (day.sales, day.member_sales, day.buyers, day.member_buyers) == (388.0, 132.0, 2, 2)
