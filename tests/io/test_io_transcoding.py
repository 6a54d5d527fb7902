"""GB18030 text is transcoded to UTF-8 in pieces for Arrow, as a whole transcoding gives it."""

from __future__ import annotations

import io

import pyarrow as pa
import pyarrow.csv as pacsv
import pytest

from analytics.io.text import _TranscodingReader, _ViewReader


def test_pieces_split_inside_a_character_join_to_the_whole_text():
    data = "订单,金额\nA1,12.50\n".encode("gb18030") * 3
    for source in (_ViewReader(memoryview(data)), io.BufferedReader(io.BytesIO(data))):
        reader = _TranscodingReader(source, "gb18030")
        pieces = []
        # 3-byte reads cut the two-byte characters (订 is B6 A9) in the middle.
        while piece := reader.read(3):
            assert len(piece) <= 3
            pieces.append(piece)
        assert b"".join(pieces) == data.decode("gb18030").encode("utf-8")
        assert reader.tell() == len(data.decode("gb18030").encode("utf-8"))


def test_arrow_parses_what_it_reads():
    data = "订单,金额\nA1,12.50\nA2,3\n".encode("gb18030")
    stream = pa.PythonFile(_TranscodingReader(_ViewReader(memoryview(data)), "gb18030"), mode="r")
    table = pacsv.read_csv(stream, read_options=pacsv.ReadOptions(block_size=16))
    assert table.column("订单").to_pylist() == ["A1", "A2"]


def test_undecodable_bytes_raise_the_decoders_error():
    # 0x81 0x20 is no GB18030 character: the decoder's own error reaches the caller.
    data = "订单\n".encode("gb18030") + b"\x81\x20\n"
    stream = pa.PythonFile(_TranscodingReader(_ViewReader(memoryview(data)), "gb18030"), mode="r")
    with pytest.raises(UnicodeDecodeError):
        pacsv.read_csv(stream)
