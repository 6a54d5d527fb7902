"""Refund lines (Online Retail cancellation invoices): subtracted from sales on their own day, rows used."""

from __future__ import annotations

import gzip

import numpy as np
import pandas as pd
import pytest

from analytics.frames import orders_frame
from analytics.loading import load_orders
from analytics.metrics.customers.summary import customer_summary
from tests.loading.loading_helpers import assert_accounted, csv_bytes
from tests.loading.test_loading_orders import RETAIL_HEADER as HEADER
from tests.uci_data import uci_load


def test_cancellation_lines_are_refunds_on_their_own_day_and_a_copy_refunds_once():
    rows = [
        ["536365", "A", "HEART", "2", "12/1/2010 8:26", "10", "17850", "UK"],  # 20.00
        ["536366", "B", "LANTERN", "1", "12/2/2010 9:00", "5", "17850", "UK"],  # 5.00
        ["C536367", "A", "HEART", "-1", "12/3/2010 10:00", "10", "17850", "UK"],  # -10.00, Dec 3
        ["C536367", "A", "HEART", "-1", "12/3/2010 10:00", "10", "17850", "UK"],  # the same line again
        ["C536368", "B", "LANTERN", "-1", "12/4/2010 11:00", "5", "", "UK"],  # a guest's refund, -5.00
        ["C536369", "B", "LANTERN", "-1", "not a date", "5", "17850", "UK"],  # unreadable: no refund
    ]
    load = load_orders([("retail.csv", csv_bytes(HEADER, rows))])
    assert_accounted(load)
    # 6 rows: 2 orders + 2 refunds used; the copy is a duplicate row; the unreadable cancellation
    # line stays a dropped cancellation invoice.
    assert load.rows_used == 4 and load.files[0].refund_rows == 2
    assert load.dropped == {"duplicate_row": 1, "cancellation_invoice": 1}
    refunds = load.refunds
    assert refunds["amount"].tolist() == [-10.0, -5.0]
    assert refunds["order_day"].dt.strftime("%Y-%m-%d").tolist() == ["2010-12-03", "2010-12-04"]
    assert refunds["customer_id"].iloc[0] == "17850" and pd.isna(refunds["customer_id"].iloc[1])
    # Refunds are no orders: 2 orders, 2 purchase days. Sales 25, refunds 15, net 10.
    summary = load.to_dict()
    assert (summary["orders"], summary["sales"], summary["refunds"], summary["net_sales"]) == (
        2,
        25.0,
        15.0,
        10.0,
    )


def test_customer_value_is_net_of_refunds_up_to_the_calibration_end():
    orders = orders_frame(
        customer_id=["a", "a", "b"],
        order_day=["2025-01-01", "2025-01-10", "2025-01-05"],
        amount=[100.0, 50.0, 30.0],
    )
    refunds = pd.DataFrame(
        {
            "customer_id": pd.array(["a", "a", None], dtype="str"),
            "order_day": pd.to_datetime(["2025-01-03", "2025-02-01", "2025-01-04"]),
            "amount": [-40.0, -50.0, -9.0],
        }
    )
    c = customer_summary(orders, calibration_end="2025-01-20", refunds=refunds).customers
    # a: 150 bought, 40 refunded by Jan 20 (the Feb 1 refund is later) -> 110; b: nothing refunded.
    assert c["refunds"].tolist() == [40.0, 0.0] and c["sales"].tolist() == [110.0, 30.0]
    # The models' spend per repeat purchase day stays the purchases': a's second day, 50.
    assert c.loc["a", "monetary_value"] == 50.0 and c.loc["a", "purchase_days"] == 2


@pytest.mark.slow
def test_uci_net_sales_equal_sales_less_the_cancellation_invoices(uci_path):
    load = uci_load()  # load_orders([uci_path]), loaded once per test process
    assert_accounted(load)
    # Independent, plain pandas: exact duplicate lines are one line; invoices without a C are
    # purchases (a negative invoice total is no purchase); C invoices' lines are refunds.
    with gzip.open(uci_path, "rt", encoding="utf-8") as handle:
        raw = pd.read_csv(handle, dtype=str, keep_default_na=False).drop_duplicates()
    line = raw["Quantity"].astype(float) * raw["UnitPrice"].astype(float)
    cancelled = raw["InvoiceNo"].str.startswith("C")
    invoices = line[~cancelled].groupby(raw.loc[~cancelled, "InvoiceNo"]).sum()
    sales = invoices[invoices >= 0].sum()
    refunds = -line[cancelled].sum()
    figures = load.to_dict()
    assert figures["sales"] == pytest.approx(sales, abs=0.01)
    assert figures["refunds"] == pytest.approx(refunds, abs=0.01) and int(cancelled.sum()) == len(
        load.refunds
    )
    assert figures["net_sales"] == pytest.approx(sales - refunds, abs=0.01)
    assert np.isclose(figures["net_sales"], 9_748_131.07)
