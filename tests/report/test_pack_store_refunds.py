"""Refunds under a store filter: each refund line keeps its store and channel, as the orders do.

With a store or channel chosen in the sidebar, neither the Overview's sales card nor the meeting
pack showed refunds (a refund line named no store), so page and pack agreed, on nothing. Now a
store's refunds sit next to its sales (``ui.summaries.refund_lines`` takes the chosen stores' and
channels' lines; the page test is in tests/pages/test_store_refunds_page.py).
"""

from __future__ import annotations

import pandas as pd
import pytest

from analytics.loading import load_orders
from analytics.metrics.period import Period
from analytics.metrics.summary import summarize

# A two-store export in Online Retail's shape: each store has an order and a cancellation invoice.
EXPORT = """InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country,Store
536365,85123A,MUG,6,2011-11-01 08:26,2.55,17850,United Kingdom,North
536366,22633,CUP,6,2011-11-02 08:28,1.85,17851,United Kingdom,South
536367,22632,BOWL,10,2011-11-03 09:00,3.00,17852,United Kingdom,North
C536368,85123A,MUG,-2,2011-11-05 10:00,2.55,17850,United Kingdom,North
C536369,22633,CUP,-3,2011-11-06 10:00,1.85,17851,United Kingdom,South
"""


def test_a_stores_refunds_follow_its_sales(tmp_path):
    path = tmp_path / "two_stores.csv"
    path.write_text(EXPORT, encoding="utf-8")
    load = load_orders([path])
    assert "store" in load.refunds.columns  # today: order_id, customer_id, order_time, order_day, amount
    north = load.orders[load.orders["store"] == "North"]
    north_refunds = load.refunds[load.refunds["store"] == "North"]
    period = Period(pd.Timestamp("2011-11-01"), pd.Timestamp("2011-11-30"))
    summary = summarize(north, period=period, refunds=north_refunds)
    # North: sales 6 x 2.55 + 10 x 3.00 = 45.30, refunded 2 x 2.55 = 5.10 (South's 5.55 is not North's).
    assert summary.refund.shown
    assert summary.refunds == pytest.approx(5.10)
    assert summary.net_sales == pytest.approx(45.30 - 5.10)
