"""Store ranking: a chain's headline figures store by store, for one period."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analytics.metrics.orderbook import Orders, as_orders
from analytics.metrics.period import Period
from analytics.metrics.purchases import PurchaseLog
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


def store_ranking(orders: pd.DataFrame | Orders, *, period: Period) -> StoreRanking:
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
    figures: list[StoreFigures] = []
    for store, log in as_orders(orders).store_logs:
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


def store_codes(orders: pd.DataFrame | Orders) -> tuple[np.ndarray, list]:
    """Return each order's store as a code into the store values, and the values.

    The codes are ``pandas.factorize``'s on the ``store`` column as it is (-1 for a missing store),
    so selecting stores compares integers, not a million names; :func:`store_logs` groups the
    values by their trimmed names. An :class:`~analytics.metrics.orderbook.Orders` finds them once.

    Examples
    --------
    >>> from analytics.frames import orders_frame
    >>> o = orders_frame(customer_id=["a", "b", "c"], store=["N", None, "N"],
    ...                  order_day=["2025-01-01", "2025-01-02", "2025-01-03"])
    >>> codes, values = store_codes(o)
    >>> codes.tolist(), values
    ([0, -1, 0], ['N'])
    """
    return as_orders(orders).codes("store")


def store_logs(orders: pd.DataFrame | Orders) -> tuple[tuple[str, PurchaseLog], ...]:
    """Return each store's purchase log, by store name (sorted; orders without a store left out).

    A store's name is the column's value with surrounding spaces removed; a blank one is no store.
    Each log is the one :meth:`PurchaseLog.from_orders` builds from that store's orders alone,
    derived from the orders' own log instead of factorizing each store's customer ids again (see
    :attr:`analytics.metrics.orderbook.Orders.store_logs`, kept by the object: a new period only
    asks each log for its activity).

    Examples
    --------
    >>> from analytics.frames import orders_frame
    >>> o = orders_frame(customer_id=["a", "b", "a"], store=[" S ", "N", ""],
    ...                  order_day=["2025-01-01", "2025-01-02", "2025-01-03"])
    >>> [(name, list(log.customer_ids)) for name, log in store_logs(o)]
    [('N', ['b']), ('S', ['a'])]
    """
    return as_orders(orders).store_logs
