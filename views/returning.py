"""Returning-customer share: of buyers and of sales, and its trend by day, week or month.

On a history database (:func:`ui.history_pages.active`) every figure comes from its engine
(:mod:`ui.history_repeat`): no order row is read into the app.
"""

import streamlit as st

from analytics import charts
from analytics.metrics.customer_counts import new_and_returning_by_month
from analytics.metrics.peers import PEER_METRICS
from analytics.metrics.period import Period
from analytics.metrics.reasons import days_without_sales, order_weekdays
from analytics.metrics.trends import trend
from ui import context, history_pages, history_repeat
from ui.charts import cached_chart, show_chart
from ui.data_start import comparable, starts_with_data, warn_no_returning_history
from ui.format import fmt_int, fmt_rate, rate_delta, relative_delta
from ui.i18n import current_lang, option_labels, t
from ui.kpi import metric, peer_reference, previous_line, previous_rate, rate_counts
from ui.peers import current_peers
from ui.results import cached_metric
from ui.summaries import period_summary, show_reading, show_verdict
from ui.tables import empty_day_notes, show_table

in_engine = history_pages.active()
orders = None if in_engine else context.require_orders()
period = context.current_period()
# What holds the selection's order days: its orders, or its days counted in the engine.
order_days = context.selected_order_days()
comparison = context.comparison_period()
st.title(t("returning_title"))
if in_engine:  # a history database: say the figures are computed there
    history_pages.show_source()
summary = period_summary(period)
compared = period_summary(comparison, quiet=True) if comparison else None
previous = comparable(compared)
if in_engine:
    show_reading(
        history_repeat.reading(
            "returning", summary, compared, starts_with_data=starts_with_data(order_days, period)
        )
    )
else:
    show_verdict("returning")
returning = summary.returning
before = previous.returning if previous else None
points = t("points_unit")
peers = current_peers()
# With peer figures, every card of the row gets a reference line (empty when none), so it stays level.
blank = "" if peers else None

st.subheader(t("returning_period_heading"))
st.caption(context.period_caption(period, comparison))
if comparison and previous is None:
    st.caption(t("comparison_empty"))
