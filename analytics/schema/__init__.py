"""Map an export's headers to canonical fields, and read order statuses, regions and member tiers.

Data and the code that reads it are apart: :mod:`~analytics.schema.synonyms` (header names per
field), :mod:`~analytics.schema.statuses` (status values -> drop reasons) and
:mod:`~analytics.schema.tiers` (the one tier ladder) are tables to extend;
:mod:`~analytics.schema.mapping` suggests and resolves a file's mapping, and
:mod:`~analytics.schema.regions` keeps the province of an address.
"""

from __future__ import annotations

from analytics.schema.mapping import (
    missing_fields_error,
    missing_required,
    normalise_header,
    resolve_mapping,
    suggest_mapping,
)
from analytics.schema.regions import address_region
from analytics.schema.statuses import STATUS_REASONS, normalise_status, status_reasons
from analytics.schema.synonyms import (
    ADDRESS_HEADERS,
    CAMPAIGN_SYNONYMS,
    FIELDS,
    LINE_AMOUNT_HEADERS,
    LINE_ITEM_HEADERS,
    MEMBER_SYNONYMS,
    SYNONYMS,
    required_fields,
)
from analytics.schema.tiers import TIER_LADDER, tier_order, tier_rank

__all__ = [
    "ADDRESS_HEADERS",
    "CAMPAIGN_SYNONYMS",
    "FIELDS",
    "LINE_AMOUNT_HEADERS",
    "LINE_ITEM_HEADERS",
    "MEMBER_SYNONYMS",
    "STATUS_REASONS",
    "SYNONYMS",
    "TIER_LADDER",
    "address_region",
    "missing_fields_error",
    "missing_required",
    "normalise_header",
    "normalise_status",
    "required_fields",
    "resolve_mapping",
    "status_reasons",
    "suggest_mapping",
    "tier_order",
    "tier_rank",
]
