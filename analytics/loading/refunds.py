"""Refund lines: cancellation invoices as refunds that subtract from sales on the day they happen.

Online Retail writes a cancellation as its own invoice (``C`` before the number) with negative
quantities; it names no original invoice, and a weekly export may cancel a purchase of an earlier
file. So a refund is taken on the day it happens, never moved back to an order: a period's net
sales are its purchases less the refunds made in it, and a report already given for an earlier
period does not change afterwards. Each readable cancellation line is one refund row (its amount
negative: quantity x unit price, or the amount as written made negative); the purchases stay the
orders frame, so a refund is never counted as an order or a purchase day. A refund keeps the
store and channel its line names, as an order does, so a store's refunds sit next to its sales.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from analytics.frames import empty_refunds
from analytics.loading.cells import text_column

REFUND_COLUMNS: tuple[str, ...] = ("order_id", "customer_id", "order_time", "order_day", "amount")
# The orders' labels a refund line keeps (when the export has them), for the sidebar's filters.
REFUND_LABELS: tuple[str, ...] = ("store", "channel")


def refund_lines(
    ids: pd.Series,
    customers: pd.Series,
    times: pd.Series,
    amounts: pd.Series,
    lines: np.ndarray,
    labels: Mapping[str, pd.Series] | None = None,
) -> tuple[pd.DataFrame, np.ndarray]:
    """Return the refunds of the marked cancellation ``lines`` and which lines they came from.

    A line whose time or amount cannot be read is no refund (it stays a dropped
    ``cancellation_invoice`` row). Amounts are negative whatever sign the line wrote. ``labels``
    (a subset of :data:`REFUND_LABELS`: each line's store or channel cell) become columns of the
    refunds, trimmed with an empty cell missing, as the orders have them.

    Examples
    --------
    >>> ids = pd.Series(["1", "C2", "C3"], dtype="str")
    >>> times = pd.Series(pd.to_datetime(["2025-01-01 10:00", "2025-01-02 09:00", None]))
    >>> refunds, used = refund_lines(ids, pd.Series(["a", "a", "b"], dtype="str"), times,
    ...                              pd.Series([5.0, -3.0, -1.0]), np.array([False, True, True]))
    >>> refunds[["order_id", "amount"]].to_numpy().tolist(), used.tolist()
    ([['C2', -3.0]], [False, True, False])
    """
    time = times.to_numpy(dtype="datetime64[ns]")
    amount = amounts.to_numpy(dtype="float64")
    used = np.asarray(lines, dtype=bool) & ~np.isnat(time) & np.isfinite(amount)
    if not used.any():
        return empty_refunds(), used
    at = np.flatnonzero(used)
    when = time[at]

    def text(values: pd.Series) -> pd.api.extensions.ExtensionArray:
        return pd.array(values.iloc[at].astype("str").to_numpy(dtype=object), dtype="str")

    columns = {
        "order_id": text(ids),
        "customer_id": text(customers),
        "order_time": when,
        "order_day": when.astype("datetime64[D]").astype("datetime64[ns]"),
        "amount": -np.abs(amount[at]),
    }
    for field, values in (labels or {}).items():
        if field in REFUND_LABELS:
            columns[field] = text_column(values.iloc[at].to_frame(field), field).array
    return pd.DataFrame(columns), used
