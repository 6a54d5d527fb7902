"""How big a control group a care campaign needs to show whether the care worked.

A care list is split into customers who are contacted and a control group who are not; after the
campaign the two groups' purchase rates are compared with a two-sided two-proportion test at the
5% level (the Campaign page's test). With ``n_care`` and ``n_control`` customers and a purchase
rate ``p`` expected without care, the smallest difference the split detects with 80% power is

    (z[0.975] + z[0.80]) x sqrt(p (1 - p) (1 / n_care + 1 / n_control))

(normal approximation, the same variance in both groups). ``p`` is the list's chance of a
purchase from the lapse backtest (:func:`analytics.metrics.customers.lapse.purchase_chance`); 0.5,
the largest variance, when unknown, so the figure never flatters the split.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from scipy.special import ndtri

ALPHA = 0.05
POWER = 0.80
# Control shares offered (percent): from 5% to half the list.
SHARE_STEPS: tuple[int, ...] = tuple(range(5, 55, 5))


def detectable_difference(
    listed: int, share: float, *, base_rate: float | None, alpha: float = ALPHA, power: float = POWER
) -> float:
    """Return the smallest difference in purchase rate the split detects (NaN when a group is empty).

    Examples
    --------
    >>> round(detectable_difference(1000, 0.1, base_rate=0.2), 3)  # 900 vs 100 customers
    0.118
    """
    control = round(share * listed)
    care = listed - control
    if control <= 0 or care <= 0:
        return float("nan")
    p = 0.5 if base_rate is None or math.isnan(base_rate) else min(max(base_rate, 0.01), 0.99)
    z = ndtri(1 - alpha / 2) + ndtri(power)
    return float(z * math.sqrt(p * (1 - p) * (1 / care + 1 / control)))


@dataclass(frozen=True)
class ControlSize:
    """A split of a care list: the control share, both groups, and the difference it detects."""

    share: float
    care: int
    control: int
    detectable: float

    def to_dict(self) -> dict[str, float | int]:
        """Return the JSON form."""
        return {
            "share": self.share,
            "care": self.care,
            "control": self.control,
            "detectable": self.detectable,
        }


def control_size(listed: int, share: float, *, base_rate: float | None) -> ControlSize:
    """Return the split of ``listed`` customers with ``share`` held out, and what it can detect."""
    control = round(share * listed)
    return ControlSize(
        share, listed - control, control, detectable_difference(listed, share, base_rate=base_rate)
    )


def share_for_difference(listed: int, difference: float, *, base_rate: float | None) -> ControlSize | None:
    """Return the smallest offered control share that detects ``difference``, or None when none does.

    The offered shares are :data:`SHARE_STEPS` (5% to 50%): beyond half the list the care group
    is the smaller one, and a larger control only withholds care.

    Examples
    --------
    >>> share_for_difference(1000, 0.1, base_rate=0.2).share  # 10% detects 11.8 points, 15% 9.9
    0.15
    >>> share_for_difference(100, 0.05, base_rate=0.2) is None
    True
    """
    for step in SHARE_STEPS:
        split = control_size(listed, step / 100, base_rate=base_rate)
        if split.detectable <= difference + 1e-12:
            return split
    return None
