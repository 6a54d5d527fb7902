"""Statistics for campaign tests: intervals, p-values, sample-ratio mismatch and detectable effects.

Every function here takes plain counts or arrays and returns plain floats, so the campaign metrics,
the CLI and the tests share one implementation. Conventions: 95% two-sided intervals, ``nan`` when a
figure cannot be computed (an empty group, no variance), and "arm minus control" for differences.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import stats

from analytics.errors import Message
from analytics.metrics.ratio import wilson_interval

ALPHA = 0.05
POWER = 0.80
# Sample-ratio mismatch is flagged at p < 0.001, the usual threshold for A/B test platforms: group
# sizes are large, so a stricter level avoids false alarms while still catching broken assignment.
SRM_ALPHA = 0.001


def newcombe_interval(
    successes_a: int, trials_a: int, successes_b: int, trials_b: int, *, confidence: float = 0.95
) -> tuple[float, float]:
    """Return Newcombe's hybrid score interval for the difference of two proportions ``p_a - p_b``.

    Method 10 of Newcombe (1998, Statistics in Medicine 17:873-890): the difference's limits are built
    from each rate's Wilson score interval, so the interval stays inside [-1, 1] and keeps its coverage
    for small groups and rates near 0, where the Wald interval fails.

    Examples
    --------
    >>> lo, hi = newcombe_interval(56, 70, 48, 80)  # Newcombe's worked example 1
    >>> round(lo, 4), round(hi, 4)
    (0.0524, 0.3339)
    """
    if trials_a <= 0 or trials_b <= 0:
        return (math.nan, math.nan)
    p_a, p_b = successes_a / trials_a, successes_b / trials_b
    lo_a, hi_a = wilson_interval(successes_a, trials_a, confidence=confidence)
    lo_b, hi_b = wilson_interval(successes_b, trials_b, confidence=confidence)
    below = math.sqrt((p_a - lo_a) ** 2 + (hi_b - p_b) ** 2)
    above = math.sqrt((hi_a - p_a) ** 2 + (p_b - lo_b) ** 2)
    return (p_a - p_b - below, p_a - p_b + above)


def two_proportion_p_value(successes_a: int, trials_a: int, successes_b: int, trials_b: int) -> float:
    """Return the two-sided p-value of the pooled two-proportion z-test of ``p_a == p_b``.

    The same statistic as statsmodels' ``proportions_ztest`` (pooled variance) and as a 2x2 chi-square
    test without continuity correction. When both groups convert at 0% or both at 100% the rates are
    identical and there is no evidence of a difference: the p-value is 1.

    Examples
    --------
    >>> round(two_proportion_p_value(30, 100, 20, 100), 4)  # z = 0.1 / sqrt(0.25 * 0.75 * 0.02) = 1.633
    0.1025
    """
    if trials_a <= 0 or trials_b <= 0:
        return math.nan
    pooled = (successes_a + successes_b) / (trials_a + trials_b)
    variance = pooled * (1 - pooled) * (1 / trials_a + 1 / trials_b)
    if variance == 0:
        return 1.0
    z = (successes_a / trials_a - successes_b / trials_b) / math.sqrt(variance)
    return float(2 * stats.norm.sf(abs(z)))


@dataclass(frozen=True)
class MeanDifference:
    """A difference of means ``a - b`` with its Welch 95% interval, p-value and degrees of freedom."""

    difference: float
    ci: tuple[float, float]
    p_value: float
    df: float


def welch_difference(a: Sequence[float] | np.ndarray, b: Sequence[float] | np.ndarray) -> MeanDifference:
    """Compare two means with Welch's unequal-variance t-test and its Welch-Satterthwaite interval.

    Spend per customer (zeros included) is skewed, but with the group sizes of a campaign the mean is
    close to normal and Welch's test does not assume equal variances. With fewer than two values in a
    group the test cannot be run (nan); when both groups are constant and equal the p-value is 1.

    Examples
    --------
    >>> r = welch_difference([0, 0, 10, 20], [0, 0, 0, 10])
    >>> r.difference
    5.0
    """
    a, b = np.asarray(a, dtype="float64"), np.asarray(b, dtype="float64")
    if len(a) == 0 or len(b) == 0:
        return MeanDifference(math.nan, (math.nan, math.nan), math.nan, math.nan)
    difference = float(a.mean() - b.mean())
    if len(a) < 2 or len(b) < 2:
        return MeanDifference(difference, (math.nan, math.nan), math.nan, math.nan)
    var_a, var_b = a.var(ddof=1) / len(a), b.var(ddof=1) / len(b)
    if var_a + var_b == 0:
        # Both groups constant: an exact statement, not a sampling question.
        p_value = 1.0 if difference == 0 else 0.0
        return MeanDifference(difference, (difference, difference), p_value, math.nan)
    with warnings.catch_warnings():
        # scipy warns when one group is constant (e.g. every control customer bought once); the
        # Welch statistic is still exact then, since only the other group's variance enters.
        warnings.filterwarnings("ignore", message="Precision loss occurred", category=RuntimeWarning)
        result = stats.ttest_ind(a, b, equal_var=False)
    ci = result.confidence_interval(confidence_level=0.95)
    return MeanDifference(difference, (float(ci.low), float(ci.high)), float(result.pvalue), float(result.df))


def welch_interval_from_moments(
    mean_a: float, var_a: float, n_a: int, mean_b: float, var_b: float, n_b: int, *, confidence: float = 0.95
) -> tuple[float, float]:
    """Return the Welch interval of ``mean_a - mean_b`` from means, sample variances and sizes.

    Used where the per-unit values are not at hand (standardised comparisons); the same formula as
    :func:`welch_difference`.
    """
    if n_a < 2 or n_b < 2:
        return (math.nan, math.nan)
    se_a, se_b = var_a / n_a, var_b / n_b
    se = math.sqrt(se_a + se_b)
    diff = mean_a - mean_b
    if se == 0:
        return (diff, diff)
    df = (se_a + se_b) ** 2 / (se_a**2 / (n_a - 1) + se_b**2 / (n_b - 1))
    t = float(stats.t.ppf(1 - (1 - confidence) / 2, df))
    return (diff - t * se, diff + t * se)


@dataclass(frozen=True)
class SampleRatioCheck:
    """Chi-square test of observed group sizes against the intended split."""

    chi2: float
    p_value: float
    expected_shares: dict[str, float]
    warning: Message | None

    def to_dict(self) -> dict[str, object]:
        """Return the JSON form."""
        return {
            "chi2": self.chi2,
            "p_value": self.p_value,
            "expected_shares": self.expected_shares,
            "warning": None if self.warning is None else str(self.warning),
        }


def sample_ratio_check(sizes: dict[str, int], split: dict[str, float] | None = None) -> SampleRatioCheck:
    """Test whether group sizes match the intended split (sample-ratio mismatch, SRM).

    A mismatch means assignment or the customer list is broken (customers dropped from one group,
    a filter applied after randomising), and then no uplift figure can be trusted. ``split`` gives
    each group's intended weight (any scale); the default is an equal split.

    Examples
    --------
    >>> round(sample_ratio_check({"control": 500, "treatment": 500}).p_value, 3)
    1.0
    """
    labels = list(sizes)
    weights = np.array([split[g] for g in labels] if split else [1.0] * len(labels), dtype="float64")
    shares = weights / weights.sum()
    observed = np.array([sizes[g] for g in labels], dtype="float64")
    total = observed.sum()
    if len(labels) < 2 or total == 0:
        return SampleRatioCheck(math.nan, math.nan, dict(zip(labels, shares.tolist(), strict=True)), None)
    result = stats.chisquare(observed, f_exp=shares * total)
    p_value = float(result.pvalue)
    warning = None
    if p_value < SRM_ALPHA:
        warning = Message(
            "campaign.sample_ratio_mismatch",
            {
                "groups": labels,
                "observed": [int(o) for o in observed],
                "expected": [round(float(e)) for e in shares * total],
                # Tiny p-values read best in scientific notation, which no locale spells differently.
                "p_value": f"{p_value:.2g}",
            },
        )
    return SampleRatioCheck(
        float(result.statistic), p_value, dict(zip(labels, shares.tolist(), strict=True)), warning
    )


def _z_sum(alpha: float, power: float) -> float:
    return float(stats.norm.ppf(1 - alpha / 2) + stats.norm.ppf(power))


def conversion_mde(
    control_rate: float, n_arm: int, n_control: int, *, alpha: float = ALPHA, power: float = POWER
) -> float:
    """Return the smallest absolute conversion uplift the test detects with the given power.

    Normal approximation at the control rate: ``(z_{1-alpha/2} + z_power) * sqrt(p (1 - p) (1/n_a + 1/n_c))``,
    two-sided alpha 0.05 and 80% power by default.

    Examples
    --------
    >>> round(conversion_mde(0.10, 1000, 1000), 4)  # 2.8016 * sqrt(0.09 * 0.002)
    0.0376
    """
    if n_arm <= 0 or n_control <= 0 or not 0 <= control_rate <= 1:
        return math.nan
    return _z_sum(alpha, power) * math.sqrt(control_rate * (1 - control_rate) * (1 / n_arm + 1 / n_control))


def mean_mde(
    control_sd: float, n_arm: int, n_control: int, *, alpha: float = ALPHA, power: float = POWER
) -> float:
    """Return the smallest difference of means (e.g. spend per customer) detected with the given power.

    Uses the control group's standard deviation for both groups, as when planning the test.
    """
    if n_arm <= 0 or n_control <= 0 or not math.isfinite(control_sd):
        return math.nan
    return _z_sum(alpha, power) * control_sd * math.sqrt(1 / n_arm + 1 / n_control)


def customers_needed_per_group(
    control_rate: float, uplift: float, *, alpha: float = ALPHA, power: float = POWER
) -> float:
    """Return how many customers per group would detect ``uplift`` over ``control_rate`` (equal groups).

    ``n = (z_{1-alpha/2} + z_power)^2 (p_c (1 - p_c) + p_a (1 - p_a)) / uplift^2``, rounded up; nan when
    the uplift is zero or the rates fall outside [0, 1].

    Examples
    --------
    >>> customers_needed_per_group(0.10, 0.02)  # 7.849 * (0.09 + 0.1056) / 0.0004 = 3,838.2
    3839.0
    """
    arm_rate = control_rate + uplift
    if uplift == 0 or not (0 <= control_rate <= 1 and 0 <= arm_rate <= 1):
        return math.nan
    variance = control_rate * (1 - control_rate) + arm_rate * (1 - arm_rate)
    return float(math.ceil(_z_sum(alpha, power) ** 2 * variance / uplift**2))


def holm_adjust(p_values: Sequence[float]) -> list[float]:
    """Return Holm's step-down adjusted p-values (family-wise error control for several arms).

    nan p-values stay nan and do not count towards the family size.

    Examples
    --------
    >>> [round(p, 3) for p in holm_adjust([0.01, 0.04, 0.03])]
    [0.03, 0.06, 0.06]
    """
    values = np.asarray(p_values, dtype="float64")
    out = np.full(len(values), math.nan)
    finite = np.flatnonzero(~np.isnan(values))
    if len(finite) == 0:
        return out.tolist()
    order = finite[np.argsort(values[finite], kind="stable")]
    m = len(order)
    scaled = values[order] * (m - np.arange(m))
    out[order] = np.minimum(np.maximum.accumulate(scaled), 1.0)
    return out.tolist()
