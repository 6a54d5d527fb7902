"""The session's data: uploaded files (or the sample data), classified, loaded and cached.

Uploads live in ``st.session_state["uploads"]`` as ``(file name, bytes)`` pairs so every page sees
them; loading goes through ``analytics.loading`` behind ``st.cache_data`` keyed on those bytes
(each caller gets its own copy). Bad files never raise here: their messages are collected on the
:class:`Dataset` for the Overview page to show.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from analytics import loading
from analytics.errors import ArgumentError, FileFormatError, InputError, MappingError
from analytics.io import read_table
from ui import history
from ui.i18n import t

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_DIR = ROOT / "sample_data"
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
UPLOADS_KEY = "uploads"
KIND_OVERRIDES_KEY = "kind_overrides"
MAPPINGS_KEY = "mappings"
DATASET_KEY = "_dataset"

log = logging.getLogger(__name__)


def data_dir() -> Path:
    """Return the app's data folder (remembered mappings, history): ``RCD_DATA_DIR`` or ./data."""
    return Path(os.environ.get("RCD_DATA_DIR") or ROOT / "data")


@dataclass
class FileEntry:
    """One uploaded file: its detected kind, the kind in use and any problem reading it."""

    name: str
    data: bytes
    detected: str | None = None
    kind: str | None = None
    error: str | None = None
    hint: str = "hint_other"


@dataclass
class Dataset:
    """Everything the pages need from the uploads (or the sample data) for this run."""

    is_sample: bool
    files: list[FileEntry] = field(default_factory=list)
    load: Any = None
    orders: pd.DataFrame | None = None
    members: pd.DataFrame | None = None
    members_file: str | None = None
    campaign: pd.DataFrame | None = None
    campaign_file: str | None = None
    members_uploaded: bool = False
    campaign_uploaded: bool = False
    history_orders: int = 0
    errors: list[tuple[str, str, str]] = field(default_factory=list)  # (file, message, hint key)
    mapping_needed: list[tuple[str, bytes, str]] = field(default_factory=list)

    @property
    def has_orders(self) -> bool:
        """Return True when at least one valid order was loaded."""
        return self.orders is not None and len(self.orders) > 0


# --- cached loaders: keyed on (file name, bytes), so the same upload is read once -------------------


@st.cache_data(show_spinner=False, max_entries=64)
def detect_kind(name: str, data: bytes) -> str:
    """Return "orders", "members" or "campaign" for a file, from its headers."""
    return loading.detect_kind((name, data))


@st.cache_data(show_spinner=False, max_entries=16)
def load_orders(files: tuple[tuple[str, bytes], ...], overrides: tuple[tuple[str, str], ...] = ()) -> Any:
    """Return ``analytics.loading.load_orders`` on the given uploads (an OrdersLoad)."""
    return loading.load_orders(list(files), overrides=dict(overrides) or None)


@st.cache_data(show_spinner=False, max_entries=16)
def load_members(name: str, data: bytes) -> Any:
    """Return ``analytics.loading.load_members`` on one upload (a MembersLoad)."""
    return loading.load_members((name, data))


@st.cache_data(show_spinner=False, max_entries=16)
def load_campaign(name: str, data: bytes) -> Any:
    """Return ``analytics.loading.load_campaign`` on one upload (a CampaignLoad)."""
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


# --- remembered column mappings -------------------------------------------------------------------------


def _mappings_path() -> Path:
    return data_dir() / "mappings.json"


def remembered_mappings() -> dict[tuple[str, ...], dict[str, str]]:
    """Return the column choices remembered per header list (this session, then the JSON file)."""
    if MAPPINGS_KEY not in st.session_state:
        stored: dict[tuple[str, ...], dict[str, str]] = {}
        try:
            raw = json.loads(_mappings_path().read_text(encoding="utf-8"))
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
    try:
        path = _mappings_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        items = [{"headers": list(h), "mapping": m} for h, m in mappings.items()]
        path.write_text(json.dumps(items, ensure_ascii=False, indent=1), encoding="utf-8")
    except OSError:
        # A read-only deployment still remembers the choice for this session.
        log.warning("could not save the column mappings to %s", _mappings_path())


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


def _message(exc: Exception) -> str:
    return str(exc) or exc.__class__.__name__


def _hint(exc: Exception) -> str:
    """Return the i18n key of what to do, by kind of problem (the analytics messages are English)."""
    if isinstance(exc, FileFormatError):
        return "hint_format"
    if isinstance(exc, MappingError):
        return "hint_mapping"
    if isinstance(exc, ArgumentError):
        return "hint_argument"
    return "hint_other"


def _classify(files: Sequence[tuple[str, bytes]]) -> list[FileEntry]:
    overrides = kind_overrides()
    entries = []
    for name, data in files:
        entry = FileEntry(name, data)
        try:
            entry.detected = detect_kind(name, data)
        except MappingError:
            # Readable but not recognised: most likely an orders export with unusual headers, which
            # the mapping editor can fix; the user can also pick the kind by hand.
            entry.detected = None
        except InputError as exc:
            entry.error, entry.hint = _message(exc), _hint(exc)
        except Exception as exc:  # a file we cannot even classify must not take the page down
            log.exception("detect_kind failed on %s", name)
            entry.error = _message(exc)
        entry.kind = overrides.get(name, entry.detected or ("orders" if entry.error is None else None))
        entries.append(entry)
    return entries


