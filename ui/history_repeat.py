"""The Repeat-purchase and Returning-customers pages on a history database: figures from its engine.

When the dashboard's history is a URL and nothing is uploaded (:func:`ui.history_pages.active`),
these pages read no order rows: each figure comes from a small table the engine computes
(:mod:`analytics.store.page_repeat`, :mod:`analytics.store.page_returning`, the cohort grid and the
gaps of :mod:`analytics.store.pages`), cached per history, stamp, shop, filter and the figure's
own choices. The pages' plain readings are worded from the same figures as the report words them
for files (:func:`reading`).
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import streamlit as st

from analytics.errors import Message
from analytics.metrics.intervals import PurchaseIntervals
from analytics.metrics.period import Period
from analytics.metrics.repeat import Repurchase, repurchase_cohort
from analytics.metrics.summary import Summary
from analytics.metrics.trends import Frequency
from analytics.store import page_repeat, page_returning
from analytics.store import pages as engine_pages
from ui import history_pages


def _day(value: pd.Timestamp) -> str:
    return f"{pd.Timestamp(value):%Y-%m-%d}"


@st.cache_data(show_spinner=False, max_entries=32)
def _repurchase(
    where: engine_pages.PageScope, stamp: float | str, start: str, end: str, days: tuple[int, ...], last: str
) -> list[Repurchase]:
    cohort = Period(pd.Timestamp(start), pd.Timestamp(end))
    return page_repeat.cohort_repurchase_of(where, cohort=cohort, days=days, last_day=pd.Timestamp(last))


def cohort_repurchase(cohort: Period, days: Sequence[int], last_day: pd.Timestamp) -> list[Repurchase]:
    """Return "bought again within N days" of ``cohort`` for each N (the sidebar's selection)."""
    where, stamp = history_pages.selection()
    return _repurchase(where, stamp, _day(cohort.start), _day(cohort.end), tuple(days), _day(last_day))


@st.cache_data(show_spinner=False, max_entries=16)
def _windows(
    where: engine_pages.PageScope, stamp: float | str, end: str, windows: int, days: int
) -> pd.DataFrame:
    return page_repeat.rate_windows_of(where, end=pd.Timestamp(end), windows=windows, days=days)


def rate_windows(end: pd.Timestamp, *, windows: int, days: int) -> pd.DataFrame:
    """Return the repeat-purchase rate of ``windows`` windows of ``days`` days ending on ``end``."""
    where, stamp = history_pages.selection()
    return _windows(where, stamp, _day(end), windows, days)


@st.cache_data(show_spinner=False, max_entries=16)
def _gaps(where: engine_pages.PageScope, stamp: float | str) -> PurchaseIntervals:
    return page_repeat.gaps_of(where)


def gaps() -> PurchaseIntervals:
    """Return the time between purchases (its distribution and its summary) of the selection."""
    return _gaps(*history_pages.selection())


@st.cache_data(show_spinner=False, max_entries=16)
def _cohorts(where: engine_pages.PageScope, stamp: float | str, cumulative: bool) -> pd.DataFrame:
    return engine_pages.cohorts_of(where, cumulative=cumulative)


def cohorts(*, cumulative: bool) -> pd.DataFrame:
    """Return the monthly cohort grid of the selection (retention by month, or back by month k)."""
    where, stamp = history_pages.selection()
    return _cohorts(where, stamp, cumulative)


@st.cache_data(show_spinner=False, max_entries=32)
def _trend(
    where: engine_pages.PageScope, stamp: float | str, start: str, end: str, freq: str
) -> pd.DataFrame:
    return page_returning.returning_trend_of(
        where,
        start=pd.Timestamp(start),
        end=pd.Timestamp(end),
        freq=freq,  # type: ignore[arg-type]
    )


def returning_trend(period: Period, freq: Frequency) -> pd.DataFrame:
    """Return the period's sales, buyers and returning shares per day, week or month."""
    where, stamp = history_pages.selection()
    return _trend(where, stamp, _day(period.start), _day(period.end), freq)


@st.cache_data(show_spinner=False, max_entries=16)
def _counts(
    where: engine_pages.PageScope, stamp: float | str, first: str, last: str, end: str
) -> pd.DataFrame:
    return page_returning.monthly_counts_of(
        where, data_start=pd.Timestamp(first), data_last=pd.Timestamp(last), end=pd.Timestamp(end)
    )


def monthly_counts(span: Period, end: pd.Timestamp) -> pd.DataFrame:
    """Return each month's new and returning customers up to ``end`` (``span``: the selection's days)."""
    where, stamp = history_pages.selection()
    return _counts(where, stamp, _day(span.start), _day(span.end), _day(end))


def repeat_reading(
    summary: Summary, previous: Summary | None, order_days: pd.DataFrame, last_day: pd.Timestamp
) -> tuple[Message, ...]:
    """Return the Repeat page's reading: the rate, then repurchase within the summary's N days.

    As the report: the latest cohort of first purchases the data can follow for N days
    (:func:`analytics.metrics.repeat.repurchase_cohort` of the selection's ``order_days``).
    """
    n = summary.repurchase.days
    cohort = repurchase_cohort(order_days, days=n, length=summary.period.days)
    found = None if cohort is None else cohort_repurchase(cohort, (n,), last_day)[0]
    return reading("repeat", summary, previous, cohort=cohort, repurchase=found)


def reading(
    subject: str,
    summary: Summary,
    previous: Summary | None,
    *,
    cohort: Period | None = None,
    repurchase: Repurchase | None = None,
    starts_with_data: bool = False,
) -> tuple[Message, ...]:
    """Return the page's reading as :func:`analytics.report.readings.page_reading` words it for files.

    ``subject``: "repeat" (``cohort`` and its ``repurchase`` as the page shows them) or "returning"
    (``starts_with_data``: the period starts on the selection's first order day).
    """
    from analytics.report import content  # the report's wording loads with a page

    headlines = content._headlines(summary, previous)
    if subject == "returning":
        return content.returning_reading(summary, headlines, starts_with_data=starts_with_data)
    rate = summary.repeat_purchase_rate
    figures = {"rate": rate, "repeaters": rate.numerator, "customers": rate.denominator}
    sentences = [
        content._with_change(
            Message("report.reading.repeat_rate", figures),
            Message("report.reading.repeat_rate_alone", figures),
            content._headline(headlines, "repeat_purchase_rate"),
        )
    ]
    sentences.append(content.repurchase_sentence(cohort, repurchase, days=summary.repurchase.days))
    return tuple(sentences)
