"""Reading the history back: the canonical orders frame with its dtypes and optional columns."""

from __future__ import annotations

import pandas as pd
from store_helpers import orders_of

from analytics.store import history_orders, ingest_frame


def test_read_back_restores_canonical_dtypes_and_optional_columns(tmp_path):
    db = tmp_path / "h.sqlite"
    week = orders_of(
        ["o1", "o2"],
        ["a", None],
        ["2025-01-06 10:00:01.250000", "2025-01-07 13:14:15"],
        [10.5, 0.0],
        quantity=[2.0, None],
        store=["北京店", "北京店"],
        channel=["app", None],
        is_member=pd.array([True, None], dtype="boolean"),
        tier=["VIP会员", None],
    )
    week = week.astype(
        {"store": "str", "channel": "str", "tier": "str", "quantity": "float64", "is_member": "boolean"}
    )
    ingest_frame(db, week, file_name="w.xlsx")
    back = history_orders(db)
    pd.testing.assert_frame_equal(back, week)
    assert back["customer_id"].isna().tolist() == [False, True]
