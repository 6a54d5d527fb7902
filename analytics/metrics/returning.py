"""Returning customers: whose first purchase day in all loaded data is before the period."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analytics.metrics.orderbook import Orders, purchase_log
from analytics.metrics.period import Period
from analytics.metrics.purchases import PeriodActivity, PurchaseLog, day_number
from analytics.metrics.ratio import Ratio
from analytics.metrics.share import Share


@dataclass(frozen=True)
class Returning:
    """Returning customers of a period and the share of sales they and guests bring.

    ``customers``: returning / the period's identified customers. ``sales_share``: returning
    customers' sales / all sales of the period. ``unidentified_sales_share``: guest sales / all
    sales. New customers' share of sales is the rest: 1 - returning - unidentified.
    """

    customers: Ratio
    sales_share: Share
    unidentified_sales_share: Share

    @property
    def new_sales_share(self) -> float:
        """Return new customers' share of sales (1 - returning - unidentified; nan without sales)."""
        return 1.0 - self.sales_share.value - self.unidentified_sales_share.value


def returning_mask(log: PurchaseLog, period: Period) -> np.ndarray:
    """Return, per customer code, whether the first purchase day in all data is before the period."""
    return log.first_day < day_number(period.start)


def returning_from_activity(log: PurchaseLog, activity: PeriodActivity) -> Returning:
    """Compute :func:`returning_customers` from a prepared log and period activity."""
    returning = returning_mask(log, activity.period) & activity.buyers
    return Returning(
        customers=Ratio(int(returning.sum()), int(activity.buyers.sum())),
        sales_share=Share(float(activity.sales_by_customer[returning].sum()), activity.sales),
        unidentified_sales_share=Share(activity.guest_sales, activity.sales),
    )


def returning_customers(orders: pd.DataFrame | Orders, *, period: Period) -> Returning:
    """Compute the returning-customer rate and the returning and guest shares of sales.

    A returning customer is an identified customer of the period whose first purchase day in all
    loaded data is before the period's start (so loading more history can only turn new into
    returning). Sales include guest orders; guests are neither new nor returning.

    Examples
    --------
    >>> from analytics.frames import orders_frame
    >>> o = orders_frame(customer_id=["a", "a", "b", None], amount=[5, 10, 20, 10],
    ...                  order_day=["2024-12-01", "2025-01-02", "2025-01-03", "2025-01-03"])
    >>> r = returning_customers(o, period=Period(pd.Timestamp("2025-01-01"), pd.Timestamp("2025-01-31")))
    >>> r.customers, r.sales_share.value, r.unidentified_sales_share.value
    (Ratio(numerator=1, denominator=2), 0.25, 0.25)
    """
    log = purchase_log(orders)
    return returning_from_activity(log, log.activity(period))
