"""Orders with their derived tables: one object per dataset (or selection of it), carried explicitly.

A page asks several metrics of the same orders (nine on the Repeat page); each would otherwise
factorize a million customer ids again to build its :class:`~analytics.metrics.purchases.PurchaseLog`.
:class:`Orders` owns a canonical orders frame and builds what is derived from it (the purchase
log, the store codes and per-store logs, distinct values) once, on first use, and keeps it for
its own lifetime. Whoever wants those tables reused passes the same :class:`Orders` object to the
metrics; nothing is looked up by a frame's identity, so a metric's answer depends only on its
arguments. Every metric that takes orders accepts a plain frame too (see :func:`orders_and_log`):
it then builds what it needs and keeps nothing.

The frame is treated as read-only: an :class:`Orders` is made once per dataset and shared. Code
that edits orders derives a new frame and, if it wants tables, a new :class:`Orders` of it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import pandas as pd

from analytics.metrics.purchases import PurchaseLog

# The columns a selection can be made on (the sidebar's store and channel filters).
SELECTABLE: tuple[str, ...] = ("store", "channel")


@dataclass(frozen=True, eq=False)
class Orders:
    """A canonical orders frame and the tables derived from it, each built once on first use.

    ``frame`` is the orders (see :mod:`analytics.frames`); ``source`` names what the frame was
    made from (the dashboard puts a digest of the uploads, choices and history there, plus the
    selection), so callers can key cached results on it; empty when unnamed. ``analytics`` never
    caches anything by it. Selections (:meth:`select`) derive their purchase log from this one's
    (integer codes only), which equals the log built from the selected frame.

    Examples
    --------
    >>> from analytics.frames import orders_frame
    >>> book = Orders(orders_frame(customer_id=["a", "b", "a"], store=["N", "S", "N"],
    ...                            order_day=["2025-01-01", "2025-01-02", "2025-01-03"]))
    >>> book.distinct("store"), book.log.n_customers
    (['N', 'S'], 2)
    >>> north = book.select(stores=["N"])
    >>> len(north.frame), list(north.log.customer_ids), north.log.pair_day.size
    (2, ['a'], 2)
    """

    frame: pd.DataFrame
    source: str = ""
    # pandas.factorize of the frame's customer ids when already known (OrdersLoad.customer_codes).
    customers: tuple[np.ndarray, pd.Index] | None = field(default=None, repr=False)
    # The rows this object was selected from (parent, row mask), so its log is derived, not rebuilt.
    _parent: tuple[Orders, np.ndarray] | None = field(default=None, repr=False)
    # Per-column tables (codes, distinct values), filled on first use; not part of equality or repr.
    _tables: dict[tuple[str, str], object] = field(default_factory=dict, init=False, repr=False)

    @cached_property
    def log(self) -> PurchaseLog:
        """Return the purchase log of the frame (built once; a selection's derived from its parent's)."""
        if self._parent is not None:
            parent, keep = self._parent
            return parent.log.subset(keep)
        return PurchaseLog.from_orders(self.frame, self.customers)

    def codes(self, column: str) -> tuple[np.ndarray, list]:
        """Return each row's code into the column's distinct values (-1 when missing), and the values.

        ``pandas.factorize`` on the column as it is, once per column: choosing values then compares
        integers, not a million names.
        """
        key = ("codes", column)
        found = self._tables.get(key)
        if found is None:
            codes, values = pd.factorize(self.frame[column])
            found = (np.asarray(codes, dtype=np.int64), list(values))
            self._tables[key] = found
        return found  # type: ignore[return-value]

    def distinct(self, column: str) -> list[str]:
        """Return the sorted distinct non-empty values of an optional column (empty when absent).

        A fresh list each call (the caller may edit it); the values are found once per column.
        """
        if column not in self.frame.columns:
            return []
        key = ("distinct", column)
        found = self._tables.get(key)
        if found is None:
            _, values = self.codes(column)
            found = tuple(sorted(str(v) for v in values if not pd.isna(v)))
            self._tables[key] = found
        return list(found)  # type: ignore[call-overload]

    @cached_property
    def store_logs(self) -> tuple[tuple[str, PurchaseLog], ...]:
        """Return each store's purchase log, by store name (sorted; orders without a store left out).

        A store's name is the column's value with surrounding spaces removed; a blank one is no
        store. Each log equals the one built from that store's orders alone; it is derived from
        this object's log (integer codes only), and empty without a ``store`` column.
        """
        if "store" not in self.frame.columns:
            return ()
        codes, values = self.codes("store")
        trimmed = [str(value).strip() for value in values]
        stores = sorted({name for name in trimmed if name})
        position = {name: i for i, name in enumerate(stores)}
        # Each value's store number, and a last entry (-1) that missing stores (code -1) take.
        group = np.array([position.get(name, -1) for name in trimmed] + [-1], dtype=np.int64)[codes]
        return tuple((name, self.log.subset(group == i)) for i, name in enumerate(stores))

    def select(self, *, stores: Sequence[str] = (), channels: Sequence[str] = ()) -> Orders:
        """Return the orders of the chosen stores and channels (an empty choice keeps all).

        Values match the column exactly (as ``isin`` does; a missing value never matches). Without
        a choice (or without the column) this is ``self``. The selection's log is derived from
        this object's log; its ``source`` names this one's and the choice (empty when this is unnamed).
        """
        chosen = {
            column: tuple(sorted({str(v) for v in values}))
            for column, values in (("store", stores), ("channel", channels))
            if values and column in self.frame.columns
        }
        if not chosen:
            return self
        keep = np.ones(len(self.frame), dtype=bool)
        for column, values in chosen.items():
            codes, distinct = self.codes(column)
            wanted = set(values)
            # One flag per value, and a last one (False) that missing values (code -1) index.
            flags = np.array([value in wanted for value in distinct] + [False], dtype=bool)
            keep &= flags[codes]
        frame = take_rows(self.frame, keep, {column: self.codes(column) for column in chosen})
        source = ""
        if self.source:
            source = self.source + "".join(f"|{column}={list(values)!r}" for column, values in chosen.items())
        return Orders(frame, source, _parent=(self, keep))


def take_rows(
    frame: pd.DataFrame, keep: np.ndarray, coded: Mapping[str, tuple[np.ndarray, list]] | None = None
) -> pd.DataFrame:
    """Return ``frame[keep]``: the same frame (columns, dtypes, index labels, attrs), built faster.

    Each column's array selects the rows itself: Arrow text columns filter their chunks in place
    (a take would join the loader's chunks first), the others take the positions, found once.
    pandas' own row selection converts the mask once per column, half of the selection's time at
    a million orders. A text column chosen on (``coded``: its codes and values, see
    :meth:`Orders.codes`) is decoded from the few values instead: every selected row has one of them.
    """
    if not frame.columns.is_unique:
        return frame[keep]
    rows = np.flatnonzero(keep)
    arrays = {}
    for name in frame.columns:
        values = frame[name].array
        if isinstance(values, pd.arrays.ArrowExtensionArray):
            if coded and name in coded:
                codes, distinct = coded[name]
                arrays[name] = pd.array(distinct, dtype=values.dtype).take(codes.take(rows))
            else:
                arrays[name] = values[keep]
        else:
            arrays[name] = values.take(rows)
    selection = pd.DataFrame(arrays, index=frame.index.take(rows), columns=frame.columns, copy=False)
    return selection.__finalize__(frame)


def as_orders(orders: pd.DataFrame | Orders) -> Orders:
    """Return ``orders`` itself when it is an :class:`Orders`, else a new one owning the frame.

    A new object keeps its tables only as long as the caller holds it: pass the same
    :class:`Orders` to several metrics to build its log once.
    """
    return orders if isinstance(orders, Orders) else Orders(orders)


def orders_and_log(orders: pd.DataFrame | Orders) -> tuple[pd.DataFrame, PurchaseLog]:
    """Return the orders frame and its purchase log (the object's own, or built from the frame)."""
    if isinstance(orders, Orders):
        return orders.frame, orders.log
    return orders, PurchaseLog.from_orders(orders)


def frame_of(orders: pd.DataFrame | Orders) -> pd.DataFrame:
    """Return the orders frame of a frame or an :class:`Orders`."""
    return orders.frame if isinstance(orders, Orders) else orders


def purchase_log(orders: pd.DataFrame | Orders) -> PurchaseLog:
    """Return the purchase log of a frame (built) or of an :class:`Orders` (its own)."""
    return orders.log if isinstance(orders, Orders) else PurchaseLog.from_orders(orders)
