"""History: save this upload, see which days are loaded (gaps visible), delete an upload."""

import streamlit as st

from analytics import store
from analytics.charts_calendar import calendar_figure
from analytics.errors import InputError
from analytics.metrics.period import Period
from ui import context, data, history
from ui.charts import show_chart
from ui.errors import localise_error
from ui.format import fmt_int
from ui.i18n import current_lang, t

FLASH_KEY = "_history_flash"

st.title(t("history_title"))
if FLASH_KEY in st.session_state:
    st.success(st.session_state.pop(FLASH_KEY))
ds = data.dataset()
path = history.store_file()
st.caption(t("store_path", path=str(path)))

if ds.load is not None and not ds.is_sample:
    if st.button(t("save_to_history"), type="primary", icon=":material/save:"):
        try:
            for result in history.save_upload(ds):
                done = (
                    t("saved", added=result.added, updated=result.updated, duplicates=result.duplicates)
                    if result.kind == "orders"
                    else t("saved_list", rows=fmt_int(result.added or result.duplicates))
                )
                st.success(f"{result.file_name} · {result.shop}: {done}")
        except InputError as exc:
            st.error(localise_error(str(exc), current_lang(), "hint_argument"))
else:
    st.info(t("history_save_hint"))

shops = history.shops()
if not shops:
    st.info(t("history_empty"))
    st.stop()

shop = history.chosen_shop()
days = store.loaded_days(path, shop=shop)
if len(days):
    span = Period(days["day"].min(), days["day"].max())
    show_chart(
        calendar_figure(
            days,
            labels=context.chart_labels(
                t("loaded_days"),
                t("def_loaded_days"),
                period=span,
                names={"orders": t("orders"), "gap": t("history_gap"), "empty": t("chart_empty")},
            ),
            weekdays=t("weekdays").split(","),
        ),
        "loaded_days",
    )

uploads = store.list_uploads(path, shop=shop)
st.subheader(t("uploads"))
st.dataframe(
    {
        "ID": list(uploads["upload_id"]),
        t("shop"): list(uploads["shop"]),
        t("file_kind"): [t(f"kind_{k}") for k in uploads["kind"]],
        t("file_name"): list(uploads["file_name"]),
        t("uploaded_at"): [
            str(v).replace("T", " ").removesuffix("Z") + " UTC" for v in uploads["uploaded_at"]
        ],
        t("first_day"): [d.strftime("%Y-%m-%d") if d == d else "—" for d in uploads["first_day"]],
        t("last_day"): [d.strftime("%Y-%m-%d") if d == d else "—" for d in uploads["last_day"]],
        t("orders"): [fmt_int(v) for v in uploads["orders"]],
        t("only_here"): [fmt_int(v) for v in uploads["only_here"]],
    },
    hide_index=True,
)
if len(uploads):
    names = dict(zip(uploads["upload_id"], uploads["file_name"], strict=True))
    left, right = st.columns([3, 1])
    chosen = left.selectbox(
        t("upload_to_delete"), list(names), format_func=lambda i: f"{i} · {names[i]}", key="delete_choice"
    )
    if right.button(t("delete_upload"), icon=":material/delete:"):
        outcome = store.delete_upload(path, int(chosen))
        st.session_state[FLASH_KEY] = t(
            "deleted", file=outcome["file_name"], removed=outcome.get("removed", 0)
        )
        st.rerun()
