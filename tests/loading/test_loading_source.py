"""Reading a file for loading: a table with data rows (analytics.loading.source)."""

from __future__ import annotations

import pytest

from analytics.errors import FileFormatError
from analytics.loading import load_members, load_orders
from analytics.loading.source import read_rows


def test_a_header_row_without_data_rows_is_refused_with_the_file_name():
    with pytest.raises(FileFormatError) as info:
        read_rows(("表头.csv", "订单号,下单时间,实付金额\n".encode()))
    assert (info.value.code, dict(info.value.params)) == ("loading.no_data_rows", {"file": "表头.csv"})
    with pytest.raises(FileFormatError, match="no data rows"):
        load_members(("m.csv", b"customer id,tier\n"))


def test_rows_are_read_with_their_headers():
    raw = read_rows(("a.csv", b"a,b\n1,2\n"))
    assert list(raw.frame.columns) == ["a", "b"] and len(raw.frame) == 1


def test_no_order_file_at_all():
    with pytest.raises(FileFormatError) as info:
        load_orders([])
    assert info.value.code == "loading.no_order_files"
