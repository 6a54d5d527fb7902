"""A money share kept as part and total, so pages can say "12,400 of 48,000"."""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class Share:
    """A share of money: ``part`` of ``total`` (nan when the total is zero)."""

    part: float
    total: float

    @property
    def value(self) -> float:
        """Return ``part / total``, or nan when the total is zero (no sales to share)."""
        return self.part / self.total if self.total else math.nan

    def to_dict(self) -> dict[str, float | None]:
        """Return the JSON form: value (null when undefined), part, total."""
        return {
            "value": None if math.isnan(self.value) else self.value,
            "part": self.part,
            "total": self.total,
        }


def plain(value: float) -> float | None:
    """Return ``value`` as a JSON-ready number, None when it is nan (undefined)."""
    return None if math.isnan(value) else float(value)
