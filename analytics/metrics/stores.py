"""Store ranking: a chain's headline figures store by store, for one period."""

from __future__ import annotations

import math
import threading
import weakref
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analytics.metrics.period import Period
from analytics.metrics.purchases import PurchaseLog, _log_key
from analytics.metrics.ratio import Ratio
from analytics.metrics.returning import returning_from_activity
from analytics.metrics.share import Share, plain

# The figures a store can be ranked on, as offered to the reader.
RANKING_METRICS: tuple[str, ...] = (
    "customers",
    "sales",
    "repeat_purchase_rate",
    "returning_sales_share",
    "aov",
)


@dataclass(frozen=True)
class StoreFigures:
    """One store's headline figures in the period, with the store's own history deciding "returning".

    The figures are those the Overview shows when the sidebar's store filter picks this store
    alone: customers (identified buyers), orders and sales (guests included), repeat-purchase rate
    (customers with 2+ purchase days / customers), returning customers' share of sales (first
    purchase in this store before the period) and AOV (sales / orders).
    """

    store: str
    customers: int
    orders: int
    sales: float
    repeat_purchase_rate: Ratio
    returning_sales_share: Share

    @property
    def aov(self) -> float:
        """Return the average order value: sales / orders (nan without orders)."""
        return self.sales / self.orders if self.orders else math.nan

    def value(self, metric: str) -> float:
        """Return the figure ``metric`` (one of :data:`RANKING_METRICS`) as a number (nan when undefined)."""
        if metric == "repeat_purchase_rate":
            return self.repeat_purchase_rate.value
        if metric == "returning_sales_share":
            return self.returning_sales_share.value
        return float(getattr(self, metric))


@dataclass(frozen=True)
class StoreRanking:
    """The period's stores, each with its figures (stores without an order in the period left out)."""

    period: Period
    stores: tuple[StoreFigures, ...]

    def ranked(self, metric: str) -> tuple[StoreFigures, ...]:
        """Return the stores from best to worst on ``metric`` (undefined last, ties by store name)."""

        def order(s: StoreFigures) -> tuple[bool, float, str]:
            v = s.value(metric)
            return (math.isnan(v), -v if not math.isnan(v) else 0.0, s.store)

        return tuple(sorted(self.stores, key=order))

    def to_dict(self) -> dict[str, object]:
        """Return the JSON form: the period and one entry per store."""
        return {
            "period": self.period.to_dict(),
            "stores": [
                {
                    "store": s.store,
                    "customers": s.customers,
                    "orders": s.orders,
                    "sales": s.sales,
                    "repeat_purchase_rate": plain(s.repeat_purchase_rate.value),
                    "returning_sales_share": plain(s.returning_sales_share.value),
                    "aov": plain(s.aov),
                }
                for s in self.stores
            ],
        }


def store_ranking(orders: pd.DataFrame, *, period: Period) -> StoreRanking:
    """Compute each store's headline figures for the period (see :class:`StoreFigures`).

    Orders without a store name are left out; a store without an order in the period is not
    listed. Each store is measured on its own orders only, so a customer who first bought in
    another store of the chain is new here: the same figures as the store filter gives.

    Examples
    --------
    >>> from analytics.frames import orders_frame
    >>> o = orders_frame(customer_id=["a", "a", "b", "c"], amount=[10, 20, 30, 40],
    ...                  store=["N", "N", "N", "S"],
    ...                  order_day=["2025-01-01", "2025-01-02", "2025-01-02", "2025-01-02"])
    >>> r = store_ranking(o, period=Period(pd.Timestamp("2025-01-01"), pd.Timestamp("2025-01-02")))
    >>> [(s.store, s.customers, s.sales, s.repeat_purchase_rate.value) for s in r.ranked("sales")]
    [('N', 2, 60.0, 0.5), ('S', 1, 40.0, 0.0)]
    """
    if "store" not in orders.columns:
        return StoreRanking(period, ())
    figures: list[StoreFigures] = []
    for store, log in store_logs(orders):
        activity = log.activity(period)
        if activity.orders == 0:
            continue
        everyone = activity.group()
        figures.append(
            StoreFigures(
                store=str(store),
                customers=everyone.customers,
                orders=activity.orders,
                sales=activity.sales,
                repeat_purchase_rate=everyone.repeat_purchase_rate,
                returning_sales_share=returning_from_activity(log, activity).sales_share,
            )
        )
    return StoreRanking(period, tuple(figures))


