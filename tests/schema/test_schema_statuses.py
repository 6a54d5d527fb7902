"""Order statuses -> drop reasons (analytics.schema.statuses)."""

from __future__ import annotations

import pandas as pd
import pytest

from analytics.schema import status_reasons


@pytest.mark.parametrize(
    ("status", "reason"),
    [
        ("交易成功", None),
        ("卖家已发货，等待买家确认", None),
        ("买家已付款,等待卖家发货", None),
        ("交易完成", None),
        ("交易关闭", "cancelled"),
        ("等待买家付款", "unpaid"),
        ("退款成功", "refunded"),
        ("全额退款", "refunded"),
        ("paid", None),
        ("partially_paid", None),
        ("partially_refunded", None),
        ("refunded", "refunded"),
        ("voided", "cancelled"),
        ("pending", "unpaid"),
        ("authorized", "unpaid"),
        ("Completed", None),
        ("wc-processing", None),
        ("Cancelled", "cancelled"),
        ("failed", "cancelled"),
        ("on-hold", "unpaid"),
    ],
)
def test_status_reasons(status, reason):
    found, unknown = status_reasons(pd.Series([status], dtype="str"))
    assert (None if pd.isna(found.iloc[0]) else found.iloc[0]) == reason
    assert unknown == {}


def test_unknown_statuses_are_kept_but_reported():
    found, unknown = status_reasons(pd.Series(["神秘状态", "神秘状态", "paid", None], dtype="str"))
    assert found.isna().all()
    assert unknown == {"神秘状态": 2}
