"""Industry position in the pack: the same standings as the Overview, like for like, in both languages."""

from __future__ import annotations

import dataclasses
import io

import pytest
from openpyxl import load_workbook

from analytics.io import read_table
from analytics.metrics.industry import industry_position
from analytics.metrics.peers import read_peer_frame
from analytics.report import build_content, build_report
from analytics.report.text import Texts
from tests.conftest import SAMPLE_DATA


@pytest.fixture(scope="module")
def with_peers(sample_inputs):
    peers = read_peer_frame(read_table(SAMPLE_DATA / "peers_sycm.xlsx").frame, file="peers_sycm.xlsx").figures
    return dataclasses.replace(sample_inputs, peers=peers)


def test_rate_rows_equal_the_industry_position(with_peers, december):
    content = build_content(with_peers, period=december, compare="none")
    section = content.section("industry")
    assert content.sections[0] is section  # first, as display (1) on the Overview
    rates = section.tables[0]
    expected = [
        r
        for r in industry_position(with_peers.orders, with_peers.peers, members=with_peers.members)
        if r.figure.metric != "aov"
    ]
    assert rates.column("shop_value") == [r.standing.shop.value for r in expected]
    assert rates.column("gap_to_average") == [r.standing.gap_to_average for r in expected]
    # n of N only for customer rates: a share of sales has amounts, not customers.
    for row, result in zip(rates.rows, expected, strict=True):
        counted = result.figure.metric in ("repeat_purchase_rate", "returning_customer_rate")
        assert (row[4] is not None) == counted


def test_reading_counts_the_latest_figures_like_the_overview(with_peers, december):
    content = build_content(with_peers, period=december, compare="none")
    texts = Texts("zh", "CNY")
    first = texts(content.section("industry").reading[0])
    # 5 metrics x 7 and 30 days ending 2025-12-31.
    assert first.startswith("与同行相同日期比较的 10 项数字中")
    assert "个百分点" in texts(content.section("industry").reading[1])


def test_workbook_writes_gaps_in_points_with_the_unit(with_peers, december):
    book = load_workbook(io.BytesIO(build_report(with_peers, period=december, lang="en", fmt="xlsx")))
    sheet = book["Industry position"]
    cells = [c for row in sheet.iter_rows() for c in row if c.number_format.endswith('" pp"')]
    assert cells, "no cell in points"
    # The cell holds points (2.1 for +2.1 pp), not a fraction shown as a percentage.
    assert all(abs(c.value) < 100 for c in cells if c.value is not None)
    assert any(abs(c.value) >= 1 for c in cells if c.value is not None)


def test_no_section_without_peers(sample_inputs, december):
    assert build_content(sample_inputs, period=december, compare="none").section("industry") is None


def test_summary_changes_of_rates_are_points_and_of_counts_relative(
    sample_inputs, december, december_content
):
    content = december_content
    book = load_workbook(io.BytesIO(build_report(sample_inputs, period=december, lang="zh", fmt="xlsx")))
    sheet = book.worksheets[0]
    rows = {row[0].value: row for row in sheet.iter_rows() if row[0].value}
    repeat = next(h.kpi for h in content.headlines if h.kpi.name == "repeat_purchase_rate")
    cell = rows["复购率"][3]
    # The cell holds points (-6.7 for 17.5% against 24.2%), shown with the Chinese unit.
    assert cell.value == pytest.approx(repeat.delta * 100) and "个百分点" in cell.number_format
    customers = next(h.kpi for h in content.headlines if h.kpi.name == "customers")
    cell = rows["成交人数"][3]
    assert (
        cell.value == pytest.approx(customers.current / customers.previous - 1) and "%" in cell.number_format
    )
