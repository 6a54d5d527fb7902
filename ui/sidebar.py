"""The sidebar shared by all pages: language, period, comparison period, store and channel filters."""

from __future__ import annotations

import pandas as pd
import streamlit as st
from babel.numbers import get_currency_name, get_currency_symbol

from analytics.errors import InputError
from analytics.metrics.period import COMPARISONS, Period, comparison_period, resolve_period
from ui import context, history, history_pages, selections
from ui.dataset import dataset
from ui.i18n import LANGUAGES, current_lang, option_labels, t, translate
from ui.periods import DEFAULT_PRESET, PRESETS, preset_period
from ui.results import cached_metric
from ui.safe_text import message_markdown
from ui.state import CHANNELS_KEY, COMPARISON_KEY, LANG_KEY, LANG_SELECT_KEY, PERIOD_KEY, STORES_KEY


def _set_language() -> None:
    st.query_params["lang"] = st.session_state[LANG_SELECT_KEY]
    st.session_state[LANG_KEY] = st.session_state[LANG_SELECT_KEY]


def language_selector() -> None:
    """Show the language switch; the choice is kept in the URL (``?lang=zh|en``)."""
    lang = current_lang()
    if st.session_state.get(LANG_SELECT_KEY) != lang:
        st.session_state[LANG_SELECT_KEY] = lang
    st.sidebar.selectbox(
        t("sidebar_language"),
        list(LANGUAGES),
        format_func=LANGUAGES.get,
        key=LANG_SELECT_KEY,
        on_change=_set_language,
        placeholder=t("choose_option"),
    )
    # Page switches drop the query string: write it back so the URL always carries the language.
    if st.query_params.get("lang") != lang:
        st.query_params["lang"] = lang


def _filters(orders: pd.DataFrame) -> None:
    for column, key, label in (
        ("store", STORES_KEY, "sidebar_store"),
        ("channel", CHANNELS_KEY, "sidebar_channel"),
    ):
        values = (
            history_pages.distinct(column) if orders is None else selections.distinct_values(orders, column)
        )
        if len(values) > 1:
            st.sidebar.multiselect(t(label), values, key=key, placeholder=t("all_values"))
        else:
            st.session_state.pop(key, None)


def translated_select(label: str, options, *, key: str, default, format_func, **kwargs):
    """Show a sidebar select box whose option labels are in the reader's language; return the choice.

    The browser keeps the labels a select box was first drawn with for as long as its key lives,
    so after a language switch it would still show the old language. The widget's key therefore
    carries the language (``{key}_{lang}``: a new widget per language), while the choice itself is
    kept under ``_{key}`` and survives the switch.
    """
    options = list(options)
    chosen = st.session_state.get(f"_{key}", default)
    value = st.sidebar.selectbox(
        label,
        options,
        index=options.index(chosen) if chosen in options else options.index(default),
        format_func=format_func,
        key=f"{key}_{current_lang()}",
        placeholder=t("choose_option"),
        **kwargs,
    )
    st.session_state[f"_{key}"] = value
    return value


# Pages that measure over their own window: the sidebar period is shown greyed out there.
PERIOD_IGNORED_PAGES: frozenset[str] = frozenset({"campaign"})


def _currency_select() -> None:
    lang = current_lang()
    locale = "zh_Hans_CN" if lang == "zh" else "en_US"
    detected = context.detected_currency()

    # Widget labels are formatted outside the script run too: the language is fixed here.
    def label(code: str) -> str:
        if code == "auto":
            found = (
                get_currency_name(detected, locale=locale)
                if detected
                else translate("currency_unknown", lang)
            )
            return translate("currency_auto", lang, currency=found)
        return f"{get_currency_name(code, locale=locale)} ({get_currency_symbol(code, locale=locale)})"

    choice = translated_select(
        t("sidebar_currency"),
        context.CURRENCIES,
        key="currency_select",
        default="auto",
        format_func=label,
        help=t("currency_help"),
    )
    st.session_state[context.CURRENCY_KEY] = choice


def period_controls(*, ignored: bool = False) -> None:
    """Show the period and comparison choices and store the resulting periods for the pages.

    ``ignored``: the current page does not use the period; the choices are greyed out and a note
    says so, rather than hidden (they come back unchanged on the other pages).
    """
    ds = dataset()
    if not ds.has_orders:
        st.session_state.pop(PERIOD_KEY, None)
        st.session_state.pop(COMPARISON_KEY, None)
        return
    orders = ds.orders  # None on a history database read in its engine (ui.history_pages)
    span = history_pages.span() if orders is None else context.day_span(orders)
    first, last = span.start, span.end
    st.sidebar.subheader(t("sidebar_period"))
    preset = translated_select(
        t("sidebar_period"),
        PRESETS,
        key="period_preset",
        default=DEFAULT_PRESET,
        format_func=option_labels("preset_"),
        label_visibility="collapsed",
        disabled=ignored,
    )
    custom = None
    if preset == "custom":
        default = preset_period(last, DEFAULT_PRESET)
        chosen = st.sidebar.date_input(
            t("custom_range"),
            value=(max(default.start, first).date(), last.date()),
            min_value=first.date(),
            max_value=last.date(),
            key="period_custom",
            disabled=ignored,
        )
        if isinstance(chosen, tuple | list) and len(chosen) == 2:
            custom = (pd.Timestamp(chosen[0]), pd.Timestamp(chosen[1]))
    period = preset_period(last, preset, custom=custom)
    try:
        # Once per dataset and dates (a failure is not kept: it is raised again).
        period = (
            history_pages.resolve(period)
            if orders is None
            else cached_metric(resolve_period, orders, start=period.start, end=period.end)
        )
    except InputError as exc:
        st.sidebar.warning(t("period_invalid", message=message_markdown(exc, current_lang())))
        period = preset_period(last, DEFAULT_PRESET)
    if period.start < first:
        # A period longer than the data would show days without orders as zeros: clip and say so.
        st.sidebar.warning(
            t(
                "period_clipped",
                days=period.days,
                loaded=int((last - first).days) + 1,
                first=f"{first:%Y-%m-%d}",
            ),
            icon=":material/content_cut:",
        )
        period = Period(first, period.end)
    st.sidebar.caption(
        t("period_caption", start=f"{period.start:%Y-%m-%d}", end=f"{period.end:%Y-%m-%d}", days=period.days)
        + " · "
        + t("data_ends", day=f"{last:%Y-%m-%d}")
    )
    mode = translated_select(
        t("sidebar_compare"),
        COMPARISONS,
        key="compare_mode",
        default=COMPARISONS[0],
        format_func=option_labels("compare_"),
        disabled=ignored,
    )
    comparison = comparison_period(period, mode)
    # A greyed-out choice says nothing about the page: no comparison dates under it.
    if comparison is not None and not ignored:
        st.sidebar.caption(
            t("compare_caption", start=f"{comparison.start:%Y-%m-%d}", end=f"{comparison.end:%Y-%m-%d}")
        )
    if ignored:
        st.sidebar.info(t("period_ignored"), icon=":material/info:")
    _currency_select()
    st.session_state[PERIOD_KEY] = period
    st.session_state[COMPARISON_KEY] = comparison
    _filters(orders)


def render_sidebar(page: str = "") -> None:
    """Render the whole shared sidebar (language first, so a Chinese reader finds the switch).

    ``page`` is the current page's URL path, so pages with their own window grey the period out.
    """
    language_selector()
    history.sidebar_controls()
    period_controls(ignored=page in PERIOD_IGNORED_PAGES)
