"""Repeat, returning, members and tier pages in both languages: deltas, periods, cohorts, currency.

The sample data (Taobao export with its member list) is shown by default; every figure asserted is
computed here by analytics on the same file, with the sidebar's default period (the last 30 days)
and comparison (the 30 days before).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd
import pytest

from analytics.loading import load_members, load_orders
from analytics.metrics.period import resolve_period
from analytics.metrics.repeat import repurchase_cohort, repurchase_within_days
from analytics.metrics.summary import summarize
from ui.i18n import translate

sys.path.insert(0, str(Path(__file__).parent))
from email_2008 import email_2008
from test_app_pages import MEMBERS, TAOBAO_XLSX, _app, _assert_clean, _metric

LANGS = ["zh", "en"]


@pytest.fixture(scope="module")
def figures():
    orders = load_orders([TAOBAO_XLSX]).orders
    members = load_members(MEMBERS).members
    period = resolve_period(orders)
    return {
        "orders": orders,
        "period": period,
        "now": summarize(orders, period=period, members=members),
        "before": summarize(orders, period=period.previous(), members=members),
    }


def _points(now: float, before: float, lang: str) -> str:
    change = round((now - before) * 100, 1)
    return f"{change:+.1f} {translate('points_unit', lang)}".replace("+0.0", "0.0").replace("-0.0", "0.0")


def _page(lang: str, page: str):
    at = _app(lang)
    at.switch_page(f"views/{page}.py").run()
    _assert_clean(at)
    return at


def _captions(at) -> str:
    return "\n".join(c.value for c in at.caption)


@pytest.mark.parametrize("lang", LANGS)
def test_repeat_page_defaults_to_an_observable_cohort(figures, lang):
    orders, period = figures["orders"], figures["period"]
    at = _page(lang, "repeat")
    cohort = repurchase_cohort(orders, days=30, length=30)
    expected = repurchase_within_days(orders, period=cohort, days=30)
    assert expected.eligible > 0
    card = _metric(at, translate("repurchase_within", lang, days=30))
    assert card.value == f"{expected.rate.value:.1%}"
    assert f"{cohort.start:%Y-%m-%d}" in _captions(at) and f"{cohort.end:%Y-%m-%d}" in _captions(at)
    now, before = figures["now"].repeat_purchase_rate.value, figures["before"].repeat_purchase_rate.value
    assert _metric(at, translate("kpi_repeat_rate", lang)).delta == _points(now, before, lang)
    assert f"{period.start:%Y-%m-%d}" in _captions(at)
    assert len(at.get("plotly_chart")) == 4  # windows, repurchase, gaps, cohorts: none empty


@pytest.mark.parametrize("lang", LANGS)
def test_returning_page_counts_and_labels_both_definitions(figures, lang):
    now, before = figures["now"].returning.customers, figures["before"].returning.customers
    at = _page(lang, "returning")
    card = _metric(at, translate("returning_customers_count", lang))
    assert card.value == f"{now.numerator:,}"
    change = round((now.numerator - before.numerator) / before.numerator * 100, 1)
    assert card.delta == f"{change:+.1f}%"
    new = now.denominator - now.numerator
    assert _metric(at, translate("new_customers_count", lang)).value == f"{new:,}"
    assert _metric(at, translate("returning_buyers", lang)).delta == _points(now.value, before.value, lang)
    text = _captions(at)
    assert translate("returning_period_definition", lang, start=f"{figures['period'].start:%Y-%m-%d}") in text
    assert translate("returning_bucket_definition_D", lang) in text
    assert len(at.get("plotly_chart")) == 2  # the share trend and the twelve-month counts


@pytest.mark.parametrize("lang", LANGS)
def test_tier_page_states_its_period_and_never_reuses_the_buyers_label(figures, lang):
    at = _page(lang, "tiers")
    period = figures["period"]
    assert f"{period.start:%Y-%m-%d}" in _captions(at)
    headers = [list(df.value.columns) for df in at.dataframe]
    care = headers[-1]
    assert translate("customers_with_gaps", lang) in care and translate("customers", lang) not in care
    assert not any("n / N" in h or "/ N" in h for cols in headers for h in cols)


@pytest.mark.parametrize("lang", LANGS)
def test_members_page_cards_have_deltas(figures, lang):
    now, before = figures["now"].members, figures["before"].members
    at = _page(lang, "members")
    label = f"{translate('member', lang)} · {translate('repeat_purchase_rate', lang)}"
    expected = _points(now.member.repeat_purchase_rate.value, before.member.repeat_purchase_rate.value, lang)
    assert _metric(at, label).delta == expected


@pytest.mark.parametrize(("lang", "symbol"), [("zh", "US$"), ("en", "$")])
def test_currency_chosen_in_the_sidebar_is_on_the_cards(figures, lang, symbol):
    at = _app(lang)
    at.selectbox(key=f"currency_select_{lang}").set_value("USD").run()
    _assert_clean(at)
    sales = figures["now"].sales
    assert _metric(at, translate("kpi_sales", lang)).value == f"{symbol}{sales:,.0f}"


@pytest.mark.parametrize("lang", LANGS)
def test_a_period_longer_than_the_data_is_clipped_and_said(lang):
    orders_csv, _ = email_2008()
    frame = pd.read_csv(pd.io.common.BytesIO(orders_csv))
    days = frame["Order Date"].str[:10]
    short = frame[(days >= "2008-03-03") & (days <= "2008-03-16")].to_csv(index=False).encode()  # 14 days
    at = _app(lang)
    at.file_uploader(key="uploader").set_value([("two_weeks.csv", short, "text/csv")]).run()
    _assert_clean(at)
    warning = translate("period_clipped", lang, days=30, loaded=14, first="2008-03-03")
    assert any(w.value == warning for w in at.sidebar.warning)
    assert any(
        c.value.startswith(translate("period_caption", lang, start="2008-03-03", end="2008-03-16", days=14))
        for c in at.sidebar.caption
    )
