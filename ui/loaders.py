"""Cached loaders: ``analytics.loading`` behind ``st.cache_data``, keyed on each upload's bytes.

The same upload is read once per server, whatever page asks; ``st.cache_data`` hands every caller
its own copy, so no page can change another's frames.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from analytics import loading
from analytics.io import read_table
from analytics.loading import CampaignLoad, MembersLoad, OrdersLoad

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_DIR = ROOT / "sample_data"


@st.cache_data(show_spinner=False, max_entries=64)
def detect_kind(name: str, data: bytes) -> str:
    """Return "orders", "members" or "campaign" for a file, from its headers."""
    return loading.detect_kind((name, data))


@st.cache_data(show_spinner=False, max_entries=16)
def load_orders(
    files: tuple[tuple[str, bytes], ...], overrides: tuple[tuple[str, str], ...] = ()
) -> OrdersLoad:
    """Return ``analytics.loading.load_orders`` on the given uploads."""
    return loading.load_orders(list(files), overrides=dict(overrides) or None)


@st.cache_data(show_spinner=False, max_entries=16)
def load_members(name: str, data: bytes) -> MembersLoad:
    """Return ``analytics.loading.load_members`` on one upload."""
    return loading.load_members((name, data))


@st.cache_data(show_spinner=False, max_entries=16)
def load_campaign(name: str, data: bytes) -> CampaignLoad:
    """Return ``analytics.loading.load_campaign`` on one upload."""
    return loading.load_campaign((name, data))


@st.cache_data(show_spinner=False, max_entries=32)
def file_preview(name: str, data: bytes, rows: int = 5) -> tuple[tuple[str, ...], pd.DataFrame]:
    """Return a file's headers and its first ``rows`` rows, for the mapping editor."""
    table = read_table((name, data))
    return tuple(str(c) for c in table.frame.columns), table.frame.head(rows)


@st.cache_data(show_spinner=False)
def _sample_bytes(name: str, mtime: float) -> bytes:
    # mtime is part of the key so a regenerated sample file is read again.
    return (SAMPLE_DIR / name).read_bytes()


def sample_file(name: str) -> tuple[str, bytes] | None:
    """Return a bundled sample file as (name, bytes), or None when it is not there."""
    path = SAMPLE_DIR / name
    if not path.is_file():
        return None
    return name, _sample_bytes(name, path.stat().st_mtime)
