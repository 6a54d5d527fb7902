"""What every page asks for: the filtered orders, the period, the comparison, labels for charts.

The sidebar (``ui.sidebar``) stores its choices in ``st.session_state``; pages read them here so a
page is a few lines of widgets around metric calls.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st
from babel.numbers import get_currency_symbol

from analytics.charts import ChartLabels, period_text
from analytics.metrics.currency import guess_currency
from analytics.metrics.orderbook import Orders
from analytics.metrics.period import Period
from analytics.metrics.ratio import Ratio
from ui import history_pages, selections
from ui.dataset import currency_headers, dataset
from ui.format import fmt_int, fmt_money
from ui.i18n import current_lang, t
from ui.loaders import sample_file
from ui.results import cached_metric
from ui.safe_text import md
from ui.state import COMPARISON_KEY, PERIOD_KEY, STORES_KEY
from ui.uploads import SAMPLE_DOWNLOADS


def show_samples_to_download() -> None:
    """Offer the bundled sample exports and list templates as downloads."""
    files = [f for f in (sample_file(name) for name in SAMPLE_DOWNLOADS) if f]
    if not files:
        return
    with st.expander(t("download_samples")):
        columns = st.columns(min(len(files), 4))
        for i, (name, content) in enumerate(files):
            columns[i % len(columns)].download_button(
                name, content, file_name=name, key=f"sample_{name}", on_click="ignore"
            )


def empty_state() -> None:
    """Say what to upload, offer sample files, and stop the page."""
    st.info(t("what_to_upload"))
    show_samples_to_download()
    st.stop()


def all_orders() -> pd.DataFrame:
    """Return every loaded order (no store/channel filter), or show the empty state and stop."""
    ds = dataset()
    if not ds.has_orders:
        empty_state()
    if ds.orders is None:  # a history database read in its engine: this page is not (ui.history_pages)
        history_pages.page_not_in_engine()
    return ds.orders


def selected_orders() -> Orders:
    """Return the orders of the stores/channels chosen in the sidebar with their tables (purchase log).

    The same object on every rerun and page for the same dataset and choice (:mod:`ui.selections`):
    hand it to metrics (directly or through :func:`ui.results.cached_metric`) so they reuse its log.
    Shows the empty state and stops without orders.
    """
    all_orders()
    chosen = selections.selected_orders()
    assert chosen is not None  # all_orders() stopped the page otherwise
    return chosen


def require_orders() -> pd.DataFrame:
    """Return the orders frame of the stores/channels chosen in the sidebar, or show the empty state and stop.

    The frame of :func:`selected_orders`: :func:`ui.results.cached_metric` finds its Orders object.
    """
    return selected_orders().frame


def current_period() -> Period:
    """Return the period chosen in the sidebar (30 days ending on the last order day by default)."""
    period = st.session_state.get(PERIOD_KEY)
    if period is None:
        last = day_span(all_orders()).end
        period = Period(last - pd.Timedelta(days=29), last)
    return period


def _order_days(orders: pd.DataFrame) -> Period:
    return Period(orders["order_day"].min(), orders["order_day"].max())


def day_span(orders: pd.DataFrame) -> Period:
    """Return the first to the last order day of ``orders`` (once per frame: a million days to scan)."""
    return cached_metric(_order_days, orders)


def comparison_period() -> Period | None:
    """Return the comparison period chosen in the sidebar, or None for no comparison."""
    return st.session_state.get(COMPARISON_KEY)


def members() -> pd.DataFrame | None:
    """Return the uploaded member list (canonical members frame), or None."""
    return dataset().members


def campaign() -> pd.DataFrame | None:
    """Return the uploaded campaign list (canonical campaign frame), or None."""
    return dataset().campaign


def store_label() -> str:
    """Return the store(s) the figures cover, as charts and captions show it."""
    chosen = st.session_state.get(STORES_KEY) or []
    if chosen:
        return t("chart_store", store=", ".join(chosen))
    ds = dataset()
    # A history database read in its engine: its stores, as the sidebar's filter lists them.
    stores = (
        history_pages.distinct("store")
        if history_pages.active()
        else selections.distinct_values(ds.book, "store")
    )
    if len(stores) == 1:
        return t("chart_store", store=stores[0])
    return t("all_stores")


# The sidebar's currency choice: "auto" (from the export) or an ISO 4217 code.
CURRENCY_KEY = "currency_choice"
CURRENCIES: tuple[str, ...] = ("auto", "CNY", "USD", "GBP", "EUR", "HKD", "JPY")


def detected_currency() -> str | None:
    """Return the currency the loaded exports imply (:func:`analytics.metrics.currency.guess_currency`).

    Their currency column, else CNY for Chinese headers or a shop named in Chinese.

    None when nothing says (an English export without a currency column, such as UCI Online Retail):
    amounts are then shown without a symbol until the user picks the currency in the sidebar.
    """
    ds = dataset()
    # The report's rule (a stored history keeps no headers: its shop names speak instead).
    # Cached per dataset: money() asks on every figure of every rerun, and the shop names are a
    # million store cells.
    orders = ds.orders if ds.has_orders else None
    if ds.history_pages is not None:  # a history database read in its engine: its currency column's code
        orders = history_pages.currency_orders()
    return cached_metric(guess_currency, orders, headers=tuple(currency_headers(ds.load)))


def currency_code() -> str | None:
    """Return the ISO code amounts are shown in: the sidebar's choice, else the detected one."""
    choice = st.session_state.get(CURRENCY_KEY, "auto")
    return detected_currency() if choice in (None, "auto") else str(choice)


