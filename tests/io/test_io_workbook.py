"""Tests for analytics.io.workbook, .xlsx, .xls and .excel_cells: Excel sheets -> RawTable of strings."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import openpyxl
import pytest
import xlwt
from io_helpers import TAOBAO_HEADER, TAOBAO_ROWS, as_lists, assert_all_str, raises_code, write_xlsx

from analytics.errors import ArgumentError, Term
from analytics.io import read_table, xls, xlsx


def test_zip_that_is_not_a_workbook_is_refused() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("orders.csv", "a,b\n1,2\n")
    with raises_code("io.zip_archive", file="orders.zip"):
        read_table(("orders.zip", buffer.getvalue()))


def test_truncated_xlsx_is_damaged(tmp_path: Path) -> None:
    data = write_xlsx(tmp_path / "o.xlsx", {"订单": [TAOBAO_HEADER, *TAOBAO_ROWS]}).read_bytes()
    with raises_code("io.workbook_damaged", file="cut.xlsx") as info:
        read_table(("cut.xlsx", data[: len(data) // 2]))
    assert str(info.value).startswith("cut.xlsx: ")
    assert info.value.params["detail"]


def test_xlsx_cells_come_out_as_clean_strings(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "o.xlsx",
        {
            "订单": [
                ["订单编号", "会员", "金额", "付款时间", "日期", "数量"],
                [
                    "1234567890123456789",
                    17850.0,
                    128.5,
                    dt.datetime(2025, 1, 3, 10, 22, 11),
                    dt.date(2025, 1, 3),
                    2,
                ],
                [
                    "1234567890123456790",
                    17851.0,
                    0.0,
                    dt.datetime(2025, 1, 4, 0, 0, 0),
                    dt.date(2025, 1, 4),
                    1,
                ],
                ["1234567890123456791", None, 45658.25, dt.datetime(2025, 1, 5, 23, 59, 59), None, 3],
            ]
        },
    )
    table = read_table(path)
    assert (table.format, table.sheet, table.sheets, table.header_row) == ("xlsx", "订单", ("订单",), 1)
    assert as_lists(table) == [
        # 19-digit text keeps every digit; 17850.0 -> "17850"; datetimes -> ISO to the second.
        ["1234567890123456789", "17850", "128.5", "2025-01-03 10:22:11", "2025-01-03", "2"],
        ["1234567890123456790", "17851", "0", "2025-01-04 00:00:00", "2025-01-04", "1"],
        # A plain number stays a numeric string (the schema layer decides if it is a serial date).
        ["1234567890123456791", None, "45658.25", "2025-01-05 23:59:59", None, "3"],
    ]
    assert_all_str(table)


def test_excel_time_a_hair_before_the_second_rounds_to_it(tmp_path: Path) -> None:
    # Excel stores times as fractions of a day; 10:22:10.9999 must read as 10:22:11, not .999999.
    path = write_xlsx(
        tmp_path / "o.xlsx", {"s": [["order", "paid"], ["A1", dt.datetime(2025, 1, 3, 10, 22, 10, 999_600)]]}
    )
    assert read_table(path).frame.paid.tolist() == ["2025-01-03 10:22:11"]


def test_xlsx_title_rows_and_taobao_cells(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "report.xlsx",
        {
            "Sheet1": [
                ["店铺订单报表"],
                ["导出时间: 2025-01-05"],
                [],
                TAOBAO_HEADER,
                ['="1234567890123456789"', "张三\t", 128.5, "2025-01-03 10:22:11"],
                [],
                ["1234567890123456790", "李四", 0, "2025-01-04 09:00:00"],
            ]
        },
    )
    table = read_table(path)
    # Header on sheet row 4; data on rows 5, 6 (blank, kept for row accounting) and 7.
    assert table.header_row == 4
    assert list(table.frame.columns) == TAOBAO_HEADER
    assert as_lists(table) == [
        ["1234567890123456789", "张三", "128.5", "2025-01-03 10:22:11"],
        [None, None, None, None],
        ["1234567890123456790", "李四", "0", "2025-01-04 09:00:00"],
    ]
    assert table.row_numbers.tolist() == [5, 6, 7]


def test_header_row_counts_leading_empty_sheet_rows(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.active.title = "orders"
    book.active["B3"], book.active["C3"] = "order", "amount"
    book.active["B4"], book.active["C4"] = "A1", 5
    book.save(tmp_path / "o.xlsx")
    table = read_table(tmp_path / "o.xlsx")
    assert table.header_row == 3
    assert table.row_numbers.tolist() == [4]
    assert as_lists(table) == [["A1", "5"]]


def test_order_sheet_is_chosen_over_a_notes_sheet(tmp_path: Path) -> None:
    notes = [["说明"], ["本文件包含订单数据"], ["导出时间: 2025-01-05"]]
    orders = [TAOBAO_HEADER, *([c for c in r] for r in TAOBAO_ROWS)]
    path = write_xlsx(tmp_path / "o.xlsx", {"说明": notes, "订单": orders})
    table = read_table(path)
    assert (table.sheet, table.sheets) == ("订单", ("说明", "订单"))
    assert as_lists(table) == TAOBAO_ROWS


def test_without_order_words_the_first_non_empty_sheet_is_read(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "o.xlsx", {"blank": [], "first": [["x", "y"], ["1", "2"]], "second": [["p"], ["q"]]}
    )
    assert read_table(path).sheet == "first"


def test_named_sheet_is_read_and_unknown_sheet_lists_the_sheets(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "o.xlsx", {"说明": [["说明"], ["x"]], "订单": [TAOBAO_HEADER, TAOBAO_ROWS[0]]}
    )
    assert read_table(path, sheet="说明").sheet == "说明"
    with raises_code(
        "io.unknown_sheet",
        error=ArgumentError,
        file="o.xlsx",
        sheet="Orders",
        sheets=("说明", "订单"),
        option=Term("option.sheet"),
    ):
        read_table(path, sheet="Orders")


def test_xls_written_by_excel_97_format_is_read(tmp_path: Path) -> None:
    book = xlwt.Workbook()
    sheet = book.add_sheet("订单")
    when = xlwt.easyxf(num_format_str="YYYY-MM-DD HH:MM:SS")
    for col, name in enumerate(TAOBAO_HEADER):
        sheet.write(0, col, name)
    sheet.write(1, 0, "1234567890123456789")
    sheet.write(1, 1, "张三")
    sheet.write(1, 2, 128.5)
    sheet.write(1, 3, dt.datetime(2025, 1, 3, 10, 22, 11), when)
    sheet.write(2, 0, 17850.0)
    sheet.write(2, 2, 7)
    sheet.write(2, 3, dt.datetime(2025, 1, 4), when)
    book.save(str(tmp_path / "o.xls"))
    table = read_table(tmp_path / "o.xls")
    assert (table.format, table.sheet) == ("xls", "订单")
    assert as_lists(table) == [
        ["1234567890123456789", "张三", "128.5", "2025-01-03 10:22:11"],
        ["17850", None, "7", "2025-01-04 00:00:00"],
    ]


def test_xlrd_reads_xls_when_calamine_cannot(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    def broken(data: bytes) -> None:
        raise RuntimeError("calamine unavailable")

    monkeypatch.setattr(xls, "open_calamine", broken)
    book = xlwt.Workbook()
    sheet = book.add_sheet("订单")
    for col, value in enumerate(["订单编号", "金额", "付款时间"]):
        sheet.write(1, col, value)  # row 1 is blank: the header is on sheet row 2
    sheet.write(2, 0, 17850.0)
    sheet.write(2, 1, 12.5)
    sheet.write(2, 2, dt.datetime(2025, 1, 3, 10, 22, 11), xlwt.easyxf(num_format_str="YYYY-MM-DD HH:MM:SS"))
    book.save(str(tmp_path / "o.xls"))
    table = read_table(tmp_path / "o.xls")
    assert table.header_row == 2
    assert as_lists(table) == [["17850", "12.5", "2025-01-03 10:22:11"]]


def test_file_that_no_excel_reader_opens_is_refused(tmp_path: Path) -> None:
    # An OLE2 container that is not a workbook (e.g. a password-protected .xlsx or a .doc).
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4000)
    with raises_code("io.xls_unreadable", file="locked.xlsx"):
        read_table(("locked.xlsx", data))


def test_header_only_sheet_gives_an_empty_frame(tmp_path: Path) -> None:
    table = read_table(write_xlsx(tmp_path / "o.xlsx", {"订单": [TAOBAO_HEADER]}))
    assert list(table.frame.columns) == TAOBAO_HEADER
    assert len(table.frame) == 0
    assert_all_str(table)


def test_workbook_without_cells_is_empty(tmp_path: Path) -> None:
    with raises_code("io.workbook_no_cells", file="o.xlsx"):
        read_table(write_xlsx(tmp_path / "o.xlsx", {"Sheet1": []}))


def test_excel_mixed_columns_and_booleans(tmp_path: Path) -> None:
    rows = [
        ["order", "member", "note"],
        [17850.0, True, "x"],
        ["C536379", False, 3.5],
        [1.5, None, dt.time(10, 1, 2)],
    ]
    table = read_table(write_xlsx(tmp_path / "o.xlsx", {"s": rows}))
    assert as_lists(table) == [["17850", "TRUE", "x"], ["C536379", "FALSE", "3.5"], ["1.5", None, "10:01:02"]]


def test_openpyxl_fallback_reads_what_calamine_cannot(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    def broken(data: bytes) -> None:
        raise RuntimeError("calamine unavailable")

    monkeypatch.setattr(xlsx, "open_calamine", broken)
    rows = [
        ["店铺订单报表"],
        TAOBAO_HEADER,
        ["1234567890123456789", "张三", 128.5, dt.datetime(2025, 1, 3, 10, 22, 11)],
    ]
    table = read_table(write_xlsx(tmp_path / "o.xlsx", {"订单": rows}))
    assert table.header_row == 2
    assert as_lists(table) == [["1234567890123456789", "张三", "128.5", "2025-01-03 10:22:11"]]


def test_named_empty_sheet_is_refused_naming_it(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "o.xlsx", {"空": [], "订单": [TAOBAO_HEADER, TAOBAO_ROWS[0]]})
    with raises_code("io.sheet_empty", file="o.xlsx", sheet="空", option=Term("option.sheet")):
        read_table(path, sheet="空")
