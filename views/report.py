"""Meeting report: the PDF, workbook and chart images of the sidebar's period, as the command makes them.

The files come from :func:`analytics.report.build_report`, the function behind
``python -m analytics report``, with the sidebar's language, period, comparison, stores and
currency: the same inputs give the same files on the page and from a Monday cron job. Rendering
takes seconds (charts through a headless browser), so it starts on a button, shows its progress,
and the files are cached per dataset, period and language: a rerun or a second click is instant.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analytics.errors import InputError
from analytics.metrics.period import COMPARISONS, Period, comparison_period
from analytics.report import ReportInputs, RowAccounting, build_report
from analytics.report.preview import cover_png
from ui import context, selections
from ui.dataset import dataset
from ui.i18n import current_lang, t
from ui.peers import current_peers
from ui.results import report_digest, selection_source
from ui.safe_text import message_markdown
from ui.state import CHANNELS_KEY, STORES_KEY
from ui.summaries import refund_lines

# The three files, in the order they are built and offered: format -> (extension, MIME type).
FILES: dict[str, tuple[str, str]] = {
    "pdf": ("pdf", "application/pdf"),
    "xlsx": ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "png-zip": ("zip", "application/zip"),
}
# Reports this session has generated (their cache keys): only those show download buttons.
READY_KEY = "report_ready"


@st.cache_data(max_entries=24, show_spinner=False)
def report_file(key: str, fmt: str, _inputs: ReportInputs, _period: Period, compare: str, lang: str) -> bytes:
    """Return one report file; cached on ``key`` (dataset digest, period, comparison, language).

    The frames are not hashed by Streamlit (leading underscore): ``key`` already holds their
    digest, computed over every row.
    """
    return build_report(_inputs, period=_period, compare=compare, lang=lang, fmt=fmt)  # type: ignore[arg-type]


@st.cache_data(max_entries=24, show_spinner=False)
def cover_preview(key: str, _pdf: bytes) -> bytes | None:
    """Return the picture of the PDF's first page (cached with the PDF's key)."""
    return cover_png(_pdf)


def compare_mode(period: Period, comparison: Period | None) -> str:
    """Return the report's comparison mode that gives the sidebar's comparison period."""
    return next((m for m in COMPARISONS if comparison_period(period, m) == comparison), "none")


def shop_name(orders: pd.DataFrame) -> str:
    """Return the store(s) the report covers, named as the pages name them (one name, page and pack).

    The stores chosen in the sidebar, else the one store the orders name, else "all stores": a file
    name is not a shop (the cover once said "online_retail.csv" where the page said 全部店铺).
    """
    chosen = st.session_state.get(STORES_KEY) or []
    if chosen:
        return ", ".join(chosen)
    stores = selections.distinct_values(orders, "store")
    return stores[0] if len(stores) == 1 else t("all_stores")


def report_inputs(orders: pd.DataFrame) -> ReportInputs:
    """Return what the report is made from: the sidebar's orders, the lists and the row accounting.

    The inputs are named by the dataset's source and the sidebar's selection, so the report's
    files are keyed on those (and the period), never on a hash of the rows.
    """
    ds = dataset()
    load = ds.load
    return ReportInputs(
        orders=orders,
        shop=shop_name(orders),
        currency=context.currency_code(),
        members=ds.members,
        campaign=ds.campaign,
        campaign_source=ds.campaign_file or "campaign",
        members_source=ds.members_file or "members",
        peers=current_peers() or None,
        refunds=refund_lines(),  # as the Overview's sales card has them (ui.summaries)
        accounting=None
        if load is None
        else RowAccounting(load.rows_read, load.rows_used, dict(load.dropped)),
        source=selection_source(
            ds.source,
            stores=st.session_state.get(STORES_KEY) or (),
            channels=st.session_state.get(CHANNELS_KEY) or (),
        ),
    )


orders, period = context.require_orders(), context.current_period()
comparison = context.comparison_period()
lang = current_lang()
compare = compare_mode(period, comparison)
inputs = report_inputs(orders)
key = f"{report_digest(inputs)}|{period.start:%Y-%m-%d}|{period.end:%Y-%m-%d}|{compare}|{lang}"
ready: set[str] = st.session_state.setdefault(READY_KEY, set())

st.title(t("report_title"))
st.caption(context.period_caption(period, comparison))
st.write(t("report_intro"))

if st.button(t("report_generate"), type="primary", icon=":material/picture_as_pdf:", key="report_generate"):
    with st.status(t("report_working"), expanded=True) as status:
        try:
            for fmt in FILES:
                status.write(t(f"report_step_{fmt.replace('-', '_')}"))
                report_file(key, fmt, inputs, period, compare, lang)
        except InputError as exc:
            status.update(label=t("report_failed"), state="error", expanded=True)
            st.error(message_markdown(exc, lang))
            st.stop()
        status.update(label=t("report_done"), state="complete", expanded=False)
    ready.add(key)

if key not in ready:
    st.info(t("report_not_ready"), icon=":material/info:")
    st.stop()

# Cached by the click above (or an earlier one): no rendering happens here.
files = {fmt: report_file(key, fmt, inputs, period, compare, lang) for fmt in FILES}
stem = f"report_{period.start:%Y%m%d}-{period.end:%Y%m%d}_{lang}"
columns = st.columns(len(FILES))
for column, (fmt, (extension, mime)) in zip(columns, FILES.items(), strict=True):
    column.download_button(
        t(f"report_download_{fmt.replace('-', '_')}"),
        files[fmt],
        file_name=f"{stem}.{extension}",
        mime=mime,
        key=f"report_download_{fmt}",
        icon=":material/download:",
        on_click="ignore",
        width="stretch",
    )
st.subheader(t("report_cover"))
preview = cover_preview(key, files["pdf"])
if preview is None:
    st.caption(t("report_no_preview"))
else:
    # A white page on the white app: the frame shows where the page ends.
    st.container(border=True).image(preview, width="stretch")
