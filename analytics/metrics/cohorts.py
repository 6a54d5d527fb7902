"""Cohort retention: monthly first-purchase cohorts followed month by month."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analytics.metrics.orderbook import Orders, purchase_log


def _month_of(days: np.ndarray) -> np.ndarray:
    """Return months since 1970-01 of day numbers (int32: a million pairs' months in half the memory)."""
    if len(days) == 0:
        return days.astype(np.int32)
    low, high = int(days.min()), int(days.max())
    if high - low >= len(days):
        return days.astype("datetime64[D]").astype("datetime64[M]").astype(np.int32)
    # A million purchase days span a few hundred calendar days: convert those once and look up.
    table = np.arange(low, high + 1).astype("datetime64[D]").astype("datetime64[M]").astype(np.int32)
    return table.take(days - low)


def cohort_retention(orders: pd.DataFrame | Orders, *, cumulative: bool = False) -> pd.DataFrame:
    """Compute retention of monthly first-purchase cohorts by months since the first purchase.

    A customer's cohort is the calendar month of their first purchase day in the loaded data.
    Non-cumulative: the share of the cohort with a purchase day in month ``months_since`` (month 0
    is the cohort month itself, so it is 1.0). Cumulative (months_since >= 1 only): the share that
    has come back in some month 1..months_since, i.e. has bought again after its first month.
    A cell is ``immature`` when its calendar month ends after the data's last day, so it is not
    fully observed and will still grow.

    Returns
    -------
    DataFrame
        Tidy long frame, one row per (cohort, months_since) up to the data's last month: cohort
        (month start), months_since, cohort_size, customers, retention, immature. See
        :func:`retention_table` for the cohort x months grid.

    Examples
    --------
    >>> from analytics.frames import orders_frame
    >>> o = orders_frame(customer_id=["a", "a", "b"], order_day=["2025-01-05", "2025-02-03", "2025-01-09"])
    >>> cohort_retention(o)[["months_since", "customers", "retention"]].to_dict("list")
    {'months_since': [0, 1], 'customers': [2, 1], 'retention': [1.0, 0.5]}
    """
    log = purchase_log(orders)
    columns = ["cohort", "months_since", "cohort_size", "customers", "retention", "immature"]
    if log.n_customers == 0:
        return pd.DataFrame({c: [] for c in columns})
    cohort = _month_of(log.first_day)
    first_cohort, last_month = int(cohort.min()), int(_month_of(np.array([log.last_day]))[0])
    width = last_month - first_cohort + 1
    pair_since = _month_of(log.pair_day) - cohort[log.pair_code]
    cohort_index = cohort - first_cohort
    sizes = np.bincount(cohort_index, minlength=width)
    if cumulative:
        # Each customer counts from the first month after the cohort month in which they bought.
        returned = pair_since >= 1
        first_return = np.full(log.n_customers, width, dtype=np.int64)
        np.minimum.at(first_return, log.pair_code[returned], pair_since[returned])
        counts = np.bincount(cohort_index * (width + 1) + first_return, minlength=width * (width + 1))
        grid = counts.reshape(width, width + 1)[:, :width].cumsum(axis=1)
    else:
        # Pairs are sorted by customer then day, so these keys already come sorted: keeping the
        # changes is enough (numpy's hash-based unique() took seconds on a million pairs).
        # The code in the high bits, the month in the low ones (shifts, not divisions).
        bits = max((width - 1).bit_length(), 1)
        keys = log.pair_code << bits
        keys |= pair_since
        keys = keys[np.r_[True, keys[1:] != keys[:-1]]]
        active_code, active_since = keys >> bits, keys & ((1 << bits) - 1)
        grid = np.bincount(cohort_index[active_code] * width + active_since, minlength=width * width)
        grid = grid.reshape(width, width)
    return retention_cells(grid, sizes, first_cohort, int(log.last_day), cumulative=cumulative)


def retention_cells(
    grid: np.ndarray, sizes: np.ndarray, first_cohort: int, last_day: int, *, cumulative: bool
) -> pd.DataFrame:
    """Return :func:`cohort_retention`'s frame from its grid of customers per (cohort, months since).

    ``grid[c, k]``: customers of cohort ``first_cohort + c`` (months since 1970-01) active in month
    ``k`` after it (cumulative: back by month ``k``); ``sizes[c]``: the cohort's customers;
    ``last_day``: the data's last day (days since 1970-01-01). A history in a database engine
    counts the grid there (:mod:`analytics.store.pages`).
    """
    width = len(sizes)
    last_month = first_cohort + width - 1
    # One cell per (cohort, month) from the cohort month (or month 1) up to the data's last month.
    rows, since = np.divmod(np.arange(width * width), width)
    keep = (rows + since <= width - 1) & (sizes[rows] > 0) & (since >= (1 if cumulative else 0))
    rows, since = rows[keep], since[keep]
    last_day = np.datetime64(int(last_day), "D")
    month_complete = (last_day + 1).astype("datetime64[M]") > last_day.astype("datetime64[M]")
    cell_month = first_cohort + rows + since
    immature = (cell_month == last_month) & (not month_complete)
    customers = grid[rows, since]
    return pd.DataFrame(
        {
            "cohort": (first_cohort + rows).astype("datetime64[M]").astype("datetime64[ns]"),
            "months_since": since,
            "cohort_size": sizes[rows],
            "customers": customers,
            "retention": customers / sizes[rows],
            "immature": immature,
        }
    )


def retention_table(retention: pd.DataFrame, *, value: str = "retention") -> pd.DataFrame:
    """Pivot :func:`cohort_retention` into a grid: cohorts as rows, months since as columns.

    Cells after the data's last month are missing (NaN), not zero: they have not happened yet.
    """
    return retention.pivot(index="cohort", columns="months_since", values=value)
