"""Tests for analytics.io.raw: a path and an upload are the same source; missing paths are named."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from io_helpers import TAOBAO_HEADER, TAOBAO_ROWS, csv_text, raises_code

from analytics.io import read_table, source_bytes, source_name


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
    assert source_name(path) == source_name(("orders.csv", data)) == "orders.csv"
    assert source_bytes(path) == source_bytes(("orders.csv", data)) == data


def test_missing_file_and_folder_are_input_errors(tmp_path: Path) -> None:
    with raises_code("io.file_not_found", file=str(tmp_path / "nope.csv")):
        read_table(tmp_path / "nope.csv")
    with raises_code("io.is_folder", file=str(tmp_path)):
        read_table(tmp_path)
