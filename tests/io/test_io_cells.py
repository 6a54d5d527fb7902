"""Column cleaning (analytics.io.cells): cells trimmed, Taobao wrappers removed, empty cells missing.

``clean_strings`` runs each step only on the chunks that need it, judged from the cells' first and
last bytes (``CellEdges``); these tests hold it to the plain definition, a trim of every cell.
"""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc
from hypothesis import given, settings
from hypothesis import strategies as st

from analytics.io.cells import cell_edges, clean_cell, clean_strings, trim_candidates

# Characters that make cleaning interesting: ASCII and Unicode spaces, the Taobao wrapper's
# = and quote, digits, CJK (multi-byte) and a letter.
CELL = st.one_of(
    st.none(),
    st.text(alphabet=[" ", "\t", "\u3000", "\u00a0", "\x1c", "=", '"', "0", "1", ".", "店", "a"], max_size=6),
)


def defined_clean(array: pa.ChunkedArray) -> list[str | None]:
    """The cleaning by definition: every step on every cell of the column."""
    array = pc.utf8_trim_whitespace(array)
    wrapped = pc.and_(pc.starts_with(array, '="'), pc.ends_with(array, '"'))
    array = pc.if_else(wrapped, pc.utf8_trim_whitespace(pc.utf8_slice_codeunits(array, 2, -1)), array)
    return [None if cell == "" else cell for cell in array.to_pylist()]


@settings(max_examples=300)
@given(st.lists(st.lists(CELL, max_size=8), min_size=1, max_size=4))
def test_cleaning_chunk_by_chunk_is_cleaning_each_cell(chunks: list[list[str | None]]) -> None:
    array = pa.chunked_array([pa.array(chunk, pa.large_string()) for chunk in chunks], pa.large_string())
    cleaned = clean_strings(array)
    assert cleaned.type == pa.large_string()
    assert cleaned.to_pylist() == defined_clean(array)


@settings(max_examples=300)
@given(st.lists(CELL, max_size=12), st.integers(0, 3))
def test_every_cell_a_trim_changes_or_that_is_empty_is_a_candidate(cells: list[str | None], cut: int) -> None:
    # A slice has an offset into its buffers: the edges must honour it.
    array = pa.array(["x", *cells], pa.string())[min(cut, len(cells)) :]
    marked = trim_candidates(array)
    trimmed = pc.utf8_trim_whitespace(array).to_pylist()
    for original, after, mark in zip(array.to_pylist(), trimmed, marked, strict=True):
        if original is not None and (after != original or original == ""):
            assert mark


def test_cells_clean_as_header_cells_do():
    cells = [' ="1234567890123456789"\t', "\u3000店\u3000", "  ", None]
    assert clean_strings(pa.array(cells)).to_pylist() == [clean_cell(cell) for cell in cells]


def test_edges_are_read_from_the_buffers():
    # "ab" = 97 98, "" has no byte of its own, "店" is three bytes (first E5, last 97).
    edges = cell_edges(pa.array(["ab", "", "店"], pa.large_string()))
    assert edges.first.tolist()[::2] == [97, 0xE5]
    assert edges.last.tolist()[::2] == [98, 0x97]
    assert edges.empty().tolist() == [False, True, False]
    assert edges.holds("b") and not edges.holds("z")


def test_every_space_arrow_trims_is_told_by_its_bytes():
    # Every code point (surrogates aside) after and before a letter: the ones the trim removes
    # must all be marked by trim_candidates, which reads only first and last bytes.
    points = [chr(c) for c in range(1, 0x110000) if not 0xD800 <= c < 0xE000]
    for cells in (pa.array(["a" + p for p in points]), pa.array([p + "a" for p in points])):
        trimmed = pc.not_equal(pc.utf8_trim_whitespace(cells), cells).to_numpy(zero_copy_only=False)
        marked = trim_candidates(cells)
        assert trimmed.sum() >= 25  # ASCII spaces, U+0085, U+00A0, U+2000-U+200A, U+3000 ...
        assert not (trimmed & ~marked).any()
    # A CJK cell needs no trim, and is not marked for one.
    assert trim_candidates(pa.array(["店铺", "宝贝标题"])).tolist() == [False, False]


def test_cjk_cells_ending_like_a_space_are_not_marked():
    # 功 is E5 8A 9F and 退 E9 80 80: their last bytes are U+205F's (E2 81 9F) and U+3000's
    # (E3 80 80), their lead bytes no space's, so only a space's whole bytes mark a cell.
    cells = pa.array(["交易成功", "退", "退\u3000", "\u205f功", "功\u00a0", "ab"], pa.large_string())
    assert trim_candidates(cells).tolist() == [False, False, True, True, True, False]
    assert pc.utf8_trim_whitespace(cells).to_pylist() == ["交易成功", "退", "退", "功", "功", "ab"]
