"""Shape guards (issue 21, findings 1 and 11): too many columns, cells too long, quotes never closed.

Each case was read before the guard (a 20,004-column header kept a core busy for minutes, an
unclosed quote read as "1 rows read, 0 used", a 100 MB cell became one customer id); now each
is refused with a message that counts what it found. Timings are in benchmarks/bench_guards.py.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pyarrow as pa
import pytest
from io_helpers import raises_code

from analytics.errors import FileFormatError, MappingError
from analytics.io import read_table
from analytics.io.shape import MAX_CELL_CHARS, MAX_COLUMNS, check_cells, count_fields, scan_records
from analytics.loading import load_orders
from analytics.loading.detect import MAX_ID_CHARS

HEADER = "order_id,customer_id,order_time,amount"


def _wide_header(columns: int, delimiter: str = ",") -> str:
    return delimiter.join(f"c{i}" for i in range(columns))


def test_a_header_of_two_million_columns_is_refused_with_its_real_width(tmp_path: Path) -> None:
    # 2,000,000 names (16.9 MB): the reader's sample holds ~39,000 of them; the count is the file's
    path = tmp_path / "wide.csv"
    path.write_text(_wide_header(2_000_000) + "\n1,2\n")
    with raises_code("io.too_many_columns", file="wide.csv", line=1, columns=2_000_000, limit=MAX_COLUMNS):
        read_table(path)
    # the same bytes uploaded (held in memory)
    with raises_code("io.too_many_columns", columns=2_000_000):
        read_table(("wide.csv", path.read_bytes()))


def test_a_header_of_20004_columns_is_refused_by_the_loader_too() -> None:
    data = (HEADER + "," + _wide_header(20_000) + "\nA1,c1,2025-01-01,3\n").encode()
    with raises_code("io.too_many_columns", line=1, columns=20_004):
        load_orders(("wide.csv", data))


def test_the_widest_accepted_header_is_read() -> None:
    # exactly MAX_COLUMNS columns: 4 named ones and 1,996 others
    data = (HEADER + "," + _wide_header(MAX_COLUMNS - 4) + "\nA1,c1,2025-01-01,3\n").encode()
    loaded = load_orders(("wide.csv", data))
    assert loaded.orders["customer_id"].tolist() == ["c1"]


def test_wide_tab_separated_gbk_header_below_title_rows_names_its_line() -> None:
    # two title lines, then a 3,000-column header in a GBK export with tabs
    text = "店铺订单报表\n导出时间: 2025-01-05\n" + "\t".join(f"列{i}" for i in range(3_000)) + "\n"
    with raises_code("io.too_many_columns", line=3, columns=3_000):
        read_table(("wide.txt", text.encode("gbk")))


def test_quoted_delimiters_are_not_counted_as_columns() -> None:
    # 2,500 fields, one of them "a,b" quoted: 2,500, not 2,501
    header = ",".join(['"a,b"', *(f"c{i}" for i in range(2_499))])
    with raises_code("io.too_many_columns", columns=2_500):
        read_table(("wide.csv", (header + "\n").encode()))


def test_count_fields_follows_quotes_across_blocks() -> None:
    # fields: a | "b,\nc" (a quoted comma and line break) | d ; the record ends at the next break
    assert count_fields([b'a,"b,', b'\nc",d\ne,f,g,h\n'], ",") == 3


def test_unclosed_quote_is_refused_naming_the_line_where_it_opens() -> None:
    # line 1 header, line 2 fine, line 3 opens a quote that nothing closes: it would swallow the rest
    rows = [
        "A0,c0,2025-01-01,12.5",
        'A1,"c1,2025-01-01,12.5',
        *(f"A{i},c{i},2025-01-02,3" for i in range(2, 50)),
    ]
    data = (HEADER + "\n" + "\n".join(rows) + "\n").encode()
    with raises_code("io.unclosed_quote", file="orders.csv", line=3):
        read_table(("orders.csv", data))


def test_unclosed_quote_in_the_last_column_of_a_large_file_on_disk(tmp_path: Path) -> None:
    # > 8 MB: read from disk in blocks; the quote on line 4 (after two good rows) is never closed
    path = tmp_path / "orders.csv"
    body = "".join(f"A{i},c{i % 100},2025-01-02,3.5\n" for i in range(400_000))
    path.write_text(HEADER + '\nA0,c0,2025-01-01,1\nA1,c1,2025-01-01,2\nA2,c2,2025-01-01,"3\n' + body)
    with raises_code("io.unclosed_quote", line=4):
        read_table(path)


def test_a_quote_inside_an_unquoted_value_is_text_not_an_open_quote() -> None:
    # 12" pizza: one quote in the middle of a value is read as text by the parsers, as before
    data = (HEADER + ',item\nA1,c1,2025-01-01,3,12" pizza\nA2,c2,2025-01-02,4,cola\n').encode()
    table = read_table(("orders.csv", data))
    assert table.frame["item"].tolist() == ['12" pizza', "cola"]


def test_balanced_quotes_spanning_lines_are_still_one_value() -> None:
    data = (HEADER + ',note\nA1,c1,2025-01-01,3,"line one\nline two"\nA2,c2,2025-01-02,4,x\n').encode()
    assert read_table(("orders.csv", data)).frame["note"].tolist() == ["line one\nline two", "x"]


def test_a_100_mb_customer_id_is_refused_not_read_as_one_id(tmp_path: Path) -> None:
    # row 3 (line 3) holds a 100 MB "customer id": a record longer than any export row
    path = tmp_path / "orders.csv"
    with path.open("w") as file:
        file.write(HEADER + "\nA0,c0,2025-01-01,12.5\nA1,")
        file.write("x" * (100 * 1024**2))
        file.write(",2025-01-01,3\nA2,c2,2025-01-02,4\n")
    with raises_code("io.record_too_long", line=3, size_mb=100.0):
        load_orders(path)


def test_a_cell_just_above_the_limit_names_its_row_and_column() -> None:
    # 1,500,000 characters fit a parse block, so the cell check after parsing finds it: row 3
    note = "é" * 1_500_000
    data = f"{HEADER},note\nA0,c0,2025-01-01,1,x\nA1,c1,2025-01-01,2,{note}\n".encode()
    with raises_code("io.cell_too_long", row=3, column="note", chars=1_500_000, limit=MAX_CELL_CHARS):
        read_table(("orders.csv", data))


def test_a_long_note_below_the_limit_is_still_read() -> None:
    note = "y" * 200_000
    data = f"{HEADER},note\nA0,c0,2025-01-01,1,{note}\n".encode()
    assert len(read_table(("orders.csv", data)).frame["note"].iloc[0]) == 200_000


def test_scan_records_finds_the_longest_record_and_its_line() -> None:
    # lines 5-6: short; line 7 starts a record of 1 + 100 + 1 bytes; the quote on line 8 is balanced
    scan = scan_records([b"1,a\n2,b\n3,", b"y" * 100 + b'\n4,"q\nr"\n'], ",", first_line=5)
    assert (scan.longest_bytes, scan.longest_line, scan.unclosed_line) == (102, 7, None)


def _xlsx(path: Path, cells: dict[str, object]) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "订单"
    sheet.append(["order_id", "customer_id", "order_time", "amount"])
    sheet.append(["A1", "c1", "2025-01-01", 3])
    for ref, value in cells.items():
        sheet[ref] = value
    book.save(path)
    return path


def test_xlsx_sheet_wider_than_the_limit_is_refused_before_a_reader_opens_it(tmp_path: Path) -> None:
    # one stray cell in column XFD (16,384) made calamine build 16,384 columns for every row
    path = _xlsx(tmp_path / "wide.xlsx", {"XFD1": "stray"})
    with raises_code("io.sheet_too_wide", sheet="订单", columns=16_384, limit=MAX_COLUMNS):
        read_table(path)


def test_xlsx_sparse_rectangle_is_refused_before_calamine_allocates_it(tmp_path: Path) -> None:
    # A1 .. BXX1048576: 2,000 columns x 1,048,576 rows = 2.1 billion cells (calamine aborted the process)
    path = _xlsx(tmp_path / "sparse.xlsx", {"BXX1048576": "far"})
    with raises_code("io.sheet_too_large", rows=1_048_576, columns=2_000):
        read_table(path)


def test_xlsx_cells_are_capped_by_excel_and_the_check_counts_rows_across_chunks() -> None:
    # calamine reads at most Excel's 32,767 characters of a cell; the check every reader runs
    # (check_cells) numbers rows across chunks: chunk 1 holds rows 2-3, chunk 2 rows 4-5 -> row 5
    long = "w" * (MAX_CELL_CHARS + 1)
    column = pa.chunked_array([["a", "b"], ["c", long]])
    with raises_code("io.cell_too_long", row=5, column="note", chars=MAX_CELL_CHARS + 1):
        check_cells("book.xlsx", [column], ["note"], first_row=2)


def test_messages_count_in_both_languages() -> None:
    from analytics.messages import render

    with pytest.raises(FileFormatError) as info:
        read_table(("w.csv", (_wide_header(2_345) + "\n").encode()))
    assert "2,345" in str(info.value)
    assert "2,345" in render(info.value.code, info.value.params, lang="zh")


def test_an_id_longer_than_any_id_is_a_column_mapped_by_mistake() -> None:
    # row 3's "customer" is a 100,000-character text (under the cell limit, far over an id's):
    # refused as a mapping problem, so the dashboard opens the column choice
    text = "t" * 100_000
    data = f"{HEADER}\nA0,c0,2025-01-01,1\nA1,{text},2025-01-02,2\n".encode()
    with raises_code(
        "schema.id_too_long",
        error=MappingError,
        row=3,
        column="customer_id",
        chars=100_000,
        limit=MAX_ID_CHARS,
    ):
        load_orders(("orders.csv", data))


def test_ids_of_the_longest_allowed_length_are_read() -> None:
    customer = "c" * MAX_ID_CHARS
    data = f"{HEADER}\nA0,{customer},2025-01-01,1\n".encode()
    assert load_orders(("orders.csv", data)).orders["customer_id"].str.len().tolist() == [MAX_ID_CHARS]
