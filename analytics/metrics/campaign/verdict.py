"""The plain verdict of a campaign: which group, better or worse than the comparison, and how sure.

A manager reads one sentence before any table: "SMS converted 6.8 points more than the control
[4.9, 8.7], incremental sales 19,186: a reliable difference". The verdict is computed here, from
the same intervals the tables show, so the sentence can never contradict them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from analytics.errors import Message, Term
from analytics.metrics.campaign.stats import ALPHA

# Directions of a verdict: the interval of the conversion difference lies above zero, below it,
# or straddles it (including an interval that cannot be computed).
BETTER, WORSE, UNCLEAR = "better", "worse", "unclear"


def _points(value: float) -> float:
    # One decimal of a percentage point, the precision of the tables.
    return round(value * 100, 1) + 0.0 if math.isfinite(value) else math.nan


@dataclass(frozen=True)
class Verdict:
    """One group's reading against its comparison group.

    Attributes
    ----------
    group, comparison
        The treated group's label and the group it is compared with (the control group, or
        "non-targeted customers" for a campaign without control).
    direction
        ``"better"`` when the 95% interval of the conversion difference lies above zero,
        ``"worse"`` below zero, ``"unclear"`` when it contains zero.
    reliable
        True for a controlled test whose difference is significant (after Holm's adjustment when
        there are several arms) and large enough for the test to detect; False otherwise.
    conversion_difference, conversion_ci
        Conversion rate of the group minus the comparison's, and its 95% interval (fractions).
    incremental_sales
        Sales the campaign added in the window (negative when it lost sales).
    controlled
        True with a control group (causal reading); False for a directional reading.
    overstated
        True when significant but below the minimum detectable effect (winner's curse).
    """

    group: str | Term
    comparison: str | Term
    direction: str
    reliable: bool
    conversion_difference: float
    conversion_ci: tuple[float, float]
    incremental_sales: float
    controlled: bool = True
    overstated: bool = False

    @property
    def message(self) -> Message:
        """Return the verdict sentence as a catalog message (amounts in points and sales).

        ``sales`` is a number; a dashboard may replace it with an amount in its currency.
        """
        low, high = self.conversion_ci
        difference = self.conversion_difference
        shown = abs(difference) if self.direction != UNCLEAR else difference
        if self.controlled:
            reading = (
                "campaign.verdict_reliable"
                if self.reliable
                else "campaign.verdict_overstated"
                if self.overstated
                else "campaign.verdict_not_reliable"
            )
        else:
            reading = "campaign.verdict_directional"
        return Message(
            f"campaign.verdict_{self.direction}",
            {
                "group": self.group,
                "comparison": self.comparison,
                "points": _points(shown),
                "low": _points(low),
                "high": _points(high),
                "sales": round(self.incremental_sales) + 0.0
                if math.isfinite(self.incremental_sales)
                else math.nan,
                "reading": Term(reading),
            },
        )


def direction_of(ci: tuple[float, float]) -> str:
    """Return "better", "worse" or "unclear" from a 95% interval of a difference.

    Examples
    --------
    >>> direction_of((0.049, 0.087)), direction_of((-0.03, -0.01)), direction_of((-0.01, 0.02))
    ('better', 'worse', 'unclear')
    """
    low, high = ci
    if math.isfinite(low) and low > 0:
        return BETTER
    if math.isfinite(high) and high < 0:
        return WORSE
    return UNCLEAR


def controlled_verdict(
    *,
    group: str,
    control: str,
    difference: float,
    ci: tuple[float, float],
    p_value: float,
    mde: float,
    incremental_sales: float,
) -> Verdict:
    """Return an arm's verdict against the control group.

    ``p_value`` is the (Holm-adjusted, with several arms) conversion p-value: the difference is
    reliable when its interval excludes zero, the p-value is below 5% and the difference is at
    least the minimum detectable effect ``mde`` (a smaller significant difference is overstated).

    Examples
    --------
    >>> v = controlled_verdict(group="SMS", control="control", difference=0.068, ci=(0.049, 0.087),
    ...                        p_value=0.0001, mde=0.02, incremental_sales=19186.4)
    >>> v.direction, v.reliable, v.message.params["points"], v.message.params["sales"]
    ('better', True, 6.8, 19186.0)
    """
    direction = direction_of(ci)
    significant = direction != UNCLEAR and math.isfinite(p_value) and p_value < ALPHA
    detectable = not math.isfinite(mde) or abs(difference) >= mde
    return Verdict(
        group=group,
        comparison=control,
        direction=direction if significant else UNCLEAR,
        reliable=significant and detectable,
        conversion_difference=difference,
        conversion_ci=ci,
        incremental_sales=incremental_sales,
        overstated=significant and not detectable,
    )


def directional_verdict(
    *,
    group: str | Term,
    comparison: str | Term,
    difference: float,
    ci: tuple[float, float],
    incremental_sales: float,
) -> Verdict:
    """Return the directional verdict of a campaign without control (never "reliable").

    Examples
    --------
    >>> v = directional_verdict(group="targeted", comparison="non-targeted", difference=-0.02,
    ...                         ci=(-0.03, -0.01), incremental_sales=-500.0)
    >>> v.direction, v.reliable, v.message.code
    ('worse', False, 'campaign.verdict_worse')
    """
    return Verdict(
        group=group,
        comparison=comparison,
        direction=direction_of(ci),
        reliable=False,
        conversion_difference=difference,
        conversion_ci=ci,
        incremental_sales=incremental_sales,
        controlled=False,
    )
