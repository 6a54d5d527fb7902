"""Overview data-quality panel: the refund (cancellation) lines among the rows used are counted in words."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.pages.test_overview_refunds_page import RETAIL as OVERVIEW_RETAIL
from ui.i18n import texts

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 120

# The Overview refunds test's Online Retail lines: five read, five used (three sales, two cancellation
# invoices C1003 and C1004), none dropped; plus one line without an invoice date, dropped
# (read 6 = used 5 + dropped 1).
RETAIL = OVERVIEW_RETAIL + b"1006,B,Plate,3,,40.00,13047,United Kingdom\n"
NO_REFUNDS = b"\n".join(line for line in RETAIL.split(b"\n") if not line.startswith(b"C"))
WORDS = {"zh": ("退款/取消行",), "en": ("refund/cancellation lines",)}


def _overview(lang: str, content: bytes) -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=TIMEOUT)
    at.query_params["lang"] = lang
    at.run()
    at.file_uploader(key="uploader").set_value([("retail.csv", content, "text/csv")])
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _refund_lines(at: AppTest, lang: str) -> list[str]:
    return [c.value for c in at.caption if WORDS[lang][0] in c.value]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_quality_panel_counts_the_refund_lines_among_the_rows_used(lang):
    at = _overview(lang, RETAIL)
    (line,) = _refund_lines(at, lang)
    assert ": 2" in line or "：2" in line  # C1003 and C1004
    # They stay used rows: read 6 = used 5 (two of them refund lines) + dropped 1.
    labels = texts(lang)
    shown = {m.label: m.value for m in at.metric}
    assert [shown[labels[k]] for k in ("rows_read", "rows_used", "rows_dropped")] == ["6", "5", "1"]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_refund_line_count_without_refund_lines(lang):
    at = _overview(lang, NO_REFUNDS)
    assert _refund_lines(at, lang) == []
