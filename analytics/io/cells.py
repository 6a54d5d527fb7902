"""Cell cleaning shared by every reader, and the string frame a reader returns.

Every cell comes out as a string (pandas ``str`` dtype) or NA, whitespace trimmed and Taobao's
``="..."`` wrapper (written so Excel keeps a long order number's digits) removed, so the schema
layer parses dates and money once, with its own rules and messages.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

# Re-exported: a header or preview cell is cleaned as its column is.
from analytics.io.delimited import clean_cell as clean_cell

_STR_DTYPE = pd.StringDtype("pyarrow", na_value=np.nan)


def clean_strings(array: pa.Array | pa.ChunkedArray) -> pa.Array | pa.ChunkedArray:
    """Trim whitespace, unwrap Taobao ``="..."`` cells and turn empty cells into nulls.

    Each step runs only on the chunks that need it: whether any cell starts or ends with
    whitespace, or starts with ``=``, is read from the first and last bytes of the cells
    (:func:`trim_candidates`), far cheaper than trimming a column of cells that are already clean.
    """
    if isinstance(array, pa.ChunkedArray):
        return pa.chunked_array([_clean_chunk(chunk) for chunk in array.chunks], pa.large_string())
    return _clean_chunk(array)


def _clean_chunk(array: pa.Array) -> pa.Array:
    # pandas' "str" dtype holds large_string: casting here spares a copy in to_pandas.
    array = array.cast(pa.large_string())
    edges = cell_edges(array)
    if edges.may_trim().any():
        array = pc.utf8_trim_whitespace(array)
        edges = cell_edges(array)
    if bool((edges.first == ord("=")).any()) and pc.any(pc.starts_with(array, '="')).as_py():
        wrapped = pc.and_(pc.starts_with(array, '="'), pc.ends_with(array, '"'))
        array = pc.if_else(wrapped, pc.utf8_trim_whitespace(pc.utf8_slice_codeunits(array, 2, -1)), array)
        edges = cell_edges(array)
    # Empty cells have equal offsets: only then is every length compared with 0.
    if bool(edges.empty().any()):
        empty = pc.equal(pc.binary_length(array), 0)
        if pc.any(empty).as_py():
            array = pc.if_else(empty, pa.scalar(None, pa.large_string()), array)
    return array


# The multi-byte characters utf8_trim_whitespace trims: U+0085, U+00A0 (two UTF-8 bytes: C2 85,
# C2 A0), U+1680, U+2000-U+200A, U+2028, U+2029, U+202F, U+205F, U+3000 (three bytes: E1 9A 80,
# E2 80 80-8A, E2 80 A8/A9/AF, E2 81 9F, E3 80 80). A cell whose first and last bytes are none
# of their lead and last bytes starts and ends with no such space; one that has them is then
# told by its first and last two or three bytes (a CJK character may end with 9F or 80 too).
_SPACE_LEAD = np.zeros(256, dtype=bool)
_SPACE_LEAD[[0xC2, 0xE1, 0xE2, 0xE3]] = True
_SPACE_END = np.zeros(256, dtype=bool)
_SPACE_END[[*range(0x80, 0x8B), 0x85, 0x9F, 0xA0, 0xA8, 0xA9, 0xAF]] = True
_WIDE_SPACES = (
    "\u0085\u00a0\u1680" + "".join(map(chr, range(0x2000, 0x200B))) + "\u2028\u2029\u202f\u205f\u3000"
)
# Each space's bytes as one number, by length: {2: [0xC285, ...], 3: [0xE19A80, ...]}.
_SPACE_CODES = {
    size: np.array(
        sorted(
            int.from_bytes(c.encode("utf-8"), "big") for c in _WIDE_SPACES if len(c.encode("utf-8")) == size
        ),
        dtype=np.int64,
    )
    for size in (2, 3)
}


def _starts_or_ends_with_space(
    data: np.ndarray, starts: np.ndarray, ends: np.ndarray, lead: np.ndarray, end: np.ndarray
) -> np.ndarray:
    """Tell which cells start (``lead``) or end (``end``) with a multi-byte space, from their bytes."""
    found = np.zeros(len(starts), dtype=bool)
    lengths = ends - starts
    for size, codes in _SPACE_CODES.items():
        for edge, first_byte in ((lead, starts), (end, ends - size)):
            at = np.flatnonzero(edge & (lengths >= size))
            if not len(at):
                continue
            value = np.zeros(len(at), dtype=np.int64)
            for k in range(size):
                value = (value << 8) | data.take(first_byte[at] + k, mode="clip").astype(np.int64)
            found[at[np.isin(value, codes)]] = True
    return found


@dataclass(frozen=True)
class CellEdges:
    """Each cell's start and end offset into a string array's data bytes, and its first and last byte.

    Read straight from the offsets and data buffers (views, no string kernel), so tests such as
    "may a trim change this cell?" cost a fraction of the string pass they spare. An empty
    cell's first and last bytes are a neighbour's (or 0): tests must treat empty cells apart.
    Missing cells are usually empty slots.
    """

    starts: np.ndarray
    ends: np.ndarray
    data: np.ndarray
    first: np.ndarray
    last: np.ndarray

    def empty(self) -> np.ndarray:
        """Mark the empty cells (and missing ones that are empty slots)."""
        return self.ends == self.starts

    def may_trim(self) -> np.ndarray:
        """Mark the cells a whitespace trim may change, and the empty ones (more, never fewer).

        Whitespace is an ASCII byte up to 32 or one of a few multi-byte characters (U+00A0,
        U+3000 ...), told by their bytes, so a cell starting and ending with other characters is
        left as it is by ``utf8_trim_whitespace`` (a CJK text cell such as 交易成功, for one).
        """
        first, last = self.first, self.last
        marked = (first <= 32) | (last <= 32) | self.empty()
        # Multi-byte characters: only those whose lead byte or last byte a Unicode space has,
        # then only those whose first or last bytes are such a space's.
        wide = np.flatnonzero(((first >= 128) | (last >= 128)) & ~marked)
        if len(wide):
            lead, end = _SPACE_LEAD[first[wide]], _SPACE_END[last[wide]]
            maybe = lead | end
            if maybe.any():
                wide, lead, end = wide[maybe], lead[maybe], end[maybe]
                starts, ends = self.starts[wide], self.ends[wide]
                marked[wide] = _starts_or_ends_with_space(self.data, starts, ends, lead, end)
        return marked

    def holds(self, char: str) -> bool:
        """Tell whether the cells' bytes hold ``char`` anywhere (one scan of their text)."""
        if len(self.starts) == 0:
            return False
        return bool((self.data[int(self.starts[0]) : int(self.ends[-1])] == ord(char)).any())


