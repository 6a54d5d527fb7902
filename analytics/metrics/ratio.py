"""A rate kept as numerator and denominator, with its Wilson interval and small-sample flag."""

from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import NormalDist

# Below this many customers a rate moves by whole percentage points with one customer: the UI warns.
SMALL_SAMPLE = 30


def wilson_interval(successes: int, trials: int, *, confidence: float = 0.95) -> tuple[float, float]:
    """Return the Wilson score interval for a binomial proportion.

    Wilson stays inside [0, 1] and keeps sensible coverage for small samples and rates near 0 or 1,
    unlike the normal (Wald) interval. With no trials the interval is (nan, nan).

    Examples
    --------
    >>> lo, hi = wilson_interval(5, 10)
    >>> round(lo, 4), round(hi, 4)
    (0.2366, 0.7634)
    """
    if trials <= 0:
        return (math.nan, math.nan)
    # The standard library's normal quantile: importing scipy.stats costs ~0.7 s on every CLI call.
    z = NormalDist().inv_cdf(1 - (1 - confidence) / 2)
    p = successes / trials
    denom = 1 + z * z / trials
    centre = (p + z * z / (2 * trials)) / denom
    half = z * math.sqrt(p * (1 - p) / trials + z * z / (4 * trials * trials)) / denom
    return (max(0.0, centre - half), min(1.0, centre + half))


@dataclass(frozen=True)
class Ratio:
    """A rate as ``numerator`` of ``denominator`` so pages can say "412 of 1,030 customers"."""

    numerator: int
    denominator: int

    @property
    def value(self) -> float:
        """Return the rate, or nan when the denominator is zero."""
        return self.numerator / self.denominator if self.denominator else math.nan

    @property
    def ci(self) -> tuple[float, float]:
        """Return the Wilson 95% interval of the rate."""
        return wilson_interval(self.numerator, self.denominator)

    @property
    def small_sample(self) -> bool:
        """Return True when fewer than 30 units stand behind the rate."""
        return self.denominator < SMALL_SAMPLE

    def to_dict(self) -> dict[str, object]:
        """Return the JSON form: value (null when undefined), n, of, ci, small_sample."""
        lo, hi = self.ci
        return {
            "value": None if math.isnan(self.value) else self.value,
            "numerator": self.numerator,
            "denominator": self.denominator,
            "ci": None if math.isnan(lo) else [lo, hi],
            "small_sample": self.small_sample,
        }
