"""Tier distribution: members, buyers, sales, share, AOV and repeat rate per membership tier.

On a history database (:func:`ui.history_pages.active`) every figure comes from its engine
(:mod:`ui.history_members`): no order row is read into the app.
"""

import streamlit as st

from analytics import charts
from analytics.errors import InputError
from analytics.metrics.intervals import purchase_intervals
from ui import context, history_members, history_pages
from ui.charts import cached_chart, show_chart
from ui.dataset import dataset
from ui.format import fmt_int, fmt_rate
from ui.i18n import t
from ui.results import cached_metric
from ui.safe_text import md
from ui.summaries import period_summary, show_reading, show_verdict
from ui.tables import show_table
from ui.templates import needs_members

in_engine = history_pages.active()
orders = None if in_engine else context.require_orders()
period = context.current_period()
st.title(t("tiers_title"))
if in_engine:  # a history database: say the figures are computed there
    history_pages.show_source()
verdict = st.container()  # filled once the summary is in (the reading words it)
summary = period_summary(period)
with verdict:
    if in_engine:
        show_reading(history_members.reading("tiers", summary, None))
    else:
        show_verdict("tiers")
if not summary.tiers:
    needs_members()

tiers = list(summary.tiers)
st.caption(context.period_caption(period))
show_table(
    {
        t("tier"): [t("chart_no_tier") if row.tier is None else row.tier for row in tiers],
        t("members_count"): [fmt_int(row.members) for row in tiers],
        t("buyers"): [fmt_int(row.buyers) for row in tiers],
        t("orders"): [fmt_int(row.orders) for row in tiers],
        t("sales"): [context.money(row.sales.part) for row in tiers],
        t("sales_share"): [fmt_rate(row.sales.value) for row in tiers],
        t("aov"): [context.money(row.aov, decimals=2) for row in tiers],
        t("repeat_purchase_rate"): [fmt_rate(row.repeat_purchase_rate.value) for row in tiers],
        t("repeat_buyers"): [fmt_int(row.repeat_purchase_rate.numerator) for row in tiers],
    }
)
st.caption(t("def_tiers"))
show_chart(
    cached_chart(
        charts.tier_distribution, tiers, labels=context.chart_labels(t("tiers_chart_title"), t("def_tiers"))
    ),
    "tier_distribution",
)

# When to remind each tier: its typical gap between purchase days (all loaded data).
try:
    # Once per dataset and selection, on the selection's purchase log (ui.results).
    if in_engine:
        found = history_members.tier_gaps(context.members(), dataset().members_file or t("kind_members"))
        gaps = None if found is None else found.summary
    else:
        gaps = cached_metric(purchase_intervals, orders, members=context.members()).summary
except InputError:
    gaps = None
if gaps is not None and len(gaps) > 1:
    st.subheader(t("tier_care_cycle"))
    # Gaps need every purchase day in the data, not only the period's: say so, and never call the
    # count "buyers" (成交人数), which on every other card means the period's buyers.
    span = context.day_span(context.selected_order_days())
    first, last = span.start, span.end
    st.caption(
        md(context.store_label())
        + " · "
        + t("care_cycle_scope", start=f"{first:%Y-%m-%d}", end=f"{last:%Y-%m-%d}")
    )
    show_table(
        {
            t("group"): [
                t("all_customers") if g == "all" else t("non_member") if g == "non-member" else g
                for g in gaps["group"]
            ],
            t("customers_with_gaps"): [fmt_int(v) for v in gaps["customers"]],
            t("median_interval"): [t("days_unit", days=fmt_int(v)) for v in gaps["median_days"]],
            t("care_cycle"): [t("days_unit", days=fmt_int(v)) for v in gaps["care_cycle_days"]],
        }
    )
    st.caption(t("def_intervals"))
