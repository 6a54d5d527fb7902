"""Overview: upload, data quality, and the headline KPI cards against the comparison period."""

import streamlit as st

from analytics.metrics.period import observed_days
from ui import context, history_pages, uploads
from ui.data_start import warn_no_returning_history
from ui.dataset import dataset
from ui.downloads import csv_bytes, dropped_rows_view, translated_rows
from ui.format import fmt_int
from ui.i18n import current_lang, option_labels, reason_label, t
from ui.industry import show_industry_position
from ui.kpi import kpi_cards, show_cards
from ui.mapping import editors_needed, mapping_editor
from ui.monthly import show_monthly_sales
from ui.peers import peer_editor
from ui.safe_text import md, message_markdown
from ui.store_index import show_store_index
from ui.stores import show_store_ranking
from ui.summaries import period_summary
from ui.tables import show_table
from ui.uploader import translate_uploader

UPLOADER_KEY = "uploader"
UPLOADER_ROUND_KEY = "_uploader_round"


def _uploader_key() -> str:
    # Clearing starts a new upload box (a new key): Streamlit cannot empty a file_uploader otherwise.
    round_ = st.session_state.get(UPLOADER_ROUND_KEY, 0)
    return UPLOADER_KEY if round_ == 0 else f"{UPLOADER_KEY}_{round_}"


def _on_upload() -> None:
    files = st.session_state.get(_uploader_key()) or []
    if files:  # an emptied box (files removed one by one) keeps what is loaded until "clear"
        uploads.set_uploads([(f.name, f.getvalue()) for f in files])


def _clear() -> None:
    uploads.set_uploads([])
    st.session_state[UPLOADER_ROUND_KEY] = st.session_state.get(UPLOADER_ROUND_KEY, 0) + 1


def _file_rows(ds) -> dict[str, str]:
    """Return the rows each loaded file gave, as shown next to its name."""
    rows: dict[str, str] = {}
    if ds.load is not None:
        for report in ds.load.files:
            rows[report.file] = t("file_rows", read=fmt_int(report.rows_read), used=fmt_int(report.rows_used))
    if ds.members_uploaded and ds.members is not None:
        rows[ds.members_file] = t("list_rows", rows=fmt_int(len(ds.members)))
    if ds.campaign_uploaded and ds.campaign is not None:
        rows[ds.campaign_file] = t("list_rows", rows=fmt_int(len(ds.campaign)))
    return rows


def loaded_files(ds) -> None:
    """Show what is loaded (name, kind, rows) with the kind picker and a way to clear it."""
    with st.container(border=True):
        st.markdown(f"**{t('loaded_now', count=len(ds.files))}**")
        overrides = uploads.kind_overrides()
        rows = _file_rows(ds)
        for entry in ds.files:
            name, kind, counted = st.columns([3, 2, 3], vertical_alignment="center")
            name.text(entry.name)  # a file name is shown as plain text, never as Markdown
            if entry.error is None:
                choice = kind.selectbox(
                    t("file_kind"),
                    uploads.KINDS,
                    index=uploads.KINDS.index(entry.kind) if entry.kind in uploads.KINDS else 0,
                    format_func=option_labels("kind_"),
                    # The browser keeps a select box's first labels while its key lives: a key per
                    # language, or "订单" stays under an English page (the kind is kept in entry.kind).
                    key=f"kind_{entry.name}_{current_lang()}",
                    help=t("kind_help"),
                    placeholder=t("choose_option"),
                    label_visibility="collapsed",
                )
                if choice != entry.kind:
                    overrides[entry.name] = choice
                    st.rerun()
                counted.text(rows.get(entry.name, ""))
            else:
                kind.markdown(f":red[{t('kind_unknown')}]")
        st.caption(t("replace_hint"))
        st.button(t("clear_uploads"), icon=":material/restart_alt:", on_click=_clear)


st.title(t("app_title"))
ds = dataset()
if ds.is_sample:
    st.info(t("sample_banner"), icon=":material/info:")
    st.caption(t("sample_files", files=md(", ".join(e.name for e in ds.files))))

limit = st.get_option("server.maxUploadSize")
translate_uploader(t("upload_browse"))
st.file_uploader(
    t("upload_label", limit=limit),
    type=["csv", "tsv", "txt", "xlsx", "xlsm", "xls", "gz"],
    accept_multiple_files=True,
    key=_uploader_key(),
    on_change=_on_upload,
    help=t("upload_help"),
)
st.caption(t("upload_instructions", limit=limit))
if not ds.is_sample and ds.files:
    loaded_files(ds)

for file, message in ds.errors:
    st.error(
        t("file_error", file=md(file), message=message_markdown(message, current_lang())),
        icon=":material/error:",
    )
for name, content, problem in editors_needed(ds):
    mapping_editor(name, content, problem=problem)

if not ds.has_orders:
    if any(e.kind in ("members", "campaign") for e in ds.files):
        st.warning(t("no_orders_file"))
    context.empty_state()

period, comparison = context.current_period(), context.comparison_period()
current = period_summary(period)
previous = period_summary(comparison, quiet=True) if comparison else None

