"""Campaign uplift: each arm against control with intervals, incremental sales and warnings."""

import pandas as pd
import streamlit as st

from analytics import charts
from analytics.errors import InputError
from analytics.metrics.campaign import DEFAULT_WINDOW_DAYS, campaign_uplift
from analytics.metrics.period import Period
from ui import context, data
from ui.charts import show_chart
from ui.format import fmt_int, fmt_interval, fmt_p_value, fmt_rate
from ui.i18n import t
from ui.templates import needs_campaign

orders = context.require_orders()
st.title(t("campaign_title"))
campaign = context.campaign()
if campaign is None:
    needs_campaign()
source = data.dataset().campaign_file or "the campaign file"

groups = data.distinct_values(campaign, "group")
controls = st.columns(3)
automatic = t("control_auto")
control = controls[0].selectbox(
    t("control_label"),
    [None, *groups],
    format_func=lambda g: automatic if g is None else g,
    key="campaign_control",
)
listed_start = data.listed_start(campaign)
start = controls[1].date_input(
    t("campaign_start"),
    value=None if listed_start is None else listed_start.date(),
    key="campaign_start",
)
days = controls[2].number_input(
    t("campaign_days"), min_value=1, max_value=365, value=DEFAULT_WINDOW_DAYS, key="campaign_days"
)
try:
    result = campaign_uplift(
        orders,
        campaign,
        control=control,
        start=None if start is None else pd.Timestamp(start),
        days=int(days),
        source=source,
    )
except InputError as exc:
    st.error(str(exc), icon=":material/error:")
    st.stop()

report = result.to_dict()
window = report["window"]
st.caption(t("period_label", start=window["start"], end=window["end"]) + " · " + context.store_label())
for warning in report.get("warnings", []):
    st.warning(warning)

if report["design"] != "controlled":
    st.info(t("directional"))
    st.subheader(t("directional_results"))
    groups = report["pre_post"]
    st.dataframe(
        {
            t("group"): [t(key) for key in groups],
            t("group_customers"): [fmt_int(g["customers"]) for g in groups.values()],
            t("conversion_change"): [fmt_rate(g["conversion_change"]["value"]) for g in groups.values()],
            f"{t('conversion_change')} {t('ci95')}": [
                fmt_interval(g["conversion_change"]["ci"]) for g in groups.values()
            ],
            t("spend_change"): [
                context.money(g["spend_change"]["value"], decimals=2) for g in groups.values()
            ],
            f"{t('spend_change')} {t('ci95')}": [
                fmt_interval(g["spend_change"]["ci"], percent=False, symbol=context.currency())
                for g in groups.values()
            ],
        },
        hide_index=True,
    )
    did = report.get("did")
    if did:
        cards = st.columns(3)
        cards[0].metric(
            t("did_conversion"),
            fmt_rate(did["conversion"]["value"]),
            help=f"{t('ci95')} {fmt_interval(did['conversion']['ci'])}",
            border=True,
        )
        cards[1].metric(
            t("did_spend"),
            context.money(did["spend"]["value"], decimals=2),
            border=True,
            help=f"{t('ci95')} {fmt_interval(did['spend']['ci'], percent=False, symbol=context.currency())}",
        )
        cards[2].metric(t("incremental_sales"), context.money(did["incremental_sales"]), border=True)
    stable = report.get("pretrend", {}).get("stable")
    st.caption(t("pretrend_stable", answer=t("yes") if stable else t("no")))
    with st.expander(t("assumptions")):
        for assumption in report.get("assumptions", []):
            st.markdown(f"- {assumption}")
    st.stop()

symbol = context.currency()


def _group_name(label: str, *, control: bool) -> str:
    marker = t("control_label")
    return f"{label} ({marker})" if control and marker not in label else label


rows = [report["control"], *report["arms"]]
st.subheader(t("arms_table"))
st.dataframe(
    {
        t("group"): [_group_name(r["group"], control=i == 0) for i, r in enumerate(rows)],
        t("group_customers"): [fmt_int(r["customers"]) for r in rows],
        t("converters"): [fmt_int(r["converters"]) for r in rows],
        t("conversion_rate"): [fmt_rate(r["conversion_rate"]) for r in rows],
        t("sales_per_customer"): [context.money(r["sales_per_customer"], decimals=2) for r in rows],
        t("conversion_uplift"): ["—"] + [fmt_rate(a["conversion_uplift"]) for a in report["arms"]],
        f"{t('conversion_uplift')} {t('ci95')}": ["—"]
        + [fmt_interval(a["conversion_uplift_ci"]) for a in report["arms"]],
        f"{t('conversion_uplift')} {t('p_value')}": ["—"]
        + [fmt_p_value(a["conversion_p_value"]) for a in report["arms"]],
        t("spend_uplift"): ["—"] + [context.money(a["spend_uplift"], decimals=2) for a in report["arms"]],
        f"{t('spend_uplift')} {t('ci95')}": ["—"]
        + [fmt_interval(a["spend_uplift_ci"], percent=False, symbol=symbol) for a in report["arms"]],
        t("incremental_sales"): ["—"] + [context.money(a["incremental_sales"]) for a in report["arms"]],
    },
    hide_index=True,
)
st.caption(t("def_campaign"))
window_period = Period(pd.Timestamp(window["start"]), pd.Timestamp(window["end"]))
show_chart(
    charts.campaign_arms(
        result,
        labels=context.chart_labels(t("campaign_chart_title"), t("def_campaign"), period=window_period),
    ),
    "campaign_uplift",
)
