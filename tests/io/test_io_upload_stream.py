"""A long GB18030 upload is transcoded by Arrow as it is parsed and reads as its whole transcoding does.

The upload's bytes are in memory already; a UTF-8 copy of all of them (as large again) is no
longer made first. The reference is the table the whole transcoding gives (the way shorter
uploads are still read), compared cell by cell with the streamed one.
"""

from __future__ import annotations

import pandas as pd
import pytest
from io_helpers import TAOBAO_HEADER, TAOBAO_ROWS, csv_text, raises_code

import analytics.io.text as text_module
from analytics.io import read_table
from analytics.io.text import FILE_HEAD_BYTES
from analytics.loading.orders import needed_columns

TAOBAO = csv_text([TAOBAO_HEADER, *TAOBAO_ROWS])
LONG_TAOBAO = csv_text([TAOBAO_HEADER, *(TAOBAO_ROWS * (2 * FILE_HEAD_BYTES // len(TAOBAO) + 1))])


@pytest.fixture
def routes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record, per upload read, whether Arrow transcoded it as it parsed ("stream") or not ("whole")."""
    taken: list[str] = []
    original = text_module._read_transcoded_bytes

    def recording(*args, **kwargs):
        table = original(*args, **kwargs)
        taken.append("stream" if table is not None else "whole")
        return table

    monkeypatch.setattr(text_module, "_read_transcoded_bytes", recording)
    return taken


def _whole(monkeypatch: pytest.MonkeyPatch, name: str, content: bytes, **kwargs):
    with monkeypatch.context() as patch:
        patch.setattr(text_module, "_read_transcoded_bytes", lambda *_args, **_kwargs: None)
        return read_table((name, content), **kwargs)


@pytest.mark.parametrize(
    "content",
    [
        LONG_TAOBAO.encode("gb18030"),
        ("\ufeff\ufeff店铺订单导出\n" + LONG_TAOBAO).encode("gb18030"),  # two BOMs, a title line
        ('"订单编号",备注\n1,"两行\n备注"\n' + "2,x\n" * 300_000).encode("gb18030"),
    ],
)
def test_a_long_gb18030_upload_streamed_is_the_table_its_whole_transcoding_gives(
    monkeypatch: pytest.MonkeyPatch, routes: list[str], content: bytes
) -> None:
    assert len(content) > FILE_HEAD_BYTES
    for kwargs in ({}, {"columns": needed_columns("orders.csv", None)}):
        streamed = read_table(("orders.csv", content), **kwargs)
        whole = _whole(monkeypatch, "orders.csv", content, **kwargs)
        pd.testing.assert_frame_equal(streamed.frame, whole.frame)
        for attribute in ("name", "format", "encoding", "delimiter", "header_row", "headers"):
            assert getattr(streamed, attribute) == getattr(whole, attribute), attribute
    assert routes == ["stream", "stream"]


def test_a_short_gb18030_upload_is_transcoded_whole(routes: list[str]) -> None:
    table = read_table(("orders.csv", TAOBAO.encode("gbk")))
    assert table.encoding == "gb18030"
    assert routes == ["whole"]


def test_an_undecodable_byte_past_the_head_of_an_upload_is_named_as_before(
    monkeypatch: pytest.MonkeyPatch, routes: list[str]
) -> None:
    content = LONG_TAOBAO.encode("gb18030") + b"\x81\x20,1\n"
    with pytest.raises(Exception) as whole:
        _whole(monkeypatch, "orders.csv", content)
    with raises_code("io.unknown_encoding", position=whole.value.params["position"]):
        read_table(("orders.csv", content))
    # Arrow's transcoding stopped at the byte; the whole transcoding then named its position.
    assert routes == ["whole"]
