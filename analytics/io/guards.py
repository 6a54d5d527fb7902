"""Guards applied to every upload before any reader parses it: size, gzip, zip bombs, binary content.

A file above :data:`MAX_FILE_BYTES`, a gzip stream that would inflate beyond it, and a zip
container (an ``.xlsx`` workbook, or any zip) whose members would inflate beyond
:data:`MAX_ZIP_INFLATED_BYTES` are refused before a parser touches them, whatever the format, so a
browser upload cannot exhaust memory before a message can be shown. Content that no reader
recognises and that is not text (an image, a PDF, random bytes) is refused with a message rather
than read as a garbled table.
"""

from __future__ import annotations

import codecs
import html
import io
import re
import struct
import zipfile
import zlib

from analytics.errors import FileFormatError, Term
from analytics.io.encoding import SNIFF_BYTES, utf16_without_bom
from analytics.io.shape import SheetExtent

GIB = 1024**3
MB = 1024**2
# Largest file (or inflated gzip stream) accepted: above it a browser upload and pandas would
# exhaust memory long before a message could be shown.
MAX_FILE_BYTES = 2 * GIB
# Largest total a zip container (an Excel workbook) may inflate to; a 1,000,000-row sheet is well
# below it.
MAX_ZIP_INFLATED_BYTES = 1 * GIB
# Real sheet XML compresses 5-30x; 200x on a large member only happens in crafted files.
MAX_ZIP_RATIO = 200
RATIO_CHECK_MIN_BYTES = 16 * MB

# The worksheets of an .xlsx workbook, whose cells' span is checked as they inflate.
_WORKSHEET = re.compile(r"xl/worksheets/[^/]+\.xml")
GZIP_MAGIC = b"\x1f\x8b"
ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06")
# What a file is when it starts with these bytes: named in the message refusing it.
BINARY_MAGICS = {
    b"%PDF": Term("io.kind.pdf"),
    b"\x89PNG": Term("io.kind.png"),
    b"\xff\xd8\xff": Term("io.kind.jpeg"),
    b"GIF8": Term("io.kind.gif"),
    b"Rar!": Term("io.kind.rar"),
    b"7z\xbc\xaf": Term("io.kind.7z"),
}


def _gib(size: float) -> float:
    """Return a byte count in GB rounded to one decimal, as the messages show it."""
    return round(size / GIB, 1)


def check_size(name: str, size: int) -> None:
    """Refuse a file larger than :data:`MAX_FILE_BYTES`, before it is read into memory."""
    if size > MAX_FILE_BYTES:
        raise FileFormatError(
            "io.too_large", file=name, size_gb=_gib(size), limit_gb=round(MAX_FILE_BYTES / GIB)
        )


def admit(name: str, data: bytes) -> tuple[bytes, str | None]:
    """Apply the guards every format shares and return the content to parse and its compression.

    A gzip upload is inflated (refused once it would exceed :data:`MAX_FILE_BYTES`); a zip
    container has its members' real inflated sizes checked (:func:`check_zip_bomb`).
    """
    compression = None
    if data.startswith(GZIP_MAGIC):
        data, compression = gunzip(name, data), "gzip"
    if data.startswith(ZIP_MAGICS):
        check_zip_bomb(name, data)
    return data, compression


def gunzip(name: str, data: bytes) -> bytes:
    """Inflate a gzip upload, refusing it as soon as it would exceed :data:`MAX_FILE_BYTES`."""
    chunks: list[bytes] = []
    total = 0
    rest = data
    try:
        while rest:
            inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
            pending = rest
            while pending and not inflater.eof:
                out = inflater.decompress(pending, 64 * MB)
                pending = inflater.unconsumed_tail
                total += len(out)
                if total > MAX_FILE_BYTES:
                    raise FileFormatError(
                        "io.gzip_too_large", file=name, limit_gb=round(MAX_FILE_BYTES / GIB)
                    )
                chunks.append(out)
            if not inflater.eof:
                raise FileFormatError("io.gzip_incomplete", file=name)
            # Concatenated gzip members are legal; trailing zero padding is not another member.
            rest = inflater.unused_data.lstrip(b"\0")
    except zlib.error as exc:
        raise FileFormatError("io.gzip_damaged", file=name, detail=str(exc)) from exc
    return b"".join(chunks)


