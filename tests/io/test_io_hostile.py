"""Hostile text and workbooks the reader must survive (issue 13, findings 1, 5 and 6's BOMs)."""

from __future__ import annotations

import codecs
import io

import openpyxl

from analytics.io import read_table


def test_a_cell_longer_than_the_csv_modules_field_limit_is_read():
    # finding 1: a 140,000-character note near the top crashed the delimiter sniffer
    note = "x" * 140_000
    data = f"order,amount,note\nA1,12.50,{note}\nA2,3.00,\n".encode()
    table = read_table(("orders.csv", data))
    assert table.delimiter == ","
    assert table.frame["amount"].tolist() == ["12.50", "3.00"]
    assert len(table.frame["note"].iloc[0]) == 140_000


def test_a_huge_quoted_cell_in_a_ragged_file_is_read_by_the_fallback_parser():
    # the ragged-row fallback parses with the csv module too: a short last row, a huge cell
    note = "y" * 200_000
    data = f'order;amount;note\nA1;12,50;"{note}"\nA2;3,00\n'.encode()
    table = read_table(("orders.csv", data))
    assert table.delimiter == ";" and table.frame["amount"].tolist() == ["12,50", "3,00"]


def test_repeated_byte_order_marks_are_all_stripped():
    # finding 6: a file starting with two BOMs left its first header unrecognised ("\ufefforder")
    data = codecs.BOM_UTF8 * 2 + b"order,amount\nA1,5\n"
    table = read_table(("orders.csv", data))
    assert list(table.frame.columns) == ["order", "amount"] and table.encoding == "utf-8-sig"


def _workbook(values: list[object]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["order", "amount"])
    for i, value in enumerate(values):
        sheet.append([f"A{i}", value])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_xlsx_numbers_follow_the_decimal_comma_of_the_columns_text_cells():
    # finding 5: 12.5 stored as a number and "381,41" typed as text in one column; the numbers are
    # written with the column's decimal comma, so the money parser reads 12.5 and 381.41, not 38141
    table = read_table(("orders.xlsx", _workbook([12.5, "381,41", 7, "1.234,50"])))
    assert table.frame["amount"].tolist() == ["12,5", "381,41", "7", "1.234,50"]


def test_xlsx_numbers_keep_the_decimal_point_when_text_cells_use_one():
    table = read_table(("orders.xlsx", _workbook([12.5, "381.41", "1,234.50"])))
    assert table.frame["amount"].tolist() == ["12.5", "381.41", "1,234.50"]


def test_gbk_whose_only_chinese_is_valid_utf8_is_read_as_gbk():
    # found by the fuzzer: an English-header GBK export with amounts "12.50元"; 元 (D4 AA) is also
    # valid UTF-8 (Ԫ), so the file passed as UTF-8 and every amount was unreadable
    data = "order,amount\nA1,12.50元\nA2,3.00元\n".encode("gbk")
    table = read_table(("orders.csv", data))
    assert table.encoding == "gb18030" and table.frame["amount"].tolist() == ["12.50元", "3.00元"]


def test_utf8_words_in_other_scripts_stay_utf8():
    # Armenian and Russian words are real text, not GBK bytes
    for word in ("Երևան", "Москва"):
        table = read_table(("orders.csv", f"order,city\nA1,{word}\n".encode()))
        assert table.encoding == "utf-8" and table.frame["city"].tolist() == [word]
