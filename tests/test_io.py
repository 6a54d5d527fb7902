"""Tests for analytics.io: any export's bytes -> RawTable of strings, header row found."""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import io
import resource
import struct
import time
import zipfile
import zlib
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest
import xlwt
from hypothesis import given, settings
from hypothesis import strategies as st

import analytics.io as reader
from analytics.errors import ArgumentError, FileFormatError, InputError
from analytics.io import RawTable, read_table

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"

TAOBAO_HEADER = ["订单编号", "买家会员名", "买家实际支付金额", "订单付款时间"]
TAOBAO_ROWS = [
    ["1234567890123456789", "张三", "128.50", "2025-01-03 10:22:11"],
    ["1234567890123456790", "李四", "0", "2025-01-04 09:00:00"],
    ["1234567890123456791", "王五", "1,234.50", "2025-01-05 20:15:00"],
]


def csv_text(rows: list[list[str]], delimiter: str = ",", newline: str = "\n") -> str:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator=newline).writerows(rows)
    return out.getvalue()


def as_lists(table: RawTable) -> list[list[str | None]]:
    """Return the frame's cells with NA as None, for comparisons that read like the file."""
    return [[None if pd.isna(v) else v for v in row] for row in table.frame.itertuples(index=False)]


def values(column: pd.Series) -> list[str | None]:
    return [None if pd.isna(v) else v for v in column]


def assert_all_str(table: RawTable) -> None:
    assert all(dtype == "str" for dtype in table.frame.dtypes), table.frame.dtypes