st.subheader(t("kpis"))
st.caption(
    t("period_label", start=f"{period.start:%Y-%m-%d}", end=f"{period.end:%Y-%m-%d}")
    + " · "
    + md(context.store_label())  # a shop name comes from the file: never Markdown
    + (
        " · " + t("vs_comparison", start=f"{comparison.start:%Y-%m-%d}", end=f"{comparison.end:%Y-%m-%d}")
        if comparison
        else ""
    )
)
cards_area = st.container()  # the cards are drawn after the peer table, so an edit shows at once
peers = peer_editor()
with cards_area:
    show_cards(
        kpi_cards(current, previous, lang=current_lang(), currency=context.currency_code(), peers=peers)
    )
    if previous is not None and previous.orders == 0:
        st.caption(t("comparison_empty"))
    elif comparison and (seen := observed_days(comparison, context.order_days())) < comparison.days:
        # A first upload's comparison period usually starts before the data: its totals are partial
        # and the changes look huge, so say so next to the cards.
        st.warning(t("comparison_partial", seen=seen, days=comparison.days))
    warn_no_returning_history(context.selected_order_days(), period)

if ds.history_orders:
    st.caption(t("history_included", orders=fmt_int(ds.history_orders)))
if history_pages.active():  # a history database: the sections below are computed in its engine
    history_pages.show_source()
    show_store_ranking(period, peers)
    show_store_index(None, period)
    show_monthly_sales(None, period)
    context.show_samples_to_download()
    st.stop()
show_industry_position(
    context.require_orders(),
    peers,
    members=context.members(),
    money=lambda value: context.money(value, decimals=2),  # peers' AOV is written to the fen/cent
)
show_store_ranking(period, peers)
show_store_index(context.require_orders(), period)
show_monthly_sales(context.require_orders(), period)
load = ds.load
if load is None:  # only the stored history: nothing was read this session
    context.show_samples_to_download()
    st.stop()
st.subheader(t("data_quality"))
dropped_total = sum(load.dropped.values())
quality = st.columns(3)
quality[0].metric(t("rows_read"), fmt_int(load.rows_read), border=True)
quality[1].metric(t("rows_used"), fmt_int(load.rows_used), border=True)
quality[2].metric(t("rows_dropped"), fmt_int(dropped_total), border=True)
# Cancellation lines are used rows (read = used + dropped) that are not sales: say how many, or a
# manager cannot see them anywhere.
if refund_lines := load.refund_rows:
    st.caption(t("rows_refund_lines", lines=fmt_int(refund_lines)))
for report in load.files:
    # A spreadsheet has a sheet, not a text encoding: say which one was read.
    details = (
        t(
            "file_summary_sheet",
            file=md(report.file),
            fmt=report.format.upper(),
            sheet=md(report.sheet or "1"),
        )
        if report.encoding is None
        # Encodings are names, written as menus and file facts write them: UTF-8, GB18030.
        else t(
            "file_summary_text",
            file=md(report.file),
            fmt=report.format.upper(),
            encoding=report.encoding.upper(),
        )
    )
    st.caption(
        details
        + t(
            "file_summary_rows",
            header_row=report.header_row,
            read=fmt_int(report.rows_read),
            used=fmt_int(report.rows_used),
        )
    )
    if report.unknown_statuses:
        values = ", ".join(f"{md(k)} ({fmt_int(v)})" for k, v in report.unknown_statuses.items())
        st.warning(t("unknown_statuses", file=md(report.file), values=values))
    for warning in report.warnings:
        # Unknown statuses are listed above with their row counts.
        if warning.code != "loading.unknown_statuses":
            st.warning(message_markdown(warning, current_lang()))
if dropped_total:
    # Counts stay numbers (right-aligned, grouped by the column format), not formatted text.
    show_table(
        {
            t("reason"): [reason_label(r) for r, n in load.dropped.items() if n],
            t("rows"): [int(n) for n in load.dropped.values() if n],
        },
        column_config={t("rows"): st.column_config.NumberColumn(format="localized")},
    )
    with st.expander(t("show_dropped")):
        dropped = translated_rows(
            dropped_rows_view(load.dropped_rows, [report.mapping for report in load.files]),
            {"file": t("file_name"), "row": t("row_number"), "reason": t("reason")},
            reasons=reason_label,
            empty=t("cell_empty"),
        )
        st.caption(t("dropped_columns_note"))
        # A drill-down of raw rows (often thousands) next to their download: it scrolls on purpose.
        st.dataframe(dropped, hide_index=True)
        st.download_button(
            t("download_dropped"),
            data=csv_bytes(dropped),
            file_name="dropped_rows.csv",
            mime="text/csv",
            on_click="ignore",
            icon=":material/download:",
        )
else:
    st.caption(t("no_dropped"))

if not ds.is_sample:
    needing = {name for name, _, _ in editors_needed(ds)}
    for entry in ds.files:
        if entry.kind == "orders" and entry.error is None and entry.name not in needing:
            mapping_editor(entry.name, entry.data, expanded=False)
context.show_samples_to_download()
