"""Excel cell values (numbers, dates, datetimes, booleans, text) as the strings a reader returns.

Whole numbers lose their ``.0`` (order number 17850.0 -> "17850"), datetimes become
``YYYY-MM-DD HH:MM:SS`` rounded to the second, dates ``YYYY-MM-DD``; text stays as stored, so a
19-digit order number kept as text keeps all its digits. Columns are converted vectorised by their
type; :func:`cell_text` applies the same rules to one cell.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc


def excel_column(values: np.ndarray) -> pa.Array:
    """Turn one column of Excel cell values into strings, vectorised by the column's type.

    Excel stores times as fractions of a day, so 10:22:11 may come back as 10:22:10.999999:
    rounding to the second gives back the time that was typed.
    """
    kind = pd.api.types.infer_dtype(values, skipna=True)
    if kind.startswith("mixed"):
        # Empty cells come back as "", which makes a numeric or date column look mixed.
        values = np.where(values == "", None, values)
        kind = pd.api.types.infer_dtype(values, skipna=True)
    if kind in ("string", "empty"):
        return pa.array(values, type=pa.string(), from_pandas=True)
    if kind == "integer":
        try:
            return pa.array(values, type=pa.int64(), from_pandas=True).cast(pa.string())
        except (pa.ArrowException, OverflowError, TypeError):
            return pa.array([cell_text(value) for value in values], type=pa.string())
    if kind in ("floating", "mixed-integer-float"):
        return _number_strings(pd.to_numeric(pd.Series(values), errors="coerce").to_numpy(dtype=float))
    # calamine returns a date for a midnight datetime, so a datetime column may mix both.
    if kind in ("datetime", "date") or (kind == "mixed" and _all_dates(values)):
        return _datetime_strings(pd.to_datetime(pd.Series(values), errors="coerce"))
    # Other mixed columns (text and numbers, times, booleans) are rare and small: cell by cell.
    texts = [cell_text(value) for value in values]
    if _text_cells_use_decimal_comma(values):
        # Number cells are written with a decimal point by us, text cells as typed: when the
        # typed ones use a decimal comma ("381,41"), the numbers follow the column's convention,
        # or the money parser would see both and read "381,41" as 38141.
        texts = [
            text.replace(".", ",") if isinstance(value, float) and text is not None else text
            for value, text in zip(values, texts, strict=True)
        ]
    return pa.array(texts, type=pa.string())


# Amounts typed with a decimal comma ("381,41", "1.234,50", "-12,5") and with a decimal point.
_COMMA_DECIMAL = re.compile(r"^\D*-?(?:\d{1,3}(?:\.\d{3})+|\d+),\d{1,2}\D*$")
_DOT_DECIMAL = re.compile(r"\d\.\d{1,2}\D*$|,\d{3}(?:,\d{3})*\.\d*")


def _text_cells_use_decimal_comma(values: np.ndarray) -> bool:
    """Tell whether a column mixing number and text cells types its text amounts with a decimal comma.

    Decided from the text cells only (the number cells carry no convention), for the column as a
    whole: some text cell has a decimal comma and none has a decimal point.

    Examples
    --------
    >>> _text_cells_use_decimal_comma(np.array([12.5, "381,41", None], dtype=object))
    True
    >>> _text_cells_use_decimal_comma(np.array([12.5, "1,234.50", "381,41"], dtype=object))
    False
    """
    if not any(isinstance(value, float) for value in values):
        return False
    texts = [value.strip() for value in values if isinstance(value, str)]
    return any(_COMMA_DECIMAL.match(text) for text in texts) and not any(
        _DOT_DECIMAL.search(text) for text in texts
    )


def _all_dates(values: np.ndarray) -> bool:
    return all(isinstance(value, dt.date) for value in values if value is not None)


def _datetime_strings(stamps: pd.Series) -> pa.Array:
    """Format a column of datetimes: ``YYYY-MM-DD`` when all are midnight, else to the second."""
    stamps = stamps.dt.round("s")
    midnight = stamps.isna() | (stamps == stamps.dt.normalize())
    # Arrow's casts print ISO text in C++, far faster than pandas' strftime per element.
    seconds = pa.array(stamps.to_numpy(dtype="datetime64[s]"), from_pandas=True)
    return (seconds.cast(pa.date32()) if midnight.all() else seconds).cast(pa.string())


def _number_strings(numbers: np.ndarray) -> pa.Array:
    whole = np.isfinite(numbers) & (numbers == np.round(numbers)) & (np.abs(numbers) < 2**63)
    as_int = pa.array(np.where(whole, numbers, 0).astype(np.int64)).cast(pa.string())
    as_float = pa.array(numbers, from_pandas=True).cast(pa.string())
    return pc.if_else(pa.array(whole), as_int, as_float)


def cell_text(value: Any) -> str | None:
    """Return one Excel cell as text, with the same rules as :func:`excel_column`.

    Examples
    --------
    >>> cell_text(17850.0), cell_text(dt.datetime(2025, 1, 3, 10, 22, 10, 999_600)), cell_text(True)
    ('17850', '2025-01-03 10:22:11', 'TRUE')
    """
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        if not np.isfinite(value):
            return None
        return str(int(value)) if value.is_integer() and abs(value) < 2**63 else repr(value)
    if isinstance(value, dt.datetime):
        stamp = pd.Timestamp(value).round("s")
        return stamp.strftime("%Y-%m-%d" if stamp == stamp.normalize() else "%Y-%m-%d %H:%M:%S")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.replace(microsecond=0).isoformat()
    return str(value)
