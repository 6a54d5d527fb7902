"""Returning-customer share: of buyers and of sales, and its trend by day, week or month."""

import streamlit as st

from analytics import charts
from analytics.metrics.trends import trend
from ui import context
from ui.charts import show_chart
from ui.format import fmt_int, fmt_rate
from ui.i18n import option_labels, t
from ui.summaries import period_summary

orders, period = context.require_orders(), context.current_period()
st.title(t("returning_title"))
summary = period_summary(period)
returning = summary.returning

cards = st.columns(3)
cards[0].metric(
    t("returning_buyers"),
    fmt_rate(returning.customers.value),
    help=f"{t('def_returning_customer_rate')}\n\n"
    + t(
        "n_of_N_customers",
        n=fmt_int(returning.customers.numerator),
        d=fmt_int(returning.customers.denominator),
    ),
    border=True,
)
cards[1].metric(
    t("returning_sales"),
    fmt_rate(returning.sales_share.value),
    help=f"{t('def_returning_sales_share')}\n\n"
    + f"{context.money(returning.sales_share.part)} / {context.money(returning.sales_share.total)}",
    border=True,
)
cards[2].metric(
    t("unidentified_sales_share"),
    fmt_rate(returning.unidentified_sales_share.value),
    help=f"{context.money(returning.unidentified_sales_share.part)} / "
    f"{context.money(returning.unidentified_sales_share.total)}",
    border=True,
)

# A short period reads best by day, a quarter by week, a year by month.
default_freq = "D" if period.days <= 31 else ("W" if period.days <= 120 else "M")
freq = (
    st.segmented_control(
        t("trend_freq"),
        ("D", "W", "M"),
        default=default_freq,
        format_func=option_labels("freq_"),
        key="trend_freq",
    )
    or default_freq
)
buckets = trend(orders, start=period.start, end=period.end, freq=freq, members=context.members())
show_chart(
    charts.returning_share_trend(
        buckets, labels=context.chart_labels(t("returning_chart_title"), t("def_trend"))
    ),
    "returning_share_trend",
)
st.dataframe(
    {
        t(f"freq_{freq}"): [f"{d:%Y-%m-%d}" for d in buckets["bucket_start"]],
        t("customers"): [fmt_int(v) for v in buckets["buyers"]],
        t("returning_buyers"): [fmt_rate(v) for v in buckets["returning_buyers_share"]],
        t("sales"): [context.money(v) for v in buckets["sales"]],
        t("returning_sales"): [fmt_rate(v) for v in buckets["returning_sales_share"]],
    },
    hide_index=True,
)
