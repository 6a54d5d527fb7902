"""Customers: who to contact this week, and why — segments, value, P(alive), care lists, forecasts."""

import datetime as dt
import functools
import gc
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, wait
from typing import Any, NamedTuple

import numpy as np
import pandas as pd
import streamlit as st

from analytics import charts
from analytics.errors import ArgumentError, Message, Term
from analytics.exports import (
    campaign_list_csv,
    care_list_csv,
    care_list_table,
    care_list_xlsx,
    key_is_nickname,
)
from analytics.metrics.customers.care import CARE_GROUP_LABELS, CARE_REASONS, holdout_sample, member_tiers
from analytics.metrics.customers.clusters import ValueClusters, value_clusters
from analytics.metrics.customers.comeback import comeback_drivers, second_order
from analytics.metrics.customers.health import MAX_HOLDOUT_ERROR, holdout_misses
from analytics.metrics.customers.holdout import holdout_check
from analytics.metrics.customers.lapse import SILENCE_EDGES, VALUE_BANDS
from analytics.metrics.customers.ltv import ltv_cohorts
from analytics.metrics.customers.power import control_size, share_for_difference
from analytics.metrics.customers.scores import (
    default_calibration_end,
    p_alive_distribution,
    score_customers,
)
from analytics.metrics.customers.summary import CustomerSummary
from analytics.metrics.orderbook import Orders
from analytics.metrics.period import Period
from analytics.report.text import Texts
from ui import context
from ui.charts import draw_chart
from ui.dataset import dataset
from ui.format import MISSING, fmt_int, fmt_money, fmt_rate
from ui.i18n import current_lang, option_labels, t
from ui.messages import message_text
from ui.results import cached_metric, cached_model
from ui.safe_text import md, message_markdown
from ui.tables import show_table

TIME_UNITS = ("D", "W", "M")
# Rows of each care list shown on the page (highest expected value of a contact first); the
# downloads hold every row.
SHOWN_ROWS = 200
# How often the progress bar of a fit is redrawn (seconds).
PROGRESS_SECONDS = 0.05
# A row of the lapse backtest resting on fewer customers than this gets a note: with 11 customers one
# more or one fewer coming back moves its share by 9 points, so it reads as a rough sign only.
SMALL_ROW_CUSTOMERS = 30
# Widgets with translated options carry the language in their key: their labels are fixed when drawn.
DEFAULT_HORIZON = {"D": 90, "W": 13, "M": 3}
# The care list's files, one download button each: extension -> (writer, MIME type).
CARE_LIST_FILES: dict[str, tuple[Callable[..., bytes], str]] = {
    "csv": (care_list_csv, "text/csv"),
    "xlsx": (care_list_xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
}
# Each chart's catalog keys: title, definition, then the x and y axis titles it has.
CHART_TEXTS: dict[str, tuple[str, ...]] = {
    "customer_segments": ("cust_segments_chart_title", "cust_segments_def"),
    "customer_pareto": ("cust_pareto_title", "cust_top20_help", "cust_customer_share", "cust_sales_share"),
    "customer_p_alive": ("cust_alive_title", "cust_alive_def", "cust_p_alive", "cust_customer_count"),
    "customer_holdout": (
        "cust_holdout_chart_title",
        "cust_holdout_chart_def",
        "cust_holdout_bucket",
        "cust_holdout_y",
    ),
    "customer_ltv": ("cust_ltv_title", "cust_ltv_def", "cust_ltv_x"),
}


class ModelChoice(NamedTuple):
    """What the scores depend on besides the orders: the member list, the manager's choices, refunds.

    One value handed to every helper below (a tuple: cached_model keys its frames by their source).
    """

    members: pd.DataFrame | None
    time_unit: str
    horizon: float
    thresholds: tuple[tuple[str, float], ...]
    refunds: pd.DataFrame | None


# The helpers below take the dataset's Orders (cached_model hands it over): its purchase log, built
# once per dataset for every page, is reused rather than a million customer ids factorized again.
class _Scoring:
    """The scoring of one dataset and choice, running on its own thread, and the stage it has reached.

    The page draws the stages on a progress bar while it waits: Streamlit elements are drawn on the
    page's thread, outside the cached call (a cached call's elements are replayed on later runs).
    """

    def __init__(self, orders: Orders, choice: ModelChoice) -> None:
        self.stage, self.done = "summary", 0.0
        pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="customer-scores")
        self.future: Future = pool.submit(self._score, orders, choice)
        pool.shutdown(wait=False)  # the thread ends with its one task

    def _score(self, orders: Orders, choice: ModelChoice) -> Any:
        return score_customers(
            orders,
            time_unit=choice.time_unit,
            horizon=choice.horizon,
            members=choice.members,
            tier_thresholds=dict(choice.thresholds) or None,
            refunds=choice.refunds,
            progress=self._report,
        )

    def _report(self, stage: str, done: float) -> None:
        self.stage, self.done = stage, done


