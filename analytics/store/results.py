"""What an upload changed in the store (orders, member list or campaign list)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class IngestResult:
    """What one upload changed in the store.

    Every valid order of the upload is exactly one of ``added`` (new to the figures, including
    an order stored as unpaid that is now paid), ``updated`` (already counted, values changed)
    or ``duplicates`` (already stored as it is, or already closed). ``removed`` counts stored
    orders that this upload shows as closed, refunded or cancelled and that left the figures.
    ``skipped`` is true when identical content was already stored for the shop. For a member or
    campaign list, ``added`` counts its rows.
    """

    upload_id: int
    shop: str
    kind: str
    file_name: str
    added: int = 0
    updated: int = 0
    duplicates: int = 0
    removed: int = 0
    rows_read: int = 0
    rows_used: int = 0
    dropped: dict[str, int] = field(default_factory=dict)
    skipped: bool = False

    def to_dict(self) -> dict[str, Any]:
        """Return the result as plain JSON-able values."""
        return asdict(self)
