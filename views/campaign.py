"""Campaign uplift: each arm against control with intervals, incremental sales and warnings.

A campaign list without a control group is read directionally (before/after and
difference-in-differences against non-targeted customers); orders carrying coupon codes get a
coupon section (redemptions, redeemers' repeat rate against comparable non-redeemers).
"""

import pandas as pd
import streamlit as st

from analytics import charts
from analytics.errors import InputError, Message
from analytics.metrics.campaign import (
    DEFAULT_WINDOW_DAYS,
    CampaignStart,
    ControlledUplift,
    DirectionalUplift,
    Verdict,
    campaign_uplift,
    coupon_effect,
    default_start,
)
from analytics.metrics.period import Period
from ui import context, selections
from ui.charts import draw_chart
from ui.dataset import dataset
from ui.format import fmt_int, fmt_interval, fmt_p_value, fmt_points, fmt_points_interval, fmt_rate
from ui.i18n import current_lang, t
from ui.safe_text import md, message_markdown
from ui.tables import show_table
from ui.templates import needs_campaign


def _group_name(label: str, *, control: bool) -> str:
    marker = t("control_label")
    return f"{label} ({marker})" if control and marker not in label else label


def _significance(p_value: float) -> str:
    # A p-value is read for the manager: significant or not, the number in brackets for analysts.
    key = "p_significant" if p_value < 0.05 else "p_not_significant"
    shown = fmt_p_value(p_value)
    return t(key, p=shown if shown.startswith(("<", "—")) else f"= {shown}")


def _show_verdict(verdict: Verdict | None) -> None:
    """Lead with one plain sentence: which group, better or worse, by how much, and how sure."""
    if verdict is None:
        return
    params = {**verdict.message.params, "sales": context.money(verdict.incremental_sales)}
    text = message_markdown(Message(verdict.message.code, params), current_lang())
    if verdict.reliable:
        show = st.success if verdict.direction == "better" else st.error
    else:
        show = st.warning if verdict.direction != "unclear" or verdict.overstated else st.info
    show(text, icon=":material/gavel:")


def _pretrend_text(stable: bool | None) -> str:
    # None: too few windows before the campaign to run the placebo check at all.
    return t({True: "pretrend_yes", False: "pretrend_no"}.get(stable, "pretrend_unknown"))


def _directional(result: DirectionalUplift, window_period: Period) -> None:
    symbol = context.currency()
    st.info(t("directional_label"), icon=":material/explore:")
    st.subheader(t("directional_results"))
    did = result.did
    if did is not None:
        cards = st.columns(3)
        cards[0].metric(
            t("did_conversion"),
            fmt_points(did.conversion.difference, unit=t("points_unit")),
            border=True,
            help=t("def_campaign"),
        )
        cards[0].caption(t("did_ci", ci=fmt_points_interval(did.conversion.ci, unit=t("points_unit"))))
        cards[1].metric(t("did_spend"), context.money(did.spend.difference, decimals=2), border=True)
        cards[1].caption(t("did_ci", ci=fmt_interval(did.spend.ci, percent=False, symbol=symbol)))
        cards[2].metric(t("incremental_sales"), context.money(did.incremental_sales), border=True)
    stable = result.pretrend.stable
    (st.success if stable else st.warning)(_pretrend_text(stable))
    groups = result.pre_post
    show_table(
        {
            t("group"): [t(key) for key in groups],
            t("group_customers"): [fmt_int(g.customers) for g in groups.values()],
            t("conversion_change"): [
                fmt_points(g.conversion_change.difference, unit=t("points_unit")) for g in groups.values()
            ],
            f"{t('conversion_change')} {t('ci95')}": [
                fmt_points_interval(g.conversion_change.ci, unit=t("points_unit")) for g in groups.values()
            ],
            t("spend_change"): [
                context.money(g.spend_change.difference, decimals=2) for g in groups.values()
            ],
            f"{t('spend_change')} {t('ci95')}": [
                fmt_interval(g.spend_change.ci, percent=False, symbol=symbol) for g in groups.values()
            ],
        },
    )
    draw_chart(
        charts.campaign_directional,
        result,
        "campaign_directional",
        title=t("directional_chart_title"),
        definition=t("directional_label"),
        period=window_period,
        names={
            **context.series_names(),
            "targeted": t("targeted"),
            "non_targeted": t("non_targeted"),
            "campaign_window": t("campaign_window"),
        },
    )
    st.markdown(f"**{t('assumptions')}**")
    lang = current_lang()
    st.markdown("\n".join(f"- {message_markdown(a, lang)}" for a in result.assumptions))


