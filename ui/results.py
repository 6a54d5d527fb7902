"""Metric results for the pages, computed once per (dataset, store/channel filter, period, options).

Pages ask for the same figures on every rerun (a widget change elsewhere, a language switch, a
page switch and back). The orders a page gets are the dataset's, or the sidebar's selection of them
(:mod:`ui.selections`): an :class:`~analytics.metrics.orderbook.Orders` named by the dataset's
source digest and the choice. Results are cached on that name and the period's dates, never on the
rows (which Streamlit would hash, a million of them, on every call); the metric is handed the
Orders object, so its purchase log is built once per dataset and selection. Results are shared
read-only objects (``st.cache_resource``, as the loads; see :mod:`ui.dataset`): never edit them.
"""

from __future__ import annotations

import functools
import hashlib
import inspect
import pickle
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

import pandas as pd
import streamlit as st

from analytics.metrics.orderbook import Orders
from analytics.metrics.period import Period
from ui.dataset import frame_source
from ui.selections import book_of

if TYPE_CHECKING:  # the report package (PDF and workbook writers) loads only on the report page
    from analytics.report import ReportInputs

Result = TypeVar("Result")


def content_key(value: Any) -> tuple[str, str]:
    """Return a digest of a value's contents (its pickle), for values no source names.

    Raises TypeError (or pickling's own error) for a value that cannot be pickled.
    """
    if isinstance(value, pd.DataFrame):
        # hash_pandas_object is several times faster than pickling a frame's object columns.
        rows = pd.util.hash_pandas_object(value, index=True).to_numpy().tobytes()
        value = (rows, tuple(map(str, value.columns)), tuple(map(str, value.dtypes)))
    return ("content", hashlib.blake2b(pickle.dumps(value, protocol=5), digest_size=16).hexdigest())


def argument_key(value: Any) -> Any:
    """Return a small hashable stand-in for a metric argument.

    Orders (and the dataset's frames) by the source they were built from (:mod:`ui.dataset`),
    other frames by a digest of their contents, periods and days by their dates; other values are
    returned as they are (they must be small hashable values).
    """
    if isinstance(value, Orders):
        return ("orders", value.source) if value.source else content_key(value.frame)
    if isinstance(value, pd.DataFrame):
        book = book_of(value)
        if book is not None and book.source:
            return ("orders", book.source)
        source = frame_source(value)
        return ("frame", source) if source else content_key(value)
    if isinstance(value, Period):
        return ("period", value.start.isoformat(), value.end.isoformat())
    if isinstance(value, pd.Timestamp):
        return ("day", value.isoformat())
    if isinstance(value, list | tuple):
        return tuple(argument_key(v) for v in value)
    if isinstance(value, dict):
        return ("mapping", tuple(sorted((k, argument_key(v)) for k, v in value.items())))
    return value


@functools.cache
def takes_orders(function: Callable[..., Any]) -> bool:
    """Return True when the function's first parameter is annotated to accept an ``Orders`` object.

    Metrics that accept one (``orders: pd.DataFrame | Orders``) are handed the dataset's object and
    reuse its purchase log; any other function is handed the plain frame.
    """
    try:
        first = next(iter(inspect.signature(function).parameters.values()))
    except (StopIteration, TypeError, ValueError):
        return False
    annotation = first.annotation
    text = annotation if isinstance(annotation, str) else getattr(annotation, "__name__", repr(annotation))
    return "Orders" in text.replace("OrdersLoad", "")


def _handed(function: Callable[..., Any], args: tuple) -> tuple:
    """Return the arguments as the function takes them: the first as an Orders object, or as a frame."""
    if not args:
        return args
    first = args[0]
    if isinstance(first, pd.DataFrame) and takes_orders(function):
        book = book_of(first)
        if book is not None:
            return (book, *args[1:])
    if isinstance(first, Orders) and not takes_orders(function):
        return (first.frame, *args[1:])
    return args


@st.cache_resource(show_spinner=False, max_entries=256)
def _cached(name: str, key: tuple, _call: Callable[[], Any]) -> Any:
    return _call()


def cached_metric(function: Callable[..., Result], *args: Any, **kwargs: Any) -> Result:
    """Return ``function(*args, **kwargs)``, computed once per dataset, filter, period and options.

    The orders (first argument: an :class:`~analytics.metrics.orderbook.Orders`, or the dataset's
    frame or selection) are keyed by their source (see :func:`argument_key`) and handed to the
    function as it takes them (:func:`takes_orders`); periods and days are keyed by their dates;
    other arguments must be small hashable values (numbers, strings, booleans). Errors are not
    cached (an InputError is raised again on the next call). The result is shared: never edit it.

    Examples
    --------
    ``cached_metric(repeat_rate_windows, orders, end=period.end, windows=12, days=30)``
    """
    key = (argument_key(args), tuple(sorted((k, argument_key(v)) for k, v in kwargs.items())))
    name = f"{function.__module__}.{function.__qualname__}"
    handed = _handed(function, args)
    return _cached(name, key, lambda: function(*handed, **kwargs))


# A page's model fits (the Customers page): large results, so few are kept.
@st.cache_resource(show_spinner=False, max_entries=8)
def _fitted(name: str, key: tuple, _call: Callable[[], Any]) -> Any:
    return _call()


def cached_model(function: Callable[..., Result]) -> Callable[..., Result]:
    """Return ``function`` computed once per arguments, keyed as :func:`cached_metric` keys them.

    For a page's own helpers around model fits (decorate them): the dataset's frames are keyed on
    its source digest, never hashed; a helper whose first parameter takes an ``Orders`` is handed
    the dataset's object, as :func:`cached_metric` hands it; the result is shared (never edit it)
    and few are kept.
    """
    name = f"{function.__module__}.{function.__qualname__}"

    @functools.wraps(function)
    def call(*args: Any, **kwargs: Any) -> Result:
        key = (argument_key(args), tuple(sorted((k, argument_key(v)) for k, v in kwargs.items())))
        return _fitted(name, key, lambda: function(*_handed(function, args), **kwargs))

    return call


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
