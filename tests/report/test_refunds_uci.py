"""UCI Online Retail: the pack, ``summarize --json`` and the Overview give the same refunds and net sales.

The file's cancellation invoices (C...) are its refund lines. Over the whole file (2010-12-01 to
2011-12-09): sales 10,642,110.80, refunds 893,979.73, net sales 9,748,131.07, checked against a
reading of the raw lines without ``analytics`` (tests/metrics/test_uci.py).
"""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook
from streamlit.testing.v1 import AppTest

from analytics.cli.main import main
from analytics.metrics.period import Period
from analytics.report import ReportInputs, RowAccounting, build_content
from analytics.report.pdf import _cards
from analytics.report.text import Texts
from analytics.report.xlsx import report_xlsx
from tests.metrics.test_uci import _independent_orders, _independent_refunds, _raw

pytestmark = [pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
WHOLE = Period(pd.Timestamp("2010-12-01"), pd.Timestamp("2011-12-09"))


@pytest.fixture(scope="module")
def uci(uci_load):
    load = uci_load
    inputs = ReportInputs(
        orders=load.orders,
        shop="Online Retail",
        accounting=RowAccounting(load.rows_read, load.rows_used, dict(load.dropped)),
        refunds=load.refunds,
    )
    return inputs, build_content(inputs, period=WHOLE, compare="none")


def test_whole_file_refunds_equal_an_independent_reading(uci, uci_path):
    _, content = uci
    summary = content.summary
    raw = _raw(uci_path)
    refunds = _independent_refunds(raw)
    sales = float(_independent_orders(raw)["amount"].sum())
    assert (round(summary.sales, 2), round(summary.refunds, 2), round(summary.net_sales, 2)) == (
        10_642_110.80,
        893_979.73,
        9_748_131.07,
    )
    assert summary.refunds == pytest.approx(refunds, abs=0.01)
    assert summary.net_sales == pytest.approx(sales - refunds, abs=0.01)
    # Every refund line is one row used: 9,251 of the 536,639.
    assert content.refund_rows == 9_251 and content.accounting.rows_used == 536_639
    # The monthly table's refunds add up to the whole file's (every refund falls on a covered day).
    monthly = content.section("monthly").tables[0]
    assert sum(monthly.column("refunds")) == pytest.approx(summary.refunds, abs=0.01)
    assert sum(monthly.column("net_sales")) == pytest.approx(summary.net_sales, abs=0.01)


def test_summarize_json_and_the_workbook_agree(uci, uci_path, capsys):
    inputs, content = uci
    assert main(["summarize", str(uci_path), "--start", "2010-12-01", "--end", "2011-12-09", "--json"]) == 0
    summarized = json.loads(capsys.readouterr().out)
    # The workbook of the fixture's content: build_report would compute the same content from the
    # same inputs, period and comparison again (the metrics over the whole file, the slow part).
    book = load_workbook(io.BytesIO(report_xlsx(content, Texts("en", inputs.currency))))
    cells = {row[0]: row[1] for row in book.worksheets[0].iter_rows(values_only=True) if row[0]}
    summary = content.summary
    for key, label, figure in (
        ("sales", "Sales", summary.sales),
        ("refunds", "Refunds", summary.refunds),
        ("net_sales", "Net sales", summary.net_sales),
    ):
        assert summarized[key] == pytest.approx(figure, abs=0.01), key
        assert cells[label] == pytest.approx(figure, abs=0.01), key


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_overview_writes_the_covers_refunds_line(uci, uci_path, lang):
    _, content = uci
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=300)
    at.query_params["lang"] = lang
    at.run()
    at.file_uploader(key="uploader").set_value([(uci_path.name, uci_path.read_bytes(), "application/gzip")])
    at.run()
    at.selectbox(key=f"period_preset_{lang}").set_value("custom").run()
    at.date_input(key="period_custom").set_value((dt.date(2010, 12, 1), dt.date(2011, 12, 9))).run()
    assert not at.exception, [e.value for e in at.exception]
    # The Overview states no currency for this file (its headers name none): the cover likewise.
    (sales,) = [card for card in _cards(content, Texts(lang, None)) if card["detail"]]
    assert sales["detail"] in [c.value for c in at.caption]
    assert sales["value"] in [m.value for m in at.metric]
    word = "退款" if lang == "zh" else "Refunds"
    assert (
        sales["detail"].startswith(word) and "893,980" in sales["detail"] and "9,748,131" in sales["detail"]
    )


def test_customers_to_contact_are_valued_net_of_their_refunds(uci):
    inputs, content = uci
    # Each listed customer's sales to date = their purchases - their refund lines' money (read here
    # with plain pandas), as on the Customers page; gross purchases would differ for those who returned.
    orders = inputs.orders[inputs.orders["customer_id"].notna()]
    refunds = inputs.refunds[inputs.refunds["customer_id"].notna()]
    gross = orders.groupby("customer_id")["amount"].sum()
    net = gross.sub(refunds.groupby("customer_id")["amount"].sum().abs(), fill_value=0)
    listed = [round(v, 2) for v in content.section("contact").tables[1].column("sales_to_date")]
    assert listed and set(listed) <= set(net.round(2))
    assert not set(listed) <= set(gross.round(2))
