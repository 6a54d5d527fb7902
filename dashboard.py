"""Returning-customer dashboard: routes pages and renders the shared sidebar.

Run with ``streamlit run dashboard.py``. Everything computed lives in ``analytics``; pages in
``pages/`` render it, helpers in ``ui/`` hold caching, the sidebar and translations.
"""

import streamlit as st

from ui import data
from ui.i18n import t
from ui.sidebar import render_sidebar

st.set_page_config(page_title=t("app_title"), page_icon=":material/monitoring:", layout="wide")

page = st.navigation(
    [
        st.Page("pages/home.py", title=t("page_home"), icon=":material/dashboard:", default=True),
        st.Page("pages/repeat.py", title=t("page_repeat"), icon=":material/replay:"),
        st.Page("pages/members.py", title=t("page_members"), icon=":material/card_membership:"),
        st.Page("pages/returning.py", title=t("page_returning"), icon=":material/group:"),
        st.Page("pages/tiers.py", title=t("page_tiers"), icon=":material/military_tech:"),
        st.Page("pages/campaign.py", title=t("page_campaign"), icon=":material/campaign:"),
        st.Page("pages/customers.py", title=t("page_customers"), icon=":material/person_search:"),
        st.Page("pages/history.py", title=t("page_history"), icon=":material/calendar_month:"),
        st.Page("pages/report.py", title=t("page_report"), icon=":material/picture_as_pdf:"),
    ]
)
# The navigation is declared before the data is built, so the first view of a fresh session
# already shows the translated page list instead of waiting for the upload to load.
with st.spinner(t("loading"), show_time=True):
    data.refresh_dataset()
render_sidebar(page.url_path)
page.run()