def store_codes(orders: pd.DataFrame) -> tuple[np.ndarray, list]:
    """Return each order's store as a code into the store values, and the values (once per frame).

    The codes are ``pandas.factorize``'s on the ``store`` column as it is (-1 for a missing store),
    so selecting stores compares integers, not a million names; :func:`store_logs` groups the
    values by their trimmed names.

    Examples
    --------
    >>> from analytics.frames import orders_frame
    >>> o = orders_frame(customer_id=["a", "b", "c"], store=["N", None, "N"],
    ...                  order_day=["2025-01-01", "2025-01-02", "2025-01-03"])
    >>> codes, values = store_codes(o)
    >>> codes.tolist(), values
    ([0, -1, 0], ['N'])
    """

    def build() -> tuple[np.ndarray, list]:
        codes, values = pd.factorize(orders["store"])
        return np.asarray(codes, dtype=np.int64), list(values)

    return _per_frame(_STORE_CODES, orders, ("store",), build)


def store_logs(orders: pd.DataFrame) -> tuple[tuple[str, PurchaseLog], ...]:
    """Return each store's purchase log, by store name (sorted; orders without a store left out).

    A store's name is the column's value with surrounding spaces removed; a blank one is no store.
    Each log is the one :meth:`PurchaseLog.from_orders` builds from that store's orders alone,
    derived from the frame's own (cached) log instead of factorizing each store's customer ids
    again, and kept while the frame lives: a new period only asks each log for its activity.

    Examples
    --------
    >>> from analytics.frames import orders_frame
    >>> o = orders_frame(customer_id=["a", "b", "a"], store=[" S ", "N", ""],
    ...                  order_day=["2025-01-01", "2025-01-02", "2025-01-03"])
    >>> [(name, list(log.customer_ids)) for name, log in store_logs(o)]
    [('N', ['b']), ('S', ['a'])]
    """

    def build() -> tuple[tuple[str, PurchaseLog], ...]:
        codes, values = store_codes(orders)
        trimmed = [str(value).strip() for value in values]
        stores = sorted({name for name in trimmed if name})
        position = {name: i for i, name in enumerate(stores)}
        # Each value's store number, and a last entry (-1) that missing stores (code -1) take.
        group = np.array([position.get(name, -1) for name in trimmed] + [-1], dtype=np.int64)[codes]
        log = PurchaseLog.from_orders(orders)
        return tuple((name, log.subset(group == i)) for i, name in enumerate(stores))

    return _per_frame(_STORE_LOGS, orders, (*_LOG_COLUMNS, "store"), build)


def _per_frame(cache: dict, orders: pd.DataFrame, columns: tuple[str, ...], build):
    """Return ``build()``, kept per orders frame while it lives and its ``columns`` stay the same."""
    key = _log_key(orders, columns)
    frame_id = id(orders)
    with _LOCK:
        cached = cache.get(frame_id)
    if cached is not None and cached[0]() is orders and cached[1] == key:
        return cached[2]
    value = build()
    with _LOCK:
        # The entry goes when the frame does, so a new frame reusing the id never finds it.
        ref = weakref.ref(orders, lambda _: cache.pop(frame_id, None))
        cache[frame_id] = (ref, key, value)
    return value


_LOG_COLUMNS = ("customer_id", "order_day", "amount")
# Per orders frame (by id): (weak reference to the frame, column key, store codes / store logs).
_STORE_CODES: dict[int, tuple[weakref.ref, tuple, tuple[np.ndarray, list]]] = {}
_STORE_LOGS: dict[int, tuple[weakref.ref, tuple, tuple[tuple[str, PurchaseLog], ...]]] = {}
# Sessions run their scripts in threads of one process.
_LOCK = threading.RLock()
