"""Period summaries for the pages: ``analytics.metrics.summary.summarize`` once per period and filter.

Summaries are cached with :func:`ui.results.cached_metric` (on the filtered frame's key and the
period's dates), so a rerun, a language switch or a page switch and back computes nothing.

A member list that does not fit the orders (no member matches a customer) is shown as an error,
in the reader's language, and the figures are computed without membership, rather than failing
the page.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analytics.errors import InputError
from analytics.metrics.period import Period
from analytics.metrics.summary import Summary, summarize
from ui import context, selections
from ui.dataset import dataset
from ui.i18n import current_lang, t
from ui.messages import message_text
from ui.results import cached_metric
from ui.safe_text import md


def refund_lines() -> pd.DataFrame | None:
    """Return the uploaded refund lines the figures shown can follow, None when they cannot.

    The refunds metric (:func:`analytics.metrics.refunds.period_refunds`) decides from them what
    the Overview and the meeting pack show: the lines (an empty frame when the upload has none:
    nothing shown), or None (unknown, nothing shown) with a stored history (the pages read no
    refund lines from it). With stores or channels chosen, the lines of those stores and channels,
    as the sales beside them; None when the refund lines name no store (or channel) to choose by.
    """
    ds = dataset()
    load = ds.load
    if load is None or ds.history_orders:
        return None
    refunds = load.refunds
    for column, chosen in (("store", selections.chosen_stores()), ("channel", selections.chosen_channels())):
        if not chosen or refunds.empty:
            continue
        if column not in refunds.columns:
            return None
        refunds = refunds[refunds[column].isin(chosen).to_numpy(dtype=bool)]
    return refunds


def period_summary(period: Period, *, repurchase_days: int = 30, quiet: bool = False) -> Summary:
    """Return the summary of the filtered orders for ``period`` (with the member list when given).

    The period's refunds come with it (:func:`refund_lines`; shown only when the upload has some).
    """
    from ui import history_pages  # a history database: the summary is computed in its engine

    if history_pages.active():
        return history_pages.summary(period, repurchase_days=repurchase_days, quiet=quiet)
    orders = context.require_orders()
    ds = dataset()
    refunds = refund_lines()
    try:
        return cached_metric(
            summarize,
            orders,
            period=period,
            members=ds.members,
            repurchase_days=repurchase_days,
            members_source=ds.members_file or t("kind_members"),
            refunds=refunds,
        )
    except InputError as exc:
        if not quiet:
            st.error(f"{message_text(exc, current_lang())}\n\n{t('hint_members')}", icon=":material/error:")
        return cached_metric(
            summarize, orders, period=period, repurchase_days=repurchase_days, refunds=refunds
        )


def show_verdict(subject: str) -> None:
    """Open a page with its plain reading: the sentences the report prints for the same figures.

    The reading comes from :func:`analytics.report.readings.page_reading` (the report's own section
    for the sidebar's orders, period and comparison), in the reader's language and currency. Figures
    come with their counts ("137 of 782 customers") as the report words them.
    """
    from analytics.report.readings import page_reading  # the report's wording loads with a page

    orders = context.require_orders()
    ds = dataset()
    period, comparison = context.current_period(), context.comparison_period()
    try:
        reading = cached_metric(
            page_reading,
            orders,
            subject,
            period=period,
            comparison=comparison,
            members=ds.members,
            members_source=ds.members_file or t("kind_members"),
        )
    except InputError:  # a member list that fits no customer: said by the page's summary already
        reading = cached_metric(page_reading, orders, subject, period=period, comparison=comparison)
    show_reading(reading, subject)


def show_reading(reading: tuple, subject: str = "") -> None:
    """Show a page's reading (report sentences as codes) in the reader's language and currency."""
    from analytics.report.text import Texts

    if not reading and subject == "members":  # no members section: membership is unknown
        st.info(t("reason_no_members"), icon=":material/card_membership:")  # the true reason, first
        return

    texts = Texts(current_lang(), context.currency_code())
    for sentence in reading:
        # Tier and store names come from files: the sentence is shown as plain text.
        st.markdown(md(texts(sentence)))
