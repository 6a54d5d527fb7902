"""Cell cleaning shared by every reader, and the string frame a reader returns.

Every cell comes out as a string (pandas ``str`` dtype) or NA, whitespace trimmed and Taobao's
``="..."`` wrapper (written so Excel keeps a long order number's digits) removed, so the schema
layer parses dates and money once, with its own rules and messages.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

_STR_DTYPE = pd.StringDtype("pyarrow", na_value=np.nan)
_TAOBAO_WRAPPER = re.compile(r'(?s)^="(.*)"$')


def clean_strings(array: pa.Array | pa.ChunkedArray) -> pa.Array | pa.ChunkedArray:
    """Trim whitespace, unwrap Taobao ``="..."`` cells and turn empty cells into nulls."""
    # pandas' "str" dtype holds large_string: casting here spares a copy in to_pandas.
    array = pc.utf8_trim_whitespace(array.cast(pa.large_string()))
    if pc.any(pc.starts_with(array, '="')).as_py():
        wrapped = pc.and_(pc.starts_with(array, '="'), pc.ends_with(array, '"'))
        array = pc.if_else(wrapped, pc.utf8_trim_whitespace(pc.utf8_slice_codeunits(array, 2, -1)), array)
    # Byte length is read from the offsets, far cheaper than comparing every string with "".
    empty = pc.equal(pc.binary_length(array), 0)
    if pc.any(empty).as_py():
        array = pc.if_else(empty, pa.scalar(None, pa.large_string()), array)
    return array


def clean_cell(value: str | None) -> str | None:
    """Clean one header or preview cell the way :func:`clean_strings` cleans columns.

    Examples
    --------
    >>> clean_cell(' ="1234567890123456789"\\t'), clean_cell("  ")
    ('1234567890123456789', None)
    """
    if value is None:
        return None
    value = value.strip()
    match = _TAOBAO_WRAPPER.match(value)
    if match:
        value = match.group(1).strip()
    return value or None


def to_frame(columns: Sequence[pa.Array | pa.ChunkedArray], names: Sequence[str], rows: int) -> pd.DataFrame:
    """Build the frame of ``str`` columns named ``names`` (``rows`` rows even without columns)."""
    if not columns:
        return pd.DataFrame(index=pd.RangeIndex(rows))
    table = pa.table(list(columns), names=[f"c{i}" for i in range(len(columns))])
    frame = table.to_pandas(types_mapper={pa.large_string(): _STR_DTYPE, pa.string(): _STR_DTYPE}.get)
    frame.columns = list(names)
    return frame