def _controlled(result: ControlledUplift, window_period: Period) -> None:
    symbol = context.currency()
    arms = result.arms
    rows = [result.control, *(a.outcome for a in arms)]
    names = [_group_name(r.group, control=i == 0) for i, r in enumerate(rows)]
    # Two narrow tables rather than one of 11 columns, so nothing scrolls sideways at 1600 px.
    st.subheader(t("arms_conversion_table"))
    show_table(
        {
            t("group"): names,
            t("group_customers"): [fmt_int(r.customers) for r in rows],
            t("converters"): [fmt_int(r.converters) for r in rows],
            t("conversion_rate"): [fmt_rate(r.conversion_rate) for r in rows],
            t("conversion_uplift"): ["—"]
            + [fmt_points(a.conversion_uplift, unit=t("points_unit")) for a in arms],
            f"{t('conversion_uplift')} {t('ci95')}": ["—"]
            + [fmt_points_interval(a.conversion_uplift_ci, unit=t("points_unit")) for a in arms],
            t("p_value"): ["—"] + [_significance(a.conversion_p_value) for a in arms],
        },
    )
    st.subheader(t("arms_spend_table"))
    show_table(
        {
            t("group"): names,
            t("sales_per_customer"): [context.money(r.sales_per_customer, decimals=2) for r in rows],
            t("spend_uplift"): ["—"] + [context.money(a.spend.difference, decimals=2) for a in arms],
            f"{t('spend_uplift')} {t('ci95')}": ["—"]
            + [fmt_interval(a.spend.ci, percent=False, symbol=symbol) for a in arms],
            t("incremental_sales"): ["—"] + [context.money(a.incremental_sales) for a in arms],
        },
    )
    st.caption(t("def_campaign"))
    draw_chart(
        charts.campaign_arms,
        result,
        "campaign_uplift",
        title=t("campaign_chart_title"),
        definition=t("def_campaign"),
        period=window_period,
    )


def _list_upload_day() -> pd.Timestamp | None:
    """Return the day the campaign list was uploaded: today for this session's upload, else stored."""
    ds = dataset()
    if ds.campaign_uploaded:
        return pd.Timestamp.today().normalize()
    stored = None if ds.campaign is None else ds.campaign.attrs.get("uploaded_at")
    if not stored:
        return None
    day = pd.Timestamp(stored)
    return (day.tz_convert(None) if day.tzinfo else day).normalize()


def _start_note(default: CampaignStart, chosen: pd.Timestamp) -> str:
    """Say which start day the window uses and where the default came from."""
    if chosen.normalize() != default.day:
        return t("campaign_start_chosen", day=f"{chosen:%Y-%m-%d}")
    uploaded = f"{default.uploaded:%Y-%m-%d}" if default.uploaded is not None else ""
    return t(f"campaign_start_from_{default.source}", day=f"{default.day:%Y-%m-%d}", uploaded=uploaded)


