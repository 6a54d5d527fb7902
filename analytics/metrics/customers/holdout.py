"""Holdout check: fit the BG/NBD model up to a date, then compare its forecast with what happened.

The manager's question is "can I trust the predicted purchases?". Customers who had bought by the
calibration end are grouped by their repeat purchases in the calibration period (0, 1, ...,
``max_bucket``+); per group the model's mean predicted purchase days over the holdout period sit
next to the mean actual ones, and two error figures summarise the whole: the mean absolute error
per customer and the relative error of the total.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analytics.errors import ArgumentError
from analytics.metrics.customers.bgnbd import BGNBDFit, fit_bgnbd
from analytics.metrics.customers.summary import customer_summary
from analytics.metrics.purchases import PurchaseLog, day_number


@dataclass(frozen=True)
class HoldoutBucket:
    """Customers with ``frequency`` repeat purchases in calibration (``frequency+`` for the last)."""

    frequency: int
    open_ended: bool
    customers: int
    predicted: float
    actual: float

    def to_dict(self) -> dict[str, object]:
        """Return the JSON form; ``frequency`` is a label such as ``"7+"`` for the last bucket."""
        label = f"{self.frequency}+" if self.open_ended else str(self.frequency)
        return {
            "frequency": label,
            "customers": self.customers,
            "predicted": self.predicted,
            "actual": self.actual,
        }


@dataclass(frozen=True, eq=False)
class HoldoutCheck:
    """Predicted against actual purchase days after the calibration end."""

    calibration_end: pd.Timestamp
    holdout_end: pd.Timestamp
    time_unit: str
    horizon: float  # holdout length in time units
    fit: BGNBDFit
    buckets: tuple[HoldoutBucket, ...]
    customers: int
    predicted_total: float
    actual_total: int
    mean_absolute_error: float

    @property
    def total_relative_error(self) -> float:
        """Return (predicted - actual) / actual over all customers (NaN when nobody bought)."""
        return (
            (self.predicted_total - self.actual_total) / self.actual_total
            if self.actual_total
            else float("nan")
        )

    def to_dict(self) -> dict[str, object]:
        """Return the JSON form: period, fit, buckets and the two error figures."""
        relative = self.total_relative_error
        return {
            "calibration_end": self.calibration_end.strftime("%Y-%m-%d"),
            "holdout_end": self.holdout_end.strftime("%Y-%m-%d"),
            "time_unit": self.time_unit,
            "horizon": self.horizon,
            "customers": self.customers,
            "predicted": self.predicted_total,
            "actual": self.actual_total,
            "mean_absolute_error": self.mean_absolute_error,
            "total_relative_error": None if np.isnan(relative) else relative,
            "buckets": [bucket.to_dict() for bucket in self.buckets],
        }


def holdout_check(
    orders: pd.DataFrame,
    *,
    calibration_end: pd.Timestamp | str,
    holdout_end: pd.Timestamp | str | None = None,
    time_unit: str = "W",
    max_bucket: int = 7,
    log: PurchaseLog | None = None,
    id_order: np.ndarray | None = None,
) -> HoldoutCheck:
    """Calibrate BG/NBD on orders up to ``calibration_end`` and test it on the days after.

    Parameters
    ----------
    orders
        Canonical orders frame.
    calibration_end
        Last day of the calibration period (inclusive).
    holdout_end
        Last day of the holdout period (inclusive); defaults to the data's last order day.
    time_unit
        Time unit of the fit (``"D"``, ``"W"`` or ``"M"``).
    max_bucket
        Calibration frequencies from this value up share the last bucket.
    log
        The purchase log of ``orders`` when the caller has it (saves building it again).
    id_order
        The log's customer codes in id order when the caller has them (a later summary's
        ``codes``, see :func:`~analytics.metrics.customers.summary.customer_summary`).

    Raises
    ------
    ArgumentError
        ``customers.no_holdout_period`` when nothing lies after the calibration end, and the
        fit's own errors (too few repeat customers, too short a history).
    """
    log = PurchaseLog.from_orders(orders) if log is None else log
    summary = customer_summary(
        orders, calibration_end=calibration_end, time_unit=time_unit, log=log, id_order=id_order
    )
    end = day_number(summary.calibration_end)
    last = log.last_day if holdout_end is None else day_number(pd.Timestamp(holdout_end))
    if last <= end:
        raise ArgumentError(
            "customers.no_holdout_period",
            calibration_end=summary.calibration_end.date(),
            last_day=pd.Timestamp(np.datetime64(last, "D")).date(),
        )
    fit = fit_bgnbd(summary)
    customers = summary.customers
    horizon = (last - end) / summary.unit_days
    predicted = fit.expected_purchases(
        horizon,
        customers["frequency"].to_numpy(),
        customers["recency"].to_numpy(),
        customers["T"].to_numpy(),
    )
    after = (log.pair_day > end) & (log.pair_day <= last)
    actual_by_code = np.bincount(log.pair_code[after], minlength=log.n_customers)
    actual = actual_by_code[summary.codes]  # the summary was read from this log
    bucket = np.minimum(customers["frequency"].to_numpy(), max_bucket)
    buckets = []
    for value in range(max_bucket + 1):
        mask = bucket == value
        count = int(mask.sum())
        if count:
            buckets.append(
                HoldoutBucket(
                    frequency=value,
                    open_ended=value == max_bucket,
                    customers=count,
                    predicted=float(predicted[mask].mean()),
                    actual=float(actual[mask].mean()),
                )
            )
    return HoldoutCheck(
        calibration_end=summary.calibration_end,
        holdout_end=pd.Timestamp(np.datetime64(last, "D")),
        time_unit=time_unit,
        horizon=float(horizon),
        fit=fit,
        buckets=tuple(buckets),
        customers=len(customers),
        predicted_total=float(predicted.sum()),
        actual_total=int(actual.sum()),
        mean_absolute_error=float(np.abs(predicted - actual).mean()),
    )
