"""The customer codes the loader hands on: ``pandas.factorize`` of the orders' customer ids.

The loader hashes the ids on another thread while it checks the rows (``OrdersLoad.customer_codes``)
so a purchase log need not hash them again; the codes must be exactly what factorizing the loaded
orders gives, whichever rows were dropped, and absent where rows do not map one to one to orders.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from analytics.loading import load_orders
from analytics.loading.ids import codes_of_rows, customer_codes
from analytics.metrics.orderbook import Orders
from analytics.metrics.purchases import PurchaseLog
from tests.loading.loading_helpers import csv_bytes

HEADER = ["订单号", "客户ID", "下单时间", "金额", "订单状态"]
# What a row may be: kept, or dropped for one reason or another before or after the order checks.
KINDS = ["ok", "ok", "ok", "guest", "cancelled", "bad_date", "bad_amount", "negative", "blank", "dup_id"]
# The cell each kind writes: (column, value).
EDITS = {
    "guest": (1, ""),
    "cancelled": (4, "交易关闭"),
    "bad_date": (2, "not a date"),
    "bad_amount": (3, "n/a?"),
    "negative": (3, "-3"),
    "dup_id": (0, "o0"),
}


def assert_factorized(codes: tuple[np.ndarray, pd.Index], keys: pd.Series) -> None:
    expected_code, expected_ids = pd.factorize(keys)
    code, ids = codes
    assert code.dtype == np.int64
    assert code.tolist() == expected_code.tolist()
    assert ids.tolist() == list(expected_ids)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(KINDS), st.integers(0, 6)), min_size=1, max_size=40))
def test_loaded_codes_are_the_orders_customer_ids_factorized(rows_drawn):
    rows = []
    for i, (kind, customer) in enumerate(rows_drawn):
        row = [f"o{i}", f"c{customer}", f"2025-01-{i % 28 + 1:02d} 10:00", "10.00", "交易成功"]
        if kind in EDITS:
            at, value = EDITS[kind]
            row[at] = value
        rows.append([""] * len(HEADER) if kind == "blank" else row)
    load = load_orders([("p.csv", csv_bytes(HEADER, rows))])
    assert load.customer_codes is not None
    assert_factorized(load.customer_codes, load.orders["customer_id"])
    assert load.to_dict()["customers"] == load.orders["customer_id"].nunique()
    # The log built from them is the one built by hashing the ids.
    given_codes = Orders(load.orders, customers=load.customer_codes).log
    hashed = PurchaseLog.from_orders(load.orders)
    for name in ("code", "pair_code", "pair_day", "first_day", "second_day", "day", "amount"):
        assert np.array_equal(getattr(given_codes, name), getattr(hashed, name)), name
    assert list(given_codes.customer_ids) == list(hashed.customer_ids)


@given(
    st.lists(st.one_of(st.none(), st.sampled_from(["a", "b", "c", "d", "e"])), max_size=30),
    st.data(),
)
def test_codes_of_some_rows_are_those_rows_factorized(keys, data):
    series = pd.Series(keys, dtype="str")
    rows = np.array(
        sorted(data.draw(st.sets(st.integers(0, max(len(keys) - 1, 0))))) if keys else [], dtype=np.int64
    )
    assert_factorized(codes_of_rows(customer_codes(series), rows), series.iloc[rows].reset_index(drop=True))
    assert_factorized(codes_of_rows(customer_codes(series), None), series)


def test_no_codes_where_rows_are_not_orders_one_to_one():
    lines = csv_bytes(
        ["Name", "Email", "Created at", "Total", "Lineitem name", "Lineitem quantity", "Lineitem price"],
        [
            ["#1001", "c1", "2025-01-01 10:00", "30", "A", "1", "10"],
            ["#1001", "c1", "2025-01-01 10:00", "", "B", "1", "20"],
            ["#1002", "c2", "2025-01-02 10:00", "5", "A", "1", "5"],
        ],
    )
    load = load_orders([("orders_export.csv", lines)])
    assert load.files[0].line_items and load.customer_codes is None
    one = csv_bytes(HEADER, [["o1", "c1", "2025-01-01", "3", "交易成功"]])
    two = csv_bytes(HEADER, [["o2", "c2", "2025-01-02", "4", "交易成功"]])
    assert load_orders([("a.csv", one), ("b.csv", two)]).customer_codes is None


@given(
    st.lists(
        st.one_of(
            st.none(),
            st.sampled_from(["a", "ab", "12345678", "123456789", "客户", "a\x00", "a\x00b", "", "x" * 8]),
            st.text(max_size=10),
        ),
        max_size=40,
    )
)
@example(["a", "a\x00", "b", None, "a"])  # equal as integers: the NUL sends them to text hashing
def test_short_and_long_ids_are_coded_as_factorize_codes_them(keys):
    # Ids of up to 8 bytes are hashed as integers, longer ones (or any holding a NUL) as text.
    series = pd.Series(keys, dtype="str")
    assert_factorized(customer_codes(series), series)
    _, ids = customer_codes(series)
    assert ids.dtype == pd.factorize(series)[1].dtype
