"""Telling orders from member and campaign lists (analytics.loading.detect)."""

from __future__ import annotations

import pytest

from analytics.errors import MappingError
from analytics.loading import detect_kind
from tests.loading.loading_helpers import csv_bytes

RETAIL_HEADER = [
    "InvoiceNo", "StockCode", "Description", "Quantity", "InvoiceDate", "UnitPrice", "CustomerID", "Country",
]  # fmt: skip


def test_detect_kind():
    assert (
        detect_kind(("o.csv", csv_bytes(["订单号", "下单时间", "实付金额"], [["1", "2025-01-01", "1"]])))
        == "orders"
    )
    assert detect_kind(("r.csv", csv_bytes(RETAIL_HEADER, [["1"] * 8]))) == "orders"
    assert detect_kind(("m.csv", csv_bytes(["会员名", "会员等级"], [["a", "VIP会员"]]))) == "members"
    assert detect_kind(("c.csv", csv_bytes(["customer id", "group"], [["a", "treatment"]]))) == "campaign"
    with pytest.raises(MappingError) as info:
        detect_kind(("z.csv", csv_bytes(["foo", "bar"], [["1", "2"]])))
    assert info.value.code == "loading.unknown_kind"
    assert dict(info.value.params) == {"file": "z.csv", "headers": ["foo", "bar"]}
    assert "cannot tell" in str(info.value)
