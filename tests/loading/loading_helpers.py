"""Helpers the loading tests share: CSV bytes, the row-accounting and canonical-frame checks."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd

from analytics.frames import OPTIONAL_ORDER_COLUMNS, ORDER_COLUMNS

CANONICAL = set(ORDER_COLUMNS) | set(OPTIONAL_ORDER_COLUMNS)


def csv_bytes(header: list[str], rows: list[list[str]], encoding: str = "utf-8") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def write_csv(path: Path, header: list[str], rows: list[list[str]], encoding: str = "utf-8") -> Path:
    path.write_bytes(csv_bytes(header, rows, encoding))
    return path


def assert_accounted(load) -> None:
    # the contract: every row used or dropped with a reason, per file and in total
    for report in load.files:
        assert report.rows_read == report.rows_used + sum(report.dropped.values())
    assert load.rows_read == load.rows_used + sum(load.dropped.values())
    assert len(load.dropped_rows) == sum(load.dropped.values())


def assert_canonical(orders: pd.DataFrame) -> None:
    assert list(orders.columns[:5]) == list(ORDER_COLUMNS)
    assert set(orders.columns) <= CANONICAL
    assert str(orders["order_id"].dtype) == "str" and str(orders["customer_id"].dtype) == "str"
    assert orders["order_time"].dtype == "datetime64[ns]" and orders["order_day"].dtype == "datetime64[ns]"
    assert orders["amount"].dtype == "float64"
    assert (orders["order_day"] == orders["order_time"].dt.normalize()).all()