def _load_order_files(entries: list[FileEntry], dataset: Dataset) -> None:
    usable = [e for e in entries if e.kind == "orders" and e.error is None]
    if not usable:
        return
    # A remembered column choice names headers of its own layout, so files with different choices
    # cannot share one load: the first layout is loaded, the others are asked for on their own.
    groups: dict[tuple[tuple[str, str], ...], list[FileEntry]] = {}
    for entry in usable:
        groups.setdefault(tuple(sorted(_overrides_for(entry).items())), []).append(entry)
    (overrides, group), *others = groups.items()
    for _, other in others:
        for entry in other:
            dataset.errors.append((entry.name, t("mixed_layouts", first=group[0].name), "hint_layout"))
    try:
        # One call for all files so an order present in two overlapping exports counts once.
        dataset.load = load_orders(tuple((e.name, e.data) for e in group), overrides)
    except MappingError:
        # Find which files need the mapping editor; load the others together.
        readable = []
        for entry in group:
            try:
                load_orders(((entry.name, entry.data),), overrides)
                readable.append(entry)
            except MappingError as exc:
                dataset.mapping_needed.append((entry.name, entry.data, _message(exc)))
            except InputError as exc:
                dataset.errors.append((entry.name, _message(exc), _hint(exc)))
        if not readable:
            return
        try:
            dataset.load = load_orders(tuple((e.name, e.data) for e in readable), overrides)
        except InputError as exc:
            dataset.errors.append((", ".join(e.name for e in readable), _message(exc), _hint(exc)))
            return
    except InputError as exc:
        dataset.errors.append((", ".join(e.name for e in group), _message(exc), _hint(exc)))
        return
    dataset.orders = dataset.load.orders


def _load_lists(entries: list[FileEntry], dataset: Dataset) -> None:
    # The last member list and the last campaign list uploaded win: a newer export replaces an older one.
    for entry in entries:
        if entry.error is not None:
            continue
        try:
            if entry.kind == "members":
                dataset.members = load_members(entry.name, entry.data).members
                dataset.members_file = entry.name
                dataset.members_uploaded = True
            elif entry.kind == "campaign":
                dataset.campaign = load_campaign(entry.name, entry.data).campaign
                dataset.campaign_file = entry.name
                dataset.campaign_uploaded = True
        except InputError as exc:
            dataset.errors.append((entry.name, _message(exc), _hint(exc)))


def _add_history(dataset: Dataset) -> None:
    # Stored orders plus this upload; the uploaded lists win over the stored ones. The upload's
    # own shop is the one shown by default (see history.chosen_shop).
    st.session_state[history.UPLOAD_SHOP_KEY] = history.upload_shop(dataset.orders)
    try:
        stored, members, campaign = history.history()
    except InputError as exc:
        dataset.errors.append((str(history.store_file()), _message(exc), _hint(exc)))
        return
    dataset.history_orders = len(stored)
    dataset.orders = history.with_history(stored, dataset.load, history.chosen_shop())
    if dataset.members is None and members is not None:
        dataset.members, dataset.members_file = members, str(members.attrs.get("file_name") or "history")
    if dataset.campaign is None and campaign is not None:
        dataset.campaign, dataset.campaign_file = campaign, str(campaign.attrs.get("file_name") or "history")


def _build(files: Sequence[tuple[str, bytes]], *, is_sample: bool, use_history: bool) -> Dataset:
    dataset = Dataset(is_sample=is_sample)
    try:
        dataset.files = _classify(files)
        for entry in dataset.files:
            if entry.error is not None:
                dataset.errors.append((entry.name, entry.error, entry.hint))
        _load_order_files(dataset.files, dataset)
        _load_lists(dataset.files, dataset)
        if use_history:
            _add_history(dataset)
    except Exception as exc:  # never let a traceback reach the store manager
        log.exception("loading the uploads failed")
        dataset.errors.append((", ".join(name for name, _ in files), _message(exc), _hint(exc)))
    return dataset


def build_dataset() -> Dataset:
    """Load the session's uploads (with the stored history when kept), else the bundled sample data.

    With nothing uploaded, a history holding orders is shown on its own; only without either does
    the app fall back to the sample data (labelled as such on the Overview page).
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


def filter_orders(
    orders: pd.DataFrame, *, stores: Sequence[str] = (), channels: Sequence[str] = ()
) -> pd.DataFrame:
    """Return the orders of the chosen stores and channels (an empty choice keeps all)."""
    keep = pd.Series(True, index=orders.index)
    if stores and "store" in orders.columns:
        keep &= orders["store"].isin(list(stores))
    if channels and "channel" in orders.columns:
        keep &= orders["channel"].isin(list(channels))
    return orders[keep]


def distinct_values(orders: pd.DataFrame, column: str) -> list[str]:
    """Return the sorted distinct non-empty values of an optional column (empty when absent)."""
    if column not in orders.columns:
        return []
    return sorted(str(v) for v in orders[column].dropna().unique())
