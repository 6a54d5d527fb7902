"""What a report is made from: canonical frames, the store they cover and their row accounting.

The dashboard fills :class:`ReportInputs` from its dataset, the command line from the files (or
the history store) it loaded, so both hand :func:`analytics.report.build_report` the same thing and
get the same file back.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

import pandas as pd

from analytics.metrics.orderbook import Orders

if TYPE_CHECKING:  # a type only: the peers' reader loads with the section that uses it
    from analytics.metrics.peers import PeerFigures


@dataclass(frozen=True)
class RowAccounting:
    """Rows of the order exports: read, used, and dropped per reason (``read == used + dropped``)."""

    rows_read: int
    rows_used: int
    dropped: Mapping[str, int] = field(default_factory=dict)

    @property
    def rows_dropped(self) -> int:
        """Return the rows set aside, all reasons together."""
        return sum(self.dropped.values())


@dataclass(frozen=True, eq=False)
class ReportInputs:
    """The canonical frames a report reads, and who and what they describe.

    Parameters
    ----------
    orders
        Canonical orders (one row per valid order), possibly history and upload together.
    shop
        The store the figures cover, as the reader knows it (shown on every page and chart).
    currency
        ISO 4217 code of the amounts (``"CNY"``), or None when unknown (plain numbers).
    members
        Canonical member list (customer_id, tier, joined), or None: the orders' own member/tier
        columns are used when they exist.
    campaign
        Canonical campaign list (customer_id, group, start), or None for no campaign page.
    campaign_source
        How errors name the campaign list (its file name).
    accounting
        Row accounting of the exports read for this report, or None when the orders come from the
        history store only (its rows were accounted for when they were ingested).
    refunds
        Refund lines of the exports (cancellation invoices, :attr:`analytics.loading.OrdersLoad.refunds`;
        an empty frame when they have none), or None when the orders' source keeps none (a stored
        history) or they cannot follow the orders (a store or channel chosen). The refunds metric
        decides from them whether the pack shows refunds and net sales next to sales.
    peers
        The platform's peer figures (:class:`analytics.metrics.peers.PeerFigures`, 生意参谋's 同行
        同层平均/优秀 with their days), or None: the industry position section needs them.
    source
        What the frames were made from, when the caller knows it without looking at the rows (the
        dashboard: a digest of the uploads' digests, the history store's stamp and the store and
        channel selection), or None: :meth:`digest` then hashes every row.
    """

    orders: pd.DataFrame
    shop: str
    currency: str | None = None
    members: pd.DataFrame | None = None
    campaign: pd.DataFrame | None = None
    campaign_source: str = "campaign"
    members_source: str = "members"
    accounting: RowAccounting | None = None
    source: str | None = None
    peers: PeerFigures | None = None
    refunds: pd.DataFrame | None = None
    # The caller's Orders object of these very orders (the dashboard's selection), whose purchase
    # log is then reused; None: the report builds its own.
    orders_book: Orders | None = field(default=None, repr=False, compare=False)

    @cached_property
    def book(self) -> Orders:
        """Return the orders with their purchase log, built once for every section of this report."""
        if self.orders_book is not None and self.orders_book.frame is self.orders:
            return self.orders_book
        return Orders(self.orders)

    def digest(self) -> str:
        """Return a fingerprint of everything the report reads: equal digests, equal files.

        Every row and column of the frames counts (pandas' row hashes, not a sample), with the
        store, currency, list names and row accounting; the dashboard keys its cached report
        files on it, so a rerun with the same data is instant and changed data never hits a
        stale file. With a ``source`` the frames are named by it instead of hashed (a million
        rows take most of a second): equal sources must mean equal frames.

        Examples
        --------
        >>> from analytics.frames import orders_frame
        >>> one, two = (orders_frame(customer_id=[c], order_day=["2025-01-01"]) for c in "ab")
        >>> a = ReportInputs(one, shop="S", source="upload-1")
        >>> a.digest() == ReportInputs(two, shop="S", source="upload-1").digest()  # named, not hashed
        True
        >>> a.digest() == ReportInputs(one, shop="T", source="upload-1").digest()  # other facts count
        False
        """
        h = hashlib.blake2b(digest_size=16)
        if self.source is not None:
            h.update(b"source:" + self.source.encode("utf-8"))
        else:
            for frame in (self.orders, self.members, self.campaign, self.refunds):
                if frame is None:
                    h.update(b"none")
                    continue
                h.update(repr(list(frame.columns)).encode())
                h.update(pd.util.hash_pandas_object(frame, index=False).to_numpy().tobytes())
        h.update(repr(self.facts()).encode())
        return h.hexdigest()

    def facts(self) -> tuple:
        """Return what, besides the frames (or their source), changes the report's files."""
        accounting = self.accounting
        return (
            self.shop,
            self.currency,
            self.campaign_source,
            self.members_source,
            None if accounting is None else (accounting.rows_read, accounting.rows_used),
            None if accounting is None else tuple(sorted(accounting.dropped.items())),
            None if self.peers is None else repr(self.peers.figures),
        )
