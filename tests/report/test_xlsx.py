"""The workbook holds the metric results as numbers, with formats, and no text runs as a formula."""

from __future__ import annotations

import dataclasses
import io

import pytest
from openpyxl import load_workbook

from analytics.report import build_content, build_report
from analytics.report.text import Texts
from analytics.report.xlsx import report_xlsx, safe_text


def _rows(sheet):
    return [[cell for cell in row] for row in sheet.iter_rows()]


def _find(sheet, text):
    for row in sheet.iter_rows():
        for cell in row:
            if cell.value == text:
                return cell
    raise AssertionError(f"{text!r} not on {sheet.title}")


@pytest.fixture(scope="module")
def workbook(sample_inputs, december):
    data = build_report(sample_inputs, period=december, compare="previous", lang="zh", fmt="xlsx")
    return load_workbook(io.BytesIO(data))


def test_a_sheet_per_subject(workbook):
    assert workbook.sheetnames == [
        "概览",
        "月度销售",
        "复购",
        "会员与非会员",
        "近 10 天会员占比",
        "老客占比",
        "会员等级分布",
        "新客回购",
        "活动效果",
        "待联系客户",
        "数据质量",
        "指标定义",
    ]


def test_summary_cells_equal_the_metric_results(workbook, december_content):
    content = december_content
    sheet = workbook["概览"]
    texts = Texts("zh", "CNY")
    for headline in content.headlines:
        label = _find(sheet, texts(headline.label))
        current = sheet.cell(row=label.row, column=2)
        previous = sheet.cell(row=label.row, column=3)
        assert current.value == pytest.approx(headline.kpi.current)
        assert previous.value == pytest.approx(headline.kpi.previous)
        assert current.data_type == "n"
    rate = sheet.cell(row=_find(sheet, "复购率").row, column=2)
    # openpyxl writes 16 significant digits (Excel keeps 15): equal to the last digit that survives.
    assert rate.value == pytest.approx(content.summary.repeat_purchase_rate.value, rel=1e-14, abs=0)
    assert rate.number_format == "0.0%"
    sales = sheet.cell(row=_find(sheet, "成交金额").row, column=2)
    assert sales.number_format == '"¥"#,##0'
    customers = sheet.cell(row=_find(sheet, "成交人数").row, column=2)
    assert customers.number_format == "#,##0"


def test_member_table_equals_the_member_comparison(workbook, december_content):
    content = december_content
    expected = content.summary.members.to_dict()
    sheet = workbook["会员与非会员"]
    header = _find(sheet, "客单价")
    member = sheet.cell(row=header.row + 1, column=1)
    assert member.value == "会员"
    values = [sheet.cell(row=header.row + 1, column=c).value for c in range(2, 9)]
    keys = [
        "customers",
        "orders",
        "sales",
        "sales_share",
        "aov",
        "orders_per_customer",
        "repeat_purchase_rate",
    ]
    assert values == pytest.approx([expected["member"][k] for k in keys])


def test_tier_rows_equal_the_tier_results(workbook, december_content):
    content = december_content
    sheet = workbook["会员等级分布"]
    for tier in content.summary.tiers:
        cell = _find(sheet, tier.tier)
        assert sheet.cell(row=cell.row, column=5).value == pytest.approx(tier.sales.part)
        assert sheet.cell(row=cell.row, column=8).value == pytest.approx(tier.repeat_purchase_rate.value)


@pytest.mark.parametrize("text", ["=1+1", "+SUM(A1)", "-2+3", "@cmd", '=HYPERLINK("http://x")'])
def test_safe_text_escapes_formula_starts(text):
    assert safe_text(text) == "'" + text


def test_text_cells_from_the_data_never_run_as_formulas(sample_inputs, december):
    members = sample_inputs.members.copy()
    members["tier"] = members["tier"].cat.rename_categories(lambda t: f'=HYPERLINK("http://x","{t}")')
    hostile = dataclasses.replace(sample_inputs, shop="=cmd|' /C calc'!A0", members=members)
    content = build_content(hostile, period=december)
    book = load_workbook(io.BytesIO(report_xlsx(content, Texts("en", "CNY"))))
    formulas, numbers = [], 0
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f" or (
                    isinstance(cell.value, str) and cell.value.startswith(("=", "+", "@"))
                ):
                    formulas.append((sheet.title, cell.coordinate, cell.value))
                numbers += isinstance(cell.value, float | int)
    assert formulas == []
    assert numbers > 100  # figures stayed numbers
    tiers = book["Membership tiers"]
    assert any(str(c.value).startswith("'=HYPERLINK") for row in tiers.iter_rows() for c in row)


def test_negative_figures_stay_numbers(december_content):
    content = december_content
    book = load_workbook(io.BytesIO(report_xlsx(content, Texts("en", "CNY"))))
    sheet = book["Summary"]
    changes = [sheet.cell(row=r, column=4).value for r in range(1, sheet.max_row + 1)]
    assert any(isinstance(v, float) and v < 0 for v in changes)