@cached_model  # keyed on the dataset's source digest, not on a million hashed rows
def _scoring(orders: Orders, choice: ModelChoice) -> _Scoring:
    return _Scoring(orders, choice)


def _scores(orders: Orders | pd.DataFrame, choice: ModelChoice) -> Any:
    """Return the scores of the dataset and choice (fitted once; waits for a fit under way)."""
    return _scoring(orders, choice).future.result()


def _wait_for_scores(orders: Orders | pd.DataFrame, choice: ModelChoice) -> Any:
    """Return the scores, showing the fit's stages on a progress bar while it runs (first visit)."""
    scoring = _scoring(orders, choice)
    if not scoring.future.done():
        bar = st.progress(0.0, text=t("cust_fitting"))
        while not scoring.future.done():
            bar.progress(scoring.done, text=t(f"cust_progress_{scoring.stage}"))
            wait([scoring.future], timeout=PROGRESS_SECONDS)
        bar.empty()
    return scoring.future.result()


@cached_model  # keyed on the dataset's source digest, not on a million hashed rows
def _set_aside(orders: Orders, choice: ModelChoice) -> bool:
    # Once per fit, at the end of its first page: the process's long-lived objects (imported modules'
    # functions and classes, the dataset, these scores, the charts: 220,000 of them) are left out of
    # the collector's later full passes. Such a pass walks every one of them (about 0.15 s) and it
    # landed on whichever rerun or control change came next (the difference-to-detect change
    # measured 297 ms against a 100 ms rerun). Collected first, so only live objects are set aside.
    gc.collect()
    gc.freeze()
    return True


def _value_clusters(summary: CustomerSummary) -> tuple[ValueClusters | None, Message | None]:
    try:
        return value_clusters(summary), None
    except ArgumentError as error:
        return None, error.message


@cached_model  # keyed on the dataset's source digest, not on a million hashed rows
def _clusters_started(orders: Orders, choice: ModelChoice) -> Future:
    # The clusters (distances and k-means: numpy and BLAS, which release the GIL) are computed on
    # another thread from the scores' summary while the page writes its lapse answer and care lists
    # (Python, babel): the first visit waits for the longer of the two, not for both.
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="customer-clusters")
    future = pool.submit(_value_clusters, _scores(orders, choice).summary)
    pool.shutdown(wait=False)  # the thread ends with its one task
    return future


@cached_model  # keyed on the dataset's source digest, not on a million hashed rows
def _clusters(orders: Orders, choice: ModelChoice):
    # The same arguments as the page's scores: their summary, not a second fit of the models.
    return _clusters_started(orders, choice).result()


@cached_model  # keyed on the dataset's source digest, not on a million hashed rows
def _holdout(orders: pd.DataFrame, calibration_end: dt.date, time_unit: str):
    try:
        return holdout_check(orders, calibration_end=pd.Timestamp(calibration_end), time_unit=time_unit), None
    except ArgumentError as error:
        return None, error.message


@cached_model  # keyed on the dataset's source digest, not on a million hashed rows
def _comeback(orders: Orders, choice: ModelChoice):
    summary = _scores(orders, choice).summary
    return comeback_drivers(orders, summary), second_order(summary)


@cached_model  # keyed on the dataset's source digest, not on a million hashed rows
def _ltv(orders: Orders):
    return ltv_cohorts(orders)


