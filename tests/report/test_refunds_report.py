"""The meeting pack's refunds: next to sales on the cover, in the workbook and the monthly table.

What is shown is decided by the refunds metric's result (:class:`analytics.metrics.refunds.PeriodRefunds`):
a file with refund lines shows its refunds (a period's 0 included), a file without any and a source
keeping none (a history) say nothing about refunds.
"""

from __future__ import annotations

import io
import json

import pandas as pd
import pytest
from openpyxl import load_workbook

from analytics.cli import main as cli
from analytics.loading import load_orders
from analytics.metrics.period import Period
from analytics.report import ReportInputs, RowAccounting, build_content, build_report
from analytics.report.pdf import _cards, _quality
from analytics.report.text import Texts

# Online Retail lines: purchases in January and February, two cancellation invoices (C...).
# Months (the data covers 2025-01-01 to 2025-02-28, both full):
#   January  sales 2x10 + 40 = 60,  refunds C1003 1x10 = 10, net 50
#   February sales 3x40 + 5 = 125,  refunds C1004 1x40 = 40, net 85
# Whole file: sales 185, refunds 50, net 135; 6 rows read and used, 2 of them refund lines.
RETAIL = b"""InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country
1001,A,Cup,2,2025-01-01 10:00,10.00,17850,United Kingdom
1002,B,Plate,1,2025-01-20 11:00,40.00,13047,United Kingdom
C1003,A,Cup,-1,2025-01-25 12:00,10.00,17850,United Kingdom
C1004,B,Plate,-1,2025-02-03 12:00,40.00,13047,United Kingdom
1005,B,Plate,3,2025-02-10 12:00,40.00,13047,United Kingdom
1006,C,Spoon,1,2025-02-28 12:00,5.00,17850,United Kingdom
"""
NO_REFUNDS = b"\n".join(line for line in RETAIL.split(b"\n") if not line.startswith(b"C"))
FEBRUARY = Period(pd.Timestamp("2025-02-01"), pd.Timestamp("2025-02-28"))


def _inputs(content: bytes = RETAIL, *, history: bool = False) -> ReportInputs:
    load = load_orders([("retail.csv", content)])
    return ReportInputs(
        orders=load.orders,
        shop="Retail",
        currency="GBP",
        accounting=RowAccounting(load.rows_read, load.rows_used, dict(load.dropped)),
        # A history keeps no refund lines: its refunds are unknown (None).
        refunds=None if history else load.refunds,
    )


def _headlines(content) -> dict[str, tuple[float, float]]:
    return {h.kpi.name: (h.kpi.current, h.kpi.previous) for h in content.headlines}


def test_refunds_and_net_sales_next_to_sales_by_hand():
    content = build_content(_inputs(), period=FEBRUARY, compare="previous")
    # February: sales 125, refunds 40 (C1004, Feb 3), net 85. The period before (Jan 4 - Jan 31):
    # sales 40 (1002; 1001 is Jan 1), refunds 10 (C1003, Jan 25), net 30.
    got = _headlines(content)
    assert got["sales"] == pytest.approx((125.0, 40.0))
    assert got["refunds"] == pytest.approx((40.0, 10.0))
    assert got["net_sales"] == pytest.approx((85.0, 30.0))
    names = [h.kpi.name for h in content.headlines]
    assert names[names.index("sales") + 1 : names.index("sales") + 3] == ["refunds", "net_sales"]
    # Refunds are no orders: February's orders are 1005 and 1006.
    assert got["orders"] == (2, 1)
    assert content.refund_rows == 2
    assert any(term.key == "report.definition.refunds" for term in content.definitions)


@pytest.mark.parametrize(
    ("lang", "line", "quality"),
    [("en", "Refunds £40, net £85", "of which refund lines"), ("zh", "退款 £40，净成交 £85", "其中退款行")],
)
def test_cover_writes_refunds_under_the_sales_card(lang, line, quality):
    content = build_content(_inputs(), period=FEBRUARY, compare="previous")
    texts = Texts(lang, "GBP")
    cards = _cards(content, texts)
    # Written under the sales card, as the Overview writes it; no card of their own.
    (sales,) = [c for c in cards if c["label"] == texts(content.headlines[2].label)]
    assert sales["value"] == "£125" and sales["detail"] == line
    assert len(cards) == len(content.headlines) - 2
    assert [c["detail"] for c in cards].count("") == len(cards) - 1
    # The quality page: 6 rows used, 2 of them refund lines (rows read = used + dropped still).
    rows = dict(_quality(content, texts)["rows"])
    assert rows[quality] == "2"


