"""The session's data: uploaded files (or the sample data), classified, loaded and cached.

Uploads live in ``st.session_state`` (:mod:`ui.state`) as ``(file name, bytes)`` pairs so every
page sees them; loading goes through the cached loaders of :mod:`ui.loaders`. Bad files never
raise here: their messages (codes with parameters) are collected on the frozen
:class:`~ui.state.Dataset` for the Overview page to show in the reader's language.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import logging
import threading
import weakref
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

import numpy as np
import pandas as pd
import streamlit as st

from analytics.errors import InputError, MappingError, Message
from analytics.loading import OrdersLoad
from analytics.metrics.purchases import PurchaseLog
from analytics.metrics.stores import store_codes
from analytics.store import upload_shop
from ui import history, tenancy
from ui.i18n import t
from ui.loaders import detect_kind as detect_file_kind
from ui.loaders import digest, file_preview, load_campaign, load_members, load_orders, sample_file
from ui.state import DATASET_KEY, KIND_OVERRIDES_KEY, MAPPINGS_KEY, UPLOADS_KEY, Dataset, FileEntry

SAMPLE_ORDERS = "taobao_orders.xlsx"
SAMPLE_MEMBERS = "members.xlsx"
SAMPLE_CAMPAIGN = "campaign.csv"
SAMPLE_DOWNLOADS: tuple[str, ...] = (
    "taobao_orders.xlsx",
    "taobao_orders_gbk.csv",
    "shopify_orders.csv",
    "members.xlsx",
    "campaign.csv",
    "member_list_template.csv",
    "campaign_template.csv",
)
KINDS: tuple[str, ...] = ("orders", "members", "campaign")

log = logging.getLogger(__name__)


def remembered_mappings() -> dict[tuple[str, ...], dict[str, str]]:
    """Return the column choices remembered per header list (this session, then the owner's file).

    Where the file is (or whether there is one) is the data-owner rule of :mod:`ui.tenancy`: a
    browser-session visitor's choices live in this session only.
    """
    if MAPPINGS_KEY not in st.session_state:
        stored: dict[tuple[str, ...], dict[str, str]] = {}
        path = tenancy.mappings_file()
        try:
            if path is not None:
                raw = json.loads(path.read_text(encoding="utf-8"))
                stored = {tuple(item["headers"]): dict(item["mapping"]) for item in raw}
        except (OSError, ValueError, KeyError, TypeError):
            stored = {}
        st.session_state[MAPPINGS_KEY] = stored
    return st.session_state[MAPPINGS_KEY]


def remember_mapping(headers: Sequence[str], mapping: Mapping[str, str] | None) -> None:
    """Remember (or forget, with None) the column choice for files with these headers."""
    mappings = remembered_mappings()
    key = tuple(headers)
    if mapping:
        mappings[key] = dict(mapping)
    else:
        mappings.pop(key, None)
    path = tenancy.mappings_file()
    if path is None:
        return  # browser session only: nothing is written on a shared server
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        items = [{"headers": list(h), "mapping": m} for h, m in mappings.items()]
        path.write_text(json.dumps(items, ensure_ascii=False, indent=1), encoding="utf-8")
    except OSError:
        # A read-only deployment still remembers the choice for this session.
        log.warning("could not save the column mappings")


def _overrides_for(entry: FileEntry) -> dict[str, str]:
    if not remembered_mappings():
        return {}  # nothing remembered: skip reading the headers again
    try:
        headers, _ = file_preview(entry.name, entry.data)
    except InputError:
        return {}
    return remembered_mappings().get(headers, {})


# --- building the dataset ------------------------------------------------------------------------------


def uploads() -> list[tuple[str, bytes]]:
    """Return the uploaded files of this session as (name, bytes) pairs."""
    return list(st.session_state.get(UPLOADS_KEY, []))


def unique_names(files: Sequence[tuple[str, bytes]]) -> list[tuple[str, bytes]]:
    """Return the files with repeated names made unique ("orders.csv", "orders (2).csv").

    Two exports from different folders often share a name; the page keys widgets and messages
    by file name, so each must be distinct.

    Examples
    --------
    >>> [n for n, _ in unique_names([("a.csv", b"1"), ("a.csv", b"2"), ("b.csv", b"3")])]
    ['a.csv', 'a (2).csv', 'b.csv']
    """
    seen: dict[str, int] = {}
    named = []
    for name, content in files:
        seen[name] = seen.get(name, 0) + 1
        if seen[name] > 1:
            stem, dot, suffix = name.partition(".")
            name = f"{stem} ({seen[name]}){dot}{suffix}"
        named.append((name, content))
    return named


def set_uploads(files: Sequence[tuple[str, bytes]]) -> None:
    """Replace the session's uploads (an empty list goes back to the sample data)."""
    st.session_state[UPLOADS_KEY] = unique_names(files)
    st.session_state.pop(DATASET_KEY, None)


def listed_start(campaign: pd.DataFrame) -> pd.Timestamp | None:
    """Return the earliest start date a campaign list gives, or None when it gives none."""
    if "start" not in campaign.columns:
        return None
    start = campaign["start"].dropna().min()
    return None if pd.isna(start) else pd.Timestamp(start)


def kind_overrides() -> dict[str, str]:
    """Return the kinds the user chose by hand, per file name."""
    return st.session_state.setdefault(KIND_OVERRIDES_KEY, {})


def _failure(exc: Exception) -> Message:
    """Return what to tell the user about a failure: the analytics message, or a generic one for a bug."""
    return exc.message if isinstance(exc, InputError) else Message("unexpected_error")


def _classify(files: Sequence[tuple[str, bytes]]) -> tuple[FileEntry, ...]:
    overrides = kind_overrides()
    entries = []
    for name, data in files:
        detected: str | None = None
        error: Message | None = None
        try:
            detected = detect_file_kind(name, data)
        except MappingError:
            # Readable but not recognised: most likely an orders export with unusual headers, which
            # the mapping editor can fix; the user can also pick the kind by hand.
            detected = None
        except Exception as exc:  # a file we cannot even classify must not take the page down
            if not isinstance(exc, InputError):
                log.exception("detect_kind failed on %s", name)
            error = _failure(exc)
        kind = overrides.get(name, detected or ("orders" if error is None else None))
        entries.append(FileEntry(name, data, detected=detected, kind=kind, error=error))
    return tuple(entries)


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
        groups.setdefault(tuple(sorted(_overrides_for(entry).items())), []).append(entry)
    (overrides, group), *others = groups.items()
    for _, other in others:
        for entry in other:
            errors.append((entry.name, Message("mixed_layouts", {"first": group[0].name})))
    needed: list[tuple[str, bytes, Message]] = []
    try:
        # One call for all files so an order present in two overlapping exports counts once.
        return load_orders(tuple((e.name, e.data) for e in group), overrides), ()
    except MappingError:
        # Find which files need the mapping editor; load the others together.
        readable = []
        for entry in group:
            try:
                load_orders(((entry.name, entry.data),), overrides)
                readable.append(entry)
            except MappingError as exc:
                needed.append((entry.name, entry.data, exc.message))
            except InputError as exc:
                errors.append((entry.name, exc.message))
        if not readable:
            return None, tuple(needed)
        try:
            return load_orders(tuple((e.name, e.data) for e in readable), overrides), tuple(needed)
        except InputError as exc:
            errors.append((", ".join(e.name for e in readable), exc.message))
            return None, tuple(needed)
    except InputError as exc:
        errors.append((", ".join(e.name for e in group), exc.message))
        return None, ()


def _load_lists(entries: Sequence[FileEntry], errors: list[tuple[str, Message]]) -> dict[str, Any]:
    """Return the Dataset fields of the member and campaign lists among the uploads."""
    # The last member list and the last campaign list uploaded win: a newer export replaces an older one.
    found: dict[str, Any] = {}
    for entry in entries:
        if entry.error is not None:
            continue
        try:
            if entry.kind == "members":
                members = load_members(entry.name, entry.data).members
                found.update(members=members, members_file=entry.name, members_uploaded=True)
            elif entry.kind == "campaign":
                campaign = load_campaign(entry.name, entry.data).campaign
                found.update(campaign=campaign, campaign_file=entry.name, campaign_uploaded=True)
        except InputError as exc:
            errors.append((entry.name, exc.message))
    return found


def _history_parts(uploaded: Dataset) -> dict[str, Any]:
    """Return the Dataset fields changed by the stored history (orders, and lists not uploaded).

    Raises InputError when the store cannot be read (the caller names it as the history).
    """
    # Stored orders plus this upload; the uploaded lists win over the stored ones.
    stored, members, campaign = history.history()
    found: dict[str, Any] = {
        "history_orders": len(stored),
        "orders": history.with_history(stored, uploaded.load, history.chosen_shop()),
    }
    if uploaded.members is None and members is not None:
        found.update(members=members, members_file=str(members.attrs.get("file_name") or "history"))
    if uploaded.campaign is None and campaign is not None:
        found.update(campaign=campaign, campaign_file=str(campaign.attrs.get("file_name") or "history"))
    return found


def _build_uploads(files: Sequence[tuple[str, bytes]], *, is_sample: bool, source: str = "") -> Dataset:
    errors: list[tuple[str, Message]] = []
    parts: dict[str, Any] = {}
    try:
        entries = _classify(files)
        parts["files"] = entries
        errors.extend((e.name, e.error) for e in entries if e.error is not None)
        load, needed = _load_order_files(entries, errors)
        parts.update(load=load, orders=None if load is None else load.orders, mapping_needed=needed)
        parts.update(_load_lists(entries, errors))
    except Exception as exc:  # never let a traceback reach the store manager
        log.exception("loading the uploads failed")
        errors.append((", ".join(name for name, _ in files), _failure(exc)))
    return Dataset(is_sample=is_sample, errors=tuple(errors), source=source, **parts)


# What a dataset is built from, as small hashable values: the files by name and digest, the kinds
# picked by hand, the remembered column choices, and (with the history) the store's file, its
# modification stamp and the shop shown. Equal keys give the same Dataset object, so the frames
# (and the purchase logs and selections cached per frame) are built once, not on every rerun.
UploadsKey = tuple[tuple[tuple[str, str], ...], tuple[tuple[str, str], ...], tuple, bool]


def _uploads_key(files: Sequence[tuple[str, bytes]], *, is_sample: bool) -> UploadsKey:
    names = {name for name, _ in files}
    kinds = tuple(sorted((n, k) for n, k in kind_overrides().items() if n in names))
    mappings = tuple(sorted((h, tuple(sorted(m.items()))) for h, m in remembered_mappings().items()))
    return tuple((name, digest(content)) for name, content in files), kinds, mappings, is_sample


def source_digest(key: tuple) -> str:
    """Return a short digest of a dataset's key (:class:`~ui.state.Dataset` ``source``).

    The key holds small values only (file names and digests, choices, the store's path, stamp
    and shop), so this hashes a few hundred bytes, never the rows.
    """
    return hashlib.blake2b(repr(key).encode("utf-8"), digest_size=16).hexdigest()


# Shared read-only objects (st.cache_resource, as the loads in ui.loaders): a million-order
# Dataset is neither copied into every rerun nor hashed; pages never edit its frames in place.
@st.cache_resource(show_spinner=False, max_entries=8)
def _uploads_dataset(key: UploadsKey, _files: tuple[tuple[str, bytes], ...]) -> Dataset:
    return _build_uploads(_files, is_sample=key[3], source=source_digest(key))


@st.cache_resource(show_spinner=False, max_entries=8)
def _upload_shop(key: UploadsKey, _uploaded: Dataset) -> str | None:
    return upload_shop(_uploaded.orders)


@st.cache_resource(show_spinner=False, max_entries=4)
def _history_dataset(key: tuple, _uploaded: Dataset) -> Dataset:
    # The key names the data owner's store file: one visitor's history never keys another's.
    return replace(_uploaded, source=source_digest(key), **_history_parts(_uploaded))


def _build(files: Sequence[tuple[str, bytes]], *, is_sample: bool, use_history: bool) -> Dataset:
    key = _uploads_key(files, is_sample=is_sample)
    uploaded = _uploads_dataset(key, tuple(files))
    if not use_history:
        return uploaded
    # The upload's own shop is the one shown by default (see history.chosen_shop).
    st.session_state[history.UPLOAD_SHOP_KEY] = _upload_shop(key, uploaded)
    path = history.store_file()
    try:
        return _history_dataset((key, str(path), history.store_stamp(path), history.chosen_shop()), uploaded)
    except InputError as exc:
        # Named as the history, never by its path on the server; not cached, so it is tried again.
        return replace(uploaded, errors=(*uploaded.errors, (t("history_title"), exc.message)))
    except Exception as exc:  # never let a traceback reach the store manager
        log.exception("reading the history failed")
        return replace(uploaded, errors=(*uploaded.errors, (t("history_title"), _failure(exc))))


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
    samples = [f for f in (sample_file(n) for n in (SAMPLE_ORDERS, SAMPLE_MEMBERS, SAMPLE_CAMPAIGN)) if f]
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


# --- selections of the orders, kept per frame --------------------------------------------------------
#
# The dataset's frames are shared objects that live as long as their cached Dataset. What is derived
# from one (a store/channel selection, the distinct stores) is kept by the frame's id next to a weak
# reference, so a new frame that happens to reuse the id never finds it, and entries go with the frame.

# Sessions run their scripts in threads of one process; reentrant because a weak reference's
# callback may run (the frame freed) while the lock is held.
_LOCK = threading.RLock()
# Each frame seen gets a number, never reused: a small hashable key for caches of results.
_NUMBERS = itertools.count(1)
_TOKENS: dict[int, tuple[weakref.ref, int]] = {}
# (frame id, stores, channels) -> (weak reference to the frame, selection); a few selections per frame.
_SELECTIONS: OrderedDict[tuple[int, tuple[str, ...], tuple[str, ...]], tuple[weakref.ref, pd.DataFrame]] = (
    OrderedDict()
)
_SELECTIONS_KEPT = 8
# (frame id, column) -> (weak reference to the frame, sorted distinct values).
_DISTINCT: dict[tuple[int, str], tuple[weakref.ref, list[str]]] = {}
# (frame id, column) -> (weak reference to the frame, (each row's value code, the values coded)).
_CODES: dict[tuple[int, str], tuple[weakref.ref, tuple[np.ndarray, list]]] = {}


def _forget(frame_id: int) -> None:
    with _LOCK:
        _TOKENS.pop(frame_id, None)
        for key in [k for k in _SELECTIONS if k[0] == frame_id]:
            _SELECTIONS.pop(key, None)
        for key in [k for k in _DISTINCT if k[0] == frame_id]:
            _DISTINCT.pop(key, None)
        for key in [k for k in _CODES if k[0] == frame_id]:
            _CODES.pop(key, None)


def frame_key(frame: pd.DataFrame) -> int:
    """Return a number naming this frame object while it lives (never reused), for cache keys.

    The dataset's frames and their selections are the same objects across reruns and pages (see
    :func:`filter_orders`), so results computed from them can be cached on this small key instead
    of Streamlit hashing a million rows on every call. Any object with weak references (a metric's
    result, for the figures drawn from it: :func:`ui.charts.cached_chart`) can be named the same
    way; others raise TypeError.
    """
    frame_id = id(frame)
    with _LOCK:
        found = _TOKENS.get(frame_id)
        if found is None or found[0]() is not frame:
            found = (weakref.ref(frame, lambda _: _forget(frame_id)), next(_NUMBERS))
            _TOKENS[frame_id] = found
        return found[1]


def filter_orders(
    orders: pd.DataFrame, *, stores: Sequence[str] = (), channels: Sequence[str] = ()
) -> pd.DataFrame:
    """Return the orders of the chosen stores and channels (an empty choice keeps all).

    Without a choice this is ``orders`` itself; a choice is selected once per frame and returned
    as the same object on every rerun and page, so the purchase log cached per frame
    (``analytics.metrics.purchases``) and the results cached on :func:`frame_key` are reused.
    """
    stores = tuple(sorted(stores)) if "store" in orders.columns else ()
    channels = tuple(sorted(channels)) if "channel" in orders.columns else ()
    if not stores and not channels:
        return orders
    frame_key(orders)  # registers the frame, so its selections go when it does
    key = (id(orders), stores, channels)
    with _LOCK:
        found = _SELECTIONS.get(key)
        if found is not None and found[0]() is orders:
            _SELECTIONS.move_to_end(key)
            return found[1]
    keep = np.ones(len(orders), dtype=bool)
    chosen = {column: values for column, values in (("store", stores), ("channel", channels)) if values}
    for column, values in chosen.items():
        keep &= _value_mask(orders, column, values)
    selection = _rows(orders, keep, {column: _coded(orders, column) for column in chosen})
    if {"customer_id", "order_day", "amount"} <= set(orders.columns):
        # The selection's purchase log, derived from the whole frame's (cached) log: its customer
        # ids are not factorized again, and every metric asked of the selection finds it.
        PurchaseLog.of_selection(orders, keep, selection)
    with _LOCK:
        _SELECTIONS[key] = (weakref.ref(orders), selection)
        while len(_SELECTIONS) > _SELECTIONS_KEPT:
            _SELECTIONS.popitem(last=False)
    return selection


def _rows(
    frame: pd.DataFrame, keep: np.ndarray, coded: Mapping[str, tuple[np.ndarray, list]] | None = None
) -> pd.DataFrame:
    """Return ``frame[keep]``: the same frame (columns, dtypes, index labels, attrs), built faster.

    Each column's array selects the rows itself: Arrow text columns filter their chunks in place
    (a take would join the loader's chunks first), the others take the positions, found once.
    pandas' own row selection converts the mask once per column, half of the selection's time at
    a million orders. A text column chosen on (``coded``: its codes and values, see
    :func:`_coded`) is decoded from the few values instead: every selected row has one of them.
    """
    if not frame.columns.is_unique:
        return frame[keep]
    rows = np.flatnonzero(keep)
    arrays = {}
    for name in frame.columns:
        values = frame[name].array
        if isinstance(values, pd.arrays.ArrowExtensionArray):
            if coded and name in coded:
                codes, distinct = coded[name]
                arrays[name] = pd.array(distinct, dtype=values.dtype).take(codes.take(rows))
            else:
                arrays[name] = values[keep]
        else:
            arrays[name] = values.take(rows)
    selection = pd.DataFrame(arrays, index=frame.index.take(rows), columns=frame.columns, copy=False)
    return selection.__finalize__(frame)


def _coded(orders: pd.DataFrame, column: str) -> tuple[np.ndarray, list]:
    """Return each row's code into the column's distinct values (-1 when missing) and the values.

    Coded once per frame: a million store names compared as strings on every new choice cost
    more than the rest of the selection.
    """
    if column == "store":  # coded once per frame with the store ranking's logs
        return store_codes(orders)
    key = (id(orders), column)
    with _LOCK:
        found = _CODES.get(key)
    if found is None or found[0]() is not orders:
        coded, distinct = pd.factorize(orders[column])
        found = (weakref.ref(orders), (np.asarray(coded), list(distinct)))
        with _LOCK:
            _CODES[key] = found
    return found[1]


def _value_mask(orders: pd.DataFrame, column: str, chosen: Sequence[str]) -> np.ndarray:
    """Return the rows whose ``column`` is one of ``chosen`` (as ``isin`` does; missing never matches)."""
    codes, values = _coded(orders, column)
    wanted = set(chosen)
    # One flag per value, and a last one (False) that missing values (code -1) index.
    chosen_flags = np.array([value in wanted for value in values] + [False], dtype=bool)
    return chosen_flags[codes]


def distinct_values(orders: pd.DataFrame, column: str) -> list[str]:
    """Return the sorted distinct non-empty values of an optional column (empty when absent).

    Computed once per frame and column (the sidebar, captions and chart labels ask on every rerun).
    """
    if column not in orders.columns:
        return []
    frame_key(orders)  # registers the frame, so its entries go when it does
    key = (id(orders), column)
    with _LOCK:
        found = _DISTINCT.get(key)
    if found is None or found[0]() is not orders:
        found = (weakref.ref(orders), sorted(str(v) for v in orders[column].dropna().unique()))
        with _LOCK:
            _DISTINCT[key] = found
    return list(found[1])
