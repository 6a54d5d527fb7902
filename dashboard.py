"""Returning-customer dashboard: routes pages and renders the shared sidebar.

Run with ``streamlit run dashboard.py``. Everything computed lives in ``analytics``; the page files
in ``views/`` render it, helpers in ``ui/`` hold caching, the sidebar and translations. (The folder
is not called ``pages/``: Streamlit would list that folder's file names as a navigation of its own
before this script declares the real one.)
"""

import streamlit as st

from ui.dataset import refresh_dataset
from ui.i18n import t
from ui.sidebar import render_sidebar

# An emoji icon: Streamlit draws it as an inline SVG, while a ":material/…:" page icon makes every
# visitor's browser fetch the icon from a public font host (the navigation's icons are bundled).
st.set_page_config(page_title=t("app_title"), page_icon="📊", layout="wide")

page = st.navigation(
    [
        st.Page("views/home.py", title=t("page_home"), icon=":material/dashboard:", default=True),
        st.Page("views/repeat.py", title=t("page_repeat"), icon=":material/replay:"),
        st.Page("views/members.py", title=t("page_members"), icon=":material/card_membership:"),
        st.Page("views/returning.py", title=t("page_returning"), icon=":material/group:"),
        st.Page("views/tiers.py", title=t("page_tiers"), icon=":material/military_tech:"),
        st.Page("views/campaign.py", title=t("page_campaign"), icon=":material/campaign:"),
        st.Page("views/customers.py", title=t("page_customers"), icon=":material/person_search:"),
        st.Page("views/history.py", title=t("page_history"), icon=":material/calendar_month:"),
        st.Page("views/report.py", title=t("page_report"), icon=":material/picture_as_pdf:"),
    ]
)
# The navigation is declared before the data is built, so the first view of a fresh session
# already shows the translated page list instead of waiting for the upload to load.
st.session_state["_page"] = page.url_path  # ui.history_engine: the Overview reads a history database in place
with st.spinner(t("loading"), show_time=True):
    refresh_dataset()
render_sidebar(page.url_path)
page.run()
