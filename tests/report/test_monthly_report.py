"""Monthly sales and the members' 10-day trend in the pack: workbook table against the raw export."""

from __future__ import annotations

import io

import pandas as pd
import pytest
from openpyxl import load_workbook

from analytics.metrics.period import Period
from analytics.report import ReportInputs, build_content, build_report
from analytics.report.text import Texts
from tests.conftest import SAMPLE_DATA

# Statuses of the Taobao export that are not sales (DESIGN.md: closed and unpaid orders are dropped).
NOT_SALES = ("交易关闭", "等待买家付款")


def _monthly_rows(book, title: str) -> dict[str, tuple[int, float]]:
    """Return {month: (orders, sales)} from the workbook's monthly table (found by its title)."""
    sheet = next(s for s in book.worksheets if any(c.value == title for row in s.iter_rows() for c in row))
    rows = list(sheet.iter_rows(values_only=True))
    top = next(i for i, row in enumerate(rows) if row[0] == title)
    header = rows[top + 1]
    month, orders, sales = (header.index(name) for name in ("月份", "订单数", "成交金额"))
    found = {}
    for row in rows[top + 2 :]:
        if row[0] is None:
            break
        found[f"{row[month]:%Y-%m}"] = (row[orders], row[sales])
    return found


def test_workbook_months_equal_a_plain_pandas_sum_of_the_export(sample_inputs, december):
    raw = pd.read_csv(SAMPLE_DATA / "taobao_orders_gbk.csv", encoding="gb18030", dtype=str)
    paid = raw[~raw["订单状态"].isin(NOT_SALES)]
    month = pd.to_datetime(paid["订单付款时间"]).dt.strftime("%Y-%m")
    amount = paid["买家实际支付金额"].astype(float)
    expected = amount.groupby(month).agg(["count", "sum"])
    book = load_workbook(io.BytesIO(build_report(sample_inputs, period=december, lang="zh", fmt="xlsx")))
    shown = _monthly_rows(book, "按自然月的成交金额")
    assert sorted(shown) == sorted(expected.index)
    for key, (orders, sales) in shown.items():
        assert orders == expected.loc[key, "count"]
        assert sales == pytest.approx(expected.loc[key, "sum"], abs=0.005)


@pytest.fixture(scope="module")
def uci_inputs(uci_load):
    return ReportInputs(orders=uci_load.orders, shop="online_retail", currency=None)


@pytest.fixture(scope="module")
def uci_content(uci_inputs):
    """Return the content of the file's last 30 days, without comparison (two tests read it)."""
    end = pd.Timestamp("2011-12-09")
    return build_content(uci_inputs, period=Period(end - pd.Timedelta(days=29), end), compare="none")


def test_uci_months_equal_a_plain_pandas_sum_and_december_is_partial(uci_path, uci_content):
    raw = pd.read_csv(uci_path, dtype=str, keep_default_na=False).drop_duplicates()
    raw = raw[~raw["InvoiceNo"].str.startswith("C")]
    raw = raw.assign(line=raw["Quantity"].astype(float) * raw["UnitPrice"].astype(float))
    invoices = raw.groupby("InvoiceNo").agg(amount=("line", "sum"), time=("InvoiceDate", "first"))
    invoices = invoices[invoices["amount"] >= 0]
    expected = (
        invoices["amount"]
        .groupby(pd.to_datetime(invoices["time"]).dt.strftime("%Y-%m"))
        .agg(["count", "sum"])
    )
    content = uci_content
    table = content.section("monthly").tables[0]
    months = [f"{m:%Y-%m}" for m in table.column("month")]
    assert months == list(expected.index)
    assert table.column("orders") == list(expected["count"])
    assert table.column("sales") == pytest.approx(list(expected["sum"]), abs=0.01)
    # December 2011: 9 of 31 days, marked and with no change against November.
    last = dict(zip([c.key for c in table.columns], table.rows[-1], strict=True))
    assert last["covered_days"] == 9 and last["partial_month"] != "" and last["sales_change"] is None
    texts = Texts("en")
    assert any("9 of the 31 days of 2011-12" in texts(m) for m in content.section("monthly").reading)


def test_member_trend_section_has_ten_days(sample_inputs, december):
    content = build_content(sample_inputs, period=december, compare="none")
    section = content.section("member_trend")
    days = section.tables[0].column("day")
    assert len(days) == 10 and days[-1] == december.end
    # Members' share of each day equals members' sales / the day's sales in the same row.
    for row in section.tables[0].rows:
        _, sales, member_sales, share, *_ = row
        assert share == pytest.approx(member_sales / sales)


def test_no_member_trend_without_membership(uci_content):
    content = uci_content
    assert content.section("member_trend") is None and content.section("monthly") is not None
