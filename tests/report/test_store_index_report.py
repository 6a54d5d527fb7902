"""Store index in the pack: the Overview's index and ranks, for a chain export (Shopify locations)."""

from __future__ import annotations

import io

import pandas as pd
import pytest
from openpyxl import load_workbook

from analytics.loading import load_orders
from analytics.metrics.period import Period
from analytics.metrics.store_index import store_index_trend
from analytics.report import ReportInputs, build_content, build_report
from tests.conftest import SAMPLE_DATA


@pytest.fixture(scope="module")
def chain():
    orders = load_orders([SAMPLE_DATA / "shopify_orders.csv"]).orders
    end = orders["order_day"].max()
    return ReportInputs(orders=orders, shop="chain", currency="CNY"), Period(end - pd.Timedelta(days=29), end)


def test_section_equals_the_store_index(chain):
    inputs, period = chain
    section = build_content(inputs, period=period, compare="none").section("store_index")
    expected = store_index_trend(inputs.orders, period=period).current.scores
    table = section.tables[0]
    assert table.column("store") == [s.store for s in expected]
    assert table.column("store_index") == [s.index for s in expected]
    assert table.column("rank") == list(range(1, len(expected) + 1))


def test_workbook_has_the_index_sheet(chain):
    inputs, period = chain
    book = load_workbook(io.BytesIO(build_report(inputs, period=period, lang="zh", fmt="xlsx")))
    assert "门店指数" in book.sheetnames


def test_no_store_index_for_one_shop(sample_inputs, december):
    assert build_content(sample_inputs, period=december, compare="none").section("store_index") is None
