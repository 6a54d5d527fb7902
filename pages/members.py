"""Members vs non-members: customers, orders, sales, share of sales, AOV, repeat rate."""

import streamlit as st

from analytics import charts
from ui import context
from ui.charts import show_chart
from ui.format import fmt_int, fmt_rate, rate_delta
from ui.i18n import t
from ui.kpi import metric
from ui.summaries import period_summary
from ui.templates import needs_members

orders, period = context.require_orders(), context.current_period()
compare_to = context.comparison_period()
st.title(t("members_title"))
summary = period_summary(period)
comparison = summary.members
if comparison is None:
    needs_members()
previous = period_summary(compare_to, quiet=True).members if compare_to else None
st.caption(context.period_caption(period, compare_to))

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
    )

rows = dict(groups)
st.dataframe(
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
    },
    hide_index=True,
)
st.caption(t("def_members"))
show_chart(
    charts.members_comparison(
        comparison, labels=context.chart_labels(t("members_chart_title"), t("def_members"))
    ),
    "members_vs_non_members",
)
