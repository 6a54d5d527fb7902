"""The Overview on a history database (DuckDB, PostgreSQL, Spark): figures computed where the history lives.

When the dashboard's history is a URL (:func:`ui.history.store_file`) and nothing is uploaded this
session, the Overview reads no order rows: the sidebar's days and filters, the period's cards, the
store ranking, the store index and the monthly series come from the engine as small tables
(:mod:`analytics.store.pages`), each cached per history, history stamp (a new ingest is seen at
once), shop, store/channel filter and period. What the page shows is the stored history; an upload
is shown together with the history the way files are (read into the app) until it is saved to the
history with the Overview's "save" button, which the caption says in the reader's language.

Other pages read the chosen shop's orders as before (:func:`ui.history.history`) up to
:data:`ui.history_engine.READ_LIMIT` orders; above it they say they are not yet computed in the database
(:func:`page_not_in_engine`) rather than read the history into the app. The dataset is built per
page (:func:`ui.history_engine.wanted`; ``dashboard.py`` names the page before building it).
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analytics.errors import InputError
from analytics.metrics.monthly import MonthlySales
from analytics.metrics.period import Period, resolve_period
from analytics.metrics.store_index import StoreIndex
from analytics.metrics.stores import StoreRanking
from analytics.metrics.summary import Summary
from analytics.store import pages as engine_pages
from analytics.store.queries import daily_orders
from ui import history_engine, selections
from ui.i18n import current_lang, t
from ui.messages import message_text


def page_not_in_engine() -> None:
    """Say this page is not computed in the history database (too large to read into the app); stop."""
    from ui.dataset import dataset
    from ui.format import fmt_int

    st.info(
        t(
            "history_engine_page",
            orders=fmt_int(dataset().history_orders),
            limit=fmt_int(history_engine.READ_LIMIT),
        ),
        icon=":material/database:",
    )
    st.stop()


@st.cache_data(show_spinner=False, max_entries=16)
def _daily(where: engine_pages.PageScope, stamp: float | str) -> pd.DataFrame:
    with engine_pages.open_pages(where) as engine:
        return daily_orders(engine, engine_pages.scope_of(engine, where))


def _stamp() -> str:
    """Return what changes with the history: the dataset's source names its stamp (no query per call)."""
    from ui.dataset import dataset

    return dataset().source


def where() -> engine_pages.PageScope | None:
    """Return the history database this run's page reads in its engine, or None (the rows are loaded)."""
    from ui.dataset import dataset

    return dataset().history_pages


def active() -> bool:
    """Return True when this run's figures are computed in the history's engine."""
    return where() is not None


def _filtered(*, stores: bool = True) -> tuple[engine_pages.PageScope, float | str]:
    base = where()
    assert base is not None  # callers check active() first
    chosen = selections.chosen_stores() if stores else ()
    return history_engine.scope(
        base.path, base.shop, stores=chosen, channels=selections.chosen_channels()
    ), _stamp()


def selection(*, stores: bool = True) -> tuple[engine_pages.PageScope, float | str]:
    """Return the rows the sidebar chose (its store filter unless ``stores`` is False) and the stamp."""
    return _filtered(stores=stores)


def days() -> pd.DataFrame:
    """Return the history's orders per day, all stores and channels (order_day, orders, sales)."""
    base = where()
    assert base is not None
    return _daily(base, _stamp())


def selected_days() -> pd.DataFrame:
    """Return the history's orders per day in the sidebar's store/channel selection."""
    return _daily(*_filtered())


def currency_orders() -> pd.DataFrame | None:
    """Return the history's stated currency as the one-column frame ``guess_currency`` reads, or None."""
    base = where()
    if base is None:
        return None
    code = history_engine.facts(base, _stamp()).currency
    return None if code is None else pd.DataFrame({"currency": [code]})


def span() -> Period:
    """Return the first to the last order day of the whole history (the sidebar's bounds)."""
    base = where()
    assert base is not None
    facts = history_engine.facts(base, _stamp())
    return Period(facts.first_day, facts.last_day)


def distinct(column: str) -> list[str]:
    """Return the stored orders' stores or channels (the sidebar's filter choices)."""
    base = where()
    assert base is not None
    facts = history_engine.facts(base, _stamp())
    return list(facts.stores if column == "store" else facts.channels)