# The headline counts a customer as returning when the first purchase is before the PERIOD; the
# trend below uses each day's (week's, month's) own start. Both are named where they are shown.
st.caption(t("returning_period_definition", start=f"{period.start:%Y-%m-%d}"))
warn_no_returning_history(order_days, period)
counts = returning.customers
new_now = counts.denominator - counts.numerator
new_before = before.customers.denominator - before.customers.numerator if before else None
cards = st.columns(4)
metric(
    cards[0],
    t("returning_customers_count"),
    fmt_int(counts.numerator),
    delta=relative_delta(counts.numerator, before.customers.numerator if before else None),
    help=t("def_returning_customers_count"),
    reference=blank,
    previous=previous_line(fmt_int(before.customers.numerator) if before else None, lang=current_lang()),
)
metric(
    cards[1],
    t("new_customers_count"),
    fmt_int(new_now),
    delta=relative_delta(new_now, new_before),
    help=t("def_new_customers_count"),
    reference=blank,
    previous=previous_line(fmt_int(new_before) if before else None, lang=current_lang()),
)
metric(
    cards[2],
    t("returning_buyers"),
    fmt_rate(counts.value),
    delta=rate_delta(counts.value, before.customers.value if before else None, unit=points),
    help=f"{t('def_returning_customer_rate')}\n\n"
    + t("n_of_N_customers", n=fmt_int(counts.numerator), d=fmt_int(counts.denominator)),
    counts=rate_counts(counts.numerator, counts.denominator, lang=current_lang()),
    previous=previous_rate(before.customers if before else None, lang=current_lang()),
    reference=peer_reference(counts.value, peers, "returning_customer_rate", period, lang=current_lang())
    or blank,
)
metric(
    cards[3],
    t("returning_sales"),
    fmt_rate(returning.sales_share.value),
    delta=rate_delta(returning.sales_share.value, before.sales_share.value if before else None, unit=points),
    help=f"{t('def_returning_sales_share')}\n\n"
    + f"{context.money(returning.sales_share.part)} / {context.money(returning.sales_share.total)}",
    previous=previous_line(fmt_rate(before.sales_share.value) if before else None, lang=current_lang()),
    reference=peer_reference(
        returning.sales_share.value, peers, "returning_sales_share", period, lang=current_lang()
    )
    or blank,
)
guests = returning.unidentified_sales_share
if guests.part:
    # Exports without guest orders (every order has a customer) get no guests' card.
    metric(
        st.columns(4)[0],
        t("unidentified_sales_share"),
        fmt_rate(guests.value),
        delta=rate_delta(
            guests.value, before.unidentified_sales_share.value if before else None, unit=points
        ),
        help=f"{context.money(guests.part)} / {context.money(guests.total)}",
        # Like its neighbours, the card names the comparison period's value under its change.
        previous=previous_line(
            fmt_rate(before.unidentified_sales_share.value) if before else None, lang=current_lang()
        ),
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
buckets = (
    history_repeat.returning_trend(period, freq)
    if in_engine
    else cached_metric(
        trend, orders, start=period.start, end=period.end, freq=freq, members=context.members()
    )
)
st.subheader(t("returning_trend_heading"))
st.caption(t(f"returning_bucket_definition_{freq}"))
show_chart(
    cached_chart(
        charts.returning_share_trend,
        buckets,
        labels=context.chart_labels(
            t("returning_chart_title"),
            t("def_trend"),
            names={
                **context.series_names(),
                "peer_average": t("chart_peer_average"),
                "partial_bucket": t("chart_partial_bucket"),
            },
        ),
        # A peer figure covers the period's days: a day's (week's) share is another figure (a customer
        # new on the 3rd is returning on the 10th), so the line is drawn only when one bar is the
        # whole period. The cards above compare the period like for like.
        peers={k: v for k in PEER_METRICS if (v := peers.get(k, period)) is not None}
        if len(buckets) == 1
        else {},
    ),
    "returning_share_trend",
)
show_table(
    {
        t(f"freq_{freq}"): [f"{d:%Y-%m-%d}" for d in buckets["bucket_start"]],
        t("customers"): [fmt_int(v) for v in buckets["buyers"]],
        t("returning_buyers"): [fmt_rate(v) for v in buckets["returning_buyers_share"]],
        t("sales"): [context.money(v) for v in buckets["sales"]],
        t("returning_sales"): [fmt_rate(v) for v in buckets["returning_sales_share"]],
    }
)
if freq == "D":
    # Every "—" of a day without sales says why: a weekday the shop never sells on, or that day only.
    empty = days_without_sales(buckets["bucket_start"], buckets["sales"])
    for note in empty_day_notes(
        empty, selling=cached_metric(order_weekdays, order_days), lang=current_lang()
    ):
        st.caption(note)

monthly = (
    history_repeat.monthly_counts(context.day_span(order_days), period.end)
    if in_engine
    else cached_metric(new_and_returning_by_month, orders, end=period.end)
)
# As many months as the data has (up to twelve): six months of data are not "twelve months".
st.subheader(t("counts_trend_heading", n=len(monthly)))
months = Period(monthly["month_start"].min(), monthly["month_end"].max())
st.caption(t("counts_trend_caption"))
if (monthly["buyers"] > 0).any():
    show_chart(
        cached_chart(
            charts.new_returning_counts,
            monthly,
            labels=context.chart_labels(
                t("counts_chart_title"),
                t("def_counts_trend"),
                period=months,
                names={
                    **context.series_names(),
                    "unsplit": t("chart_first_month_unsplit"),
                    "partial_month": t("chart_partial_month"),
                },
            ),
        ),
        "new_returning_counts",
    )
    # The month the data starts in calls every buyer new: say why its bar is one grey block.
    for month in monthly.itertuples():
        if month.buyers and not month.history_before:
            st.caption(t("counts_first_month_note", month=f"{month.month_start:%Y-%m}"))
