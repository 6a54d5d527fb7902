"""The Report page hands the pack the upload's refund lines, as the Overview's sales card has them."""

from __future__ import annotations

import io

import pytest
import streamlit as st
from openpyxl import load_workbook
from streamlit.testing.v1 import AppTest

from tests.report.test_refunds_report import RETAIL
from tests.report.test_report_page import ROOT, TIMEOUT, _app_environment, downloads  # noqa: F401

pytestmark = [pytest.mark.slow]


def test_the_pages_workbook_has_the_periods_refunds(downloads):  # noqa: F811
    st.cache_data.clear()
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=TIMEOUT)
    at.query_params["lang"] = "en"
    at.run()
    at.file_uploader(key="uploader").set_value([("retail.csv", RETAIL, "text/csv")])
    at.run()
    at.switch_page("views/report.py").run()
    at.button(key="report_generate").click().run()
    assert not at.exception, [e.value for e in at.exception]
    (xlsx,) = [
        data for name, data in downloads.items() if name.startswith("report_") and name.endswith(".xlsx")
    ]
    rows = load_workbook(io.BytesIO(xlsx)).worksheets[0].iter_rows(values_only=True)
    cells = {row[0]: row[1:3] for row in rows if row[0]}
    # The sidebar's default period: the 30 days to the last order day, Jan 30 - Feb 28 (see RETAIL):
    # sales 3x40 + 5 = 125, refunds 40 (C1004, Feb 3), net 85; the 30 days before (Dec 31 - Jan 29):
    # sales 20 + 40 = 60, refunds 10 (C1003, Jan 25), net 50.
    assert cells["Sales"] == pytest.approx((125.0, 60.0))
    assert cells["Refunds"] == pytest.approx((40.0, 10.0))
    assert cells["Net sales"] == pytest.approx((85.0, 50.0))