def _care_tab(
    orders: Orders, choice: ModelChoice, reason: str, nickname: bool, currency: str | None, lang: str
) -> pd.DataFrame:
    """Return the top of one care list as shown (headers and amounts in ``lang``); cached per list,
    so a rerun or a control change does not write its sentences again."""
    table = care_list_table(
        _scores(orders, choice),
        lang=lang,
        reasons=[reason],
        nickname=nickname,
        currency=currency,
        limit=SHOWN_ROWS,
        with_value=True,
        key_once=True,  # a nickname key is shown once, not as two equal columns
    )
    values = table.pop("contact_value")
    # A customer missing from the member list has no tier: a dash, not "None".
    shown = _headers(table.fillna(MISSING))
    shown[t("cust_contact_value")] = [
        MISSING if pd.isna(v) else fmt_money(float(v), currency=currency, lang=lang) for v in values
    ]
    return shown


def _listed_rows(orders: Orders, choice: ModelChoice, reasons: tuple[str, ...]) -> np.ndarray:
    """Return the rows (in the scores' sorted customers) of the customers on the chosen lists, sorted."""
    scores = _scores(orders, choice)
    care = scores.care
    rows = care.loc[care["reason"].isin(list(reasons)), "row"].to_numpy()
    # Rows are positions among the scores' customers: a mask gives them sorted and once each,
    # without sorting 150,000 of them.
    listed = np.zeros(len(scores.customers), dtype=bool)
    listed[rows] = True
    return np.flatnonzero(listed)


def _campaign(scores: Any, rows: np.ndarray, share: int, lang: str, start: dt.date) -> pd.DataFrame:
    # The split of analytics' holdout_sample on the list's ids: the same seed, the same groups.
    ids = scores.customers.index[rows]
    return holdout_sample(ids, share=share / 100, seed=0, lang=lang, start=pd.Timestamp(start))


def _care_file(
    scores: Any,
    reasons: tuple[str, ...],
    rows: np.ndarray,
    share: int,
    start: dt.date,
    nickname: bool,
    currency: str | None,
    lang: str,
    extension: str,
) -> bytes:
    """Return the care list file; the download button calls it when clicked (a million orders' lists
    hold 150,000 customers: their sentences are written then, not on every rerun)."""
    table = care_list_table(scores, lang=lang, reasons=list(reasons), nickname=nickname, currency=currency)
    if share and len(rows):
        # The control group is not contacted: it is left out of the list to send.
        campaign = _campaign(scores, rows, share, lang, start)
        control = CARE_GROUP_LABELS.get(lang, CARE_GROUP_LABELS["en"])[1]
        held_out = set(campaign.loc[campaign["group"] == control, "customer_id"])
        table = table[~table["customer_id"].isin(held_out)].reset_index(drop=True)
    return CARE_LIST_FILES[extension][0](table, lang=lang)


def _campaign_file(scores: Any, rows: np.ndarray, share: int, lang: str, start: dt.date) -> bytes:
    """Return the campaign list (customer_id, group, start) the Campaign page reads back, when clicked."""
    return campaign_list_csv(_campaign(scores, rows, share, lang, start))


def _text(message: Message) -> str:
    return message_text(message, current_lang())


def _label(item: str | Term | Message) -> str:
    # Item and channel names as written; terms and money bands in the reader's language and currency.
    return item if isinstance(item, str) else texts(item)


def _headers(table: pd.DataFrame) -> pd.DataFrame:
    return table.set_axis([_text(Message(f"customers.export.{c}")) for c in table.columns], axis=1)


def _near_tier_empty(tiers: tuple[str, ...], thresholds: dict[str, float]) -> str:
    """Return the catalog key of the empty "near the next tier" list's note: why it is empty, what to do.

    The list needs a member list with tiers and the spend each tier requires: the note names whichever
    is missing (the uploader on the Overview, the tier inputs above), else says nobody is near a tier.
    """
    if not tiers:
        return "cust_near_tier_no_members"
    if not thresholds:
        return "cust_near_tier_no_thresholds"
    return "cust_care_empty_near_next_tier"


def _words(**keys: str) -> dict[str, str]:
    """Return series names worded from their catalog keys."""
    return {name: t(key) for name, key in keys.items()}


def _chart(
    draw: Callable[..., Any],
    result: object,
    name: str,
    names: dict[str, str],
    *,
    period: Period,
    empty: str = "cust_chart_empty",
) -> None:
    """Draw the page's chart ``name`` with its texts (:data:`CHART_TEXTS`) and its series' ``names``.

    ``empty`` is the catalog key of what the chart says when it has nothing to draw.
    """
    title, definition, *axes = (t(key) for key in CHART_TEXTS[name])
    axis_titles = dict(zip(("x_title", "y_title"), axes, strict=False))
    names = {**names, "empty": t(empty)}
    draw_chart(
        draw, result, name, title=title, definition=definition, period=period, names=names, **axis_titles
    )


