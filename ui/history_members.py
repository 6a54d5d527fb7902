"""The Members and Tiers pages on a history database: figures from its engine, no order row read.

The period's member and tier figures are the summary's (:func:`ui.summaries.period_summary`, in the
engine); the members' daily trend and the care cycle per tier come from
:mod:`analytics.store.page_members`, cached per history, stamp, shop, filter and choices. The member
list is the dataset's (the stored list), keyed by the history's stamp rather than hashed.
The pages' readings are the report's sections of the same summary.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analytics.errors import Message
from analytics.metrics.intervals import PurchaseIntervals
from analytics.metrics.member_trend import MemberTrend
from analytics.metrics.summary import Summary
from analytics.store import page_members
from analytics.store import pages as engine_pages
from ui import history_pages


@st.cache_data(show_spinner=False, max_entries=16)
def _trend(
    where: engine_pages.PageScope,
    stamp: float | str,
    end: str,
    days: int,
    first: str,
    source: str,
    _members: pd.DataFrame | None,
) -> MemberTrend | None:
    return page_members.member_trend_of_page(
        where,
        end=pd.Timestamp(end),
        days=days,
        data_first=pd.Timestamp(first),
        members=_members,
        members_source=source,
    )


def member_trend(
    end: pd.Timestamp, days: int, data_first: pd.Timestamp, members: pd.DataFrame | None, source: str
) -> MemberTrend | None:
    """Return members' daily shares over ``days`` days ending on ``end`` (None: membership unknown)."""
    where, stamp = history_pages.selection()
    return _trend(where, stamp, f"{end:%Y-%m-%d}", days, f"{data_first:%Y-%m-%d}", source, members)


@st.cache_data(show_spinner=False, max_entries=16)
def _tier_gaps(
    where: engine_pages.PageScope, stamp: float | str, source: str, _members: pd.DataFrame | None
) -> PurchaseIntervals | None:
    return page_members.tier_gaps_of(where, members=_members, members_source=source)


def tier_gaps(members: pd.DataFrame | None, source: str) -> PurchaseIntervals | None:
    """Return the time between purchases overall and per tier (None: membership unknown)."""
    where, stamp = history_pages.selection()
    return _tier_gaps(where, stamp, source, members)


def reading(subject: str, summary: Summary, previous: Summary | None) -> tuple[Message, ...]:
    """Return the Members ("members") or Tiers ("tiers") page's reading, as the report words it."""
    from analytics.report import content  # the report's wording loads with a page

    section = (
        content._members_section(summary, content._headlines(summary, previous))
        if subject == "members"
        else content._tiers_section(summary)
    )
    return () if section is None else section.reading
