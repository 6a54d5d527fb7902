"""Tests for analytics.io.guards: size, gzip, zip-bomb and binary-content guards, before any reader."""

from __future__ import annotations

import gzip
import io
import resource
import struct
import time
import zipfile
import zlib
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from io_helpers import TAOBAO_HEADER, TAOBAO_ROWS, as_lists, csv_text, raises_code, write_xlsx

from analytics.errors import FileFormatError, Term
from analytics.io import guards, read_table


def test_random_bytes_are_not_a_table() -> None:
    junk = np.random.default_rng(0).bytes(5000)
    with raises_code("io.binary_content", file="junk.csv"):
        read_table(("junk.csv", junk))


def test_pdf_is_not_a_table() -> None:
    with raises_code("io.known_binary", file="report.csv", what=Term("io.kind.pdf")):
        read_table(("report.csv", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n"))


def test_text_file_above_the_size_limit_is_refused(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(guards, "MAX_FILE_BYTES", 1000)
    path = tmp_path / "big.csv"
    path.write_bytes(b"a,b\n" + b"1,2\n" * 500)  # 2,004 bytes
    with raises_code("io.too_large", file="big.csv", size_gb=0.0, limit_gb=0):
        read_table(path)


def test_gzip_upload_is_inflated_transparently() -> None:
    text = csv_text([TAOBAO_HEADER, *TAOBAO_ROWS]).encode("gbk")
    table = read_table(("orders.csv.gz", gzip.compress(text)))
    assert (table.compression, table.encoding, table.format) == ("gzip", "gb18030", "csv")
    assert as_lists(table) == TAOBAO_ROWS


def test_gzip_bomb_is_refused_before_inflating_it_all(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(guards, "MAX_FILE_BYTES", 10 * 1024**2)
    bomb = gzip.compress(b"a,b\n" + b"1,2\n" * (5 * 1024**2))  # 20 MiB inflated, 10 MiB allowed
    with raises_code("io.gzip_too_large", file="bomb.csv.gz", limit_gb=0):
        read_table(("bomb.csv.gz", bomb))


def test_truncated_gzip_is_refused() -> None:
    data = gzip.compress(b"a,b\n" + b"1,2\n" * 10_000)
    with pytest.raises(FileFormatError) as info:
        read_table(("cut.csv.gz", data[: len(data) // 2]))
    assert info.value.code in ("io.gzip_incomplete", "io.gzip_damaged")
    assert info.value.params["file"] == "cut.csv.gz"
    assert "cut.csv.gz" in str(info.value)


def test_xlsx_with_corrupted_sheet_data_is_damaged(tmp_path: Path) -> None:
    data = bytearray(
        write_xlsx(tmp_path / "o.xlsx", {"订单": [TAOBAO_HEADER, *TAOBAO_ROWS] * 50}).read_bytes()
    )
    info = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo("xl/worksheets/sheet1.xml")
    start = info.header_offset + 30 + len(info.filename)
    data[start + 10 : start + 60] = b"\xff" * 50  # zero the middle of the deflate stream
    with raises_code("io.zip_member_corrupt", file="bad.xlsx", member="xl/worksheets/sheet1.xml") as error:
        read_table(("bad.xlsx", bytes(data)))
    assert str(error.value).startswith("bad.xlsx: ")


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


def assert_refused_quickly(path: Path, code: str, **params: Any) -> None:
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    with raises_code(code, file=path.name, **params) as info:
        read_table(path)
    assert str(info.value).startswith(f"{path.name}: ")
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
    assert_refused_quickly(path, "io.zip_too_large", size_gb=2.1)


def test_zip_bomb_that_lies_about_its_size_is_refused_while_inflating(
    tmp_path: Path, bomb_sheet: tuple[bytes, int, int]
) -> None:
    stream, crc, _ = bomb_sheet
    lying = write_zip(
        tmp_path / "liar.xlsx", [*small_members(), ("xl/worksheets/sheet1.xml", stream, crc, 5000)]
    )
    assert zipfile.ZipFile(lying).getinfo("xl/worksheets/sheet1.xml").file_size == 5000
    assert_refused_quickly(lying, "io.zip_inflates_beyond", size_gb=1.0)


def test_member_with_an_implausible_compression_ratio_is_refused(tmp_path: Path) -> None:
    stream, crc, size = repeated_sheet(100)  # 100 MiB in about 300 KiB: a ratio above 300
    path = write_zip(
        tmp_path / "dense.xlsx", [*small_members(), ("xl/worksheets/sheet1.xml", stream, crc, size)]
    )
    assert_refused_quickly(path, "io.zip_too_large", size_gb=0.1)


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