orders = context.require_orders()
ds = dataset()
lang = current_lang()
currency = context.currency_code()
texts = Texts(lang, currency)
st.title(t("cust_title"))
st.caption(t("cust_intro"))

settings = st.columns(3)
time_unit = settings[0].selectbox(
    t("cust_time_unit"),
    TIME_UNITS,
    index=1,
    format_func=option_labels("cust_unit_"),
    key=f"cust_unit_{lang}",
    placeholder=t("choose_option"),
)
horizon = settings[1].number_input(
    t("cust_horizon"), min_value=1, max_value=520, value=DEFAULT_HORIZON[time_unit], key=f"cust_h_{time_unit}"
)
# Spend each tier needs, entered by the manager: feeds "members close to the next tier".
tiers = member_tiers(ds.members)
thresholds: dict[str, float] = {}
if tiers:
    with st.expander(t("cust_tiers_title")):
        st.caption(t("cust_tiers_help"))
        inputs = st.columns(min(len(tiers), 4))
        for i, tier in enumerate(tiers):
            value = inputs[i % len(inputs)].number_input(
                t("cust_tier_threshold", tier=md(tier)),
                min_value=0.0,
                value=0.0,
                step=100.0,
                key=f"cust_tier_{tier}",
            )
            if value > 0:
                thresholds[tier] = float(value)
# Customer value net of the refunds the upload holds (cancellation invoices), as the file loaded.
refunds = ds.load.refunds if ds.load is not None and len(ds.load.refunds) else None
choice = ModelChoice(ds.members, time_unit, float(horizon), tuple(thresholds.items()), refunds)
scores = _wait_for_scores(orders, choice)
_clusters_started(orders, choice)  # drawn further down; computed meanwhile
for problem in scores.problems:
    st.warning(message_markdown(problem, lang), icon=":material/info:")
if scores.health is not None and scores.health.sentence is not None:
    # One sentence: the model does not hold here, and why; P(alive) and forecasts are not shown.
    st.warning(message_markdown(scores.health.sentence, lang), icon=":material/warning:")

customers = scores.customers
cards = st.columns(4)
cards[0].metric(t("cust_customers"), fmt_int(len(customers), lang=lang), border=True)
cards[1].metric(
    t("cust_repeat_customers"), fmt_int(int((customers["frequency"] > 0).sum()), lang=lang), border=True
)
cards[2].metric(
    t("cust_top20_share"),
    fmt_rate(scores.pareto.top_sales_share, lang=lang),
    help=t("cust_top20_help"),
    border=True,
)
if scores.model_ready:
    cards[3].metric(
        t("cust_expected_value", horizon=fmt_int(horizon, lang=lang), unit=t(f"cust_unit_{time_unit}")),
        context.money(float(customers["expected_value"].sum())),
        help=t("cust_expected_value_help"),
        border=True,
    )
else:
    cards[3].metric(
        t("cust_lapsed_customers"),
        fmt_int(scores.lapse.lapsed, lang=lang) if scores.lapse is not None else MISSING,
        help=t("cust_lapsed_help"),
        border=True,
    )

# --- Who has lapsed: the shop's own gaps, and how the rule held one window ago ---
st.subheader(t("cust_lapse_title"))
if scores.lapse is not None:
    rule = scores.lapse.rule
    bands = [
        t(
            "cust_lapse_band",
            band=texts(Term(f"customers.band.{band}")),
            days=fmt_int(rule.usual_days[band], lang=lang),
        )
        for band in VALUE_BANDS
        if pd.notna(rule.usual_days[band])
    ]
    st.caption(t("cust_lapse_rule", bands=t("cust_list_separator").join(bands) if bands else MISSING))
backtest = scores.backtest
if backtest is None:
    st.info(t("cust_lapse_no_backtest"))
