"""Peer figures (同行数据): a 生意参谋 export uploaded or figures typed in, kept per session and owner.

The figures are what the manager's platform shows for comparable shops (生意参谋's 同行同层平均 and
优秀), each with the days it was measured on; reading and checking them is
:mod:`analytics.metrics.peers`. Pages ask :func:`current_peers` and compare a figure only with the
shop's own over the same days. Whose folder keeps the table follows the data-owner rule
(:mod:`ui.tenancy`): a browser-session visitor's figures live in the session only.
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
    read_peer_records,
)
from ui import tenancy
from ui.format import fmt_rate
from ui.i18n import current_lang, t
from ui.safe_text import message_markdown
from ui.tables import table_height

log = logging.getLogger(__name__)

PEERS_KEY = "_peers"  # the PeerFigures kept
PEERS_VERSION_KEY = "_peers_version"  # bumped when an upload replaces the table: a fresh editor
PEERS_BASE_KEY = "_peers_base"  # (editor key, PeerFigures the editor was drawn from)
PEERS_UPLOAD_KEY = "_peers_upload_seen"  # (name, size) of the last upload read
PEERS_PROBLEMS_KEY = "_peers_problems"  # messages about rows left out of the last table read
PEERS_FILE = "peers.csv"
# The editor's columns, in order (headers translated as peer_column_<key>).
EDITOR_COLUMNS: tuple[str, ...] = ("metric", "window", "end", "average", "top")


def peers_file() -> Path | None:
    """Return the file of this visitor's peer figures, or None when they live in the session only."""
    mappings = tenancy.mappings_file()  # the owner's private folder, created on first use
    return None if mappings is None else mappings.with_name(PEERS_FILE)


def current_peers() -> PeerFigures:
    """Return the peer figures of this session (read once from the owner's file when there is one)."""
    if PEERS_KEY not in st.session_state:
        stored = PeerFigures()
        path = peers_file()
        if path is not None and path.exists():
            try:
                stored = peer_figures(pd.read_csv(path, dtype="str", keep_default_na=False))
            except (OSError, ValueError, KeyError, InputError):
                stored = PeerFigures()
        st.session_state[PEERS_KEY] = stored
    return st.session_state[PEERS_KEY]


def _keep(figures: PeerFigures) -> None:
    if figures == st.session_state.get(PEERS_KEY):
        return
    st.session_state[PEERS_KEY] = figures
    path = peers_file()
    if path is None:
        return  # browser session only: nothing is written on a shared server
    try:
        # Metric keys, plain numbers and dates only: nothing from the upload is written back as text.
        write_atomically(path, figures.to_frame().to_csv(index=False).encode("utf-8"), mode=0o600)
    except (OSError, InputError):
        log.warning("could not save the peer figures")


def _shown(metric: str, value: float | None) -> str:
    if value is None or math.isnan(value):
        return ""
    return fmt_rate(value) if metric in RATE_METRICS else f"{value:g}"


def _editor_rows(figures: PeerFigures) -> pd.DataFrame:
    """Return the editor's rows: one per figure kept, else one empty row per metric to type in."""
    rows: list[tuple[str, str, str, str, str]] = [
        (
            t(f"peer_{f.metric}"),
            "" if f.start is None else f"{f.start:%Y-%m-%d}~{f.end:%Y-%m-%d}",
            "",
            _shown(f.metric, f.average),
            _shown(f.metric, f.top),
        )
        for f in figures.figures
    ]
    if not rows:
        rows = [(t(f"peer_{key}"), "", "", "", "") for key in PEER_METRICS]
    return pd.DataFrame(rows, columns=list(EDITOR_COLUMNS))


def _read_upload(upload) -> PeerTable | None:
    try:
        raw = read_table((upload.name, upload.getvalue()))
        return read_peer_frame(raw.frame, file=upload.name, row_numbers=raw.row_numbers.tolist())
    except InputError as exc:
        st.error(message_markdown(exc, current_lang()), icon=":material/error:")
        return None


def peer_editor() -> PeerFigures:
    """Show the peer table (upload a 生意参谋 export or type figures with their days); return the figures."""
    peers = current_peers()
    lang = current_lang()
    with st.expander(t("peers_title"), icon=":material/groups:", expanded=False):
        st.caption(t("peers_intro"))
        upload = st.file_uploader(
            t("peers_upload"), type=["csv", "xlsx", "xls"], key="peers_file", help=t("peers_upload_help")
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
        base_key, base = st.session_state.get(PEERS_BASE_KEY, (None, PeerFigures()))
        if base_key != editor_key:
            base = peers
            st.session_state[PEERS_BASE_KEY] = (editor_key, base)
        shown = _editor_rows(base)
        edited = st.data_editor(
            shown,
            key=editor_key,
            hide_index=True,
            num_rows="dynamic",
            height=table_height(len(shown) + 1),
            column_config={
                "metric": st.column_config.SelectboxColumn(
                    t("peer_metric"), options=[t(f"peer_{key}") for key in PEER_METRICS], required=True
                ),
                "window": st.column_config.TextColumn(t("peer_window"), help=t("peer_window_help")),
                "end": st.column_config.TextColumn(t("peer_end"), help=t("peer_end_help")),
                "average": st.column_config.TextColumn(t("peer_value"), help=t("peer_value_help")),
                "top": st.column_config.TextColumn(t("peer_top"), help=t("peer_value_help")),
            },
        )
        # The shown names are read back like an uploaded table's, so a message names the row as seen.
        typed = read_peer_records(edited.to_dict("records"), file=t("peers_table"))
        _keep(typed.figures)
        problems: tuple[Message, ...] = (*st.session_state.get(PEERS_PROBLEMS_KEY, ()), *typed.problems)
        for problem in problems:
            st.warning(message_markdown(problem, lang), icon=":material/warning:")
        st.caption(t("peers_kept" if peers_file() is not None else "peers_session_only"))
    return current_peers()
