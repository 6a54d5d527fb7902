"""The session's state: the keys pages and helpers share in ``st.session_state``, and the Dataset.

Every key the dashboard keeps between reruns is named here once, so two helpers never use two
names for one thing. :class:`Dataset` is what the pages read from the uploads of one run; it is
built by :mod:`ui.dataset` and frozen, so no page changes another page's data.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from analytics.errors import Message

if TYPE_CHECKING:  # the i18n layer reads the keys here without loading the analytics pipeline
    from analytics.loading import OrdersLoad
    from analytics.metrics.orderbook import Orders
    from analytics.store.pages import PageScope

# Uploads and what the user decided about them.
UPLOADS_KEY = "uploads"  # [Upload]
KIND_OVERRIDES_KEY = "kind_overrides"  # {file name: "orders" | "members" | "campaign"}
MAPPINGS_KEY = "mappings"  # {headers: {field: header}} remembered column choices
DATASET_KEY = "_dataset"  # this run's Dataset
# The reader's language (also in the URL's ``lang``) and the sidebar's language picker.
LANG_KEY = "_lang"
LANG_SELECT_KEY = "lang_select"
# The sidebar's choices, read by every page.
PERIOD_KEY = "_period"
COMPARISON_KEY = "_comparison"
STORES_KEY = "filter_stores"
CHANNELS_KEY = "filter_channels"


@dataclass(frozen=True)
class Upload:
    """One file as uploaded (or bundled): its name, its bytes and their SHA-256, hashed once on arrival.

    Caches key a file on its digest, so a 40 MB upload is hashed once, not on every rerun.
    """

    name: str
    data: bytes
    digest: str


@dataclass(frozen=True)
class FileEntry:
    """One uploaded file: its detected kind, the kind in use and the problem reading it, if any."""

    name: str
    data: bytes
    digest: str = ""
    detected: str | None = None
    kind: str | None = None
    error: Message | None = None


@dataclass(frozen=True)
class Dataset:
    """Everything the pages need from the uploads (or the sample data) for this run.

    ``errors`` are (file, message) pairs shown on the Overview page; ``mapping_needed`` lists the
    order files whose columns the user has to pick, with the reason. ``source`` names what the
    dataset was built from (a digest of the files' digests, the kinds and column choices, and the
    history store's file, stamp and shop): equal sources, equal frames, so what is derived from the
    frames (metric results, the report's files) can be keyed on it instead of hashing a million rows.
    ``book`` owns the orders and the tables derived from them (purchase log, store codes), built
    once per dataset: pages and caches pass it (or a selection of it, :mod:`ui.selections`) on.
    """

    is_sample: bool
    files: tuple[FileEntry, ...] = ()
    load: OrdersLoad | None = None
    book: Orders | None = None
    members: pd.DataFrame | None = None
    members_file: str | None = None
    campaign: pd.DataFrame | None = None
    campaign_file: str | None = None
    members_uploaded: bool = False
    campaign_uploaded: bool = False
    history_orders: int = 0
    errors: tuple[tuple[str, Message], ...] = ()
    mapping_needed: tuple[tuple[str, bytes, Message], ...] = ()
    source: str = ""
    # A history database whose page figures are computed in its engine (ui.history_pages): no rows.
    history_pages: PageScope | None = None

    @property
    def orders(self) -> pd.DataFrame | None:
        """Return the orders frame (None without orders files): shared, never edit it in place."""
        return None if self.book is None else self.book.frame

    @property
    def has_orders(self) -> bool:
        """Return True when at least one valid order was loaded (or a history database holds some)."""
        if self.history_pages is not None:
            return self.history_orders > 0
        return self.orders is not None and len(self.orders) > 0
