"""The 80/20 view: how much of the sales the best customers bring."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analytics.metrics.customers.summary import CustomerSummary


@dataclass(frozen=True, eq=False)
class Pareto:
    """Cumulative share of sales against the share of customers, best customers first.

    ``curve`` has ``customer_share`` and ``sales_share`` (both 0..1, starting at 0, 0) at
    ``points`` evenly spaced customer shares; ``top_sales_share`` is the sales share of the top
    ``top_customer_share`` of customers, read on the exact curve (linear between customers, so
    with 7 customers the top 20% are 1.4 customers). NaN without sales.
    """

    customers: int
    sales: float
    top_customer_share: float
    top_sales_share: float
    curve: pd.DataFrame

    def to_dict(self) -> dict[str, object]:
        """Return the JSON form: customers, sales, top shares and the curve as [x, y] pairs."""
        top = None if np.isnan(self.top_sales_share) else self.top_sales_share
        return {
            "customers": self.customers,
            "sales": self.sales,
            "top_customer_share": self.top_customer_share,
            "top_sales_share": top,
            "curve": self.curve[["customer_share", "sales_share"]].to_numpy().tolist(),
        }


def pareto_curve(summary: CustomerSummary, *, top_share: float = 0.2, points: int = 101) -> Pareto:
    """Compute the share of sales from the top ``top_share`` of customers, and the curve behind it.

    Customers are ranked by their sales in the summary (identified customers only).

    Examples
    --------
    >>> from analytics.frames import orders_frame
    >>> from analytics.metrics.customers.summary import customer_summary
    >>> o = orders_frame(customer_id=list("abcde"), order_day=["2025-01-01"] * 5,
    ...                  amount=[60.0, 10.0, 10.0, 10.0, 10.0])
    >>> pareto_curve(customer_summary(o)).top_sales_share
    0.6
    """
    sales = np.sort(summary.customers["sales"].to_numpy())[::-1]
    n, total = len(sales), float(sales.sum())
    x = np.linspace(0.0, 1.0, points)
    if n == 0 or total == 0:
        curve = pd.DataFrame({"customer_share": x, "sales_share": np.full(points, np.nan)})
        return Pareto(n, total, top_share, float("nan"), curve)
    exact_x = np.arange(n + 1) / n
    exact_y = np.concatenate(([0.0], np.cumsum(sales))) / total
    curve = pd.DataFrame({"customer_share": x, "sales_share": np.interp(x, exact_x, exact_y)})
    return Pareto(n, total, top_share, float(np.interp(top_share, exact_x, exact_y)), curve)
