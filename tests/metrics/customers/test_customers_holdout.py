"""Holdout check: calibrate, predict, compare with what happened after the calibration end."""

from __future__ import annotations

import pytest

from analytics.errors import ArgumentError
from analytics.metrics.customers.holdout import holdout_check


def test_holdout_on_model_generated_data_is_close(synthetic_orders):
    orders = synthetic_orders()
    check = holdout_check(orders, calibration_end="2024-09-30", holdout_end="2024-12-29", time_unit="W")
    # 2024-09-30 .. 2024-12-29 is 90 days after the calibration end = 90/7 weeks
    assert check.horizon == pytest.approx(90 / 7)
    assert sum(b.customers for b in check.buckets) == check.customers
    assert abs(check.total_relative_error) < 0.2
    assert check.mean_absolute_error >= 0
    payload = check.to_dict()
    assert payload["buckets"][-1]["frequency"] == "7+"
    assert payload["calibration_end"] == "2024-09-30"


def test_no_holdout_period_is_refused(synthetic_orders):
    orders = synthetic_orders(customers=300)
    last = orders["order_day"].max()
    with pytest.raises(ArgumentError) as error:
        holdout_check(orders, calibration_end=last)
    assert error.value.code == "customers.no_holdout_period"
