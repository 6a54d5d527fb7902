"""Period summaries for the pages: one call to ``analytics.metrics.summary.summarize`` per period.

A member list that does not fit the orders (no member matches a customer) is shown as an error,
in the reader's language, and the figures are computed without membership, rather than failing
the page.
"""

from __future__ import annotations

import streamlit as st

from analytics.errors import InputError
from analytics.metrics.period import Period
from analytics.metrics.summary import Summary, summarize
from ui import context, data
from ui.i18n import current_lang, t
from ui.messages import message_text


def period_summary(period: Period, *, repurchase_days: int = 30, quiet: bool = False) -> Summary:
    """Return the summary of the filtered orders for ``period`` (with the member list when given)."""
    orders = context.require_orders()
    ds = data.dataset()
    try:
        return summarize(
            orders,
            period=period,
            members=ds.members,
            repurchase_days=repurchase_days,
            members_source=ds.members_file or t("kind_members"),
        )
    except InputError as exc:
        if not quiet:
            st.error(f"{message_text(exc, current_lang())}\n\n{t('hint_members')}", icon=":material/error:")
        return summarize(orders, period=period, repurchase_days=repurchase_days)