else:
    figures = st.columns(3)
    figures[0].metric(t("cust_lapse_called"), fmt_int(backtest.lapsed.denominator, lang=lang), border=True)
    figures[1].metric(t("cust_lapse_back_lapsed"), fmt_rate(backtest.lapsed.value, lang=lang), border=True)
    figures[2].metric(t("cust_lapse_back_active"), fmt_rate(backtest.active.value, lang=lang), border=True)
    st.caption(
        t(
            "cust_lapse_backtest",
            as_of=backtest.as_of.strftime("%Y-%m-%d"),
            days=fmt_int(backtest.window_days, lang=lang),
            lapsed=fmt_int(backtest.lapsed.denominator, lang=lang),
            back=fmt_int(backtest.lapsed.numerator, lang=lang),
            active=fmt_int(backtest.active.denominator, lang=lang),
            active_back=fmt_int(backtest.active.numerator, lang=lang),
        )
    )
    overall = backtest.table[backtest.table["value_band"] == "all"]
    edges = [e for e in SILENCE_EDGES]
    show_table(
        {
            t("cust_lapse_silence"): [
                t("cust_lapse_silence_range", low=f"{edges[i]:g}", high=f"{edges[i + 1]:g}")
                if edges[i + 1] != float("inf")
                else t("cust_lapse_silence_open", low=f"{edges[i]:g}")
                for i in overall["silence_band"]
            ],
            t("cust_customer_count"): [fmt_int(n, lang=lang) for n in overall["customers"]],
            t("cust_lapse_came_back"): [
                fmt_rate(r, lang=lang) + (t("cust_small_row_mark") if n < SMALL_ROW_CUSTOMERS else "")
                for r, n in zip(overall["rate"], overall["customers"], strict=True)
            ],
        },
    )
    if (overall["customers"] < SMALL_ROW_CUSTOMERS).any():
        st.caption(t("cust_small_row_note", minimum=fmt_int(SMALL_ROW_CUSTOMERS, lang=lang)))

# --- Care lists: the answer to "who should we contact this week, and why" ---
st.subheader(t("cust_care_title"))
st.caption(t("cust_care_intro"))
st.caption(t("cust_at_risk_by_model" if scores.model_ready else "cust_at_risk_by_lapse"))
if backtest is not None:
    st.caption(
        t(
            "cust_contact_value_def",
            days=fmt_int(backtest.window_days, lang=lang),
            as_of=backtest.as_of.strftime("%Y-%m-%d"),
        )
    )
counts = scores.care_counts()
nickname = ds.load is not None and key_is_nickname(f.mapping for f in ds.load.files)
tabs = st.tabs(
    [f"{t(f'cust_care_{reason}')} ({fmt_int(counts[reason], lang=lang)})" for reason in CARE_REASONS]
)
for tab, reason in zip(tabs, CARE_REASONS, strict=True):
    with tab:
        shown = cached_metric(_care_tab, orders, choice, reason, nickname, currency, lang)
        if shown.empty:
            near_tier = reason == "near_next_tier"
            st.info(t(_near_tier_empty(tiers, thresholds)) if near_tier else t(f"cust_care_empty_{reason}"))
        else:
            show_table(shown, width="stretch")
            if counts[reason] > SHOWN_ROWS:
                st.caption(
                    t(
                        "cust_list_shown",
                        shown=fmt_int(SHOWN_ROWS, lang=lang),
                        total=fmt_int(counts[reason], lang=lang),
                    )
                )