def write_xlsx(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    cell.data_type = "s"  # Taobao's ="..." is text, not a formula
    book.save(path)
    return path


# ----------------------------------------------------------------------------------------------
# Encodings and delimiters


@pytest.mark.parametrize(
    ("encoding", "delimiter", "reported"),
    [
        ("utf-8", ",", "utf-8"),
        ("utf-8-sig", ",", "utf-8-sig"),
        ("gb18030", ",", "gb18030"),
        ("gbk", ",", "gb18030"),  # GB18030 is a superset of GBK, so GBK files decode identically
        ("utf-16", "\t", "utf-16"),  # Excel "Unicode text": UTF-16 LE with BOM, tab-separated
        ("utf-16-be", "\t", "utf-16"),
    ],
)
def test_each_encoding_reads_the_same_table(encoding: str, delimiter: str, reported: str) -> None:
    text = csv_text([TAOBAO_HEADER, *TAOBAO_ROWS], delimiter)
    data = text.encode(encoding)
    if encoding == "utf-16-be":
        data = b"\xfe\xff" + data
    table = read_table(("orders.csv", data))
    assert table.encoding == reported
    assert table.delimiter == delimiter
    assert list(table.frame.columns) == TAOBAO_HEADER
    assert as_lists(table) == TAOBAO_ROWS
    assert_all_str(table)


def test_utf16_without_bom_is_recognised() -> None:
    data = csv_text([TAOBAO_HEADER, *TAOBAO_ROWS], "\t").encode("utf-16-le")
    table = read_table(("orders.txt", data))
    assert table.encoding == "utf-16"
    assert as_lists(table) == TAOBAO_ROWS


def test_gbk_after_an_ascii_start_is_detected_from_the_later_lines() -> None:
    # The first 256 KiB are ASCII (valid UTF-8); a GBK name appears only further down.
    ascii_rows = [["A" + str(i), "buyer", "1.00"] for i in range(30_000)]
    text = csv_text([["order", "buyer", "amount"], *ascii_rows, ["B1", "张三", "2.00"]])
    table = read_table(("late_gbk.csv", text.encode("gbk")))
    assert table.encoding == "gb18030"
    assert len(table.frame) == 30_001
    assert table.frame.buyer.iloc[-1] == "张三"


def test_text_neither_utf8_nor_gb18030_is_refused_with_advice() -> None:
    # 0x80 alone is invalid in UTF-8 and a lone lead byte at the end is invalid in GB18030.
    data = "订单,金额\n".encode("gbk") + b"A1,\x80"
    with pytest.raises(FileFormatError, match=r"bad\.csv: .*UTF-8"):
        read_table(("bad.csv", data))


def test_utf8_file_with_a_later_invalid_byte_is_refused_not_garbled() -> None:
    # The start is UTF-8 with Chinese text, so GB18030 would only garble it: refuse instead.
    rows = [["订单", "金额"], *([["A" + str(i), "1.00"] for i in range(30_000)])]
    data = csv_text(rows).encode("utf-8") + b"B1,\xff\n"
    with pytest.raises(FileFormatError, match=r"mixed\.csv: part of the file is not valid UTF-8"):
        read_table(("mixed.csv", data))


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_each_delimiter_is_sniffed(delimiter: str) -> None:
    rows = [["order", "customer", "amount"], ["A1", "c1", "10.5"], ["A2", "c2", "7"], ["A3", "", "0"]]
    table = read_table(("orders.csv", csv_text(rows, delimiter).encode()))
    assert table.delimiter == delimiter
    assert list(table.frame.columns) == rows[0]
    assert as_lists(table) == [["A1", "c1", "10.5"], ["A2", "c2", "7"], ["A3", None, "0"]]


def test_semicolon_file_with_decimal_commas_is_not_split_on_commas() -> None:
    # European exports: ';' between fields, ',' as the decimal mark (one comma per amount cell).
    text = "order;amount;note\nA1;12,50;x\nA2;3,00;y, z\nA3;7;w\n"
    table = read_table(("eu.csv", text.encode()))
    assert table.delimiter == ";"
    assert table.frame.amount.tolist() == ["12,50", "3,00", "7"]


def test_quoted_thousands_stay_one_cell() -> None:
    table = read_table(("orders.csv", b'order,amount,city\nA1,"1,234.50",Shanghai\nA2,"12,000",Beijing\n'))
    assert table.frame.amount.tolist() == ["1,234.50", "12,000"]
    assert table.frame.city.tolist() == ["Shanghai", "Beijing"]


def test_quoted_newlines_stay_inside_one_record() -> None:
    # One record spans two lines; the next record must still line up under the header.
    table = read_table(("notes.csv", b'order,note,amount\nA1,"line one\nline two",5\nA2,ok,6\n'))
    assert as_lists(table) == [["A1", "line one\nline two", "5"], ["A2", "ok", "6"]]


def test_crlf_and_lf_files_read_the_same() -> None:
    rows = [TAOBAO_HEADER, *TAOBAO_ROWS]
    lf = read_table(("a.csv", csv_text(rows, newline="\n").encode()))
    crlf = read_table(("a.csv", csv_text(rows, newline="\r\n").encode()))
    pd.testing.assert_frame_equal(lf.frame, crlf.frame)


# ----------------------------------------------------------------------------------------------
# Cell cleaning, header names


def test_taobao_wrappers_and_trailing_tabs_are_stripped() -> None:
    # Taobao writes ="..." around long numbers so Excel keeps the digits, and pads cells with tabs.
    text = '订单编号 ,买家会员名\t,买家实际支付金额\n="1234567890123456789"\t,张三\t, 12.50 \n="2",李四,\t\n'
    table = read_table(("taobao.csv", text.encode("gbk")))
    assert list(table.frame.columns) == ["订单编号", "买家会员名", "买家实际支付金额"]
    assert as_lists(table) == [["1234567890123456789", "张三", "12.50"], ["2", "李四", None]]


def test_quoted_taobao_wrapper_form_is_stripped_too() -> None:
    # The same wrapper as written by a CSV writer that quotes it: "=""123"""
    table = read_table(("taobao.csv", b'order,amount\n"=""1234567890123456789""",5\n'))
    assert table.frame.order.tolist() == ["1234567890123456789"]


def test_duplicate_and_blank_header_names_are_made_unique() -> None:
    text = "Name,Name,,Name.1,Name\n1,2,3,4,5\n"
    table = read_table(("dups.csv", text.encode()))
    # "Name.1" already exists, so the second "Name" becomes "Name.2" and the third "Name.3".
    assert list(table.frame.columns) == ["Name", "Name.2", "Unnamed: 2", "Name.1", "Name.3"]


def test_whitespace_only_cells_are_missing() -> None:
    table = read_table(("a.csv", b"a,b\n  ,x\n\t,\n"))
    assert as_lists(table) == [[None, "x"], [None, None]]


# ----------------------------------------------------------------------------------------------
# Header row detection, row accounting


def test_title_rows_above_the_header_are_skipped_in_csv() -> None:
    lines = [
        "店铺订单报表",
        "导出时间: 2025-01-05",
        "",
        ",".join(TAOBAO_HEADER),
        *(",".join(r) for r in TAOBAO_ROWS[:2]),
    ]
    table = read_table(("report.csv", ("\n".join(lines) + "\n").encode("gbk")))
    # Title, export time, blank line, then the header on line 4; data on lines 5 and 6.
    assert table.header_row == 4
    assert list(table.frame.columns) == TAOBAO_HEADER
    assert as_lists(table) == TAOBAO_ROWS[:2]
    assert table.row_numbers.tolist() == [5, 6]


def test_title_rows_padded_with_delimiters_are_skipped() -> None:
    # Excel saves every row of a report at full width: title rows become "title,,," lines.
    lines = [
        "店铺订单报表,,,",
        "导出时间: 2025-01-05,,,",
        ",,,",
        ",".join(TAOBAO_HEADER),
        "A1,张三,5,2025-01-03",
    ]
    text = "\n".join(lines) + "\n"
    table = read_table(("padded.csv", text.encode("gbk")))
    assert table.header_row == 4
    assert as_lists(table) == [["A1", "张三", "5", "2025-01-03"]]


def test_blank_lines_inside_the_data_are_kept_and_counted() -> None:
    # header on line 1; data lines 2, 3 (blank), 4, 5 (blank), 6 (blank, before the final newline)
    text = "order,amount\nA1,5\n\nA2,6\n\n\n"
    table = read_table(("blank.csv", text.encode()))
    assert len(table.frame) == 5
    assert values(table.frame.order)[:4] == ["A1", None, "A2", None]
    assert table.frame.iloc[[1, 3, 4]].isna().all(axis=None)
    assert table.row_numbers.tolist() == [2, 3, 4, 5, 6]


def test_blank_line_right_after_the_header_and_crlf_blank_lines_are_counted() -> None:
    # lines: header, blank, A1, blank, A2 -> 4 data rows
    text = "order,amount\r\n\r\nA1,5\r\n\r\nA2,6\r\n"
    table = read_table(("blank.csv", text.encode()))
    assert values(table.frame.order) == [None, "A1", None, "A2"]


def test_header_only_file_gives_an_empty_frame_with_the_columns() -> None:
    table = read_table(("header.csv", ",".join(TAOBAO_HEADER).encode("gbk") + b"\r\n"))
    assert list(table.frame.columns) == TAOBAO_HEADER
    assert len(table.frame) == 0
    assert_all_str(table)


def test_header_detection_keeps_a_first_row_header_with_numeric_looking_data() -> None:
    rows = [["InvoiceNo", "Quantity", "UnitPrice"], ["536365", "6", "2.55"], ["536366", "8", "1.85"]]
    table = read_table(("retail.csv", csv_text(rows).encode()))
    assert table.header_row == 1
    assert list(table.frame.columns) == rows[0]


def test_short_rows_are_padded_and_extra_empty_fields_ignored() -> None:
    # Row 3 lacks its last field; row 4 has a trailing delimiter (an empty extra field).
    text = "a,b,c\n1,2,3\n4,5\n6,7,8,\n"
    table = read_table(("ragged.csv", text.encode()))
    assert as_lists(table) == [["1", "2", "3"], ["4", "5", None], ["6", "7", "8"]]


def test_row_with_values_beyond_the_header_is_refused_naming_the_row() -> None:
    # An unquoted comma inside a title shifts the amount into a fourth field on line 3.
    text = "order,title,amount\nA1,Mug,5\nA2,Mug, blue,6\nA3,Cup,7\n"
    with pytest.raises(FileFormatError, match=r"ragged\.csv: row 3 has 4 fields but the header has 3"):
        read_table(("ragged.csv", text.encode()))


# ----------------------------------------------------------------------------------------------
# Format detection and bad files


def test_csv_named_xlsx_is_read_as_csv(tmp_path: Path) -> None:
    path = tmp_path / "orders.xlsx"
    path.write_text(csv_text([TAOBAO_HEADER, *TAOBAO_ROWS]), encoding="utf-8")
    table = read_table(path)
    assert table.format == "csv"
    assert as_lists(table) == TAOBAO_ROWS


def test_xlsx_named_csv_is_read_as_excel(tmp_path: Path) -> None:
    data = write_xlsx(tmp_path / "o.xlsx", {"订单": [TAOBAO_HEADER, TAOBAO_ROWS[0]]}).read_bytes()
    table = read_table(("orders.csv", data))
    assert (table.format, table.name) == ("xlsx", "orders.csv")
    assert as_lists(table) == [TAOBAO_ROWS[0]]


def test_path_and_upload_read_the_same(tmp_path: Path) -> None:
    data = csv_text([TAOBAO_HEADER, *TAOBAO_ROWS]).encode("gbk")
    path = tmp_path / "orders.csv"
    path.write_bytes(data)
    from_path, from_upload = read_table(path), read_table(("orders.csv", data))
    pd.testing.assert_frame_equal(from_path.frame, from_upload.frame)
    assert (
        (from_path.name, from_path.encoding)
        == (from_upload.name, from_upload.encoding)
        == ("orders.csv", "gb18030")
    )
    assert read_table(str(path)).name == "orders.csv"


@pytest.mark.parametrize("content", [b"", b"   \r\n\t\n", "\ufeff".encode(), "\n".encode("utf-16")])
def test_empty_file_is_refused(content: bytes) -> None:
    with pytest.raises(FileFormatError, match=r"^empty\.csv is empty"):
        read_table(("empty.csv", content))


def test_random_bytes_are_not_a_table() -> None:
    junk = np.random.default_rng(0).bytes(5000)
    with pytest.raises(FileFormatError, match=r"junk\.csv is not a table \(CSV or Excel\)"):
        read_table(("junk.csv", junk))


def test_pdf_is_not_a_table() -> None:
    with pytest.raises(FileFormatError, match=r"report\.csv is a PDF document, not a table"):
        read_table(("report.csv", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n"))


def test_missing_file_and_folder_are_input_errors(tmp_path: Path) -> None:
    with pytest.raises(FileFormatError, match="file not found"):
        read_table(tmp_path / "nope.csv")
    with pytest.raises(FileFormatError, match="is a folder"):
        read_table(tmp_path)


def test_zip_that_is_not_a_workbook_is_refused() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("orders.csv", "a,b\n1,2\n")
    with pytest.raises(FileFormatError, match=r"orders\.zip is a zip archive, not a table"):
        read_table(("orders.zip", buffer.getvalue()))


def test_truncated_xlsx_is_damaged(tmp_path: Path) -> None:
    data = write_xlsx(tmp_path / "o.xlsx", {"订单": [TAOBAO_HEADER, *TAOBAO_ROWS]}).read_bytes()
    with pytest.raises(
        FileFormatError, match=r"^cut\.xlsx: the Excel file is damaged or incomplete \(.*\): export it again"
    ):
        read_table(("cut.xlsx", data[: len(data) // 2]))


def test_xlsx_with_corrupted_sheet_data_is_damaged(tmp_path: Path) -> None:
    data = bytearray(
        write_xlsx(tmp_path / "o.xlsx", {"订单": [TAOBAO_HEADER, *TAOBAO_ROWS] * 50}).read_bytes()
    )
    info = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo("xl/worksheets/sheet1.xml")
    start = info.header_offset + 30 + len(info.filename)
    data[start + 10 : start + 60] = b"\xff" * 50  # zero the middle of the deflate stream
    with pytest.raises(FileFormatError, match=r"^bad\.xlsx: the Excel file is damaged or incomplete"):
        read_table(("bad.xlsx", bytes(data)))


def test_text_file_above_the_size_limit_is_refused(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(reader, "MAX_FILE_BYTES", 1000)
    path = tmp_path / "big.csv"
    path.write_bytes(b"a,b\n" + b"1,2\n" * 500)  # 2,004 bytes
    with pytest.raises(FileFormatError, match=r"big\.csv is 0\.0 GB, above the 0 GB limit; export a smaller"):
        read_table(path)


# ----------------------------------------------------------------------------------------------
# Gzip


def test_gzip_upload_is_inflated_transparently() -> None:
    text = csv_text([TAOBAO_HEADER, *TAOBAO_ROWS]).encode("gbk")
    table = read_table(("orders.csv.gz", gzip.compress(text)))
    assert (table.compression, table.encoding, table.format) == ("gzip", "gb18030", "csv")
    assert as_lists(table) == TAOBAO_ROWS


def test_gzip_bomb_is_refused_before_inflating_it_all(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reader, "MAX_FILE_BYTES", 10 * 1024**2)
    bomb = gzip.compress(b"a,b\n" + b"1,2\n" * (5 * 1024**2))  # 20 MiB inflated, 10 MiB allowed
    with pytest.raises(
        FileFormatError, match=r"bomb\.csv\.gz: the compressed file would expand to more than"
    ):
        read_table(("bomb.csv.gz", bomb))


def test_truncated_gzip_is_refused() -> None:
    data = gzip.compress(b"a,b\n" + b"1,2\n" * 10_000)
    with pytest.raises(FileFormatError, match=r"cut\.csv\.gz: the gzip file is (incomplete|damaged)"):
        read_table(("cut.csv.gz", data[: len(data) // 2]))


# ----------------------------------------------------------------------------------------------
# Excel


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
    with pytest.raises(
        ArgumentError, match=r"o\.xlsx has no sheet named 'Orders'; its sheets are: '说明', '订单'"
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

    monkeypatch.setattr(reader, "_open_calamine", broken)
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
    with pytest.raises(FileFormatError, match=r"locked\.xlsx: cannot read it as an Excel \.xls workbook"):
        read_table(("locked.xlsx", data))


def test_header_only_sheet_gives_an_empty_frame(tmp_path: Path) -> None:
    table = read_table(write_xlsx(tmp_path / "o.xlsx", {"订单": [TAOBAO_HEADER]}))
    assert list(table.frame.columns) == TAOBAO_HEADER
    assert len(table.frame) == 0
    assert_all_str(table)


def test_workbook_without_cells_is_empty(tmp_path: Path) -> None:
    with pytest.raises(FileFormatError, match=r"o\.xlsx is empty"):
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

    monkeypatch.setattr(reader, "_open_calamine", broken)
    rows = [
        ["店铺订单报表"],
        TAOBAO_HEADER,
        ["1234567890123456789", "张三", 128.5, dt.datetime(2025, 1, 3, 10, 22, 11)],
    ]
    table = read_table(write_xlsx(tmp_path / "o.xlsx", {"订单": rows}))
    assert table.header_row == 2
    assert as_lists(table) == [["1234567890123456789", "张三", "128.5", "2025-01-03 10:22:11"]]


# ----------------------------------------------------------------------------------------------
# Zip bombs. The sheet stream is built from one deflate piece repeated: after a full flush the
# compressor starts afresh, so each 1 MiB block compresses to the same few KiB and a 2.2 GB
# sheet costs milliseconds to write (only its CRC takes about a second).

ROW = b'<row><c t="inlineStr"><is><t>order</t></is></c></row>'  # r= is optional in OOXML
SHEET_HEAD = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
SHEET_TAIL = b"</sheetData></worksheet>"
PKG = "http://schemas.openxmlformats.org/package/2006"
DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
SML = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml"
SMALL_MEMBERS = {
    "[Content_Types].xml": f'<Types xmlns="{PKG}/content-types">'
    f'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    f'<Default Extension="xml" ContentType="application/xml"/>'
    f'<Override PartName="/xl/workbook.xml" ContentType="{MIME}.sheet.main+xml"/>'
    f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{MIME}.worksheet+xml"/></Types>',
    "_rels/.rels": f'<Relationships xmlns="{PKG}/relationships">'
    f'<Relationship Id="rId1" Type="{DOC}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    "xl/workbook.xml": f'<workbook xmlns="{SML}" xmlns:r="{DOC}">'
    '<sheets><sheet name="orders" sheetId="1" r:id="rId1"/></sheets></workbook>',
    "xl/_rels/workbook.xml.rels": f'<Relationships xmlns="{PKG}/relationships">'
    f'<Relationship Id="rId1" Type="{DOC}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
}


def repeated_sheet(blocks: int) -> tuple[bytes, int, int]:
    """Return (deflate stream, CRC-32, inflated size) of a sheet of ``blocks`` MiB of rows."""
    block = ROW * (2**20 // len(ROW))
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    head = compressor.compress(SHEET_HEAD) + compressor.flush(zlib.Z_FULL_FLUSH)
    piece = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
    tail = compressor.compress(SHEET_TAIL) + compressor.flush(zlib.Z_FINISH)
    crc = zlib.crc32(SHEET_HEAD)
    for _ in range(blocks):
        crc = zlib.crc32(block, crc)
    crc = zlib.crc32(SHEET_TAIL, crc)
    return head + piece * blocks + tail, crc, len(SHEET_HEAD) + len(block) * blocks + len(SHEET_TAIL)


def write_zip(path: Path, members: list[tuple[str, bytes, int, int]]) -> Path:
    """Write a zip of (name, deflate stream, crc, declared size) members, sizes as declared."""
    local, central = bytearray(), bytearray()
    for name, stream, crc, size in members:
        encoded = name.encode()
        fields = (20, 0, 8, 0, 0x21, crc, len(stream), size, len(encoded), 0)
        central += struct.pack("<IH", 0x02014B50, 20) + struct.pack("<HHHHHIIIHH", *fields)
        central += struct.pack("<HHHII", 0, 0, 0, 0, len(local)) + encoded
        local += struct.pack("<I", 0x04034B50) + struct.pack("<HHHHHIIIHH", *fields) + encoded + stream
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members), len(central), len(local), 0)
    path.write_bytes(bytes(local + central + end))
    return path


def small_members() -> list[tuple[str, bytes, int, int]]:
    members = []
    for name, text in SMALL_MEMBERS.items():
        content = text.encode()
        compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
        members.append(
            (name, compressor.compress(content) + compressor.flush(), zlib.crc32(content), len(content))
        )
    return members


@pytest.fixture(scope="module")
def bomb_sheet() -> tuple[bytes, int, int]:
    return repeated_sheet(2100)  # 2.2 GB of rows


def assert_refused_quickly(path: Path, message: str) -> None:
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    with pytest.raises(FileFormatError, match=message):
        read_table(path)
    elapsed = time.perf_counter() - started
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024  # ru_maxrss is in KiB
    assert elapsed < 20, f"refusing took {elapsed:.1f} s"
    assert grown_mb < 500, f"peak memory grew by {grown_mb:.0f} MB"


def test_zip_bomb_is_refused_from_its_declared_size(
    tmp_path: Path, bomb_sheet: tuple[bytes, int, int]
) -> None:
    stream, crc, size = bomb_sheet
    path = write_zip(
        tmp_path / "bomb.xlsx", [*small_members(), ("xl/worksheets/sheet1.xml", stream, crc, size)]
    )
    # 2.2e9 bytes / 1024**3 = 2.1 GB
    assert_refused_quickly(
        path, r"^bomb\.xlsx: the Excel file would expand to 2\.1 GB, which is too large or malformed"
    )


def test_zip_bomb_that_lies_about_its_size_is_refused_while_inflating(
    tmp_path: Path, bomb_sheet: tuple[bytes, int, int]
) -> None:
    stream, crc, _ = bomb_sheet
    lying = write_zip(
        tmp_path / "liar.xlsx", [*small_members(), ("xl/worksheets/sheet1.xml", stream, crc, 5000)]
    )
    assert zipfile.ZipFile(lying).getinfo("xl/worksheets/sheet1.xml").file_size == 5000
    assert_refused_quickly(lying, r"^liar\.xlsx: the Excel file would expand to more than 1\.0 GB")


def test_member_with_an_implausible_compression_ratio_is_refused(tmp_path: Path) -> None:
    stream, crc, size = repeated_sheet(100)  # 100 MiB in about 300 KiB: a ratio above 300
    path = write_zip(
        tmp_path / "dense.xlsx", [*small_members(), ("xl/worksheets/sheet1.xml", stream, crc, size)]
    )
    assert_refused_quickly(path, r"^dense\.xlsx: the Excel file would expand to 0\.1 GB, which is too large")


def test_the_handmade_zip_is_a_readable_workbook(tmp_path: Path) -> None:
    # Guards the bomb tests: the same construction with a small sheet reads as a normal table,
    # so the refusals above come from the size, not from a malformed file.
    stream, crc, size = repeated_sheet(1)
    path = write_zip(
        tmp_path / "ok.xlsx", [*small_members(), ("xl/worksheets/sheet1.xml", stream, crc, size)]
    )
    table = read_table(path)
    assert table.format == "xlsx"
    assert list(table.frame.columns) == ["order"]
    # one block = 2**20 // len(ROW) rows of "order"; the first is the header
    assert len(table.frame) == 2**20 // len(ROW) - 1


# ----------------------------------------------------------------------------------------------
# Properties


CELL = st.text(alphabet=st.sampled_from(list("abcXYZ019 .,;|\"'-订单金额\n")), min_size=1, max_size=8).map(
    str.strip
)


@settings(max_examples=60, deadline=None)
@given(
    rows=st.integers(min_value=0, max_value=6).flatmap(
        lambda n: st.lists(st.lists(CELL, min_size=3, max_size=3), min_size=n, max_size=n)
    ),
    delimiter=st.sampled_from([",", ";", "\t", "|"]),
)
def test_any_written_table_reads_back_cell_for_cell(rows: list[list[str]], delimiter: str) -> None:
    header = ["order", "customer", "amount"]
    text = csv_text([header, *rows], delimiter)
    table = read_table(("t.csv", text.encode()))
    assert list(table.frame.columns) == header
    assert len(table.frame) == len(rows)
    assert as_lists(table) == [[cell or None for cell in row] for row in rows]


def test_errors_are_input_errors_for_the_cli() -> None:
    with pytest.raises(InputError):
        read_table(("empty.csv", b""))


# ----------------------------------------------------------------------------------------------
# Real data


@pytest.mark.slow
def test_online_retail_gzip_reads_every_line_item() -> None:
    table = read_table(DATA / "online_retail.csv.gz")
    assert (table.format, table.encoding, table.delimiter, table.compression) == ("csv", "utf-8", ",", "gzip")
    header = "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country"
    assert list(table.frame.columns) == header.split(",")
    assert len(table.frame) == 541_909
    assert_all_str(table)
    # CustomerID is written as a float in this file and is missing on guest rows.
    assert table.frame.CustomerID.iloc[0] == "17850.0"
    assert table.frame.CustomerID.isna().sum() > 100_000
