"""Overview: upload, data quality, and the headline KPI cards against the comparison period."""

import streamlit as st

from analytics.metrics.period import observed_days
from ui import context, data
from ui.downloads import csv_bytes, dropped_rows_view
from ui.errors import localise_error
from ui.format import fmt_int
from ui.i18n import current_lang, option_labels, reason_label, t
from ui.kpi import kpi_cards, show_cards
from ui.mapping import mapping_editor
from ui.summaries import period_summary

UPLOADER_KEY = "uploader"


def _on_upload() -> None:
    files = st.session_state.get(UPLOADER_KEY) or []
    data.set_uploads([(f.name, f.getvalue()) for f in files])


st.title(t("app_title"))
ds = data.dataset()
if ds.is_sample:
    st.info(t("sample_banner"), icon=":material/info:")
    st.caption(t("sample_files", files=", ".join(e.name for e in ds.files)))

limit = st.get_option("server.maxUploadSize")
st.file_uploader(
    t("upload_label", limit=limit),
    type=["csv", "tsv", "txt", "xlsx", "xlsm", "xls", "gz"],
    accept_multiple_files=True,
    key=UPLOADER_KEY,
    on_change=_on_upload,
    help=t("upload_help"),
)

if not ds.is_sample:
    with st.expander(
        t("uploaded_files"), expanded=bool(ds.errors) or any(e.detected is None for e in ds.files)
    ):
        overrides = data.kind_overrides()
        for entry in ds.files:
            left, right = st.columns([3, 2])
            left.markdown(f"**{entry.name}**")
            if entry.error is None:
                choice = right.selectbox(
                    t("file_kind"),
                    data.KINDS,
                    index=data.KINDS.index(entry.kind) if entry.kind in data.KINDS else 0,
                    format_func=option_labels("kind_"),
                    key=f"kind_{entry.name}",
                    help=t("kind_help"),
                    label_visibility="collapsed",
                )
                if choice != entry.kind:
                    overrides[entry.name] = choice
                    st.rerun()
            else:
                right.markdown(f":red[{t('kind_unknown')}]")
        if st.button(t("clear_uploads"), icon=":material/restart_alt:"):
            data.set_uploads([])
            st.rerun()

for file, message, hint in ds.errors:
    st.error(
        t("file_error", file=file, message=localise_error(message, current_lang(), hint)),
        icon=":material/error:",
    )
for name, content, problem in ds.mapping_needed:
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
    + context.store_label()
    + (
        " · " + t("vs_comparison", start=f"{comparison.start:%Y-%m-%d}", end=f"{comparison.end:%Y-%m-%d}")
        if comparison
        else ""
    )
)
show_cards(kpi_cards(current, previous, lang=current_lang(), symbol=context.currency()))
if previous is not None and previous.orders == 0:
    st.caption(t("comparison_empty"))
elif comparison is not None and (seen := observed_days(comparison, context.all_orders())) < comparison.days:
    # A first upload's comparison period usually starts before the data: its totals are partial
    # and the changes look huge, so say so next to the cards.
    st.warning(t("comparison_partial", seen=seen, days=comparison.days))

if ds.history_orders:
    st.caption(t("history_included", orders=fmt_int(ds.history_orders)))
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
for report in load.files:
    st.caption(
        t(
            "file_summary",
            file=getattr(report, "file", ""),
            fmt=getattr(report, "format", ""),
            encoding=getattr(report, "encoding", None) or "—",
            header_row=getattr(report, "header_row", 1),
            read=fmt_int(getattr(report, "rows_read", 0)),
            used=fmt_int(getattr(report, "rows_used", 0)),
        )
    )
    unknown = getattr(report, "unknown_statuses", None)
    if unknown:
        values = ", ".join(f"{k} ({fmt_int(v)})" for k, v in unknown.items())
        st.warning(t("unknown_statuses", file=getattr(report, "file", ""), values=values))
if dropped_total:
    st.dataframe(
        {
            t("reason"): [reason_label(r) for r, n in load.dropped.items() if n],
            t("rows"): [fmt_int(n) for n in load.dropped.values() if n],
        },
        hide_index=True,
    )
    with st.expander(t("show_dropped")):
        dropped = dropped_rows_view(load.dropped_rows, [report.mapping for report in load.files])
        st.caption(t("dropped_columns_note"))
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
    needing = {name for name, _, _ in ds.mapping_needed}
    for entry in ds.files:
        if entry.kind == "orders" and entry.error is None and entry.name not in needing:
            mapping_editor(entry.name, entry.data, expanded=False)
context.show_samples_to_download()
