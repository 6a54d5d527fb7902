"""Tests for analytics.io.registry: the format comes from the content, one registered reader each."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
import xlwt
from io_helpers import TAOBAO_HEADER, TAOBAO_ROWS, as_lists, csv_text, raises_code, write_xlsx

from analytics.errors import InputError
from analytics.io import guards, read_table
from analytics.io.registry import READERS, reader_for


def sample_files(tmp_path: Path) -> dict[str, bytes]:
    """Return one small orders file per registered format: format -> bytes."""
    book = xlwt.Workbook()
    sheet = book.add_sheet("订单")
    for row, cells in enumerate([TAOBAO_HEADER, TAOBAO_ROWS[0]]):
        for col, value in enumerate(cells):
            sheet.write(row, col, value)
    book.save(str(tmp_path / "o.xls"))
    return {
        "csv": csv_text([TAOBAO_HEADER, TAOBAO_ROWS[0]]).encode("gbk"),
        "xlsx": write_xlsx(tmp_path / "o.xlsx", {"订单": [TAOBAO_HEADER, TAOBAO_ROWS[0]]}).read_bytes(),
        "xls": (tmp_path / "o.xls").read_bytes(),
    }


def test_each_registered_format_is_dispatched_to_its_reader(tmp_path: Path) -> None:
    files = sample_files(tmp_path)
    # Every registered format has a case here, so a new reader needs a new case.
    assert sorted(reader.format for reader in READERS) == sorted(files)
    for fmt, data in files.items():
        assert reader_for(data).format == fmt
        # The file name says nothing: "upload.bin" is read by what its bytes are.
        table = read_table(("upload.bin", data))
        assert table.format == fmt
        assert list(table.frame.columns) == TAOBAO_HEADER
        assert as_lists(table) == [TAOBAO_ROWS[0]]


def test_text_is_the_fallback_and_binary_formats_are_flagged() -> None:
    assert READERS[-1].format == "csv"
    assert reader_for(b"anything else").format == "csv"
    assert {reader.format for reader in READERS if reader.binary} == {"xlsx", "xls"}


def test_guards_apply_to_every_format(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    files = sample_files(tmp_path)
    # A gzip-compressed workbook is inflated before the dispatch like a gzip CSV.
    for fmt, data in files.items():
        table = read_table((f"orders.{fmt}.gz", gzip.compress(data)))
        assert (table.format, table.compression) == (fmt, "gzip")
    monkeypatch.setattr(guards, "MAX_FILE_BYTES", 100)
    for fmt, data in files.items():
        with raises_code("io.too_large", file=f"orders.{fmt}", limit_gb=0):
            read_table((f"orders.{fmt}", data))


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


def test_errors_are_input_errors_for_the_cli() -> None:
    with pytest.raises(InputError):
        read_table(("empty.csv", b""))
