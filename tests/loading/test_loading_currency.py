"""The optional ``currency`` column: the currency an export states per order (Shopify's "Currency", 币种)."""

from __future__ import annotations

from analytics.loading import load_orders
from tests.loading.loading_helpers import assert_accounted, assert_canonical, write_csv


def test_shopify_currency_column_is_kept_per_order(tmp_path):
    # Two line rows of #1 roll up into one order: its currency is the first line's, USD.
    path = write_csv(
        tmp_path / "shopify.csv",
        ["Name", "Email", "Financial Status", "Created at", "Total", "Currency", "Lineitem name"],
        [
            ["#1", "a@example.com", "paid", "2025-01-02 10:00", "30", "USD", "Mug"],
            ["#1", "a@example.com", "", "2025-01-02 10:00", "", "USD", "Blanket"],
            ["#2", "b@example.com", "paid", "2025-01-03 11:00", "12", "USD", "Blanket"],
        ],
    )
    load = load_orders([path])
    assert_accounted(load)
    assert_canonical(load.orders)
    assert load.files[0].mapping["currency"] == "Currency"
    assert load.orders["currency"].tolist() == ["USD", "USD"]


def test_chinese_currency_header_and_no_header_means_no_column(tmp_path):
    stated = write_csv(
        tmp_path / "pos.csv",
        ["订单编号", "买家会员名", "买家实际支付金额", "订单付款时间", "币种"],
        [["1", "小明", "20", "2025-01-02 10:00:00", "HKD"]],
    )
    plain = write_csv(
        tmp_path / "plain.csv",
        ["订单编号", "买家会员名", "买家实际支付金额", "订单付款时间"],
        [["1", "小明", "20", "2025-01-02 10:00:00"]],
    )
    assert load_orders([stated]).orders["currency"].tolist() == ["HKD"]
    assert "currency" not in load_orders([plain]).orders.columns
