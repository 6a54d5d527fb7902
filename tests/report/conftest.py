"""The report tests' inputs: the bundled Taobao sample with its member and campaign lists."""

from __future__ import annotations

import pandas as pd
import pytest

from analytics.loading import load_campaign, load_members, load_orders
from analytics.metrics.period import Period
from analytics.report import ReportInputs, RowAccounting
from tests.conftest import SAMPLE_DATA

SHOP = "小雨家居旗舰店"


@pytest.fixture(scope="session")
def sample_inputs() -> ReportInputs:
    """Return the sample store's orders, members and campaign as report inputs."""
    load = load_orders([SAMPLE_DATA / "taobao_orders_gbk.csv"])
    return ReportInputs(
        orders=load.orders,
        shop=SHOP,
        currency="CNY",
        members=load_members(SAMPLE_DATA / "members.xlsx").members,
        campaign=load_campaign(SAMPLE_DATA / "campaign.csv").campaign,
        campaign_source="campaign.csv",
        members_source="members.xlsx",
        accounting=RowAccounting(load.rows_read, load.rows_used, dict(load.dropped)),
    )


@pytest.fixture(scope="session")
def december(sample_inputs: ReportInputs) -> Period:
    """Return the last 30 days of the sample (it ends on 2025-12-31)."""
    end = sample_inputs.orders["order_day"].max()
    return Period(end - pd.Timedelta(days=29), end)
