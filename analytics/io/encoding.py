"""Text encodings of exports: detect UTF-8 (with or without BOM), UTF-16 and GB18030, transcode to UTF-8.

Chinese back offices export GBK/GB18030, Excel's "Unicode text" is UTF-16 and "CSV UTF-8" carries
a byte order mark; the text reader parses UTF-8 only, so every other encoding is transcoded once.
"""

from __future__ import annotations

import codecs
import io
import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from analytics.errors import FileFormatError

# The head of a file the sniffers read (encoding, binary content, delimiter, header row): enough
# lines to judge, while pyarrow validates the rest during parsing.
SNIFF_BYTES = 256 * 1024
_TRANSCODE_BLOCK = 1024 * 1024


def utf16_without_bom(data: bytes) -> str | None:
    """Return "utf-16-le"/"utf-16-be" when text is UTF-16 without a byte order mark.

    Examples
    --------
    >>> utf16_without_bom("order,amount\\n".encode("utf-16-le")), utf16_without_bom(b"order,amount\\n")
    ('utf-16-le', None)
    """
    head = data[:4096]
    if len(head) < 8:
        return None
    even_zeros, odd_zeros = head[0::2].count(0), head[1::2].count(0)
    half = len(head) // 2
    if odd_zeros > 0.3 * half and even_zeros < 0.05 * half:
        return "utf-16-le"
    if even_zeros > 0.3 * half and odd_zeros < 0.05 * half:
        return "utf-16-be"
    return None


def to_utf8(name: str, data: bytes) -> tuple[bytes, str]:
    """Return the content as UTF-8 bytes (BOM removed) and the encoding it was written in.

    UTF-8 is tried before GB18030 because GB18030 would decode UTF-8 bytes into garbage without
    an error. Only a sample is checked here; pyarrow validates the rest while parsing, and the
    caller falls back to GB18030 if a later line is not UTF-8.
    """
    encoding, codec, skip = detect_encoding(data)
    if codec is not None:
        return transcode(name, data, codec), encoding
    return (data[skip:] if skip else data), encoding


def detect_encoding(data: bytes) -> tuple[str, str | None, int]:
    """Return the encoding of text starting with ``data`` (the whole file or at least its first bytes).

    As ``(encoding, codec, skip)``: the encoding :func:`to_utf8` reports, the codec to transcode
    with (None for UTF-8, read as it is) and the bytes of byte order marks to skip. Decided from
    the first :data:`SNIFF_BYTES`, so a file's head gives the answer its whole content gives.
    """
    if data.startswith(codecs.BOM_UTF8):
        # Tools that add a BOM to a file that already has one leave two: strip them all, or the
        # first header keeps an invisible mark and goes unrecognised.
        bom = len(codecs.BOM_UTF8)
        start = bom
        while data.startswith(codecs.BOM_UTF8, start):
            start += bom
        return "utf-8-sig", None, start
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16", "utf-16", 0
    utf16 = utf16_without_bom(data)
    if utf16:
        return "utf-16", utf16, 0
    sample = data[:SNIFF_BYTES]
    whole = len(sample) == len(data)
    try:
        text = codecs.getincrementaldecoder("utf-8")().decode(sample, final=whole)
    except UnicodeDecodeError:
        return "gb18030", "gb18030", 0
    if not text.isascii() and _gbk_read_as_utf8(sample, text, whole=whole):
        return "gb18030", "gb18030", 0
    return "utf-8", None, 0


# A GBK character whose two bytes also form valid UTF-8 decodes to a letter of a script no shop
# export mixes with ASCII: "12.50元" (元 = D4 AA) reads as "12.50Ԫ" (Cyrillic Supplement). Real
# text in those scripts (Armenian, Syriac ...) has words of several letters; these stand alone.
_UNLIKELY_LETTER = re.compile("[\u0500-\u058f\u0700-\u07ff]")
_UNLIKELY_WORD = re.compile("[\u0500-\u058f\u0700-\u07ff]{2}")
_CJK = re.compile("[\u4e00-\u9fff]")


def _gbk_read_as_utf8(sample: bytes, text: str, *, whole: bool) -> bool:
    """Tell whether valid UTF-8 is really GBK: isolated unlikely letters that GB18030 reads as Chinese.

    Examples
    --------
    >>> data = "amount,12.50元".encode("gbk")  # valid UTF-8 too: 元 is D4 AA
    >>> _gbk_read_as_utf8(data, data.decode("utf-8"), whole=True)
    True
    """
    if not _UNLIKELY_LETTER.search(text) or _UNLIKELY_WORD.search(text):
        return False
    try:
        chinese = codecs.getincrementaldecoder("gb18030")().decode(sample, final=whole)
    except UnicodeDecodeError:
        return False
    return bool(_CJK.search(chinese))


def transcode(name: str, data: bytes, encoding: str) -> bytes:
    """Return ``data`` decoded from ``encoding`` as UTF-8 bytes, leading BOMs removed.

    Decoded a block at a time: the whole file as a Python string (two or four bytes a character)
    beside its UTF-8 copy would take several times the file's size at once.
    """
    blocks = (data[at : at + _TRANSCODE_BLOCK] for at in range(0, len(data) + 1, _TRANSCODE_BLOCK))
    return _transcode_blocks(name, blocks, encoding, lambda: data)


def transcode_file(name: str, path: Path, encoding: str) -> bytes:
    """Return the file at ``path`` decoded from ``encoding`` as UTF-8 bytes, as :func:`transcode` does.

    The file is read a block at a time, so its bytes in ``encoding`` are never held whole beside
    the UTF-8 copy.
    """

    def blocks() -> Iterator[bytes]:
        with path.open("rb") as file:
            while True:
                block = file.read(_TRANSCODE_BLOCK)
                yield block
                if len(block) < _TRANSCODE_BLOCK:
                    return

    return _transcode_blocks(name, blocks(), encoding, path.read_bytes)


def _transcode_blocks(name: str, blocks: Iterable[bytes], encoding: str, whole: Callable[[], bytes]) -> bytes:
    """Decode ``blocks`` (each of :data:`_TRANSCODE_BLOCK` bytes but the last, shorter one) to UTF-8."""
    decoder = codecs.getincrementaldecoder(encoding)()
    out = io.BytesIO()
    leading = True
    try:
        for block in blocks:
            text = decoder.decode(block, final=len(block) < _TRANSCODE_BLOCK)
            if leading:
                text = text.lstrip("\ufeff")
                leading = not text
            out.write(text.encode("utf-8"))
    except UnicodeDecodeError:
        # The block's error offset counts bytes the decoder held back: decoding the whole file
        # (only on this error path) gives the byte position in the file.
        try:
            whole().decode(encoding)
        except UnicodeDecodeError as exc:
            raise FileFormatError("io.unknown_encoding", file=name, position=exc.start) from exc
        raise
    return out.getvalue()
