"""A large text file read from its path (parsed from disk, never held whole) reads as its bytes do.

``analytics.io.read`` parses text files of at least ``STREAM_MIN_BYTES`` straight from disk
(UTF-8) or transcodes them a block at a time as they are read (GB18030); the tests lower the
threshold to 0 so small files take that way, and compare every table with the one read from the
same bytes as an upload.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from io_helpers import TAOBAO_HEADER, TAOBAO_ROWS, csv_text, raises_code

import analytics.io.read as read_module
import analytics.io.text as text_module
from analytics.io import read_table
from analytics.io.encoding import SNIFF_BYTES
from analytics.io.text import FILE_HEAD_BYTES
from analytics.loading.orders import needed_columns


@pytest.fixture
def from_disk(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Read every file given by path from disk; record which reader took each one."""
    taken: list[str] = []
    original = text_module.read_text_file

    def recording(*args, **kwargs):
        table = original(*args, **kwargs)
        taken.append("disk" if table is not None else "whole")
        return table

    monkeypatch.setattr(read_module, "STREAM_MIN_BYTES", 0)
    monkeypatch.setattr(read_module, "read_text_file", recording)
    return taken


def assert_same_table(path: Path, **kwargs) -> None:
    from_bytes = read_table((path.name, path.read_bytes()), **kwargs)
    from_path = read_table(path, **kwargs)
    pd.testing.assert_frame_equal(from_path.frame, from_bytes.frame)
    for attribute in ("name", "format", "encoding", "delimiter", "header_row", "headers", "compression"):
        assert getattr(from_path, attribute) == getattr(from_bytes, attribute), attribute


TAOBAO = csv_text([TAOBAO_HEADER, *TAOBAO_ROWS])


@pytest.mark.parametrize(
    ("content", "expected_encoding"),
    [
        (TAOBAO.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf\xef\xbb\xbf" + TAOBAO.encode("utf-8"), "utf-8-sig"),  # two BOMs
        (TAOBAO.encode("gbk"), "gb18030"),
        (("店铺订单导出\n" + TAOBAO).encode("gb18030"), "gb18030"),  # a title line above the header
        # A quoted value spanning lines, blank lines in the middle and at the end.
        (b'order,amount,note\n1,"1,234.50","two\nlines"\n\n2,3.00,x\n\n\n', "utf-8"),
        # Ragged records: the csv module pads them (the Arrow parse refuses them).
        (b"order,amount,note\n1,2.00\n2,3.00,x\n", "utf-8"),
        # An ASCII head and a later line that is not UTF-8: read again as GB18030.
        (b"order,amount\n" + b"1,2.00\n" * 50_000 + "3,店铺\n".encode("gbk"), "gb18030"),
        (b"order;amount\r\nA1;12,50\r\n", "utf-8"),
    ],
)
def test_a_file_read_from_disk_is_the_table_its_bytes_give(
    tmp_path: Path, from_disk: list[str], content: bytes, expected_encoding: str
) -> None:
    path = tmp_path / "orders.csv"
    path.write_bytes(content)
    assert_same_table(path)
    assert_same_table(path, columns=needed_columns(path.name, None))
    assert read_table(path).encoding == expected_encoding
    assert "disk" in from_disk


def test_utf16_and_gzip_are_read_whole(tmp_path: Path, from_disk: list[str]) -> None:
    import gzip

    cases = {
        "unicode.txt": TAOBAO.replace(",", "\t").encode("utf-16"),
        "orders.csv.gz": gzip.compress(TAOBAO.encode()),
    }
    for name, content in cases.items():
        path = tmp_path / name
        path.write_bytes(content)
        assert_same_table(path)
    # gzip never reaches the text reader from disk; UTF-16 is handed back.
    assert from_disk == ["whole"]


def test_errors_from_disk_are_the_errors_of_the_bytes(tmp_path: Path, from_disk: list[str]) -> None:
    cases = {
        "empty.csv": b"   \n\n",
        "image.csv": b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 10,
        "bad_gbk.csv": TAOBAO.encode("gbk") + b"\x81\x20\n",
        # Blank lines beyond the sniffed head (handed back, read whole): no header in the sample.
        "blank_head.csv": b"\n" * (SNIFF_BYTES + 10) + TAOBAO.encode(),
    }
    for name, content in cases.items():
        path = tmp_path / name
        path.write_bytes(content)
        with pytest.raises(Exception) as from_bytes:
            read_table((name, content))
        with raises_code(from_bytes.value.code):
            read_table(path)


# More than the head read to sniff a file: a GB18030 file this long is transcoded by Arrow as
# it is parsed (analytics.io.text._Transcoded), a shorter one a block at a time beforehand.
LONG_TAOBAO = csv_text([TAOBAO_HEADER, *(TAOBAO_ROWS * (2 * FILE_HEAD_BYTES // len(TAOBAO) + 1))])


@pytest.mark.parametrize(
    "content",
    [
        LONG_TAOBAO.encode("gb18030"),
        ("\ufeff\ufeff店铺订单导出\n" + LONG_TAOBAO).encode("gb18030"),  # two BOMs, a title line
        ('"订单编号",备注\n1,"两行\n备注"\n' + "2,x\n" * 300_000).encode("gb18030"),
    ],
)
def test_a_long_gb18030_file_read_from_disk_is_the_table_its_bytes_give(
    tmp_path: Path, from_disk: list[str], content: bytes
) -> None:
    path = tmp_path / "orders.csv"
    path.write_bytes(content)
    assert len(content) > FILE_HEAD_BYTES
    assert_same_table(path)
    assert_same_table(path, columns=needed_columns(path.name, None))
    assert read_table(path).encoding == "gb18030"
    assert set(from_disk) == {"disk"}


def test_an_undecodable_byte_past_the_head_is_named_as_from_the_bytes(
    tmp_path: Path, from_disk: list[str]
) -> None:
    content = LONG_TAOBAO.encode("gb18030") + b"\x81\x20,1\n"
    path = tmp_path / "orders.csv"
    path.write_bytes(content)
    with pytest.raises(Exception) as from_bytes:
        read_table((path.name, content))
    with raises_code("io.unknown_encoding", position=from_bytes.value.params["position"]):
        read_table(path)
