"""History: save this upload, see which days are loaded (gaps visible), delete an upload.

Whose history this is follows the data-owner rule (:mod:`ui.tenancy`); the store's path on the
server is never shown. Names from files (shops, file names) are shown through ``md``/tables only.
"""

import streamlit as st

from analytics import store
from analytics.charts import calendar_figure
from analytics.errors import InputError
from analytics.metrics.period import Period
from ui import context, history, tenancy
from ui.charts import show_chart
from ui.dataset import dataset
from ui.format import fmt_int
from ui.i18n import current_lang, option_labels, t
from ui.safe_text import md, message_markdown
from ui.session_files import LIFETIME_SECONDS
from ui.tables import show_table

FLASH_KEY = "_history_flash"

st.title(t("history_title"))
owner = tenancy.current_owner()
if not owner.keeps_files:
    # A network-facing server without sign-in: say plainly that nothing outlives the session.
    st.info(t("data_sign_in_hint" if owner.needs_sign_in else "data_session_only"), icon=":material/lock:")
    if not owner.needs_sign_in:
        st.caption(t("history_session_lifetime", seconds=LIFETIME_SECONDS))
if FLASH_KEY in st.session_state:
    st.success(st.session_state.pop(FLASH_KEY))
ds = dataset()
path = history.store_file()

if ds.load is not None and not ds.is_sample:
    if st.button(t("save_to_history"), type="primary", icon=":material/save:"):
        try:
            for result in history.save_upload(ds):
                done = (
                    t(
                        "saved",
                        added=fmt_int(result.added),
                        updated=fmt_int(result.updated),
                        duplicates=fmt_int(result.duplicates),
                    )
                    if result.kind == "orders"
                    else t("saved_list", rows=fmt_int(result.added or result.duplicates))
                )
                # One sentence per file, punctuated as its language writes it (全角冒号 in Chinese).
                st.success(
                    t(
                        "saved_file_line",
                        file=md(result.file_name),
                        shop=md(history.shop_name(result.shop)),
                        done=done,
                    )
                )
        except InputError as exc:
            st.error(message_markdown(exc, current_lang()))
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
times, zone = history.local_times(
    uploads["uploaded_at"], timezone=st.context.timezone, offset_minutes=st.context.timezone_offset
)
kind_label = option_labels("kind_")
st.subheader(t("uploads"))
# A table shows file and shop names as plain text (never as Markdown).
show_table(
    {
        "ID": list(uploads["upload_id"]),
        t("shop"): [history.shop_name(s) for s in uploads["shop"]],
        t("file_kind"): [kind_label(k) for k in uploads["kind"]],
        t("file_name"): list(uploads["file_name"]),
        t("uploaded_at_local", tz=zone): times,
        t("first_day"): [d.strftime("%Y-%m-%d") if d == d else "—" for d in uploads["first_day"]],
        t("last_day"): [d.strftime("%Y-%m-%d") if d == d else "—" for d in uploads["last_day"]],
        # A member or campaign list holds customers, not orders: "0 orders" would read as an empty file.
        t("orders"): [
            fmt_int(v) if k == "orders" else "—"
            for k, v in zip(uploads["kind"], uploads["orders"], strict=True)
        ],
        t("only_here"): [
            fmt_int(v) if k == "orders" else "—"
            for k, v in zip(uploads["kind"], uploads["only_here"], strict=True)
        ],
    },
)
if len(uploads):
    names = dict(zip(uploads["upload_id"], uploads["file_name"], strict=True))
    left, right = st.columns([3, 1], vertical_alignment="bottom")
    chosen = left.selectbox(
        t("upload_to_delete"),
        list(names),
        format_func=lambda i: f"{i} · {names[i]}",
        key="delete_choice",
        placeholder=t("choose_option"),
    )
    if right.button(t("delete_upload"), icon=":material/delete:"):
        outcome = store.delete_upload(path, int(chosen))
        st.session_state[FLASH_KEY] = t(
            "deleted", file=md(outcome["file_name"]), removed=fmt_int(outcome.get("removed", 0))
        )
        st.rerun()
