"""Lifetime-value cohorts: cumulative revenue per customer by first-purchase month.

A customer's cohort is the calendar month of their first purchase day in the loaded data (as in
:func:`analytics.metrics.cohorts.cohort_retention`, so the two grids sit side by side). Cell
(cohort, k) is the sales of the cohort's customers in months 0..k after the cohort month, divided
by the cohort's size: what an average new customer of that month has spent after k months.
A cell is ``immature`` when its calendar month ends after the data's last day (still growing).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analytics.metrics.orderbook import Orders, orders_and_log


def _months(days: np.ndarray) -> np.ndarray:
    """Return months since 1970-01 of day numbers."""
    return days.astype("datetime64[D]").astype("datetime64[M]").astype(np.int64)


@dataclass(frozen=True, eq=False)
class LtvCohorts:
    """Cumulative revenue per customer of monthly first-purchase cohorts.

    ``cells`` is tidy: ``cohort`` (month start), ``months_since``, ``cohort_size``, ``revenue``
    (cumulative), ``revenue_per_customer`` and ``immature``, one row per cohort and month up to the
    data's last month.
    """

    cells: pd.DataFrame

    def table(self) -> pd.DataFrame:
        """Return the cohort x months-since grid of revenue per customer (NaN beyond the data)."""
        return self.cells.pivot(index="cohort", columns="months_since", values="revenue_per_customer")

    def immature_table(self) -> pd.DataFrame:
        """Return the cohort x months-since grid of ``immature`` (the month is still running)."""
        return self.cells.pivot(index="cohort", columns="months_since", values="immature")

    def cohort_sizes(self) -> pd.Series:
        """Return each cohort's customers, indexed by cohort month."""
        return self.cells.drop_duplicates("cohort").set_index("cohort")["cohort_size"]

    def to_dict(self) -> list[dict[str, object]]:
        """Return the JSON form: one entry per cell, the cohort as YYYY-MM."""
        cells = self.cells.assign(cohort=self.cells["cohort"].dt.strftime("%Y-%m"))
        return cells.to_dict("records")


def ltv_cohorts(orders: pd.DataFrame | Orders) -> LtvCohorts:
    """Compute cumulative revenue per customer by first-purchase month and months since.

    ``orders`` may be an :class:`~analytics.metrics.orderbook.Orders`: its purchase log's integer
    customer codes are used, not a million ids factorized again.

    Examples
    --------
    >>> from analytics.frames import orders_frame
    >>> o = orders_frame(customer_id=["a", "a", "b"], order_day=["2025-01-05", "2025-02-03", "2025-01-09"],
    ...                  amount=[10.0, 30.0, 20.0])
    >>> ltv_cohorts(o).cells[["months_since", "revenue_per_customer"]].to_numpy().tolist()
    [[0.0, 15.0], [1.0, 30.0]]
    """
    columns = ["cohort", "months_since", "cohort_size", "revenue", "revenue_per_customer", "immature"]
    _, log = orders_and_log(orders)
    identified = log.code >= 0
    if not identified.any():
        return LtvCohorts(pd.DataFrame({c: [] for c in columns}))
    codes = log.code[identified]
    months = _months(log.day[identified])
    # A customer's first month is the month of their first purchase day.
    first_month = _months(log.first_day)
    cohort = first_month[codes]
    start, last = int(first_month.min()), int(_months(np.asarray([log.last_day]))[0])
    width = last - start + 1
    since = months - cohort
    revenue = np.bincount(
        (cohort - start) * width + since,
        weights=log.amount[identified],
        minlength=width * width,
    ).reshape(width, width)
    sizes = np.bincount(first_month - start, minlength=width)
    cumulative = revenue.cumsum(axis=1)
    rows, cols = np.nonzero(np.ones((width, width), dtype=bool))
    # Only cells whose month lies within the data, and cohorts that have customers.
    keep = (rows + cols < width) & (sizes[rows] > 0)
    rows, cols = rows[keep], cols[keep]
    cohort_month = (start + rows).astype("datetime64[M]")
    cell_month = start + rows + cols
    last_day = np.datetime64(log.last_day, "D")
    month_end = (cell_month + 1).astype("datetime64[M]").astype("datetime64[D]") - 1
    cells = pd.DataFrame(
        {
            "cohort": cohort_month.astype("datetime64[ns]"),
            "months_since": cols.astype(np.int64),
            "cohort_size": sizes[rows].astype(np.int64),
            "revenue": cumulative[rows, cols],
            "revenue_per_customer": cumulative[rows, cols] / sizes[rows],
            "immature": month_end > last_day,
        }
    )
    return LtvCohorts(cells)
