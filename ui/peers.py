"""Peer figures (同行数据): typed in or uploaded by the manager, kept in the session and the owner's folder.

The figures are what the manager's platform shows for comparable shops (生意参谋's industry
averages); reading and checking them is :mod:`analytics.metrics.peers`. Pages ask
:func:`current_peers` and show each figure next to their own. Whose folder keeps the table follows
the data-owner rule (:mod:`ui.tenancy`): a browser-session visitor's figures live in the session only.
"""

from __future__ import annotations

import logging
import math
from pathlib import Path

import pandas as pd
import streamlit as st

from analytics.errors import InputError, Message
from analytics.files import write_atomically
from analytics.io import read_table
from analytics.metrics.peers import (
    PEER_METRICS,
    RATE_METRICS,
    PeerFigures,
    PeerTable,
    peer_figures,
    read_peer_frame,
    read_peer_rows,
)
from ui import tenancy
from ui.format import fmt_rate
from ui.i18n import current_lang, t
from ui.safe_text import message_markdown

log = logging.getLogger(__name__)

PEERS_KEY = "_peers"  # {metric: value}
PEERS_VERSION_KEY = "_peers_version"  # bumped when an upload replaces the table: a fresh editor
PEERS_BASE_KEY = "_peers_base"  # (editor key, {metric: value} the editor was drawn from)
PEERS_UPLOAD_KEY = "_peers_upload_seen"  # (name, size) of the last upload read
PEERS_PROBLEMS_KEY = "_peers_problems"  # messages about rows left out of the last table read
PEERS_FILE = "peers.csv"


def peers_file() -> Path | None:
    """Return the file of this visitor's peer figures, or None when they live in the session only."""
    mappings = tenancy.mappings_file()  # the owner's private folder, created on first use
    return None if mappings is None else mappings.with_name(PEERS_FILE)


def current_peers() -> PeerFigures:
    """Return the peer figures of this session (read once from the owner's file when there is one)."""
    if PEERS_KEY not in st.session_state:
        stored: dict[str, float] = {}
        path = peers_file()
        if path is not None and path.exists():
            try:
                stored = read_peer_frame(pd.read_csv(path, dtype="str"), file=PEERS_FILE).figures.as_dict()
            except (OSError, ValueError, InputError):
                stored = {}
        st.session_state[PEERS_KEY] = stored
    return peer_figures(st.session_state[PEERS_KEY])


def _keep(figures: PeerFigures) -> None:
    if figures.as_dict() == st.session_state.get(PEERS_KEY):
        return
    st.session_state[PEERS_KEY] = figures.as_dict()
    path = peers_file()
    if path is None:
        return  # browser session only: nothing is written on a shared server
    try:
        # Metric keys and plain numbers only: nothing from the upload is written back as text.
        write_atomically(path, figures.to_frame().to_csv(index=False).encode("utf-8"), mode=0o600)
    except (OSError, InputError):
        log.warning("could not save the peer figures")


def _shown(metric: str, value: float | None) -> str:
    if value is None or math.isnan(value):
        return ""
    return fmt_rate(value) if metric in RATE_METRICS else f"{value:g}"


def _read_upload(upload) -> PeerTable | None:
    try:
        raw = read_table((upload.name, upload.getvalue()))
        return read_peer_frame(raw.frame, file=upload.name, row_numbers=raw.row_numbers.tolist())
    except InputError as exc:
        st.error(message_markdown(exc, current_lang()), icon=":material/error:")
        return None


def peer_editor() -> PeerFigures:
    """Show the peer table (type in or upload metric, value) in an expander; return the figures kept."""
    peers = current_peers()
    lang = current_lang()
    with st.expander(t("peers_title"), icon=":material/groups:", expanded=False):
        st.caption(t("peers_intro"))
        upload = st.file_uploader(
            t("peers_upload"), type=["csv", "xlsx"], key="peers_file", help=t("peers_upload_help")
        )
        if upload is not None and st.session_state.get(PEERS_UPLOAD_KEY) != (upload.name, upload.size):
            st.session_state[PEERS_UPLOAD_KEY] = (upload.name, upload.size)
            table = _read_upload(upload)
            if table is not None:
                _keep(table.figures)
                st.session_state[PEERS_PROBLEMS_KEY] = table.problems
                st.session_state[PEERS_VERSION_KEY] = st.session_state.get(PEERS_VERSION_KEY, 0) + 1
                peers = current_peers()
        # A new language or a new upload draws a new editor from the figures kept so far.
        editor_key = f"peers_editor_{lang}_{st.session_state.get(PEERS_VERSION_KEY, 0)}"
        base_key, base = st.session_state.get(PEERS_BASE_KEY, (None, {}))
        if base_key != editor_key:
            base = peers.as_dict()
            st.session_state[PEERS_BASE_KEY] = (editor_key, base)
        edited = st.data_editor(
            pd.DataFrame(
                {
                    "metric": [t(f"peer_{key}") for key in PEER_METRICS],
                    "value": [_shown(key, base.get(key)) for key in PEER_METRICS],
                }
            ),
            key=editor_key,
            hide_index=True,
            num_rows="fixed",
            disabled=["metric"],
            column_config={
                "metric": st.column_config.TextColumn(t("peer_metric")),
                "value": st.column_config.TextColumn(t("peer_value"), help=t("peer_value_help")),
            },
        )
        # The shown names are read back like an uploaded table's, so a message names the row as seen.
        rows = zip(edited["metric"].tolist(), edited["value"].tolist(), strict=True)
        typed = read_peer_rows(rows, file=t("peers_table"))
        _keep(typed.figures)
        problems: tuple[Message, ...] = (*st.session_state.get(PEERS_PROBLEMS_KEY, ()), *typed.problems)
        for problem in problems:
            st.warning(message_markdown(problem, lang), icon=":material/warning:")
        st.caption(t("peers_kept" if peers_file() is not None else "peers_session_only"))
    return current_peers()
