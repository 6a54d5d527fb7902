"""Members vs non-members: customers, orders, sales, share of sales, AOV, repeat rate.

On a history database (:func:`ui.history_pages.active`) every figure comes from its engine
(:mod:`ui.history_members`): no order row is read into the app.
"""

import streamlit as st

from analytics import charts
from analytics.metrics.member_trend import DEFAULT_TREND_DAYS, member_daily_trend
from analytics.metrics.reasons import days_without_sales, order_weekdays
from ui import context, history_members, history_pages
from ui.charts import cached_chart, show_chart
from ui.data_start import comparable
from ui.dataset import dataset
from ui.format import fmt_int, fmt_rate, rate_delta
from ui.i18n import current_lang, t
from ui.kpi import metric, previous_rate, rate_counts
from ui.peers import current_peers
from ui.results import cached_metric
from ui.safe_text import md
from ui.summaries import period_summary, show_reading, show_verdict
from ui.tables import empty_day_notes, show_table
from ui.templates import needs_members

in_engine = history_pages.active()
orders = None if in_engine else context.require_orders()
period = context.current_period()
# What holds the selection's order days: its orders, or its days counted in the engine.
order_days = context.selected_order_days()
compare_to = context.comparison_period()
st.title(t("members_title"))
if in_engine:  # a history database: say the figures are computed there
    history_pages.show_source()
verdict = st.container()  # filled once the summaries are in (the reading words them)
summary = period_summary(period)
compared = period_summary(compare_to, quiet=True) if compare_to else None
with verdict:
    if in_engine:
        show_reading(history_members.reading("members", summary, compared), "members")
    else:
        show_verdict("members")
comparison = summary.members
if comparison is None:
    needs_members()
earlier = comparable(compared)
previous = earlier.members if earlier else None
st.caption(context.period_caption(period, compare_to))
if compare_to and earlier is None:
    st.caption(t("comparison_empty"))

groups = (("member", comparison.member), ("non_member", comparison.non_member))
cards = st.columns(2)
for column, (key, group) in zip(cards, groups, strict=True):
    rate = group.repeat_purchase_rate
    before = getattr(previous, key).repeat_purchase_rate.value if previous else None
    metric(
        column,
        f"{t(key)} · {t('repeat_purchase_rate')}",
        fmt_rate(rate.value),
        delta=rate_delta(rate.value, before, unit=t("points_unit")),
        help=context.rate_help("def_repeat_rate", rate),
        counts=rate_counts(rate.numerator, rate.denominator, lang=current_lang()),
        previous=previous_rate(
            getattr(previous, key).repeat_purchase_rate if previous else None, lang=current_lang()
        ),
    )

rows = dict(groups)
show_table(
    {
        t("group"): [t(key) for key in rows],
        t("customers"): [fmt_int(r.customers) for r in rows.values()],
        t("orders"): [fmt_int(r.orders) for r in rows.values()],
        t("sales"): [context.money(r.sales) for r in rows.values()],
        t("sales_share"): [fmt_rate(comparison.sales_share(r).value) for r in rows.values()],
        t("aov"): [context.money(r.aov, decimals=2) for r in rows.values()],
        t("orders_per_customer"): [
            f"{r.orders_per_customer if r.customers else 0:.2f}" for r in rows.values()
        ],
        t("repeat_purchase_rate"): [fmt_rate(r.repeat_purchase_rate.value) for r in rows.values()],
    }
)
st.caption(t("def_members"))
show_chart(
    cached_chart(
        charts.members_comparison,
        comparison,
        labels=context.chart_labels(t("members_chart_title"), t("def_members")),
    ),
    "members_vs_non_members",
)

st.subheader(t("member_trend_heading", days=DEFAULT_TREND_DAYS))
daily = (
    history_members.member_trend(
        period.end,
        DEFAULT_TREND_DAYS,
        context.day_span(order_days).start,
        context.members(),
        dataset().members_file or t("kind_members"),
    )
    if in_engine
    else member_daily_trend(orders, end=period.end, days=DEFAULT_TREND_DAYS, members=context.members())
)
if daily is None:
    st.info(t("member_trend_needs_list"), icon=":material/card_membership:")
else:
    window = daily.period
    # The store first: the caption ends with a full sentence, not with a dangling "· Store".
    st.caption(
        md(context.store_label())
        + " · "
        + t("member_trend_caption", start=f"{window.start:%Y-%m-%d}", end=f"{window.end:%Y-%m-%d}")
    )
    peer_share = current_peers().get("member_sales_share", window)  # a figure of these days only
    names = {
        **context.series_names(),
        "sales_share": t("member_sales_share_line"),
        "buyers_share": t("member_buyers_share_line"),
        "peer_average": t("chart_peer_average"),
    }
    show_chart(
        charts.member_share_trend(
            daily,
            labels=context.chart_labels(
                t("member_trend_chart_title", days=DEFAULT_TREND_DAYS),
                t("def_member_trend"),
                period=window,
                names=names,
            ),
            peer=peer_share,
        ),
        "member_share_trend",
    )
    show_table(
        {
            t("day"): [f"{d.day:%Y-%m-%d}" for d in daily.days],
            t("sales"): [context.money(d.sales) for d in daily.days],
            t("member_sales_share_line"): [fmt_rate(d.sales_share.value) for d in daily.days],
            t("customers"): [fmt_int(d.buyers) for d in daily.days],
            t("member_buyers"): [fmt_int(d.member_buyers) for d in daily.days],
            t("member_buyers_share_line"): [fmt_rate(d.buyers_share) for d in daily.days],
        }
    )
    empty = days_without_sales([d.day for d in daily.days], [d.sales for d in daily.days])
    for note in empty_day_notes(
        empty, selling=cached_metric(order_weekdays, order_days), lang=current_lang()
    ):
        st.caption(note)
