"""The optional ``item`` column: the product of an order (its first line's in a line-item export)."""

from __future__ import annotations

from analytics.loading import load_orders
from tests.loading.loading_helpers import assert_accounted, assert_canonical, write_csv


def test_line_item_export_keeps_the_first_lines_item_per_order(tmp_path):
    # Order #1 has two lines (mug, then blanket): its item is the first line's, the mug.
    path = write_csv(
        tmp_path / "shopify.csv",
        ["Name", "Email", "Financial Status", "Created at", "Total", "Lineitem quantity", "Lineitem name"],
        [
            ["#1", "a@example.com", "paid", "2025-01-02 10:00", "30", "1", "Mug"],
            ["#1", "a@example.com", "", "2025-01-02 10:00", "", "1", "Blanket"],
            ["#2", "b@example.com", "paid", "2025-01-03 11:00", "12", "2", "Blanket"],
        ],
    )
    load = load_orders([path])
    assert_accounted(load)
    assert_canonical(load.orders)
    assert load.files[0].mapping["item"] == "Lineitem name"
    assert load.orders.sort_values("order_id")["item"].tolist() == ["Mug", "Blanket"]
    # The roll-up is unchanged by the item: 30 and 12 (the total on #1's first line, taken once).
    assert load.orders.sort_values("order_id")["amount"].tolist() == [30.0, 12.0]


def test_order_level_taobao_title_is_the_item_and_no_title_means_no_column(tmp_path):
    titled = write_csv(
        tmp_path / "taobao.csv",
        ["订单编号", "买家会员名", "买家实际支付金额", "订单付款时间", "宝贝标题"],
        [["1", "小明", "20", "2025-01-02 10:00:00", "北欧风抱枕套"]],
    )
    plain = write_csv(
        tmp_path / "plain.csv",
        ["订单编号", "买家会员名", "买家实际支付金额", "订单付款时间"],
        [["1", "小明", "20", "2025-01-02 10:00:00"]],
    )
    assert load_orders([titled]).orders["item"].tolist() == ["北欧风抱枕套"]
    assert "item" not in load_orders([plain]).orders.columns
