"""A period that starts with the data: nobody in it can be told returning (no purchase before it)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analytics.metrics.period import Period
from analytics.metrics.summary import Summary
from ui import context
from ui.i18n import t


def starts_with_data(orders: pd.DataFrame | None, period: Period) -> bool:
    """Return True when ``period`` starts on or before the first order day of ``orders``.

    A returning customer is one whose first purchase day is before the period: with no order
    before the period, every buyer of it counts as new, whatever the shop's real history.
    """
    # None: a history database read in its engine, whose first day the pages do not scan.
    return orders is not None and period.start <= context.day_span(orders).start


def warn_no_returning_history(orders: pd.DataFrame | None, period: Period) -> bool:
    """Say the period's returning figures are unknown when it starts with the data; return True then."""
    if not starts_with_data(orders, period):
        return False
    st.warning(t("returning_no_history", start=f"{period.start:%Y-%m-%d}"), icon=":material/history:")
    return True


def comparable(previous: Summary | None) -> Summary | None:
    """Return the comparison period's summary, or None when it has no order at all.

    A comparison period before the data would show "comparison period: 0" under every card and
    changes from nothing; the pages say ``comparison_empty`` instead, as the Overview does.
    """
    return None if previous is not None and previous.orders == 0 else previous
