"""The refunds of a period: refund lines (cancellation invoices) taken on the day they happen.

One result, :class:`PeriodRefunds`, tells every reader (the Overview's sales card, the meeting
pack's cover, workbook and monthly table, ``summarize``) both the figure and whether to show it,
so a page and the pack cannot disagree on either.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analytics.metrics.period import Period


@dataclass(frozen=True)
class PeriodRefunds:
    """The money refunded in a period by refund lines, and whether the figures' source records them.

    Parameters
    ----------
    amount
        Money refunded in the period, positive; None when unknown: the figures come from a source
        that keeps no refund lines (a stored history) or from a selection a refund line cannot
        follow (a store or channel: a refund line names none).
    lines
        Refund lines whose day is in the period.
    recorded
        Whether the source holds refund lines at all (in any period). A file without any (a
        Taobao export records a refund on its order, which is then net or dropped) has nothing
        to say about refunds, so its 0 is not shown; a file with some shows a period's 0.
    """

    amount: float | None
    lines: int = 0
    recorded: bool = False

    @property
    def shown(self) -> bool:
        """Return True when readers show the period's refunds and net sales next to its sales."""
        return self.amount is not None and self.recorded

    def net(self, sales: float) -> float | None:
        """Return ``sales`` less the period's refunds (net sales), None when refunds are unknown."""
        return None if self.amount is None else sales - self.amount


# Refunds of figures whose source keeps no refund lines (a history) or that refund lines cannot follow.
UNKNOWN_REFUNDS = PeriodRefunds(None)


def period_refunds(refunds: pd.DataFrame | None, period: Period) -> PeriodRefunds:
    """Return the refunds made in ``period``: the refund lines whose day is in it, as a positive sum.

    A refund line (``amount`` < 0, see :mod:`analytics.loading.refunds`) names no original order, so
    it subtracts from the sales of the day it happens: a period's net sales are its sales less the
    refunds made in it. Guests' refunds count, as guests' orders count in sales. ``refunds`` None
    means the source keeps no refund lines (unknown, :data:`UNKNOWN_REFUNDS`); an empty frame means
    it records them and there are none (0, not shown: nothing to say).

    Examples
    --------
    >>> refunds = pd.DataFrame({"order_day": pd.to_datetime(["2025-01-01", "2025-01-03", "2025-01-09"]),
    ...                         "amount": [-5.0, -2.5, -100.0]})
    >>> week = period_refunds(refunds, Period(pd.Timestamp("2025-01-01"), pd.Timestamp("2025-01-07")))
    >>> week.amount, week.lines, week.shown, week.net(20.0)
    (7.5, 2, True, 12.5)
    """
    if refunds is None:
        return UNKNOWN_REFUNDS
    if len(refunds) == 0:
        return PeriodRefunds(0.0)
    days = refunds["order_day"].to_numpy(dtype="datetime64[ns]")
    inside = (days >= period.start.to_datetime64()) & (days <= period.end.to_datetime64())
    # Amounts are negative; the figure is the money given back, written positive.
    amount = float(np.abs(refunds["amount"].to_numpy(dtype="float64")[inside]).sum())
    return PeriodRefunds(amount, int(inside.sum()), recorded=True)
