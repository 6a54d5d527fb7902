"""Customers: who to contact this week, and why — segments, value, P(alive), care lists, forecasts."""

import datetime as dt

import pandas as pd
import streamlit as st

from analytics.errors import ArgumentError, Message
from analytics.exports import (
    campaign_list_csv,
    care_list_csv,
    care_list_table,
    care_list_xlsx,
    key_is_nickname,
    split_control,
)
from analytics.metrics.customers.care import CARE_REASONS
from analytics.metrics.customers.comeback import comeback_drivers, second_order
from analytics.metrics.customers.holdout import holdout_check
from analytics.metrics.customers.ltv import ltv_cohorts
from analytics.metrics.customers.scores import (
    default_calibration_end,
    p_alive_distribution,
    score_customers,
)
from ui import context, data
from ui.format import fmt_int, fmt_rate
from ui.i18n import current_lang, option_labels, t
from ui.messages import message_text

TIME_UNITS = ("D", "W", "M")
DEFAULT_HORIZON = {"D": 90, "W": 13, "M": 3}


@st.cache_data(show_spinner=False, max_entries=4)
def _scores(orders: pd.DataFrame, members: pd.DataFrame | None, time_unit: str, horizon: float):
    return score_customers(orders, time_unit=time_unit, horizon=horizon, members=members)


@st.cache_data(show_spinner=False, max_entries=4)
def _holdout(orders: pd.DataFrame, calibration_end: dt.date, time_unit: str):
    try:
        return holdout_check(orders, calibration_end=pd.Timestamp(calibration_end), time_unit=time_unit), None
    except ArgumentError as error:
        return None, error.message


def _text(message: Message) -> str:
    return message_text(message, current_lang())


def _headers(table: pd.DataFrame) -> pd.DataFrame:
    return table.set_axis([_text(Message(f"customers.export.{c}")) for c in table.columns], axis=1)


orders = context.require_orders()
ds = data.dataset()
lang = current_lang()
st.title(t("cust_title"))
st.caption(t("cust_intro"))

settings = st.columns(3)
time_unit = settings[0].selectbox(
    t("cust_time_unit"), TIME_UNITS, index=1, format_func=option_labels("cust_unit_"), key="cust_unit"
)
horizon = settings[1].number_input(
    t("cust_horizon"), min_value=1, max_value=520, value=DEFAULT_HORIZON[time_unit], key=f"cust_h_{time_unit}"
)
with st.spinner(t("cust_fitting")):
    scores = _scores(orders, ds.members, time_unit, float(horizon))
for problem in scores.problems:
    st.warning(_text(problem), icon=":material/info:")

customers = scores.customers
cards = st.columns(4)
cards[0].metric(t("cust_customers"), fmt_int(len(customers), lang=lang), border=True)
cards[1].metric(
    t("cust_repeat_customers"), fmt_int(int((customers["frequency"] > 0).sum()), lang=lang), border=True
)
cards[2].metric(
    t("cust_top20_share"),
    fmt_rate(scores.pareto.top_sales_share, lang=lang),
    help=t("cust_top20_help"),
    border=True,
)
expected_value = customers["expected_value"]
cards[3].metric(
    t("cust_expected_value", horizon=fmt_int(horizon, lang=lang), unit=t(f"cust_unit_{time_unit}")),
    context.money(float(expected_value.sum())) if expected_value.notna().any() else "—",
    help=t("cust_expected_value_help"),
    border=True,
)

# --- Care lists: the answer to "who should we contact this week, and why" ---
st.subheader(t("cust_care_title"))
st.caption(t("cust_care_intro"))
counts = scores.care_counts()
nickname = ds.load is not None and key_is_nickname(f.mapping for f in ds.load.files)
tabs = st.tabs(
    [f"{t(f'cust_care_{reason}')} ({fmt_int(counts[reason], lang=lang)})" for reason in CARE_REASONS]
)
for tab, reason in zip(tabs, CARE_REASONS, strict=True):
    with tab:
        table = care_list_table(scores, lang=lang, reasons=[reason], nickname=nickname)
        if table.empty:
            st.info(t(f"cust_care_empty_{reason}"))
        else:
            st.dataframe(_headers(table), hide_index=True, width="stretch")

with st.expander(t("cust_export_title"), expanded=True):
    chosen = st.multiselect(
        t("cust_export_reasons"),
        CARE_REASONS,
        default=[r for r in CARE_REASONS if counts[r]],
        format_func=option_labels("cust_care_"),
        key="cust_export_reasons",
    )
    columns = st.columns(3)
    share = columns[0].slider(t("cust_control_share"), 0, 50, 10, step=5, format="%d%%", key="cust_share")
    start = columns[1].date_input(t("cust_control_start"), value=dt.date.today(), key="cust_start")
    export = care_list_table(scores, lang=lang, reasons=chosen, nickname=nickname)
    campaign = None
    if share and len(export):
        export, campaign = split_control(
            export, share=share / 100, seed=0, lang=lang, start=pd.Timestamp(start)
        )
        held = len(campaign) - len(export)
        st.caption(
            t("cust_control_note", control=fmt_int(held, lang=lang), send=fmt_int(len(export), lang=lang))
        )
    buttons = st.columns(3)
    buttons[0].download_button(
        t("cust_download_csv"),
        care_list_csv(export, lang=lang),
        file_name="care_list.csv",
        mime="text/csv",
        disabled=export.empty,
        on_click="ignore",
    )
    buttons[1].download_button(
        t("cust_download_xlsx"),
        care_list_xlsx(export, lang=lang),
        file_name="care_list.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        disabled=export.empty,
        on_click="ignore",
    )
    if campaign is not None:
        buttons[2].download_button(
            t("cust_download_campaign"),
            campaign_list_csv(campaign),
            file_name="care_campaign.csv",
            mime="text/csv",
            help=t("cust_download_campaign_help"),
            on_click="ignore",
        )

