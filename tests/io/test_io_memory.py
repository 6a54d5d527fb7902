"""Loading allocates Arrow memory from the C library's allocator and gives the default pool back after."""

from __future__ import annotations

import pyarrow as pa
import pytest

from analytics.errors import FileFormatError
from analytics.io import memory
from analytics.loading import load_orders


def test_the_default_pool_is_the_system_one_while_loading_and_restored_after() -> None:
    outside = pa.default_memory_pool().backend_name
    with memory.loading_memory():
        inside = pa.default_memory_pool().backend_name
        with memory.loading_memory():
            assert pa.default_memory_pool().backend_name == inside
        # The inner context leaves the outer one's pool in place.
        assert pa.default_memory_pool().backend_name == inside
        memory.release_freed_memory()
    assert pa.default_memory_pool().backend_name == outside
    if memory._MALLOC_TRIM is not None:
        assert inside == "system"


def test_a_failed_load_restores_the_default_pool() -> None:
    outside = pa.default_memory_pool().backend_name
    with pytest.raises(FileFormatError):
        load_orders([("orders.csv", b"")])
    assert pa.default_memory_pool().backend_name == outside


def test_orders_loaded_stay_readable_after_the_pool_is_restored() -> None:
    load = load_orders([("orders.csv", b"order_id,order_time,customer_id,amount\n1,2025-01-01,c1,12.50\n")])
    assert pa.default_memory_pool().backend_name != "" and load.orders["customer_id"].tolist() == ["c1"]
    # 12.50 paid on the one order.
    assert float(load.orders["amount"].sum()) == 12.5
