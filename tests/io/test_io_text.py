"""Tests for analytics.io.text and .encoding: delimited text in any encoding -> RawTable, header row found."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from io_helpers import (
    TAOBAO_HEADER,
    TAOBAO_ROWS,
    as_lists,
    assert_all_str,
    csv_text,
    raises_code,
    values,
)

from analytics.errors import Term
from analytics.io import read_table


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
    with raises_code("io.unknown_encoding", file="bad.csv", position=13):
        read_table(("bad.csv", data))


def test_utf8_file_with_a_later_invalid_byte_is_refused_not_garbled() -> None:
    # The start is UTF-8 with Chinese text, so GB18030 would only garble it: refuse instead.
    rows = [["订单", "金额"], *([["A" + str(i), "1.00"] for i in range(30_000)])]
    data = csv_text(rows).encode("utf-8") + b"B1,\xff\n"
    with raises_code("io.invalid_utf8_later", file="mixed.csv"):
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
    with raises_code("io.row_too_wide", file="ragged.csv", row=3, fields=4, width=3, delimiter=","):
        read_table(("ragged.csv", text.encode()))


@pytest.mark.parametrize("content", [b"", b"   \r\n\t\n", "\ufeff".encode(), "\n".encode("utf-16")])
def test_empty_file_is_refused(content: bytes) -> None:
    with raises_code("io.empty_file", file="empty.csv") as info:
        read_table(("empty.csv", content))
    assert str(info.value).startswith("empty.csv")


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


@pytest.mark.slow
def test_online_retail_gzip_reads_every_line_item(uci_path) -> None:
    table = read_table(uci_path)
    assert (table.format, table.encoding, table.delimiter, table.compression) == ("csv", "utf-8", ",", "gzip")
    header = "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country"
    assert list(table.frame.columns) == header.split(",")
    assert len(table.frame) == 541_909
    assert_all_str(table)
    # CustomerID is written as a float in this file and is missing on guest rows.
    assert table.frame.CustomerID.iloc[0] == "17850.0"
    assert table.frame.CustomerID.isna().sum() > 100_000


def test_tab_in_a_row_too_wide_is_named_as_a_word() -> None:
    # A tab cannot be shown between quotes, so the message names it ("tab" / "制表符").
    text = "order\ttitle\tamount\nA1\tMug\t5\nA2\tMug\tblue\t6\n"
    with raises_code("io.row_too_wide", file="tabs.tsv", row=3, delimiter=Term("io.delimiter.tab")) as info:
        read_table(("tabs.tsv", text.encode()))
    assert "'tab'" in str(info.value)
