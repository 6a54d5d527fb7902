"""Tell an order export from a member list or a campaign list by its headers."""

from __future__ import annotations

from analytics.errors import FileFormatError, MappingError
from analytics.io import Source, read_table, source_name
from analytics.schema import CAMPAIGN_SYNONYMS, MEMBER_SYNONYMS, suggest_mapping

# Bytes of a text file read to classify it: the header scan looks at the first rows only.
HEAD_BYTES = 256 * 1024


def detect_kind(source: Source) -> str:
    """Return ``"orders"``, ``"members"`` or ``"campaign"`` for a file, judged by its headers.

    Orders have an amount (or quantity and unit price) or an order time; a campaign list has a
    group column and no amount; a member list has a tier or join-date column and no amount.

    Raises
    ------
    MappingError
        ``loading.unknown_kind`` when the headers fit none of the three.
    """
    # The headers are near the top: a 40 MB upload is classified from its first lines.
    try:
        raw = read_table(source, head_bytes=HEAD_BYTES)
    except FileFormatError:
        # A cut through a quoted multi-line value can make the head unreadable: judge the whole file.
        raw = read_table(source)
    columns = [str(c) for c in raw.frame.columns]
    orders = suggest_mapping(columns)
    if orders["amount"] is not None or (orders["quantity"] and orders["unit_price"]):
        return "orders"
    if suggest_mapping(columns, CAMPAIGN_SYNONYMS)["group"] is not None:
        return "campaign"
    members = suggest_mapping(columns, MEMBER_SYNONYMS)
    if members["tier"] is not None or members["joined"] is not None:
        return "members"
    if orders["order_time"] is not None or orders["paid_time"] is not None:
        return "orders"
    raise MappingError("loading.unknown_kind", file=source_name(source), headers=columns)
