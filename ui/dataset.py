"""The session's Dataset: the uploads (or the sample data) loaded, merged with the history, cached.

Loading goes through the cached loaders of :mod:`ui.loaders`. Bad files never raise here: their
messages (codes with parameters) are collected on the frozen :class:`~ui.state.Dataset` for the
Overview page to show in the reader's language.

Caching: one layer, keyed on content. A dataset is named by what it is built from, as small
hashable values (each file's name and SHA-256, the kinds picked by hand, the remembered column
choices, and with the history the store's file, its modification stamp and the shop shown); its
``source`` is a digest of that key. Datasets and the objects derived from them (the orders'
:class:`~analytics.metrics.orderbook.Orders`, its selections, metric results) are kept with
``st.cache_resource``: shared read-only objects, neither copied into every rerun nor hashed
(``st.cache_data`` would pickle a million-order frame on every hit). ``st.cache_data`` is kept for
small values only (a file's kind, a preview). Nothing is keyed on an object's identity.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import pandas as pd
import streamlit as st

from analytics.errors import InputError, MappingError, Message
from analytics.loading import OrdersLoad
from analytics.metrics.orderbook import Orders
from analytics.store import upload_shop
from ui import history, history_engine
from ui.i18n import t
from ui.loaders import load_campaign, load_members, load_orders, sample_upload
from ui.state import DATASET_KEY, Dataset, FileEntry, Upload
from ui.uploads import (
    SAMPLE_CAMPAIGN,
    SAMPLE_MEMBERS,
    SAMPLE_ORDERS,
    classify,
    failure,
    kind_overrides,
    overrides_for,
    remembered_mappings,
    uploads,
)

log = logging.getLogger(__name__)


def _load_order_files(
    entries: Sequence[FileEntry], errors: list[tuple[str, Message]]
) -> tuple[OrdersLoad | None, tuple[tuple[str, bytes, Message], ...]]:
    """Return the orders load of the usable order files and the files that need the mapping editor."""
    usable = [e for e in entries if e.kind == "orders" and e.error is None]
    if not usable:
        return None, ()
    # A remembered column choice names headers of its own layout, so files with different choices
    # cannot share one load: the first layout is loaded, the others are asked for on their own.
    groups: dict[tuple[tuple[str, str], ...], list[FileEntry]] = {}
    for entry in usable:
        groups.setdefault(tuple(sorted(overrides_for(entry).items())), []).append(entry)
    (overrides, group), *others = groups.items()
    for _, other in others:
        for entry in other:
            errors.append((entry.name, Message("mixed_layouts", {"first": group[0].name})))
    needed: list[tuple[str, bytes, Message]] = []
    try:
        # One call for all files so an order present in two overlapping exports counts once.
        return load_orders([_upload(e) for e in group], overrides), ()
    except MappingError:
        # Find which files need the mapping editor; load the others together.
        readable = []
        for entry in group:
            try:
                load_orders([_upload(entry)], overrides)
                readable.append(entry)
            except MappingError as exc:
                needed.append((entry.name, entry.data, exc.message))
            except InputError as exc:
                errors.append((entry.name, exc.message))
        if not readable:
            return None, tuple(needed)
        try:
            return load_orders([_upload(e) for e in readable], overrides), tuple(needed)
        except InputError as exc:
            errors.append((", ".join(e.name for e in readable), exc.message))
            return None, tuple(needed)
    except InputError as exc:
        errors.append((", ".join(e.name for e in group), exc.message))
        return None, ()


def _upload(entry: FileEntry) -> Upload:
    return Upload(entry.name, entry.data, entry.digest)


def _load_lists(entries: Sequence[FileEntry], errors: list[tuple[str, Message]]) -> dict[str, Any]:
    """Return the Dataset fields of the member and campaign lists among the uploads."""
    # The last member list and the last campaign list uploaded win: a newer export replaces an older one.
    found: dict[str, Any] = {}
    for entry in entries:
        if entry.error is not None:
            continue
        try:
            if entry.kind == "members":
                members = load_members(_upload(entry)).members
                found.update(members=members, members_file=entry.name, members_uploaded=True)
            elif entry.kind == "campaign":
                campaign = load_campaign(_upload(entry)).campaign
                found.update(campaign=campaign, campaign_file=entry.name, campaign_uploaded=True)
        except InputError as exc:
            errors.append((entry.name, exc.message))
    return found


def _history_parts(uploaded: Dataset, source: str) -> dict[str, Any]:
    """Return the Dataset fields changed by the stored history (orders, and lists not uploaded).

    Raises InputError when the store cannot be read (the caller names it as the history).
    """
    # Stored orders plus this upload; the uploaded lists win over the stored ones.
    stored, members, campaign = history.history()
    orders = history.with_history(stored, uploaded.load, history.chosen_shop())
    found: dict[str, Any] = {
        "history_orders": len(stored),
        "book": None if orders is None else Orders(orders, source),
    }
    if uploaded.members is None and members is not None:
        found.update(members=members, members_file=str(members.attrs.get("file_name") or "history"))
    if uploaded.campaign is None and campaign is not None:
        found.update(campaign=campaign, campaign_file=str(campaign.attrs.get("file_name") or "history"))
    return found


def _build_uploads(files: Sequence[Upload], *, is_sample: bool, source: str = "") -> Dataset:
    errors: list[tuple[str, Message]] = []
    parts: dict[str, Any] = {}
    try:
        entries = classify(files)
        parts["files"] = entries
        errors.extend((e.name, e.error) for e in entries if e.error is not None)
        load, needed = _load_order_files(entries, errors)
        parts.update(load=load, mapping_needed=needed)
        if load is not None:
            parts["book"] = Orders(load.orders, source, customers=load.customer_codes)
        parts.update(_load_lists(entries, errors))
    except Exception as exc:  # never let a traceback reach the store manager
        log.exception("loading the uploads failed")
        errors.append((", ".join(f.name for f in files), failure(exc)))
    return Dataset(is_sample=is_sample, errors=tuple(errors), source=source, **parts)


# What a dataset is built from, as small hashable values: the files by name and digest, the kinds
# picked by hand, the remembered column choices, and whether it is the sample. Equal keys give the
# same Dataset object, so the frames (and the purchase logs and selections derived from them) are
# built once, not on every rerun.
UploadsKey = tuple[tuple[tuple[str, str], ...], tuple[tuple[str, str], ...], tuple, bool]


def _uploads_key(files: Sequence[Upload], *, is_sample: bool) -> UploadsKey:
    names = {f.name for f in files}
    kinds = tuple(sorted((n, k) for n, k in kind_overrides().items() if n in names))
    mappings = tuple(sorted((h, tuple(sorted(m.items()))) for h, m in remembered_mappings().items()))
    return tuple((f.name, f.digest) for f in files), kinds, mappings, is_sample


def source_digest(key: tuple) -> str:
    """Return a short digest of a dataset's key (:class:`~ui.state.Dataset` ``source``).

    The key holds small values only (file names and digests, choices, the store's path, stamp
    and shop), so this hashes a few hundred bytes, never the rows.
    """
    return hashlib.blake2b(repr(key).encode("utf-8"), digest_size=16).hexdigest()


@st.cache_resource(show_spinner=False, max_entries=8)
def _uploads_dataset(key: UploadsKey, _files: tuple[Upload, ...]) -> Dataset:
    return _build_uploads(_files, is_sample=key[3], source=source_digest(key))


@st.cache_resource(show_spinner=False, max_entries=8)
def _upload_shop(key: UploadsKey, _uploaded: Dataset) -> str | None:
    return upload_shop(_uploaded.orders)


@st.cache_resource(show_spinner=False, max_entries=4)
def _history_dataset(key: tuple, _uploaded: Dataset) -> Dataset:
    # The key names the data owner's store file: one visitor's history never keys another's.
    source = source_digest(key)
    return replace(_uploaded, source=source, **_history_parts(_uploaded, source))


@st.cache_resource(show_spinner=False, max_entries=4)
def _engine_dataset(key: tuple, _uploaded: Dataset) -> Dataset:
    return history_engine.engine_dataset(_uploaded, key[1], source_digest(key))


def _build(files: Sequence[Upload], *, is_sample: bool, use_history: bool) -> Dataset:
    key = _uploads_key(files, is_sample=is_sample)
    uploaded = _uploads_dataset(key, tuple(files))
    if not use_history:
        return uploaded
    # The upload's own shop is the one shown by default (see history.chosen_shop).
    st.session_state[history.UPLOAD_SHOP_KEY] = _upload_shop(key, uploaded)
    path = history.store_file()
    try:
        found = (key, str(path), history.store_stamp(path), history.chosen_shop())
        if not files and history_engine.wanted(path):  # a history database, nothing uploaded: no rows read
            return _engine_dataset((*found, "engine"), uploaded)
        return _history_dataset(found, uploaded)
    except InputError as exc:
        # Named as the history, never by its path on the server; not cached, so it is tried again.
        return replace(uploaded, errors=(*uploaded.errors, (t("history_title"), exc.message)))
    except Exception as exc:  # never let a traceback reach the store manager
        log.exception("reading the history failed")
        return replace(uploaded, errors=(*uploaded.errors, (t("history_title"), failure(exc))))


def build_dataset() -> Dataset:
    """Load the session's uploads (with the stored history when kept), else the bundled sample data.

    With nothing uploaded, a history holding orders is shown on its own; only without either does
    the app fall back to the sample data (labelled as such on the Overview page). The same uploads,
    choices and history give the same (cached, shared) Dataset object.
    """
    files = uploads()
    use_history = history.enabled()
    if files or use_history:
        dataset = _build(files, is_sample=False, use_history=use_history)
        if files or dataset.has_orders:
            return dataset
    samples = [f for f in (sample_upload(n) for n in (SAMPLE_ORDERS, SAMPLE_MEMBERS, SAMPLE_CAMPAIGN)) if f]
    return _build(samples, is_sample=True, use_history=False)


def dataset() -> Dataset:
    """Return this run's dataset, building it once per script run."""
    current = st.session_state.get(DATASET_KEY)
    if current is None:
        current = build_dataset()
        st.session_state[DATASET_KEY] = current
    return current


def refresh_dataset() -> Dataset:
    """Rebuild the dataset (after an upload, a kind change or a new column mapping)."""
    st.session_state.pop(DATASET_KEY, None)
    return dataset()


def currency_headers(load: Any) -> list[str]:
    """Return the source headers the orders were mapped from (to guess the currency)."""
    headers: list[str] = []
    for report in getattr(load, "files", ()) or ():
        mapping = getattr(report, "mapping", None) or {}
        headers.extend(str(v) for v in mapping.values() if v)
    return headers


def frame_source(frame: pd.DataFrame | None) -> str | None:
    """Return what names one of this run's dataset frames (orders, members, campaign), else None.

    The members and campaign lists are part of the dataset: a result computed from them is keyed
    on the dataset's source and which list, never on the rows.
    """
    if frame is None:
        return None
    ds = dataset()
    if not ds.source:
        return None
    for name, candidate in (("orders", ds.orders), ("members", ds.members), ("campaign", ds.campaign)):
        if candidate is frame:
            return f"{ds.source}|{name}"
    return None
