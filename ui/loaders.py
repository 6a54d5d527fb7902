"""Cached loaders: ``analytics.loading`` behind Streamlit caches, keyed on a digest of each upload.

The same upload is read once per server, whatever page asks. Each upload's bytes are hashed once,
when it arrives (:class:`ui.state.Upload` carries the digest), instead of on every rerun and every
cached call, and loads are kept as shared objects (``st.cache_resource``) instead of being copied
into every rerun: copying a million-order load cost more than the page's figures. The frames are
therefore shared: pages and ``analytics`` never edit them in place (they derive new frames).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

import pandas as pd
import streamlit as st

from analytics import loading
from analytics.io import read_table
from analytics.loading import CampaignLoad, MembersLoad, OrdersLoad
from analytics.loading.detect import HEAD_BYTES
from ui.state import Upload

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_DIR = ROOT / "sample_data"


def digest(data: bytes) -> str:
    """Return the SHA-256 of a file's bytes (what the caches key a file on)."""
    return hashlib.sha256(data).hexdigest()


def upload(name: str, data: bytes) -> Upload:
    """Return the file as an :class:`~ui.state.Upload`, its bytes hashed once here."""
    return Upload(name, data, digest(data))


def detect_kind(file: Upload) -> str:
    """Return "orders", "members" or "campaign" for a file, from its headers."""
    return _detect_kind(file.name, file.digest, file.data)


@st.cache_data(show_spinner=False, max_entries=64)
def _detect_kind(name: str, key: str, _data: bytes) -> str:
    return loading.detect_kind((name, _data))


def load_orders(files: Sequence[Upload], overrides: tuple[tuple[str, str], ...] = ()) -> OrdersLoad:
    """Return ``analytics.loading.load_orders`` on the given uploads (shared: never edit it)."""
    return _load_orders(
        tuple((f.name, f.digest) for f in files), overrides, tuple((f.name, f.data) for f in files)
    )


@st.cache_resource(show_spinner=False, max_entries=16)
def _load_orders(
    keys: tuple[tuple[str, str], ...],
    overrides: tuple[tuple[str, str], ...],
    _files: tuple[tuple[str, bytes], ...],
) -> OrdersLoad:
    return loading.load_orders(list(_files), overrides=dict(overrides) or None)


def load_members(file: Upload) -> MembersLoad:
    """Return ``analytics.loading.load_members`` on one upload (shared: never edit it)."""
    return _load_members(file.name, file.digest, file.data)


@st.cache_resource(show_spinner=False, max_entries=16)
def _load_members(name: str, key: str, _data: bytes) -> MembersLoad:
    return loading.load_members((name, _data))


def load_campaign(file: Upload) -> CampaignLoad:
    """Return ``analytics.loading.load_campaign`` on one upload (shared: never edit it)."""
    return _load_campaign(file.name, file.digest, file.data)


@st.cache_resource(show_spinner=False, max_entries=16)
def _load_campaign(name: str, key: str, _data: bytes) -> CampaignLoad:
    return loading.load_campaign((name, _data))


def file_preview(
    name: str, data: bytes, rows: int = 5, *, sha: str | None = None
) -> tuple[tuple[str, ...], pd.DataFrame]:
    """Return a file's headers and its first ``rows`` rows, for the mapping editor.

    ``sha`` is the bytes' digest when the caller has it (else they are hashed here).
    """
    return _file_preview(name, sha or digest(data), rows, data)


@st.cache_data(show_spinner=False, max_entries=32)
def _file_preview(name: str, key: str, rows: int, _data: bytes) -> tuple[tuple[str, ...], pd.DataFrame]:
    table = read_table((name, _data), head_bytes=HEAD_BYTES)
    return tuple(str(c) for c in table.frame.columns), table.frame.head(rows)


@st.cache_resource(show_spinner=False)
def _sample_upload(name: str, mtime: float) -> Upload:
    # mtime is part of the key so a regenerated sample file is read (and hashed) again. Shared
    # (cache_resource): bytes are immutable, so nobody can change what another session reads.
    return upload(name, (SAMPLE_DIR / name).read_bytes())


def sample_upload(name: str) -> Upload | None:
    """Return a bundled sample file as an :class:`~ui.state.Upload`, or None when it is not there."""
    path = SAMPLE_DIR / name
    if not path.is_file():
        return None
    return _sample_upload(name, path.stat().st_mtime)


def sample_file(name: str) -> tuple[str, bytes] | None:
    """Return a bundled sample file as (name, bytes), or None when it is not there."""
    found = sample_upload(name)
    return None if found is None else (found.name, found.data)
