"""The Overview's "Monthly sales": a verdict, the chart and the table of calendar months.

:func:`monthly_table` and :func:`monthly_verdict` are pure (result in, texts out) and tested
without Streamlit; :func:`show_monthly_sales` lays them out.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from analytics import charts
from analytics.metrics.monthly import MONTHS_SHOWN, MonthlySales, monthly_sales
from analytics.metrics.period import Period
from ui import context, history_pages
from ui.charts import cached_chart, show_chart
from ui.format import fmt_change, fmt_int, fmt_rate
from ui.i18n import current_lang, translate
from ui.results import cached_metric
from ui.tables import show_table


def monthly_table(
    monthly: MonthlySales, *, lang: str, money: Callable[[float | None], str]
) -> dict[str, list[str]]:
    """Return the table's columns as shown: month, days covered, partial, orders, sales, change, buyers."""

    def tr(key: str) -> str:
        return translate(key, lang)

    months = monthly.months
    partial = any(m.partial for m in months)
    table = {
        tr("month"): [f"{m.month:%Y-%m}" for m in months],
        tr("covered_days"): [f"{m.covered_days} / {m.month_days}" for m in months],
        tr("kpi_orders"): [fmt_int(m.orders, lang=lang) for m in months],
        tr("kpi_sales"): [money(m.sales) for m in months],
        tr("sales_change_month"): [fmt_change(m.sales_change, lang=lang) for m in months],
        tr("kpi_customers"): [fmt_int(m.buyers, lang=lang) for m in months],
        tr("returning_buyers"): [
            fmt_rate(None if m.returning_buyers_share is None else m.returning_buyers_share.value, lang=lang)
            for m in months
        ],
        tr("returning_sales"): [
            fmt_rate(None if m.returning_sales_share is None else m.returning_sales_share.value, lang=lang)
            for m in months
        ],
    }
    if partial:
        # Next to the days covered, only when some month is partial: an empty column says nothing.
        table = {
            **dict(list(table.items())[:2]),
            tr("partial_month"): [tr("partial_month_yes") if m.partial else "" for m in months],
            **dict(list(table.items())[2:]),
        }
    return table


def monthly_verdict(monthly: MonthlySales, *, lang: str, money: Callable[[float | None], str]) -> list[str]:
    """Return the sentences read first: the latest full month and its change, then each partial month."""
    sentences: list[str] = []
    full = [m for m in monthly.months if not m.partial]
    if full:
        latest = full[-1]
        figures = {
            "month": f"{latest.month:%Y-%m}",
            "sales": money(latest.sales),
            "orders": fmt_int(latest.orders),
        }
        if latest.sales_change is None:
            sentences.append(translate("monthly_verdict_alone", lang, **figures))
        else:
            sentences.append(
                translate("monthly_verdict", lang, **figures, change=fmt_change(latest.sales_change))
            )
    for month in monthly.partial_months:
        sentences.append(
            translate(
                "monthly_partial_note",
                lang,
                month=f"{month.month:%Y-%m}",
                covered=month.covered_days,
                days=month.month_days,
            )
        )
    return sentences


def show_monthly_sales(orders: pd.DataFrame | None, period: Period) -> None:
    """Draw the section: heading, verdict, chart (partial months hatched) and the full table."""
    monthly = (
        history_pages.monthly(period, MONTHS_SHOWN)
        if orders is None
        else cached_metric(monthly_sales, orders, end=period.end, months=MONTHS_SHOWN)
    )
    if monthly is None:
        return
    lang = current_lang()
    st.subheader(translate("monthly_heading", lang))
    for sentence in monthly_verdict(monthly, lang=lang, money=context.money):
        st.markdown(sentence)
    st.caption(translate("monthly_caption", lang, end=f"{period.end:%Y-%m-%d}"))
    names = {
        **context.series_names(),
        "partial_month": translate("chart_partial_month", lang),
        "returning_buyers_share": translate("returning_buyers", lang),
        "sales": translate("kpi_sales", lang),
    }
    show_chart(
        cached_chart(
            charts.monthly_sales_chart,
            monthly,
            labels=context.chart_labels(
                translate("monthly_chart_title", lang),
                translate("def_monthly", lang),
                period=monthly.period,
                names=names,
            ),
        ),
        "monthly_sales",
    )
    show_table(monthly_table(monthly, lang=lang, money=context.money))
    if monthly.months and not monthly.months[0].history_before:
        st.caption(translate("no_returning_first_month", lang))
