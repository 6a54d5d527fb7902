"""Each row's status -> drop reason (analytics.loading.statuses)."""

from __future__ import annotations

import pandas as pd

from analytics.loading.statuses import row_statuses


def _frame(**columns: list[str | None]) -> pd.DataFrame:
    return pd.DataFrame({k: pd.Series(v, dtype="str") for k, v in columns.items()})


def test_payment_status_is_read_before_the_order_status():
    # row 0: paid but order closed -> the payment status (valid) leaves the order status to decide
    # row 1: refunded payment wins over a completed order status
    frame = _frame(fin=["paid", "refunded", None], st=["交易关闭", "completed", "待付款"])
    found = row_statuses(
        frame, {"financial_status": "fin", "status": "st"}, pd.Series(True, index=frame.index)
    )
    assert found.reason.tolist()[:3] == ["cancelled", "refunded", "unpaid"]
    assert found.unknown == {}


def test_a_filled_cancellation_time_cancels_an_order_without_status_reason():
    frame = _frame(st=["paid", "refunded", "paid"], cancelled=[None, "2025-01-02", "2025-01-03"])
    found = row_statuses(
        frame, {"status": "st", "cancelled_at": "cancelled"}, pd.Series(True, index=frame.index)
    )
    assert [None if pd.isna(r) else r for r in found.reason] == [None, "refunded", "cancelled"]


def test_only_open_rows_are_read_and_unknown_statuses_are_counted():
    frame = _frame(st=["weird", "weird", "weird", "paid"])
    open_rows = pd.Series([True, True, False, True])
    found = row_statuses(frame, {"status": "st"}, open_rows)
    assert found.unknown == {"weird": 2}
    assert found.reason.isna().all() and found.reason.index.equals(frame.index)


def test_without_status_columns_every_row_is_valid():
    frame = _frame(a=["1", "2"])
    found = row_statuses(frame, {}, pd.Series(True, index=frame.index))
    assert found.reason.isna().all() and found.unknown == {}
