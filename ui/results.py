"""Metric results for the pages, computed once per (dataset, store/channel filter, period, options).

Pages ask for the same figures on every rerun (a widget change elsewhere, a language switch, a
page switch and back). The orders a page gets (``ui.context.require_orders``) are the same frame
object across reruns for the same dataset and filter (``ui.data.filter_orders``), so results are
cached on that frame's small key (``ui.data.frame_key``) and the period's dates, never on the
frame itself (which Streamlit would hash, a million rows, on every call). Results are shared
read-only objects (``st.cache_resource``, as the loads): pages never edit them in place.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

import pandas as pd
import streamlit as st

from analytics.metrics.period import Period
from ui import data

if TYPE_CHECKING:  # the report package (PDF and workbook writers) loads only on the report page
    from analytics.report import ReportInputs

Result = TypeVar("Result")


def argument_key(value: Any) -> Any:
    """Return a small hashable stand-in for a metric argument (frames by their key, periods by dates).

    Other values are returned as they are (they must be small hashable values).
    """
    if isinstance(value, pd.DataFrame):
        return ("frame", data.frame_key(value))
    if isinstance(value, Period):
        return ("period", value.start.isoformat(), value.end.isoformat())
    if isinstance(value, pd.Timestamp):
        return ("day", value.isoformat())
    if isinstance(value, list | tuple):
        return tuple(argument_key(v) for v in value)
    return value


@st.cache_resource(show_spinner=False, max_entries=256)
def _cached(name: str, key: tuple, _call: Callable[[], Any]) -> Any:
    return _call()


def cached_metric(function: Callable[..., Result], *args: Any, **kwargs: Any) -> Result:
    """Return ``function(*args, **kwargs)``, computed once per dataset, filter, period and options.

    Frames among the arguments are keyed by :func:`ui.data.frame_key`, periods and days by their
    dates; other arguments must be small hashable values (numbers, strings, booleans). Errors are
    not cached (an InputError is raised again on the next call). The result is shared: never edit it.

    Examples
    --------
    ``cached_metric(repeat_rate_windows, orders, end=period.end, windows=12, days=30)``
    """
    key = (argument_key(args), tuple(sorted((k, argument_key(v)) for k, v in kwargs.items())))
    name = f"{function.__module__}.{function.__qualname__}"
    return _cached(name, key, lambda: function(*args, **kwargs))


def report_digest(inputs: ReportInputs) -> str:
    """Return ``inputs.digest()``, computed once per frames and facts.

    The dashboard's inputs carry a ``source`` (the dataset's source and the store/channel
    selection, see :func:`selection_source`), so the digest hashes a few facts, never the rows.
    Without one it hashes every row (most of a second at a million orders): it is then computed
    once per frames and facts.
    """
    if inputs.source is not None:
        return inputs.digest()
    frames = tuple(argument_key(frame) for frame in (inputs.orders, inputs.members, inputs.campaign))
    return _cached("analytics.report.ReportInputs.digest", (frames, inputs.facts()), inputs.digest)


def selection_source(source: str, *, stores: Sequence[str] = (), channels: Sequence[str] = ()) -> str | None:
    """Return what names a selection of a dataset's orders: its source and the stores and channels.

    ``source`` is the dataset's (:class:`ui.state.Dataset`: the files' digests, the choices, the
    history store's file and stamp); None when it has none, so the rows are hashed instead.

    Examples
    --------
    >>> selection_source("abc", stores=["West", "East"]) == selection_source("abc", stores=["East", "West"])
    True
    >>> selection_source("abc", stores=["East"]) == selection_source("abc", channels=["East"])
    False
    >>> selection_source("") is None
    True
    """
    if not source:
        return None
    return f"{source}|stores={sorted(stores)!r}|channels={sorted(channels)!r}"