def check_zip_bomb(name: str, data: bytes) -> None:
    """Refuse a zip container that would inflate beyond the limit, before any parser touches it.

    The declared sizes in the zip directory are checked first (cheap); then each deflated member
    is inflated in chunks, discarding the output, to verify that its real size matches the
    declared one, because a crafted directory can declare a small size for a huge stream. A zip
    that cannot even be opened is left to the reader, which says it is damaged.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError):
        return
    infos = archive.infolist()
    declared = sum(info.file_size for info in infos)
    too_large = declared > MAX_ZIP_INFLATED_BYTES or any(
        info.file_size > RATIO_CHECK_MIN_BYTES and info.file_size > MAX_ZIP_RATIO * max(info.compress_size, 1)
        for info in infos
    )
    if too_large:
        raise FileFormatError("io.zip_too_large", file=name, size_gb=_gib(declared))
    budget = MAX_ZIP_INFLATED_BYTES
    for info in infos:
        extent = SheetExtent() if _WORKSHEET.fullmatch(info.filename) else None
        real = _inflated_size(name, data, info, budget, extent)
        if extent is not None:
            extent.refuse_if_too_large(name, _sheet_name(archive, info.filename))
        if real > budget:
            size = MAX_ZIP_INFLATED_BYTES - budget + real
            raise FileFormatError("io.zip_inflates_beyond", file=name, size_gb=_gib(size))
        if real != info.file_size:
            raise FileFormatError("io.zip_member_size_mismatch", file=name, member=info.filename)
        budget -= real


def _inflated_size(
    name: str, data: bytes, info: zipfile.ZipInfo, limit: int, extent: SheetExtent | None = None
) -> int:
    """Return the real inflated size of a zip member, stopping once it exceeds ``limit``.

    A worksheet's XML is shown to ``extent`` as it inflates (its cells' span, see
    :class:`~analytics.io.shape.SheetExtent`).
    """
    if info.compress_type == zipfile.ZIP_STORED:
        if extent is not None:
            with zipfile.ZipFile(io.BytesIO(data)).open(info) as member:
                while piece := member.read(16 * MB):
                    extent.feed(piece)
        return info.compress_size
    if info.compress_type != zipfile.ZIP_DEFLATED:
        raise FileFormatError("io.zip_member_compression", file=name, member=info.filename)
    header = data[info.header_offset : info.header_offset + 30]
    if len(header) < 30 or header[:4] != b"PK\x03\x04":
        raise FileFormatError("io.zip_member_missing", file=name, member=info.filename)
    name_len, extra_len = struct.unpack("<HH", header[26:30])
    start = info.header_offset + 30 + name_len + extra_len
    stream = memoryview(data)[start : start + info.compress_size]
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    total = 0
    try:
        # Bounded output per call keeps memory flat however far the stream inflates.
        for offset in range(0, len(stream), MB):
            pending: bytes | memoryview = stream[offset : offset + MB]
            while pending:
                piece = inflater.decompress(pending, 16 * MB)
                total += len(piece)
                if extent is not None:
                    extent.feed(piece)
                pending = inflater.unconsumed_tail
                if total > limit:
                    return total
        total += len(inflater.flush())
    except zlib.error as exc:
        raise FileFormatError(
            "io.zip_member_corrupt", file=name, member=info.filename, detail=str(exc)
        ) from exc
    return total


def _sheet_name(archive: zipfile.ZipFile, member: str) -> str:
    """Return the name a workbook shows for its worksheet XML ``member`` (the member's path if not found)."""
    try:
        book = archive.read("xl/workbook.xml")
        rels = archive.read("xl/_rels/workbook.xml.rels")
    except (KeyError, OSError, zipfile.BadZipFile):
        return member
    target = member.removeprefix("xl/")
    for relation in re.finditer(rb"<Relationship\b[^>]*>", rels):
        found_id = re.search(rb'Id="([^"]+)"', relation.group(0))
        found_target = re.search(rb'Target="/?(?:xl/)?([^"]+)"', relation.group(0))
        if found_id and found_target and found_target.group(1).decode() == target:
            for sheet in re.finditer(rb"<sheet\b[^>]*>", book):
                if re.search(rb'r:id="' + re.escape(found_id.group(1)) + rb'"', sheet.group(0)):
                    named = re.search(rb'name="([^"]*)"', sheet.group(0))
                    return html.unescape(named.group(1).decode("utf-8", "replace")) if named else member
    return member


def refuse_binary(name: str, data: bytes) -> None:
    """Refuse images, PDFs, archives and random bytes with a message, not a garbled table.

    Applied to every file that no binary format's reader claimed (see
    :mod:`analytics.io.registry`): what is left must be text.
    """
    for magic, what in BINARY_MAGICS.items():
        if data.startswith(magic):
            raise FileFormatError("io.known_binary", file=name, what=what)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or utf16_without_bom(data):
        return
    head = data[:SNIFF_BYTES]
    # Tab, newline, carriage return and form feed are text; other control bytes are not.
    controls = sum(head.count(bytes([b])) for b in (*range(0, 9), 11, *range(14, 27), *range(28, 32)))
    if head and (b"\0" in head or controls > 0.01 * len(head)):
        raise FileFormatError("io.binary_content", file=name)