def _campaign_section(orders: pd.DataFrame, campaign: pd.DataFrame) -> None:
    source = dataset().campaign_file or t("campaign_file")
    groups = selections.distinct_values(campaign, "group")
    controls = st.columns(3)
    automatic = t("control_auto")
    control = controls[0].selectbox(
        t("control_label"),
        [None, *groups],
        format_func=lambda g: automatic if g is None else g,
        key="campaign_control",
        placeholder=t("choose_option"),
    )
    ds = dataset()
    default = default_start(orders, campaign, uploaded=_list_upload_day())
    span = context.day_span(orders)
    first, last = span.start, span.end
    start = controls[1].date_input(
        t("campaign_start"),
        value=default.day.date(),
        min_value=first.date(),
        max_value=last.date(),
        # A new list gets its own default, not the day picked for the previous one.
        key=f"campaign_start_{ds.campaign_file}",
    )
    days = controls[2].number_input(
        t("campaign_days"), min_value=1, max_value=365, value=DEFAULT_WINDOW_DAYS, key="campaign_days"
    )
    try:
        result = campaign_uplift(
            orders,
            campaign,
            control=control,
            # The list's own start keeps the "several start dates" note; any other day is the user's.
            start=None if default.source == "list" and start == default.day.date() else pd.Timestamp(start),
            days=int(days),
            source=source,
        )
    except InputError as exc:
        st.error(message_markdown(exc, current_lang()), icon=":material/error:")
        return
    window_period = result.window
    st.caption(
        md(context.store_label())
        + " · "
        + _start_note(default, pd.Timestamp(start))
        + " "
        + t(
            "campaign_window_caption",
            start=f"{window_period.start:%Y-%m-%d}",
            end=f"{window_period.end:%Y-%m-%d}",
        )
    )
    # The verdict leads; the warnings that qualify it follow.
    if isinstance(result, ControlledUplift):
        for verdict in sorted(result.verdicts, key=lambda v: -v.conversion_difference):
            _show_verdict(verdict)
    else:
        _show_verdict(result.verdict)
    for warning in result.warnings:
        st.warning(message_markdown(warning, current_lang()))
    if isinstance(result, ControlledUplift):
        _controlled(result, window_period)
    else:
        _directional(result, window_period)


def _coupon_section(orders: pd.DataFrame) -> None:
    st.header(t("coupon_title"))
    try:
        effect = coupon_effect(orders)
    except InputError:
        # The only refusal left here is "no order carries a code": the column exists but is empty.
        st.info(t("coupon_none"))
        return
    st.info(t("coupon_label"), icon=":material/explore:")
    # Redemptions count over every loaded order, not the sidebar's period: say which days.
    span = context.day_span(orders)
    st.caption(
        md(context.store_label())
        + " · "
        + t("coupon_scope", start=f"{span.start:%Y-%m-%d}", end=f"{span.end:%Y-%m-%d}")
    )
    cards = st.columns(3)
    cards[0].metric(t("coupon_redemptions"), fmt_int(effect.redemptions), border=True)
    cards[1].metric(t("coupon_redeemers"), fmt_int(effect.redeemers), border=True)
    cards[2].metric(t("coupon_sales"), context.money(effect.redemption_sales), border=True)
    for warning in effect.warnings:
        st.warning(message_markdown(warning, current_lang()))
    repeat = effect.repeat.to_dict(orient="records")
    st.subheader(t("coupon_repeat_table"))
    show_table(
        {
            t("coupon_days"): [t("days_n", days=r["days"]) for r in repeat],
            t("coupon_counted"): [fmt_int(r["redeemers_matched"]) for r in repeat],
            t("coupon_redeemer_rate"): [fmt_rate(r["matched_redeemer_rate"]) for r in repeat],
            t("coupon_comparison_rate"): [fmt_rate(r["comparison_rate"]) for r in repeat],
            t("coupon_difference"): [fmt_points(r["difference"], unit=t("points_unit")) for r in repeat],
            f"{t('coupon_difference')} {t('ci95')}": [
                fmt_points_interval(r["difference_ci"], unit=t("points_unit")) for r in repeat
            ],
        },
    )
    codes = effect.by_code.to_dict(orient="records")
    show_table(
        {
            t("coupon_code"): [r["code"] for r in codes],
            t("coupon_redemptions"): [fmt_int(r["redemptions"]) for r in codes],
            t("coupon_redeemers"): [fmt_int(r["redeemers"]) for r in codes],
            t("coupon_sales"): [context.money(r["sales"]) for r in codes],
        },
    )


orders = context.require_orders()
st.title(t("campaign_title"))
campaign = context.campaign()
has_coupons = "coupon_code" in orders.columns
if campaign is None:
    needs_campaign(stop=not has_coupons)
else:
    _campaign_section(orders, campaign)
if has_coupons:
    _coupon_section(orders)
