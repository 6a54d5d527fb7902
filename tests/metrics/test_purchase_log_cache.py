"""The purchase-day log is built once per orders frame and rebuilt when its inputs change."""

from analytics.frames import orders_frame
from analytics.metrics.purchases import PurchaseLog


def test_log_is_reused_for_the_same_frame_and_rebuilt_when_a_column_is_replaced():
    orders = orders_frame(customer_id=["a", "a", "b"], order_day=["2025-01-02", "2025-01-03", "2025-01-03"])
    first = PurchaseLog.from_orders(orders)
    assert PurchaseLog.from_orders(orders) is first
    orders["amount"] = orders["amount"] * 2
    rebuilt = PurchaseLog.from_orders(orders)
    assert rebuilt is not first
    # Each order's amount doubled: the rebuilt log sees the new values, 2 x the frame's default.
    assert rebuilt.amount.tolist() == (first.amount * 2).tolist()
    # A filtered frame is another dataset: a's two purchase days only.
    assert PurchaseLog.from_orders(orders[orders["customer_id"] == "a"]).pair_day.size == 2
