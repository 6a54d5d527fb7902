"""The refunds of a period: refund lines (cancellation invoices) taken on the day they happen."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analytics.metrics.period import Period


def period_refunds(refunds: pd.DataFrame, period: Period) -> float:
    """Return the money refunded in ``period``: the refund lines whose day is in it, as a positive sum.

    A refund line (``amount`` < 0, see :mod:`analytics.loading.refunds`) names no original order, so
    it subtracts from the sales of the day it happens: a period's net sales are its sales less the
    refunds made in it. Guests' refunds count, as guests' orders count in sales.

    Examples
    --------
    >>> refunds = pd.DataFrame({"order_day": pd.to_datetime(["2025-01-01", "2025-01-03", "2025-01-09"]),
    ...                         "amount": [-5.0, -2.5, -100.0]})
    >>> period_refunds(refunds, Period(pd.Timestamp("2025-01-01"), pd.Timestamp("2025-01-07")))
    7.5
    """
    if len(refunds) == 0:
        return 0.0
    days = refunds["order_day"].to_numpy(dtype="datetime64[ns]")
    inside = (days >= period.start.to_datetime64()) & (days <= period.end.to_datetime64())
    # Amounts are negative; the figure is the money given back, written positive.
    return float(np.abs(refunds["amount"].to_numpy(dtype="float64")[inside]).sum())
