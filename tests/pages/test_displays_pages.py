"""The seven displays on the pages (issue 19), in both languages, on the sample shop.

Figures asserted are computed here by analytics on the same file; the Overview's monthly sales
table is compared with the metric's months.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from analytics.loading import load_members, load_orders
from analytics.metrics.monthly import monthly_sales
from analytics.metrics.period import resolve_period
from analytics.report.readings import page_reading
from analytics.report.text import Texts
from ui.format import fmt_money
from ui.i18n import translate
from ui.monthly import monthly_verdict
from ui.safe_text import md

sys.path.insert(0, str(Path(__file__).parent))
from test_app_pages import MEMBERS, TAOBAO_XLSX, _app, _assert_clean, _table

LANGS = ["zh", "en"]


@pytest.fixture(scope="module")
def sample_orders():
    return load_orders([TAOBAO_XLSX]).orders


@pytest.mark.parametrize("lang", LANGS)
def test_overview_shows_monthly_sales_with_every_month(sample_orders, lang):
    at = _app(lang)
    _assert_clean(at)
    assert translate("monthly_heading", lang) in [h.value for h in at.subheader]
    expected = monthly_sales(sample_orders)
    table = _table(at, translate("month", lang))
    assert list(table[translate("month", lang)]) == [f"{m.month:%Y-%m}" for m in expected.months]
    assert list(table[translate("kpi_orders", lang)]) == [f"{m.orders:,}" for m in expected.months]
    # Twelve months fit on a screen: no "more rows" note (the box height is tests/ui/test_tables.py's).
    more = translate("table_more_rows", lang, shown=0, rows=0, more=0).split("0")[0]
    assert not any(more in c.value for c in at.caption)
    verdict = monthly_verdict(expected, lang=lang, money=lambda v: fmt_money(v, currency=None, lang=lang))
    assert verdict[0] in [m.value for m in at.markdown]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("page", ["repeat", "members", "returning", "tiers"])
def test_every_page_opens_with_the_reports_reading(sample_orders, page, lang):
    members = load_members(MEMBERS).members
    period = resolve_period(sample_orders)
    reading = page_reading(sample_orders, page, period=period, comparison=period.previous(), members=members)
    texts = Texts(lang, None)  # the sample's headers state no currency
    at = _app(lang)
    at.switch_page(f"views/{page}.py").run()
    _assert_clean(at)
    shown = [m.value for m in at.markdown]
    assert reading and shown[: len(reading)] == [md(texts(m)) for m in reading]
