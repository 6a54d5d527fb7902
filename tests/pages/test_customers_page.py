"""The Customers page in both languages: its figures are the analytics results on the same files."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from analytics.loading import load_members, load_orders
from analytics.messages import render
from analytics.metrics.customers.care import CARE_REASONS
from analytics.metrics.customers.scores import score_customers

ROOT = Path(__file__).resolve().parents[2]
TAOBAO_XLSX = ROOT / "sample_data" / "taobao_orders.xlsx"
MEMBERS = ROOT / "sample_data" / "members.xlsx"
TIMEOUT = 180
LABELS = {
    "zh": {
        "customers": "已识别客户",
        "repeat": "回购过的客户",
        "top": "前 20% 客户贡献的销售额",
        "segment": "客户分群",
    },
    "en": {
        "customers": "Identified customers",
        "repeat": "Customers who bought again",
        "top": "Sales from the top 20% of customers",
        "segment": "Segment",
    },
}


def _metric(at: AppTest, label: str) -> str:
    found = [m for m in at.metric if m.label == label]
    assert found, f"no metric {label!r} among {[m.label for m in at.metric]}"
    return found[0].value


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_customers_page_shows_the_analytics_figures(lang):
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=TIMEOUT)
    at.query_params["lang"] = lang
    at.run()
    at.file_uploader(key="uploader").set_value(
        [(p.name, p.read_bytes(), "application/octet-stream") for p in (TAOBAO_XLSX, MEMBERS)]
    )
    at.run()
    at.switch_page("views/customers.py").run()
    assert not at.exception, [e.value for e in at.exception]
    scores = score_customers(
        load_orders([TAOBAO_XLSX]).orders, time_unit="W", horizon=13, members=load_members(MEMBERS).members
    )
    labels = LABELS[lang]
    assert _metric(at, labels["customers"]) == f"{len(scores.customers):,}"
    assert _metric(at, labels["repeat"]) == f"{int((scores.customers['frequency'] > 0).sum()):,}"
    assert _metric(at, labels["top"]) == f"{scores.pareto.top_sales_share:.1%}"
    # The segment table: the eight names in the reader's language with counts and sales shares.
    table = next(df.value for df in at.dataframe if df.value.columns[0] == labels["segment"])
    names = [render(f"customers.segment.{f.code}", {}, lang=lang) for f in scores.segments.figures]
    assert list(table[labels["segment"]]) == names
    assert list(table.iloc[:, 1]) == [f"{f.customers:,}" for f in scores.segments.figures]
    assert list(table.iloc[:, 2]) == [f"{f.sales_share:.1%}" for f in scores.segments.figures]
    # Each care list's tab names its size.
    counts = scores.care_counts()
    tab_labels = [tab.label for tab in at.tabs]
    for reason in CARE_REASONS:
        assert any(label.endswith(f"({counts[reason]:,})") for label in tab_labels), (reason, tab_labels)
    # Model failures are said in the reader's language, never as a code.
    assert not any(w.value.startswith("customers.") for w in at.warning)
