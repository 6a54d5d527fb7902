"""Repeat purchase: rate, its trend per 30-day window, repurchase within N days, gaps, cohorts.

On a history database (:func:`ui.history_pages.active`) every figure comes from its engine
(:mod:`ui.history_repeat`): no order row is read into the app.
"""

import streamlit as st

from analytics import charts
from analytics.metrics.cohorts import cohort_retention
from analytics.metrics.intervals import purchase_intervals
from analytics.metrics.period import Period
from analytics.metrics.reasons import repurchase_reason
from analytics.metrics.repeat import repeat_rate_windows, repurchase_cohort, repurchase_within_days
from ui import context, history_pages, history_repeat
from ui.charts import cached_chart, show_chart
from ui.data_start import comparable
from ui.format import fmt_int, fmt_rate, rate_delta
from ui.i18n import current_lang, t
from ui.kpi import metric, previous_rate, rate_counts
from ui.results import cached_metric
from ui.summaries import period_summary, show_reading, show_verdict

REPURCHASE_DAYS = (7, 14, 30, 60, 90)
WINDOWS = 12

in_engine = history_pages.active()
orders = None if in_engine else context.require_orders()
period = context.current_period()
# What holds the selection's order days: its orders, or its days counted in the engine.
order_days = context.selected_order_days()
data_span = context.day_span(order_days)
st.title(t("repeat_title"))
if in_engine:  # a history database: say the figures are computed there
    history_pages.show_source()
verdict = st.container()  # filled once the engine's figures are in (the reading words them)
days = (
    st.segmented_control(
        t("repurchase_days"), REPURCHASE_DAYS, default=30, key="repurchase_days", format_func=str
    )
    or 30
)
summary = period_summary(period)
comparison = context.comparison_period()
compared = period_summary(comparison, quiet=True) if comparison else None
previous = comparable(compared)
rate = summary.repeat_purchase_rate
points = t("points_unit")

# The period's new customers mostly cannot be followed for N days yet (last 30 days, N = 30):
# the card and its chart use the latest cohort of first purchases that can, and say which.
cohort = cached_metric(repurchase_cohort, order_days, days=days, length=period.days)
if in_engine:
    # Every N over the same cohort, asked of the engine at once (the chart below draws them).
    cohort_days = (
        [] if cohort is None else history_repeat.cohort_repurchase(cohort, REPURCHASE_DAYS, data_span.end)
    )
    repurchase = next((r for r in cohort_days if r.days == days), None)
else:
    repurchase = (
        None if cohort is None else cached_metric(repurchase_within_days, orders, period=cohort, days=days)
    )
with verdict:
    if in_engine:
        show_reading(history_repeat.repeat_reading(summary, compared, order_days, data_span.end))
    else:
        show_verdict("repeat")

st.caption(context.period_caption(period, comparison))
if comparison and previous is None:
    st.caption(t("comparison_empty"))
cards = st.columns(2)
metric(
    cards[0],
    t("kpi_repeat_rate"),
    fmt_rate(rate.value),
    delta=rate_delta(rate.value, previous.repeat_purchase_rate.value if previous else None, unit=points),
    help=context.rate_help("def_repeat_rate", rate),
    counts=rate_counts(rate.numerator, rate.denominator, lang=current_lang()),
    previous=previous_rate(previous.repeat_purchase_rate if previous else None, lang=current_lang()),
)
if repurchase is not None:
    metric(
        cards[1],
        t("repurchase_within", days=days),
        fmt_rate(repurchase.rate.value),
        help=f"{t('def_repurchase_within')}\n\n"
        + t("n_of_N_customers", n=fmt_int(repurchase.repurchased), d=fmt_int(repurchase.eligible)),
        counts=rate_counts(repurchase.repurchased, repurchase.eligible, lang=current_lang()),
        previous="" if previous else None,
    )
    cards[1].caption(
        t("repurchase_cohort", start=f"{cohort.start:%Y-%m-%d}", end=f"{cohort.end:%Y-%m-%d}", days=days)
    )
if rate.small_sample:
    st.caption(t("small_sample"))
if reason := repurchase_reason(cohort, repurchase.eligible if repurchase else None):
    # The true reason: no new customer in the cohort, or no cohort the data can follow yet.
    st.info(t(f"reason_{reason}", days=days))

windows = (
    history_repeat.rate_windows(period.end, windows=WINDOWS, days=30)
    if in_engine
    else cached_metric(repeat_rate_windows, orders, end=period.end, windows=WINDOWS, days=30)
)
# A window that starts before the data holds only its last days (one day of January: nobody can buy
# on two days), so its rate read as a fall to 0%: only whole windows are drawn, the latest at least.
whole = windows[windows["start"] >= data_span.start]
windows = whole if len(whole) else windows.tail(1)
window_span = Period(windows["start"].min(), windows["end"].max())
show_chart(
    cached_chart(
        charts.repeat_rate_trend,
        windows,
        labels=context.chart_labels(t("repeat_windows"), t("def_repeat_rate"), period=window_span),
    ),
    "repeat_rate_windows",
)

if repurchase is not None and repurchase.eligible:
    # Every bar over the same cohort; an N it cannot be followed for yet has no bar (and no eligible).
    if not in_engine:
        cohort_days = [
            cached_metric(repurchase_within_days, orders, period=cohort, days=n) for n in REPURCHASE_DAYS
        ]
    show_chart(
        cached_chart(
            charts.repurchase_chart,
            [r for r in cohort_days if r.eligible],
            labels=context.chart_labels(t("repurchase_title"), t("def_repurchase_within"), period=cohort),
        ),
        "repurchase_within_days",
    )
    # A bar left out says why, rather than leaving a manager to wonder where 60 and 90 went.
    if unobserved := [str(r.days) for r in cohort_days if not r.eligible]:
        st.caption(
            t(
                "repurchase_days_unobserved",
                days=t("list_separator").join(unobserved),
                start=f"{cohort.start:%Y-%m-%d}",
                end=f"{cohort.end:%Y-%m-%d}",
            )
        )

intervals = history_repeat.gaps() if in_engine else cached_metric(purchase_intervals, orders)
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
    cached_chart(
        charts.interval_histogram,
        intervals,
        labels=context.chart_labels(
            t("intervals"), t("def_intervals"), period=data_span, x_title=t("interval_days")
        ),
    ),
    "time_between_purchases",
)

cumulative = st.toggle(t("cumulative"), key="cohort_cumulative")
show_chart(
    cached_chart(
        charts.cohort_heatmap,
        history_repeat.cohorts(cumulative=cumulative)
        if in_engine
        else cached_metric(cohort_retention, orders, cumulative=cumulative),
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
# The data's first month holds everyone who bought in it, regulars from before the data included.
st.caption(t("cohort_first_row_note", month=f"{data_span.start:%Y-%m}"))
