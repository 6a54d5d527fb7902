"""Shared cases and helpers of the analytics.io tests: Taobao rows, CSV text, workbooks, error codes."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
import pytest

from analytics.errors import FileFormatError, InputError
from analytics.io import RawTable

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


@contextmanager
def raises_code(
    code: str, *, error: type[InputError] = FileFormatError, **params: Any
) -> Iterator[pytest.ExceptionInfo[InputError]]:
    """Expect ``error`` with message ``code`` and these parameters; its text must name the file."""
    with pytest.raises(error) as info:
        yield info
    assert info.value.code == code
    assert {key: info.value.params.get(key) for key in params} == params
    if "file" in info.value.params:
        assert str(info.value.params["file"]) in str(info.value)