with st.expander(t("cust_export_title"), expanded=True):
    chosen = st.multiselect(
        t("cust_export_reasons"),
        CARE_REASONS,
        default=[r for r in CARE_REASONS if counts[r]],
        format_func=option_labels("cust_care_"),
        key=f"cust_export_reasons_{lang}",
        placeholder=t("choose_options"),
    )
    # The list's customers from the care rows (the sentences are written only into the files, when
    # downloaded): a million orders' lists hold 150,000 customers.
    rows = cached_metric(_listed_rows, orders, choice, tuple(chosen))
    listed = len(rows)
    chances = customers["purchase_chance"].to_numpy(dtype=float)[rows]
    base_rate = float(np.nanmean(chances)) if listed and not np.isnan(chances).all() else None
    # The control group sized by power: the difference the manager wants to see, the split that
    # shows it, and the difference the chosen split can show.
    sizing = st.columns(3)
    target = sizing[0].number_input(
        t("cust_control_target"), min_value=1, max_value=50, value=10, step=1, key="cust_target"
    )
    suggested = share_for_difference(listed, target / 100, base_rate=base_rate) if listed else None
    use_suggested = sizing[1].toggle(
        t("cust_control_use"), value=False, disabled=suggested is None, key="cust_use_suggested"
    )
    if listed and suggested is None:
        sizing[0].caption(t("cust_control_unreachable", diff=fmt_int(target, lang=lang)))
    elif suggested is not None:
        sizing[0].caption(
            t(
                "cust_control_suggest",
                diff=fmt_int(target, lang=lang),
                share=fmt_rate(suggested.share, lang=lang),
                control=fmt_int(suggested.control, lang=lang),
            )
        )
    columns = st.columns(3)
    if use_suggested and suggested is not None:
        share = round(suggested.share * 100)
        columns[0].metric(t("cust_control_share"), f"{share}%")
    else:
        share = columns[0].slider(t("cust_control_share"), 0, 50, 10, step=5, format="%d%%", key="cust_share")
    start = columns[1].date_input(t("cust_control_start"), value=dt.date.today(), key="cust_start")
    if share and listed:
        # Group sizes only: the split itself is drawn when a file is downloaded (same seed, same groups).
        split = control_size(listed, share / 100, base_rate=base_rate)
        st.caption(
            t(
                "cust_control_note",
                control=fmt_int(split.control, lang=lang),
                send=fmt_int(split.care, lang=lang),
            )
        )
        st.caption(
            t(
                "cust_control_detectable",
                diff=MISSING if pd.isna(split.detectable) else f"{split.detectable * 100:.1f}",
                rate=MISSING if base_rate is None else fmt_rate(base_rate, lang=lang),
            )
        )
    file_args = (scores, tuple(chosen), rows, share, start, nickname, currency, lang)
    buttons = st.columns(3)
    for button, (extension, (_, mime)) in zip(buttons, CARE_LIST_FILES.items(), strict=False):
        button.download_button(
            t(f"cust_download_{extension}"),
            functools.partial(_care_file, *file_args, extension),
            file_name=f"care_list.{extension}",
            mime=mime,
            disabled=not listed,
            on_click="ignore",
        )
    if share and listed:
        buttons[2].download_button(
            t("cust_download_campaign"),
            functools.partial(_campaign_file, scores, rows, share, lang, start),
            file_name="care_campaign.csv",
            mime="text/csv",
            help=t("cust_download_campaign_help"),
            on_click="ignore",
        )

# --- Segments and value ---
history = Period(scores.summary.first_order_day, scores.summary.calibration_end)
segment_names = {f.code: _text(Message(f"customers.segment.{f.code}")) for f in scores.segments.figures}
st.subheader(t("cust_segments_title"))
show_table(
    {
        t("cust_segment"): [segment_names[f.code] for f in scores.segments.figures],
        t("cust_customer_count"): [fmt_int(f.customers, lang=lang) for f in scores.segments.figures],
        t("sales_share"): [fmt_rate(f.sales_share, lang=lang) for f in scores.segments.figures],
    },
)
segment_series = {**segment_names, **_words(customers="cust_customer_count", sales_share="sales_share")}
_chart(charts.segment_chart, scores.segments, "customer_segments", segment_series, period=history)

with st.spinner(t("cust_progress_clusters")):
    clusters, cluster_problem = _clusters(orders, choice)
st.markdown(f"**{t('cust_clusters_title')}**")
if clusters is None:
    st.info(message_markdown(cluster_problem, lang))
else:
    centroids = clusters.centroids
    show_table(
        {
            t("cust_cluster"): [fmt_int(n, lang=lang) for n in centroids["cluster"]],
            t("cust_cluster_name"): [segment_names[code] for code in centroids["code"]],
            t("cust_customer_count"): [fmt_int(n, lang=lang) for n in centroids["customers"]],
            t("cust_days_since_last"): [fmt_int(d, lang=lang) for d in centroids["days_since_last"]],
            t("cust_purchase_days"): [f"{d:.1f}" for d in centroids["purchase_days"]],
            t("cust_cluster_sales"): [context.money(v) for v in centroids["sales"]],
        },
    )
    st.caption(t("cust_clusters_def", k=clusters.k))