def test_a_period_without_refunds_states_0_when_the_file_records_them():
    # Feb 4 - 28 holds no refund line (C1004 is Feb 3): the file records refunds, so 0 is stated.
    content = build_content(
        _inputs(), period=Period(pd.Timestamp("2025-02-04"), pd.Timestamp("2025-02-28")), compare="none"
    )
    assert _headlines(content)["refunds"][0] == 0.0
    assert _headlines(content)["net_sales"][0] == pytest.approx(125.0)
    (sales,) = [c for c in _cards(content, Texts("en", "GBP")) if c["detail"]]
    assert sales["detail"] == "Refunds £0, net £125"


@pytest.mark.parametrize("history", [False, True], ids=["no refund lines", "history"])
def test_no_refunds_anywhere_without_refund_lines(history):
    inputs = _inputs(NO_REFUNDS) if not history else _inputs(RETAIL, history=True)
    content = build_content(inputs, period=FEBRUARY, compare="previous")
    assert not {"refunds", "net_sales"} & set(_headlines(content))
    assert all(not card["detail"] for card in _cards(content, Texts("en", "GBP")))
    monthly = content.section("monthly").tables[0]
    assert not {"refunds", "net_sales"} & {c.key for c in monthly.columns}
    assert content.refund_rows == 0
    assert not any(term.key == "report.definition.refunds" for term in content.definitions)
    assert len(content.section("monthly").reading) == 1  # the latest month's sales, nothing on refunds


def test_monthly_table_and_reading_by_hand():
    content = build_content(_inputs(), period=FEBRUARY, compare="none")
    section = content.section("monthly")
    table = section.tables[0]
    keys = [c.key for c in table.columns]
    # next to sales: after its month-on-month change
    assert keys[keys.index("sales_change") + 1 : keys.index("sales_change") + 3] == ["refunds", "net_sales"]
    # January 60 / 10 / 50, February 125 / 40 / 85 (see RETAIL)
    assert table.column("sales") == pytest.approx([60.0, 125.0])
    assert table.column("refunds") == pytest.approx([10.0, 40.0])
    assert table.column("net_sales") == pytest.approx([50.0, 85.0])
    texts = Texts("en", "GBP")
    reading = [texts(m) for m in section.reading]
    assert "Refunds made in 2025-02: £40, so net sales were £85." in reading


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_workbook_cells(lang):
    data = build_report(_inputs(), period=FEBRUARY, compare="previous", lang=lang, fmt="xlsx")
    book = load_workbook(io.BytesIO(data))
    texts = Texts(lang, "GBP")
    summary = {row[0]: row[1:] for row in book.worksheets[0].iter_rows(values_only=True) if row[0]}
    refunds, net = (texts(f"report.headline.{key}") for key in ("refunds", "net_sales"))
    # this period, the one before, relative change: 40 vs 10 (+300%), 85 vs 30 (85/30 - 1)
    assert summary[refunds] == pytest.approx((40.0, 10.0, 3.0))
    assert summary[net] == pytest.approx((85.0, 30.0, 85 / 30 - 1))
    monthly = book[texts("report.section.monthly")]
    rows = list(monthly.iter_rows(values_only=True))
    header = next(r for r in rows if r[0] == texts("report.column.month"))
    at = header.index(texts("report.column.refunds"))
    assert header[at + 1] == texts("report.column.net_sales")
    months = [r for r in rows[rows.index(header) + 1 :] if r[0] is not None]
    assert [(r[at], r[at + 1]) for r in months] == pytest.approx([(10.0, 50.0), (40.0, 85.0)])
    quality = {
        row[0]: row[1] for row in book[texts("report.section.quality")].iter_rows(values_only=True) if row[0]
    }
    assert quality[texts("report.quality.refund_rows")] == 2
    read, used = texts("report.quality.rows_read"), texts("report.quality.rows_used")
    assert (quality[read], quality[used]) == (6, 6)


def test_cli_report_and_summarize_agree(tmp_path, capsys, monkeypatch):
    # The report command reads the file's refund lines as summarize does: the same February figures.
    if "report" not in cli.COMMANDS:
        monkeypatch.setattr(cli, "COMMANDS", (*cli.COMMANDS, "report"))
    path, out = tmp_path / "retail.csv", tmp_path / "r.xlsx"
    path.write_bytes(RETAIL)
    period = ["--start", "2025-02-01", "--end", "2025-02-28"]
    assert cli.main(["summarize", str(path), *period, "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    code = cli.main(["report", str(path), *period, "--lang", "en", "--currency", "GBP", "--out", str(out)])
    assert code == 0, capsys.readouterr().err
    cells = {row[0]: row[1] for row in load_workbook(out).worksheets[0].iter_rows(values_only=True) if row[0]}
    assert (summary["refunds"], summary["net_sales"]) == (40.0, 85.0)
    assert (cells["Refunds"], cells["Net sales"]) == pytest.approx((40.0, 85.0))