def resolve(period: Period) -> Period:
    """Return ``period`` checked against the history's days (``resolve_period``)."""
    return resolve_period(days(), start=period.start, end=period.end)


@st.cache_data(show_spinner=False, max_entries=64)
def _summary(
    where: engine_pages.PageScope, stamp: float | str, start: str, end: str, repurchase_days: int, source: str
) -> Summary:
    period = Period(pd.Timestamp(start), pd.Timestamp(end))
    return engine_pages.period_summary(
        where, period=period, repurchase_days=repurchase_days, members_source=source
    )


def summary(period: Period, *, repurchase_days: int = 30, quiet: bool = False) -> Summary:
    """Return the period's summary computed in the engine (the stored member list when there is one).

    A stored member list that fits no customer is said (unless ``quiet``) and the figures are
    computed without membership, as :func:`ui.summaries.period_summary` does for files.
    """
    scope, stamp = _filtered()
    source = t("kind_members")
    try:
        return _summary(
            scope, stamp, f"{period.start:%Y-%m-%d}", f"{period.end:%Y-%m-%d}", repurchase_days, source
        )
    except InputError as exc:
        if exc.code != "metrics.members_not_in_orders":
            raise
        if not quiet:
            st.error(f"{message_text(exc, current_lang())}\n\n{t('hint_members')}", icon=":material/error:")
        return _without_members(scope, stamp, period, repurchase_days)


@st.cache_data(show_spinner=False, max_entries=16)
def _no_members(
    where: engine_pages.PageScope, stamp: float | str, start: str, end: str, days: int
) -> Summary:
    from analytics.store.figures import summary_in_engine

    with engine_pages.open_pages(where) as engine:
        found, _ = summary_in_engine(
            engine,
            rows=engine_pages.with_firsts(engine, where),
            shop=where.shop,
            start=start,
            end=end,
            repurchase_days=days,
            members=None,
            members_source="",
            stored_members=False,
            require_orders=False,
        )
    return found


def _without_members(scope, stamp, period: Period, repurchase_days: int) -> Summary:
    return _no_members(scope, stamp, f"{period.start:%Y-%m-%d}", f"{period.end:%Y-%m-%d}", repurchase_days)


@st.cache_data(show_spinner=False, max_entries=16)
def _ranking(where: engine_pages.PageScope, stamp: float | str, start: str, end: str) -> StoreRanking:
    return engine_pages.ranking_of(where, period=Period(pd.Timestamp(start), pd.Timestamp(end)))


def ranking(period: Period) -> StoreRanking:
    """Return every store's figures (the sidebar's channel filter applies, its store filter not)."""
    scope, stamp = _filtered(stores=False)
    if not selections.chosen_stores():
        # The page's store index (cached here) ranks this period too, with the same scope: ranked
        # once for both (analytics.store.pages keeps the index's rankings).
        store_index(period)
    return _ranking(scope, stamp, f"{period.start:%Y-%m-%d}", f"{period.end:%Y-%m-%d}")


@st.cache_data(show_spinner=False, max_entries=16)
def _index(where: engine_pages.PageScope, stamp: float | str, start: str, end: str) -> StoreIndex:
    return engine_pages.index_of(where, period=Period(pd.Timestamp(start), pd.Timestamp(end)))


def store_index(period: Period) -> StoreIndex:
    """Return the store index of the period and the periods before it (the sidebar's filter applies)."""
    scope, stamp = _filtered()
    return _index(scope, stamp, f"{period.start:%Y-%m-%d}", f"{period.end:%Y-%m-%d}")


@st.cache_data(show_spinner=False, max_entries=16)
def _monthly(where: engine_pages.PageScope, stamp: float | str, end: str, months: int) -> MonthlySales | None:
    return engine_pages.monthly_of(where, end=pd.Timestamp(end), months=months)


def monthly(period: Period, months: int) -> MonthlySales | None:
    """Return the latest ``months`` months of sales ending on the period's last day."""
    scope, stamp = _filtered()
    return _monthly(scope, stamp, f"{period.end:%Y-%m-%d}", months)


def show_source() -> None:
    """Say where the figures come from: computed in the history database, the upload saved first."""
    st.caption(t("history_engine_note"), help=t("history_engine_help"))
