"""Customers page: a care list keyed by buyer nickname (the Taobao sample) shows the key in one column."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
TAOBAO_XLSX = ROOT / "sample_data" / "taobao_orders.xlsx"
TIMEOUT = 180


@pytest.mark.parametrize(
    ("lang", "nickname", "customer_id"),
    [("zh", "昵称", "客户编号"), ("en", "Nickname", "Customer ID")],
)
def test_the_care_list_shows_a_nickname_key_once(lang, nickname, customer_id):
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=TIMEOUT)
    at.query_params["lang"] = lang
    at.run()
    at.file_uploader(key="uploader").set_value([(TAOBAO_XLSX.name, TAOBAO_XLSX.read_bytes(), "text/csv")])
    at.run()
    at.switch_page("views/customers.py").run()
    assert not at.exception, [e.value for e in at.exception]
    care = [df.value for df in at.dataframe if nickname in df.value.columns]
    assert care, [list(df.value.columns) for df in at.dataframe]
    for table in care:
        # The Taobao key is 买家会员名: one nickname column, no second column holding the same text.
        assert customer_id not in table.columns
        assert len(set(table.columns)) == len(table.columns)
        assert table[nickname].notna().all() and len(table) > 0
