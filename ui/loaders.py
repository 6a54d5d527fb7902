"""Cached loaders: ``analytics.loading`` behind Streamlit caches, keyed on a digest of each upload.

The same upload is read once per server, whatever page asks. Each upload's bytes are hashed once
(:func:`digest`, remembered per bytes object) instead of on every rerun and every cached call, and
loads are kept as shared objects (``st.cache_resource``) instead of being copied into every rerun:
copying a million-order load cost more than the page's figures. The frames are therefore shared:
pages and ``analytics`` never edit them in place (they derive new frames).
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from pathlib import Path

import pandas as pd
import streamlit as st

from analytics import loading
from analytics.io import read_table
from analytics.loading import CampaignLoad, MembersLoad, OrdersLoad
from analytics.loading.detect import HEAD_BYTES

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_DIR = ROOT / "sample_data"


# Digests of the uploads seen lately, by id of their bytes object (the object is kept alongside,
# so its id cannot be reused while the entry lives).
_DIGESTS: OrderedDict[int, tuple[bytes, str]] = OrderedDict()
_DIGESTS_KEPT = 64


def digest(data: bytes) -> str:
    """Return the SHA-256 of an upload's bytes, computed once per bytes object.

    Session state keeps the same bytes object across reruns, so a 40 MB upload is hashed once,
    not on every rerun by every cached function it is passed to.
    """
    found = _DIGESTS.get(id(data))
    if found is not None and found[0] is data:
        _DIGESTS.move_to_end(id(data))
        return found[1]
    value = hashlib.sha256(data).hexdigest()
    _DIGESTS[id(data)] = (data, value)
    while len(_DIGESTS) > _DIGESTS_KEPT:
        _DIGESTS.popitem(last=False)
    return value


def detect_kind(name: str, data: bytes) -> str:
    """Return "orders", "members" or "campaign" for a file, from its headers."""
    return _detect_kind(name, digest(data), data)


@st.cache_data(show_spinner=False, max_entries=64)
def _detect_kind(name: str, key: str, _data: bytes) -> str:
    return loading.detect_kind((name, _data))


def load_orders(
    files: tuple[tuple[str, bytes], ...], overrides: tuple[tuple[str, str], ...] = ()
) -> OrdersLoad:
    """Return ``analytics.loading.load_orders`` on the given uploads (shared: never edit it)."""
    return _load_orders(tuple((name, digest(data)) for name, data in files), overrides, files)


@st.cache_resource(show_spinner=False, max_entries=16)
def _load_orders(
    keys: tuple[tuple[str, str], ...],
    overrides: tuple[tuple[str, str], ...],
    _files: tuple[tuple[str, bytes], ...],
) -> OrdersLoad:
    return loading.load_orders(list(_files), overrides=dict(overrides) or None)


def load_members(name: str, data: bytes) -> MembersLoad:
    """Return ``analytics.loading.load_members`` on one upload (shared: never edit it)."""
    return _load_members(name, digest(data), data)


@st.cache_resource(show_spinner=False, max_entries=16)
def _load_members(name: str, key: str, _data: bytes) -> MembersLoad:
    return loading.load_members((name, _data))


def load_campaign(name: str, data: bytes) -> CampaignLoad:
    """Return ``analytics.loading.load_campaign`` on one upload (shared: never edit it)."""
    return _load_campaign(name, digest(data), data)


@st.cache_resource(show_spinner=False, max_entries=16)
def _load_campaign(name: str, key: str, _data: bytes) -> CampaignLoad:
    return loading.load_campaign((name, _data))


def file_preview(name: str, data: bytes, rows: int = 5) -> tuple[tuple[str, ...], pd.DataFrame]:
    """Return a file's headers and its first ``rows`` rows, for the mapping editor."""
    return _file_preview(name, digest(data), rows, data)


@st.cache_data(show_spinner=False, max_entries=32)
def _file_preview(name: str, key: str, rows: int, _data: bytes) -> tuple[tuple[str, ...], pd.DataFrame]:
    table = read_table((name, _data), head_bytes=HEAD_BYTES)
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
