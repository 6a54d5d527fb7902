"""The sidebar shared by all pages: language, period, comparison period, store and channel filters."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analytics.errors import InputError
from analytics.metrics.period import resolve_period
from ui import context, data, history
from ui.errors import localise_warning
from ui.i18n import LANGUAGES, SESSION_KEY, current_lang, option_labels, t
from ui.periods import COMPARISONS, DEFAULT_PRESET, PRESETS, comparison_period, preset_period

LANG_KEY = "lang_select"


def _set_language() -> None:
    st.query_params["lang"] = st.session_state[LANG_KEY]
    st.session_state[SESSION_KEY] = st.session_state[LANG_KEY]


def language_selector() -> None:
    """Show the language switch; the choice is kept in the URL (``?lang=zh|en``)."""
    lang = current_lang()
    if st.session_state.get(LANG_KEY) != lang:
        st.session_state[LANG_KEY] = lang
    st.sidebar.selectbox(
        t("sidebar_language"),
        list(LANGUAGES),
        format_func=LANGUAGES.get,
        key=LANG_KEY,
        on_change=_set_language,
    )
    # Page switches drop the query string: write it back so the URL always carries the language.
    if st.query_params.get("lang") != lang:
        st.query_params["lang"] = lang


def _filters(orders: pd.DataFrame) -> None:
    for column, key, label in (
        ("store", context.STORES_KEY, "sidebar_store"),
        ("channel", context.CHANNELS_KEY, "sidebar_channel"),
    ):
        values = data.distinct_values(orders, column)
        if len(values) > 1:
            st.sidebar.multiselect(t(label), values, key=key, placeholder=t("all_values"))
        else:
            st.session_state.pop(key, None)


def period_controls() -> None:
    """Show the period and comparison choices and store the resulting periods for the pages."""
    ds = data.dataset()
    if not ds.has_orders:
        st.session_state.pop(context.PERIOD_KEY, None)
        st.session_state.pop(context.COMPARISON_KEY, None)
        return
    orders = ds.orders
    first, last = orders["order_day"].min(), orders["order_day"].max()
    st.sidebar.subheader(t("sidebar_period"))
    preset = st.sidebar.selectbox(
        t("sidebar_period"),
        PRESETS,
        index=PRESETS.index(DEFAULT_PRESET),
        format_func=option_labels("preset_"),
        key="period_preset",
        label_visibility="collapsed",
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
        )
        if isinstance(chosen, tuple | list) and len(chosen) == 2:
            custom = (pd.Timestamp(chosen[0]), pd.Timestamp(chosen[1]))
    period = preset_period(last, preset, custom=custom)
    try:
        period = resolve_period(orders, start=period.start, end=period.end)
    except InputError as exc:
        st.sidebar.warning(t("period_invalid", message=localise_warning(str(exc), current_lang())))
        period = preset_period(last, DEFAULT_PRESET)
    st.sidebar.caption(
        t("period_caption", start=f"{period.start:%Y-%m-%d}", end=f"{period.end:%Y-%m-%d}", days=period.days)
        + " · "
        + t("data_ends", day=f"{last:%Y-%m-%d}")
    )
    mode = st.sidebar.selectbox(
        t("sidebar_compare"), COMPARISONS, format_func=option_labels("compare_"), key="compare_mode"
    )
    comparison = comparison_period(period, mode)
    if comparison is not None:
        st.sidebar.caption(
            t("compare_caption", start=f"{comparison.start:%Y-%m-%d}", end=f"{comparison.end:%Y-%m-%d}")
        )
    st.session_state[context.PERIOD_KEY] = period
    st.session_state[context.COMPARISON_KEY] = comparison
    _filters(orders)


def render_sidebar() -> None:
    """Render the whole shared sidebar (language first, so a Chinese reader finds the switch)."""
    language_selector()
    history.sidebar_controls()
    period_controls()