def currency() -> str:
    """Return the symbol of the amounts' currency in the reader's language ("¥", "US$", "£"), or ""."""
    code = currency_code()
    if code is None:
        return ""
    return get_currency_symbol(code, locale="zh_Hans_CN" if current_lang() == "zh" else "en_US")


def money(value: float | None, *, decimals: int = 0) -> str:
    """Return an amount in the loaded exports' currency, written as the reader's locale does."""
    return fmt_money(value, currency=currency_code(), decimals=decimals, lang=current_lang())


def chart_labels(
    title: str,
    definition: str,
    *,
    period: Period | None = None,
    names: dict[str, str] | None = None,
    x_title: str = "",
    y_title: str = "",
) -> ChartLabels:
    """Return the translated labels of a chart: title, period, store, definition footnote."""
    period = period or current_period()
    return ChartLabels(
        title=title,
        period=t("period_label", start=f"{period.start:%Y-%m-%d}", end=f"{period.end:%Y-%m-%d}")
        if period
        else period_text(current_period()),
        store=store_label(),
        definition=definition,
        names=names or series_names(),
        x_title=x_title,
        y_title=y_title,
    )


def series_names() -> dict[str, str]:
    """Return the translated names of the fixed business series (same on every chart)."""
    keys = ("member", "non_member", "returning", "new", "guest", "customers", "orders", "sales")
    names = {key: t(key) for key in keys}
    names.update(
        {
            "sales_share": t("sales_share"),
            "aov": t("aov"),
            "repeat_purchase_rate": t("repeat_purchase_rate"),
            "members": t("members_count"),
            "buyers": t("buyers"),
            "control": t("control_label"),
            "median": t("median_interval"),
            "care_cycle": t("care_cycle"),
            "returning_buyers_share": t("returning_buyers"),
            "returning_sales_share": t("returning_sales"),
            "conversion_rate": t("conversion_rate"),
            "conversion_uplift": t("conversion_uplift"),
            "spend_uplift": t("spend_uplift"),
            "incremental_sales": t("incremental_sales"),
            "sales_per_customer": t("sales_per_customer"),
            "intervals": t("chart_interval_customers"),
            # A template: the cohort heatmaps fill in the month and the cohort's customers.
            "cohort_row": t("cohort_row"),
            # Units on axes: differences of rates in points, amounts in the shown currency.
            "points_unit": " " + t("points_unit"),
            "currency": currency(),
        }
    )
    for key in (
        "rate",
        "ci",
        "small_sample",
        "empty",
        "days",
        "buyers_share",
        "sales_share",
        "new_or_guest",
        "no_tier",
        "median",
        "care_cycle",
        "immature",
    ):
        names[key] = t(f"chart_{key}")
    return names


def period_caption(period: Period, comparison: Period | None = None) -> str:
    """Return the caption of a card group: its period, the stores, and the comparison period."""
    text = t("period_label", start=f"{period.start:%Y-%m-%d}", end=f"{period.end:%Y-%m-%d}")
    text += " · " + md(store_label())  # a shop name comes from the file: never Markdown
    if comparison is not None:
        text += " · " + t(
            "vs_comparison", start=f"{comparison.start:%Y-%m-%d}", end=f"{comparison.end:%Y-%m-%d}"
        )
    return text


def rate_help(definition_key: str, rate: Ratio) -> str:
    """Return a rate's help text: its definition, "n of N customers" and a small-sample note."""
    n_of_n = t("n_of_N_customers", n=fmt_int(rate.numerator), d=fmt_int(rate.denominator))
    text = f"{t(definition_key)}\n\n{n_of_n}"
    return text + (f"\n\n{t('small_sample')}" if rate.small_sample else "")


def order_days() -> pd.DataFrame:
    """Return what holds the order days: the history's days in its engine, else the loaded orders."""
    return history_pages.days() if history_pages.active() else all_orders()


def selected_order_days() -> pd.DataFrame:
    """Return what holds the sidebar's selection's order days: its days in the engine, else its orders."""
    return history_pages.selected_days() if history_pages.active() else require_orders()
