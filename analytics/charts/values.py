"""Reading a result's numbers for plotly: undefined values become gaps, never zero-height bars."""

from __future__ import annotations

import math
from typing import Any


def finite(value: Any) -> float | None:
    """Return ``value`` as a float, or None when it is missing or nan.

    Plotly draws None as a gap; nan (an undefined rate, e.g. a group without customers) must not
    become a zero-height bar.

    Examples
    --------
    >>> finite(0.25), finite(float("nan")), finite(None)
    (0.25, None, None)
    """
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number


def ratio_value(value: Any) -> float | None:
    """Return the fraction of a rate given as a ``Ratio`` (its ``.value``) or already as a number."""
    return finite(getattr(value, "value", value))


def whisker(upper: Any, lower: Any) -> float:
    """Return the length of an error-bar arm, ``upper - lower``; 0 when either end is unknown.

    Examples
    --------
    >>> whisker(0.5, 0.25), whisker(None, 0.25)
    (0.25, 0.0)
    """
    high, low = finite(upper), finite(lower)
    return high - low if high is not None and low is not None else 0.0
