"""The session's uploads: the files, the kinds picked by hand, the remembered column choices.

Uploads live in ``st.session_state`` (:mod:`ui.state`) as :class:`~ui.state.Upload` records, hashed
once on arrival, so every page sees them and every cache keys them on their digest. Classifying a
file never raises: its problem (a code with parameters) goes on its :class:`~ui.state.FileEntry`.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping, Sequence

import streamlit as st

from analytics.errors import InputError, MappingError, Message
from analytics.files import write_atomically
from ui import tenancy
from ui.loaders import detect_kind, file_preview, upload
from ui.state import DATASET_KEY, KIND_OVERRIDES_KEY, MAPPINGS_KEY, UPLOADS_KEY, FileEntry, Upload

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
        items = [{"headers": list(h), "mapping": m} for h, m in mappings.items()]
        # The folder is private (ui.tenancy); the file is the owner's only and written whole.
        write_atomically(path, json.dumps(items, ensure_ascii=False, indent=1).encode("utf-8"), mode=0o600)
    except (OSError, InputError):
        # A read-only deployment still remembers the choice for this session.
        log.warning("could not save the column mappings")


def overrides_for(entry: FileEntry) -> dict[str, str]:
    """Return the column choice remembered for the headers of this file (empty when none)."""
    if not remembered_mappings():
        return {}  # nothing remembered: skip reading the headers again
    try:
        headers, _ = file_preview(entry.name, entry.data, sha=entry.digest or None)
    except InputError:
        return {}
    return remembered_mappings().get(headers, {})


def uploads() -> list[Upload]:
    """Return the uploaded files of this session."""
    return list(st.session_state.get(UPLOADS_KEY, []))


def known_digest(name: str, data: bytes) -> str | None:
    """Return the digest of this session's upload holding these very bytes (None for other bytes).

    The uploads were hashed on arrival; a page showing one of them (the mapping editor) looks its
    digest up here instead of hashing 40 MB again on every rerun.
    """
    return next((f.digest for f in uploads() if f.name == name and f.data is data), None)


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
    """Replace the session's uploads (an empty list goes back to the sample data).

    Each file is hashed here, once: reruns and caches key it on that digest.
    """
    st.session_state[UPLOADS_KEY] = [upload(name, data) for name, data in unique_names(files)]
    st.session_state.pop(DATASET_KEY, None)


def kind_overrides() -> dict[str, str]:
    """Return the kinds the user chose by hand, per file name."""
    return st.session_state.setdefault(KIND_OVERRIDES_KEY, {})


def failure(exc: Exception) -> Message:
    """Return what to tell the user about a failure: the analytics message, or a generic one for a bug."""
    return exc.message if isinstance(exc, InputError) else Message("unexpected_error")


def classify(files: Sequence[Upload]) -> tuple[FileEntry, ...]:
    """Return each file with its detected kind, the kind in use (a hand-picked one wins) and its problem."""
    overrides = kind_overrides()
    entries = []
    for file in files:
        detected: str | None = None
        error: Message | None = None
        try:
            detected = detect_kind(file)
        except MappingError:
            # Readable but not recognised: most likely an orders export with unusual headers, which
            # the mapping editor can fix; the user can also pick the kind by hand.
            detected = None
        except Exception as exc:  # a file we cannot even classify must not take the page down
            if not isinstance(exc, InputError):
                log.exception("detect_kind failed on %s", file.name)
            error = failure(exc)
        kind = overrides.get(file.name, detected or ("orders" if error is None else None))
        entries.append(
            FileEntry(file.name, file.data, file.digest, detected=detected, kind=kind, error=error)
        )
    return tuple(entries)