# --- Segments and value ---
st.subheader(t("cust_segments_title"))
st.dataframe(
    {
        t("cust_segment"): [_text(Message(f"customers.segment.{f.code}")) for f in scores.segments.figures],
        t("customers"): [fmt_int(f.customers, lang=lang) for f in scores.segments.figures],
        t("sales_share"): [fmt_rate(f.sales_share, lang=lang) for f in scores.segments.figures],
    },
    hide_index=True,
)
st.caption(t("cust_segments_def"))
left, right = st.columns(2)
with left:
    st.markdown(f"**{t('cust_pareto_title')}**")
    curve = scores.pareto.curve.set_axis([t("cust_customer_share"), t("cust_sales_share")], axis=1)
    st.line_chart(curve, x=t("cust_customer_share"), y=t("cust_sales_share"), height=300)
with right:
    st.markdown(f"**{t('cust_alive_title')}**")
    bands = p_alive_distribution(scores)
    if bands.empty:
        st.info(t("cust_no_model"))
    else:
        labels = [
            f"{fmt_rate(lo, lang=lang)}–{fmt_rate(hi, lang=lang)}"
            for lo, hi in zip(bands["low"], bands["high"], strict=True)
        ]
        st.bar_chart(
            pd.DataFrame({t("cust_p_alive"): labels, t("customers"): bands["customers"]}),
            x=t("cust_p_alive"),
            y=t("customers"),
            height=300,
        )
    st.caption(t("cust_alive_def"))

# --- Holdout check ---
st.subheader(t("cust_holdout_title"))
first_day, last_day = scores.summary.first_order_day.date(), scores.summary.calibration_end.date()
calibration_end = st.date_input(
    t("cust_calibration_end"),
    value=default_calibration_end(scores.summary).date(),
    min_value=first_day,
    max_value=last_day,
    key="cust_calibration_end",
)
check, problem = _holdout(orders, calibration_end, time_unit)
if check is None:
    st.info(_text(problem))
else:
    figures = st.columns(3)
    figures[0].metric(
        t("cust_holdout_predicted"), fmt_int(round(check.predicted_total), lang=lang), border=True
    )
    figures[1].metric(t("cust_holdout_actual"), fmt_int(check.actual_total, lang=lang), border=True)
    figures[2].metric(
        t("cust_holdout_error"),
        fmt_rate(check.total_relative_error, lang=lang),
        help=t("cust_holdout_error_help"),
        border=True,
    )
    buckets = pd.DataFrame(
        {
            t("cust_holdout_bucket"): [b.to_dict()["frequency"] for b in check.buckets],
            t("cust_holdout_predicted_mean"): [b.predicted for b in check.buckets],
            t("cust_holdout_actual_mean"): [b.actual for b in check.buckets],
        }
    )
    st.bar_chart(buckets, x=t("cust_holdout_bucket"), stack=False, height=300)
    st.caption(t("cust_holdout_def", mae=f"{check.mean_absolute_error:.2f}"))

# --- What makes customers come back ---
st.subheader(t("cust_comeback_title"))
drivers = comeback_drivers(orders, scores.summary)
second = second_order(scores.summary)
cols = st.columns(3)
cols[0].metric(t("cust_second_conversion"), fmt_rate(second.converted.value, lang=lang), border=True)
cols[1].metric(
    t("cust_second_median_days"),
    "—" if pd.isna(second.median_days) else fmt_int(second.median_days, lang=lang),
    border=True,
)
within = second.within.get(90)
cols[2].metric(t("cust_second_within_90"), fmt_rate(within.value if within else None, lang=lang), border=True)
names = {
    "item": "cust_by_item",
    "channel": "cust_by_channel",
    "coupon": "cust_by_coupon",
    "value_band": "cust_by_value_band",
}
for name, table in drivers.tables.items():
    if name == "item":
        values = [
            t("cust_other_items") if other else str(v)
            for v, other in zip(table["value"], table["is_other"], strict=True)
        ]
    elif name == "coupon":
        values = [t(f"cust_coupon_{v}") for v in table["value"]]
    elif name == "value_band":
        values = [
            f"{context.money(lo)} – {context.money(hi)}"
            for lo, hi in zip(table["low"], table["high"], strict=True)
        ]
    else:
        values = [str(v) for v in table["value"]]
    st.markdown(f"**{t(names[name])}**")
    st.dataframe(
        {
            t(names[name]): values,
            t("customers"): [fmt_int(n, lang=lang) for n in table["customers"]],
            t("cust_returned"): [fmt_int(n, lang=lang) for n in table["returned"]],
            t("repeat_purchase_rate"): [fmt_rate(r, lang=lang) for r in table["repeat_rate"]],
        },
        hide_index=True,
    )
st.caption(t("cust_comeback_def"))

st.subheader(t("cust_ltv_title"))
grid = ltv_cohorts(orders).table()
grid.index = [d.strftime("%Y-%m") for d in grid.index]
grid.columns = [str(c) for c in grid.columns]
st.dataframe(grid.map(lambda v: "" if pd.isna(v) else context.money(v)), width="stretch")
st.caption(t("cust_ltv_def"))
