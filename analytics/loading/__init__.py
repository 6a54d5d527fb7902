"""Load exports into the canonical frames, counting every row as used or dropped with a reason.

Named steps, each in its own module and tested alone: :mod:`~analytics.loading.ids`,
:mod:`~analytics.loading.times`, :mod:`~analytics.loading.money`,
:mod:`~analytics.loading.statuses`, :mod:`~analytics.loading.rollup` (line items) and
:mod:`~analytics.loading.accounting` (drop reasons, file reports); :mod:`~analytics.loading.orders`
composes them, :mod:`~analytics.loading.lists` loads member and campaign lists and
:mod:`~analytics.loading.detect` tells the three apart.
"""

from __future__ import annotations

from analytics.loading.accounting import DROP_REASONS, LIST_DROP_REASONS, FileReport
from analytics.loading.detect import detect_kind
from analytics.loading.lists import CampaignLoad, MembersLoad, load_campaign, load_members
from analytics.loading.orders import OrdersLoad, load_orders

__all__ = [
    "DROP_REASONS",
    "LIST_DROP_REASONS",
    "CampaignLoad",
    "FileReport",
    "MembersLoad",
    "OrdersLoad",
    "detect_kind",
    "load_campaign",
    "load_members",
    "load_orders",
]
