"""Statistics of campaign tests checked against published figures and independent computations."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from analytics.metrics.campaign.stats import (
    conversion_mde,
    customers_needed_per_group,
    holm_adjust,
    mean_mde,
    newcombe_interval,
    sample_ratio_check,
    two_proportion_p_value,
    welch_difference,
    welch_interval_from_moments,
)

# Newcombe (1998), Statistics in Medicine 17:873-890, Table II, method 10 (hybrid score, no CC).
NEWCOMBE_TABLE_II = [
    ((56, 70, 48, 80), (0.0524, 0.3339)),
    ((9, 10, 3, 10), (0.1705, 0.8090)),
    ((6, 7, 2, 7), (0.0582, 0.8062)),
    ((5, 56, 0, 29), (-0.0381, 0.1926)),
    ((0, 10, 0, 20), (-0.1611, 0.2775)),
    ((0, 10, 0, 10), (-0.2775, 0.2775)),
    ((10, 10, 0, 20), (0.6791, 1.0000)),
    ((10, 10, 0, 10), (0.6075, 1.0000)),
]


@pytest.mark.parametrize(("counts", "expected"), NEWCOMBE_TABLE_II)
def test_newcombe_interval_matches_the_published_table(counts, expected):
    lo, hi = newcombe_interval(*counts)
    assert (round(lo, 4), round(hi, 4)) == expected


def test_newcombe_interval_of_an_empty_group_is_undefined():
    assert all(math.isnan(x) for x in newcombe_interval(3, 10, 0, 0))


@settings(max_examples=200, deadline=None)
@given(n_a=st.integers(1, 500), n_b=st.integers(1, 500), fa=st.floats(0, 1), fb=st.floats(0, 1))
def test_newcombe_interval_holds_the_estimate_and_flips_with_the_groups(n_a, n_b, fa, fb):
    x_a, x_b = round(fa * n_a), round(fb * n_b)
    lo, hi = newcombe_interval(x_a, n_a, x_b, n_b)
    diff = x_a / n_a - x_b / n_b
    assert -1 - 1e-12 <= lo <= diff + 1e-12 <= hi + 2e-12 <= 1 + 3e-12
    lo_r, hi_r = newcombe_interval(x_b, n_b, x_a, n_a)
    assert lo_r == pytest.approx(-hi, abs=1e-12) and hi_r == pytest.approx(-lo, abs=1e-12)


def _proportions_ztest_reference(x_a, n_a, x_b, n_b):
    # statsmodels.stats.proportion.proportions_ztest(value=0, alternative="two-sided"): pooled p.
    p = (x_a + x_b) / (n_a + n_b)
    z = (x_a / n_a - x_b / n_b) / math.sqrt(p * (1 - p) * (1 / n_a + 1 / n_b))
    return 2 * stats.norm.sf(abs(z))


@pytest.mark.parametrize("counts", [(30, 100, 20, 100), (188, 1480, 95, 1480), (1, 7, 5, 9), (0, 50, 3, 40)])
def test_two_proportion_p_value_equals_the_pooled_z_test_and_the_uncorrected_chi_square(counts):
    x_a, n_a, x_b, n_b = counts
    p = two_proportion_p_value(*counts)
    assert p == pytest.approx(_proportions_ztest_reference(*counts), rel=1e-12)
    # The pooled z-test is the 2x2 chi-square test without Yates' correction: z^2 = chi2.
    table = [[x_a, n_a - x_a], [x_b, n_b - x_b]]
    assert p == pytest.approx(stats.chi2_contingency(table, correction=False).pvalue, rel=1e-9)


def test_two_proportion_p_value_is_one_when_both_groups_never_convert():
    # 0/50 vs 0/60: identical rates, the pooled variance is 0; no evidence of any difference.
    assert two_proportion_p_value(0, 50, 0, 60) == 1.0
    assert math.isnan(two_proportion_p_value(0, 0, 1, 10))


def test_welch_difference_equals_the_hand_formula():
    rng = np.random.default_rng(7)
    a = np.where(rng.random(300) < 0.2, rng.gamma(2, 60, 300), 0.0)
    b = np.where(rng.random(250) < 0.1, rng.gamma(2, 40, 250), 0.0)
    r = welch_difference(a, b)
    va, vb = a.var(ddof=1) / len(a), b.var(ddof=1) / len(b)
    df = (va + vb) ** 2 / (va**2 / (len(a) - 1) + vb**2 / (len(b) - 1))
    diff = a.mean() - b.mean()
    half = stats.t.ppf(0.975, df) * math.sqrt(va + vb)
    t = diff / math.sqrt(va + vb)
    assert r.difference == pytest.approx(diff)
    assert r.df == pytest.approx(df)
    assert r.ci == pytest.approx((diff - half, diff + half))
    assert r.p_value == pytest.approx(2 * stats.t.sf(abs(t), df))
    assert welch_interval_from_moments(a.mean(), a.var(ddof=1), len(a), b.mean(), b.var(ddof=1), len(b)) == (
        pytest.approx(r.ci)
    )


def test_welch_difference_hand_case():
    # a = [0, 0, 10, 20]: mean 7.5, var 275/3; b = [0, 0, 0, 10]: mean 2.5, var 25.
    # se^2 = 275/12 + 25/4 = 29.1667; df = 29.1667^2 / ((275/12)^2/3 + (25/4)^2/3) = 4.5907
    r = welch_difference([0, 0, 10, 20], [0, 0, 0, 10])
    assert r.difference == 5.0
    assert r.df == pytest.approx(850.694 / (525.174 / 3 + 39.0625 / 3), rel=1e-4)


def test_welch_difference_degenerate_groups():
    assert welch_difference([0.0, 0.0], [0.0, 0.0, 0.0]).p_value == 1.0
    assert math.isnan(welch_difference([5.0], [1.0, 2.0]).p_value)
    assert math.isnan(welch_difference([], [1.0, 2.0]).difference)


def test_sample_ratio_check_equals_the_chi_square_by_hand():
    # 520 vs 480 against 50/50: chi2 = (20^2 + 20^2) / 500 = 1.6, 1 df.
    r = sample_ratio_check({"control": 520, "treatment": 480})
    assert r.chi2 == pytest.approx(1.6)
    assert r.p_value == pytest.approx(stats.chi2.sf(1.6, 1))
    assert r.warning is None


def test_sample_ratio_check_flags_a_broken_split_with_weights():
    # Intended 1:4; observed 300 vs 700: expected 200 and 800, chi2 = 100^2/200 + 100^2/800 = 62.5.
    r = sample_ratio_check({"c": 300, "t": 700}, {"c": 1, "t": 4})
    assert r.chi2 == pytest.approx(62.5)
    assert r.warning is not None and r.warning.code == "campaign.sample_ratio_mismatch"
    assert sample_ratio_check({"c": 200, "t": 800}, {"c": 1, "t": 4}).warning is None


def test_mde_formulas():
    z = stats.norm.ppf(0.975) + stats.norm.ppf(0.8)  # 1.95996 + 0.84162 = 2.80158
    assert conversion_mde(0.06, 1480, 1480) == pytest.approx(z * math.sqrt(0.06 * 0.94 * 2 / 1480))
    assert mean_mde(50.0, 400, 100) == pytest.approx(z * 50 * math.sqrt(1 / 400 + 1 / 100))
    assert math.isnan(conversion_mde(0.1, 0, 10))


def test_customers_needed_gives_80_percent_power_by_simulation_formula():
    # At the returned n, the power of the pooled z-test for 10% -> 12% is about 80%.
    n = customers_needed_per_group(0.10, 0.02)
    se = math.sqrt((0.1 * 0.9 + 0.12 * 0.88) / n)
    power = stats.norm.sf(stats.norm.ppf(0.975) - 0.02 / se)
    assert 0.79 < power < 0.81
    assert math.isnan(customers_needed_per_group(0.1, 0.0))


def test_holm_adjust_by_hand():
    # sorted 0.01, 0.03, 0.04 -> 3*0.01 = 0.03, 2*0.03 = 0.06, max(0.06, 1*0.04) = 0.06
    assert holm_adjust([0.01, 0.04, 0.03]) == pytest.approx([0.03, 0.06, 0.06])
    assert holm_adjust([0.5, float("nan")])[0] == 0.5
    assert holm_adjust([0.6, 0.7]) == [1.0, 1.0]


def test_newcombe_interval_covers_the_true_difference_about_95_percent_of_the_time():
    # 2,000 simulated tests: 300 customers at 10% vs 300 at 15%; the true uplift is 0.05.
    rng = np.random.default_rng(11)
    x_a, x_b = rng.binomial(300, 0.15, 2000), rng.binomial(300, 0.10, 2000)
    covered = [
        lo <= 0.05 <= hi
        for lo, hi in (newcombe_interval(a, 300, b, 300) for a, b in zip(x_a, x_b, strict=True))
    ]
    assert 0.935 <= np.mean(covered) <= 0.965


def test_welch_interval_covers_the_true_spend_uplift_on_zero_inflated_spend():
    # Spend per customer: 12% vs 8% buy, lognormal amounts; 500 simulated tests of 600 per group.
    rng = np.random.default_rng(12)
    amount_mean = 100 * math.exp(0.5**2 / 2)
    truth = (0.12 - 0.08) * amount_mean
    covered = []
    for _ in range(500):
        a = np.where(rng.random(600) < 0.12, rng.lognormal(math.log(100), 0.5, 600), 0.0)
        b = np.where(rng.random(600) < 0.08, rng.lognormal(math.log(100), 0.5, 600), 0.0)
        lo, hi = welch_difference(a, b).ci
        covered.append(lo <= truth <= hi)
    assert 0.93 <= np.mean(covered) <= 0.97


def test_two_proportion_test_holds_its_size_under_no_effect():
    # With no true difference, p < 0.05 in about 5% of 2,000 simulated tests.
    rng = np.random.default_rng(13)
    x_a, x_b = rng.binomial(400, 0.1, 2000), rng.binomial(400, 0.1, 2000)
    rejected = [two_proportion_p_value(a, 400, b, 400) < 0.05 for a, b in zip(x_a, x_b, strict=True)]
    assert 0.035 <= np.mean(rejected) <= 0.065
