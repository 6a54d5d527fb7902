"""Repeat purchase: rate, its trend per 30-day window, repurchase within N days, gaps, cohorts."""

import streamlit as st

from analytics import charts
from analytics.metrics.cohorts import cohort_retention
from analytics.metrics.intervals import purchase_intervals
from analytics.metrics.period import Period
from analytics.metrics.repeat import repeat_rate_windows, repurchase_within_days
from ui import context
from ui.charts import show_chart
from ui.format import fmt_int, fmt_rate
from ui.i18n import t
from ui.summaries import period_summary

REPURCHASE_DAYS = (7, 14, 30, 60, 90)
WINDOWS = 12

orders, period = context.require_orders(), context.current_period()
st.title(t("repeat_title"))
days = (
    st.segmented_control(
        t("repurchase_days"), REPURCHASE_DAYS, default=30, key="repurchase_days", format_func=str
    )
    or 30
)
summary = period_summary(period, repurchase_days=days)
rate, repurchase = summary.repeat_purchase_rate, summary.repurchase

cards = st.columns(2)
cards[0].metric(
    t("kpi_repeat_rate"),
    fmt_rate(rate.value),
    help=context.rate_help("def_repeat_rate", rate),
    border=True,
)
cards[1].metric(
    t("repurchase_within", days=days),
    fmt_rate(repurchase.rate.value),
    help=f"{t('def_repurchase_within')}\n\n"
    + t("n_of_N_customers", n=fmt_int(repurchase.repurchased), d=fmt_int(repurchase.eligible)),
    border=True,
)
if rate.small_sample:
    st.caption(t("small_sample"))
if repurchase.eligible == 0:
    st.caption(t("repurchase_none", days=days))

windows = repeat_rate_windows(orders, end=period.end, windows=WINDOWS, days=30)
window_span = Period(windows["start"].min(), windows["end"].max())
show_chart(
    charts.repeat_rate_trend(
        windows, labels=context.chart_labels(t("repeat_windows"), t("def_repeat_rate"), period=window_span)
    ),
    "repeat_rate_windows",
)

cohort_days = [repurchase_within_days(orders, period=period, days=n) for n in REPURCHASE_DAYS]
show_chart(
    charts.repurchase_chart(
        cohort_days, labels=context.chart_labels(t("repurchase_title"), t("def_repurchase_within"))
    ),
    "repurchase_within_days",
)

data_span = Period(orders["order_day"].min(), orders["order_day"].max())
intervals = purchase_intervals(orders)
overall = intervals.summary.iloc[0]
gap_cards = st.columns(2)
gap_cards[0].metric(
    t("median_interval"),
    t("days_unit", days=fmt_int(overall["median_days"])),
    help=t("def_intervals"),
    border=True,
)
gap_cards[1].metric(
    t("care_cycle"),
    t("days_unit", days=fmt_int(overall["care_cycle_days"])),
    help=t("def_intervals"),
    border=True,
)
show_chart(
    charts.interval_histogram(
        intervals,
        labels=context.chart_labels(
            t("intervals"), t("def_intervals"), period=data_span, x_title=t("interval_days")
        ),
    ),
    "time_between_purchases",
)

cumulative = st.toggle(t("cumulative"), key="cohort_cumulative")
show_chart(
    charts.cohort_heatmap(
        cohort_retention(orders, cumulative=cumulative),
        labels=context.chart_labels(
            t("cohorts"),
            t("def_cohort"),
            period=data_span,
            x_title=t("months_since"),
            y_title=t("first_month"),
        ),
    ),
    "cohort_retention",
)
