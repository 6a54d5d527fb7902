"""Empty states of pages that need a member or campaign list: say what to upload, offer a template."""

from __future__ import annotations

import streamlit as st

from ui.i18n import t
from ui.loaders import sample_file


def _template_button(name: str, label_key: str) -> None:
    template = sample_file(name)
    if template is not None:
        st.download_button(t(label_key), template[1], file_name=name, mime="text/csv", on_click="ignore")


def needs_members() -> None:
    """Explain that the page needs membership, offer the member list template, and stop."""
    st.info(t("needs_members"), icon=":material/card_membership:")
    _template_button("member_list_template.csv", "download_member_template")
    st.stop()


def needs_campaign(*, stop: bool = True) -> None:
    """Explain that the page needs a campaign list, offer the template, and stop (unless told not to)."""
    st.info(t("needs_campaign"), icon=":material/campaign:")
    _template_button("campaign_template.csv", "download_campaign_template")
    if stop:
        st.stop()
