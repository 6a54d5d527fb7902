"""Overview: a file with refund lines shows the period's refunds and net sales under the sales card."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 120

# Online Retail lines. The default period is the 30 days ending on the last order day (Feb 10):
# Jan 12 - Feb 10. Its sales: 1002 (40) + 1005 (3 x 40 = 120) = 160 (1001 on Jan 5 is before it);
# its refunds: C1003 (Jan 25, 1 x 10) + C1004 (Feb 3, 1 x 40) = 50; net sales 160 - 50 = 110.
RETAIL = b"""InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country
1001,A,Cup,2,2025-01-05 10:00,10.00,17850,United Kingdom
1002,B,Plate,1,2025-01-20 11:00,40.00,13047,United Kingdom
C1003,A,Cup,-1,2025-01-25 12:00,10.00,17850,United Kingdom
C1004,B,Plate,-1,2025-02-03 12:00,40.00,13047,United Kingdom
1005,B,Plate,3,2025-02-10 12:00,40.00,13047,United Kingdom
"""
NO_REFUNDS = b"\n".join(line for line in RETAIL.split(b"\n") if not line.startswith(b"C"))


def _app(lang: str, name: str, content: bytes) -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=TIMEOUT)
    at.query_params["lang"] = lang
    at.run()
    at.file_uploader(key="uploader").set_value([(name, content, "text/csv")])
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _refund_captions(at: AppTest, word: str) -> list[str]:
    return [c.value for c in at.caption if c.value.startswith(word)]


@pytest.mark.parametrize(("lang", "word", "net"), [("zh", "退款", "净成交"), ("en", "Refunds", "net")])
def test_a_file_with_refund_lines_shows_refunds_next_to_sales(lang, word, net):
    at = _app(lang, "retail.csv", RETAIL)
    (line,) = _refund_captions(at, word)
    # refunds 50 and net sales 110 of the period (see RETAIL), with the sales card still at 160
    assert "50" in line and net in line and "110" in line
    sales = [m for m in at.metric if "160" in m.value]
    assert sales, [m.value for m in at.metric]


@pytest.mark.parametrize(("lang", "word"), [("zh", "退款"), ("en", "Refunds")])
def test_no_refunds_line_without_refund_lines(lang, word):
    at = _app(lang, "retail.csv", NO_REFUNDS)
    assert not _refund_captions(at, word)


def test_a_history_shows_no_refunds_line():
    # The history store keeps no refund lines: with the history in the figures the period's refunds
    # are unknown, so the Overview leaves the line out rather than show a wrong one (and does not crash).
    at = _app("zh", "retail.csv", RETAIL)
    assert _refund_captions(at, "退款")
    at.switch_page("views/history.py").run()
    (save,) = [b for b in at.button if b.key is None and "历史" in b.label]
    save.click().run()
    assert not at.exception, [e.value for e in at.exception]
    at.switch_page("views/home.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("历史" in c.value for c in at.caption)  # the history is in the figures
    assert not _refund_captions(at, "退款")