def cell_edges(array: pa.Array) -> CellEdges:
    """Return the :class:`CellEdges` of a string array (not chunked)."""
    if array.type not in (pa.large_string(), pa.string(), pa.large_binary(), pa.binary()):
        raise TypeError(f"not a string array: {array.type}")
    _, offsets_buffer, data_buffer = array.buffers()
    data = np.frombuffer(data_buffer, np.uint8) if data_buffer is not None else np.empty(0, np.uint8)
    if len(array) == 0:
        none = np.empty(0, np.int64)
        return CellEdges(none, none, data, none.astype(np.uint8), none.astype(np.uint8))
    wide = array.type in (pa.large_string(), pa.large_binary())
    offsets = np.frombuffer(offsets_buffer, np.int64 if wide else np.int32)
    offsets = offsets[array.offset : array.offset + len(array) + 1]
    starts, ends = offsets[:-1], offsets[1:]
    if len(data) == 0:
        zeros = np.zeros(len(array), dtype=np.uint8)
        return CellEdges(starts, ends, data, zeros, zeros)
    # Clipped reads: an empty cell at the very end has no byte of its own.
    return CellEdges(starts, ends, data, data.take(starts, mode="clip"), data.take(ends - 1, mode="clip"))


def trim_candidates(cells: pa.Array) -> np.ndarray:
    """Mark the cells a whitespace trim may change, and the empty ones (see :meth:`CellEdges.may_trim`)."""
    return cell_edges(cells).may_trim()


def to_frame(columns: Sequence[pa.Array | pa.ChunkedArray], names: Sequence[str], rows: int) -> pd.DataFrame:
    """Build the frame of ``str`` columns named ``names`` (``rows`` rows even without columns)."""
    if not columns:
        return pd.DataFrame(index=pd.RangeIndex(rows))
    table = pa.table(list(columns), names=[f"c{i}" for i in range(len(columns))])
    frame = table.to_pandas(types_mapper={pa.large_string(): _STR_DTYPE, pa.string(): _STR_DTYPE}.get)
    frame.columns = list(names)
    return frame


def take_rows(frame: pd.DataFrame, positions: np.ndarray) -> pd.DataFrame:
    """Return the rows of a frame of ``str`` columns at increasing ``positions``, with a fresh index.

    Arrow columns are taken chunk by chunk: Arrow's take on a chunked column joins its chunks
    into one array first, a transient copy of the whole column to pick a few rows.
    """
    positions = np.asarray(positions, dtype=np.int64)
    arrays = [_arrow_chunks(frame.iloc[:, i]) for i in range(frame.shape[1])]
    if any(array is None for array in arrays) or bool((np.diff(positions) < 0).any()):
        return frame.iloc[positions].reset_index(drop=True)
    taken = [_take_chunks(array, positions) for array in arrays]
    rows = to_frame(taken, list(frame.columns), len(positions))
    return rows


def _arrow_chunks(column: pd.Series) -> pa.ChunkedArray | None:
    array = getattr(column.array, "_pa_array", None)
    return array if isinstance(array, pa.ChunkedArray) and column.dtype == _STR_DTYPE else None


def _take_chunks(array: pa.ChunkedArray, positions: np.ndarray) -> pa.ChunkedArray:
    starts = np.cumsum([0, *(len(chunk) for chunk in array.chunks)])
    chunk_of = np.searchsorted(starts, positions, side="right") - 1
    bounds = np.searchsorted(chunk_of, np.arange(array.num_chunks + 1))
    pieces = [
        array.chunk(at).take(pa.array(positions[bounds[at] : bounds[at + 1]] - starts[at]))
        for at in range(array.num_chunks)
        if bounds[at + 1] > bounds[at]
    ]
    return pa.chunked_array(pieces, array.type)


def cast_to_numpy(
    array: pa.ChunkedArray, to: pa.DataType, dtype: str, *, finite: bool = False
) -> np.ndarray | None:
    """Cast Arrow cells chunk by chunk into one NumPy array (nulls become NaN/NaT), as ``pc.cast`` casts.

    The whole column is never cast at once: that copy and NumPy's of it would be alive together.
    Raises what ``pc.cast`` raises; with ``finite``, returns None when a present value is not finite.
    """
    out = np.empty(len(array), dtype=dtype)
    at = 0
    for chunk in array.chunks:
        cast = pc.cast(chunk, to)
        if finite and pc.any(pc.invert(pc.is_finite(cast))).as_py():
            return None
        out[at : at + len(cast)] = cast.to_numpy(zero_copy_only=False)
        at += len(cast)
    return out
