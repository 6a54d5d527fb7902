"""One name per concept in each language, shared by the pages and the pack."""

from __future__ import annotations

import pytest

from analytics.errors import Term
from analytics.metrics.customers.care import CARE_REASONS
from analytics.report.text import Texts
from ui.i18n import translate

LANGS = ["zh", "en"]


@pytest.mark.parametrize("lang", LANGS)
def test_care_lists_are_named_as_on_the_customers_page(lang):
    texts = Texts(lang)
    for reason in CARE_REASONS:
        assert texts(Term(f"report.care.{reason}")) == translate(f"cust_care_{reason}", lang), reason


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(
    ("report_key", "ui_key"),
    [
        ("report.headline.customers", "kpi_customers"),
        ("report.column.buyers", "buyers"),
        ("report.headline.orders", "kpi_orders"),
        ("report.headline.sales", "kpi_sales"),
        ("report.headline.repeat_purchase_rate", "kpi_repeat_rate"),
        ("report.headline.returning_sales_share", "kpi_returning_sales_share"),
        ("report.headline.member_sales_share", "kpi_member_sales_share"),
        ("report.peer.returning_customer_rate", "peer_returning_customer_rate"),
        ("report.peer.repeat_purchase_rate", "peer_repeat_purchase_rate"),
        ("report.section.monthly", "monthly_heading"),
        ("report.section.industry", "industry_heading"),
        ("report.section.store_index", "store_index_heading"),
        ("report.chart.monthly", "monthly_chart_title"),
        ("report.column.peer_average", "chart_peer_average"),
    ],
)
def test_the_same_concept_has_the_same_name(lang, report_key, ui_key):
    assert Texts(lang)(Term(report_key)) == translate(ui_key, lang)


@pytest.mark.parametrize("lang", LANGS)
def test_points_have_one_unit(lang):
    # The page's unit and the report's: "个百分点" in Chinese, never "pp".
    assert Texts(lang).points_unit() == translate("points_unit", lang)
