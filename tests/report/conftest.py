"""The report tests' inputs: the bundled Taobao sample with its member and campaign lists."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from analytics.loading import OrdersLoad, load_campaign, load_members, load_orders
from analytics.metrics.period import Period
from analytics.report import ReportContent, ReportInputs, RowAccounting, build_content, build_report
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
def uci_load(uci_path: Path) -> OrdersLoad:
    """Return the bundled UCI Online Retail file as loaded (orders, refund lines, row accounting).

    Loaded once per test process: three report test files read it (seconds of parsing each).
    """
    return load_orders([uci_path])


@pytest.fixture(scope="session")
def december(sample_inputs: ReportInputs) -> Period:
    """Return the last 30 days of the sample (it ends on 2025-12-31)."""
    end = sample_inputs.orders["order_day"].max()
    return Period(end - pd.Timedelta(days=29), end)


@pytest.fixture(scope="session")
def december_content(sample_inputs: ReportInputs, december: Period) -> ReportContent:
    """Return the content of the sample's December pack, compared with the 30 days before.

    Built once per test process: the content is frozen, and a dozen tests read it (each built its
    own, a second or two of metric functions apiece).
    """
    return build_content(sample_inputs, period=december, compare="previous")


@pytest.fixture(scope="session")
def all_stores_inputs(sample_inputs: ReportInputs) -> ReportInputs:
    """Return the sample's inputs as the dashboard hands them for the whole upload (shop "")."""
    return dataclasses.replace(sample_inputs, shop="")


@pytest.fixture(scope="session")
def december_pdf(all_stores_inputs: ReportInputs, december: Period) -> Callable[[str], bytes]:
    """Return a function giving the December PDF of the whole upload in a language, built once.

    The PDF tests and the pack's review checks read the same pack (its text through pdftotext):
    one build per language per test process instead of one per module or test.
    """
    built: dict[str, bytes] = {}

    def pdf(lang: str) -> bytes:
        if lang not in built:
            built[lang] = build_report(
                all_stores_inputs, period=december, compare="previous", lang=lang, fmt="pdf"
            )
        return built[lang]

    return pdf