pareto_series = _words(
    sales_share="cust_sales_share", equal="cust_pareto_equal", top_point="cust_pareto_point"
)
_chart(charts.pareto_chart, scores.pareto, "customer_pareto", pareto_series, period=history)
if scores.model_ready:
    alive = p_alive_distribution(scores)
    alive_series = _words(customers="cust_customer_count")
    _chart(
        charts.p_alive_chart, alive, "customer_p_alive", alive_series, period=history, empty="cust_no_model"
    )
else:
    st.info(t("cust_alive_not_shown"))

# --- Holdout check ---
st.subheader(t("cust_holdout_title"))
first_day, last_day = scores.summary.first_order_day.date(), scores.summary.calibration_end.date()
calibration_end = st.date_input(
    t("cust_calibration_end"),
    value=default_calibration_end(scores.summary).date(),
    min_value=first_day,
    max_value=last_day,
    key="cust_calibration_end",
)
if calibration_end == default_calibration_end(scores.summary).date() and scores.bgnbd is not None:
    # The scoring already ran the check at the default split (the model's health is judged on it).
    check, problem = scores.holdout, scores.holdout_problem
else:
    check, problem = _holdout(orders, calibration_end, time_unit)
if check is None:
    st.info(message_markdown(problem, lang))
else:
    figures = st.columns(3)
    # fmt_int rounds, and shows a holdout fit that gave no prediction (NaN) as a dash.
    figures[0].metric(t("cust_holdout_predicted"), fmt_int(check.predicted_total, lang=lang), border=True)
    figures[1].metric(t("cust_holdout_actual"), fmt_int(check.actual_total, lang=lang), border=True)
    figures[2].metric(
        t("cust_holdout_error"),
        fmt_rate(check.total_relative_error, lang=lang),
        help=t("cust_holdout_error_help"),
        border=True,
    )
    # The verdict, by the model-health rule: beyond 15% and beyond the count's noise, it fails.
    verdict = "cust_holdout_fails" if holdout_misses(check) else "cust_holdout_holds"
    st.caption(
        t(
            verdict,
            error=fmt_rate(check.total_relative_error, lang=lang),
            limit=fmt_rate(MAX_HOLDOUT_ERROR, lang=lang),
        )
    )
    holdout_series = _words(
        predicted="cust_holdout_predicted_mean",
        actual="cust_holdout_actual_mean",
        customers="cust_customer_count",
        error="cust_holdout_error_line",
    )
    holdout = Period(check.calibration_end + pd.Timedelta(days=1), check.holdout_end)
    _chart(
        charts.holdout_chart, check, "customer_holdout", holdout_series, period=holdout, empty="cust_no_model"
    )

# --- What makes customers come back ---
st.subheader(t("cust_comeback_title"))
with st.spinner(t("cust_progress_comeback")):
    drivers, second = _comeback(orders, choice)
cols = st.columns(3)
cols[0].metric(t("cust_second_conversion"), fmt_rate(second.converted.value, lang=lang), border=True)
cols[1].metric(
    t("cust_second_median_days"),
    MISSING if pd.isna(second.median_days) else t("days_unit", days=fmt_int(second.median_days, lang=lang)),
    border=True,
)
within = second.within.get(90)
cols[2].metric(t("cust_second_within_90"), fmt_rate(within.value if within else None, lang=lang), border=True)
names = {
    "item": "cust_by_item",
    "channel": "cust_by_channel",
    "coupon": "cust_by_coupon",
    "value_band": "cust_by_value_band",
}
for name in drivers.tables:
    rows = drivers.rows(name)
    st.markdown(f"**{t(names[name])}**")
    show_table(
        {
            t(names[name]): [_label(row.label) for row in rows],
            t("cust_customer_count"): [fmt_int(row.customers, lang=lang) for row in rows],
            t("cust_returned"): [fmt_int(row.returned, lang=lang) for row in rows],
            t("repeat_purchase_rate"): [fmt_rate(row.rate.value, lang=lang) for row in rows],
        },
    )
if "item" not in drivers.tables:
    st.caption(t("cust_no_item_column"))
st.caption(t("cust_comeback_def"))

ltv_series = {**context.series_names(), **_words(immature="cust_ltv_immature")}
_chart(charts.ltv_heatmap, _ltv(orders), "customer_ltv", ltv_series, period=history)
_set_aside(orders, choice)
