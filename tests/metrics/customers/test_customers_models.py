"""BG/NBD and Gamma-Gamma: the published CDNOW estimates, conditional expectations, clear refusals."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analytics.errors import ArgumentError
from analytics.frames import orders_frame
from analytics.metrics.customers.bgnbd import fit_bgnbd
from analytics.metrics.customers.gamma_gamma import fit_gamma_gamma
from analytics.metrics.customers.summary import customer_summary

DATA = Path(__file__).resolve().parents[2] / "data"
CDNOW = DATA / "cdnow_summary.csv"


@pytest.fixture(scope="module")
def cdnow() -> pd.DataFrame:
    return pd.read_csv(CDNOW, dtype={"customer_id": str})


def test_bgnbd_reproduces_fader_hardie_lee_2005(cdnow):
    fit = fit_bgnbd(cdnow)
    # Published (weeks): r 0.243, alpha 4.414, a 0.793, b 2.426, LL -9582.4
    assert (round(fit.r, 3), round(fit.alpha, 3), round(fit.a, 3), round(fit.b, 3)) == (
        0.243,
        4.414,
        0.793,
        2.426,
    )
    assert fit.log_likelihood == pytest.approx(-9582.4, abs=0.05)
    assert fit.customers == 2357
    assert set(fit.to_dict()) == {"r", "alpha", "a", "b", "log_likelihood"}


def test_bgnbd_walkthrough_conditional_expectations(cdnow):
    fit = fit_bgnbd(cdnow)
    # BTYD walkthrough: x = 26, t_x = 30.86, T = 31 weeks -> 25.76 purchases in 52 weeks, P(alive) 0.969
    assert fit.expected_purchases(52, 26, 30.86, 31) == pytest.approx(25.76, abs=0.005)
    assert fit.p_alive(26, 30.86, 31) == pytest.approx(0.969, abs=0.0005)
    # Nobody who never repeated has left under the model; expectations grow with the horizon.
    assert fit.p_alive(0, 0, 30) == 1.0
    grow = fit.expected_purchases(np.array([0.0, 10, 52]), 2, 10, 30)
    assert grow[0] == 0 and (np.diff(grow) > 0).all()


def test_collapsing_rows_gives_the_same_fit_as_repeating_them(cdnow):
    doubled = fit_bgnbd(pd.concat([cdnow, cdnow]))
    single = fit_bgnbd(cdnow)
    assert doubled.r == pytest.approx(single.r, rel=1e-4)
    assert doubled.log_likelihood == pytest.approx(2 * single.log_likelihood, rel=1e-6)


def _per_customer_log_likelihood(params: np.ndarray, frame: pd.DataFrame) -> np.ndarray:
    """Return each customer's BG/NBD log-likelihood, written from Fader, Hardie & Lee (2005), eq. 6."""
    from scipy import special

    r, alpha, a, b = params
    x, t_x, T = (frame[c].to_numpy(dtype=float) for c in ("frequency", "recency", "T"))
    base = (
        special.gammaln(r + x)
        - special.gammaln(r)
        + r * np.log(alpha)
        + special.betaln(a, b + x)
        - special.betaln(a, b)
        - (r + x) * np.log(alpha + T)
    )
    b_x1 = np.where(x > 0, b + x - 1, 1.0)
    gone = np.where(x > 0, a / b_x1 * ((alpha + T) / (alpha + t_x)) ** (r + x), 0.0)
    return base + np.log1p(gone)


def test_fit_over_distinct_rows_with_weights_equals_a_per_customer_fit(cdnow):
    from scipy import optimize

    # The fit runs over the 2,357 customers' distinct (frequency, recency, T) rows weighted by their
    # counts; the reference maximises the paper's likelihood customer by customer (Nelder-Mead, no
    # gradient, nothing shared with the model's code) and lands on the same estimates.
    fit = fit_bgnbd(cdnow)
    reference = optimize.minimize(
        lambda log_params: -_per_customer_log_likelihood(np.exp(log_params), cdnow).sum(),
        np.zeros(4),
        method="Nelder-Mead",
        options={"xatol": 1e-12, "fatol": 1e-12, "maxiter": 20000, "maxfev": 40000},
    )
    assert reference.success
    estimates = np.array([fit.r, fit.alpha, fit.a, fit.b])
    assert estimates == pytest.approx(np.exp(reference.x), rel=1e-6)
    assert fit.log_likelihood == pytest.approx(
        _per_customer_log_likelihood(estimates, cdnow).sum(), rel=1e-12
    )


def test_gamma_gamma_reproduces_published_estimates(cdnow):
    fit = fit_gamma_gamma(cdnow)
    # Published: p 6.25, q 3.74, gamma 15.44 (946 repeat customers); the summary's spend is rounded
    # to cents, which moves gamma by 0.008.
    assert fit.customers == 946
    assert fit.p == pytest.approx(6.25, abs=0.005)
    assert fit.q == pytest.approx(3.74, abs=0.005)
    assert fit.gamma == pytest.approx(15.44, abs=0.01)
    assert set(fit.to_dict()) == {"p", "q", "gamma"}
    # A one-time buyer expects the population mean p*gamma/(q-1); more repeats pull towards their own.
    spend = fit.expected_spend(np.array([0, 1, 20]), np.array([0.0, 100.0, 100.0]))
    assert spend[0] == pytest.approx(fit.mean_spend)
    assert spend[0] < spend[1] < spend[2] < 100


def test_a_million_customers_fit_fast(cdnow):
    big = cdnow.loc[np.repeat(cdnow.index.to_numpy(), 425)]  # ~1M rows, 2,357 distinct
    started = time.perf_counter()
    fit = fit_bgnbd(big)
    assert time.perf_counter() - started < 5
    assert round(fit.r, 3) == 0.243


def _few_repeaters():
    ids = [f"c{i}" for i in range(30)] + ["c0", "c1"]
    days = ["2025-01-01"] * 30 + ["2025-03-01", "2025-03-02"]
    return orders_frame(customer_id=ids, order_day=days)


def test_too_few_repeaters_is_a_clear_error():
    summary = customer_summary(_few_repeaters(), time_unit="W")
    for fit in (fit_bgnbd, fit_gamma_gamma):
        with pytest.raises(ArgumentError) as error:
            fit(summary)
        assert error.value.code == "customers.too_few_repeaters"
        assert error.value.params["repeaters"] == 2 and error.value.params["minimum"] == 10


def test_too_short_history_is_a_clear_error():
    o = orders_frame(customer_id=["a", "a", "b"], order_day=["2025-01-01", "2025-01-05", "2025-01-03"])
    with pytest.raises(ArgumentError) as error:
        fit_bgnbd(customer_summary(o))
    assert error.value.code == "customers.too_short_history"
    assert error.value.params == {"days": 5, "minimum": 28}


def test_gamma_gamma_from_the_published_purchase_history_without_ids():
    # CDNOW's 1/10 sample as raw purchase lines (6,919 lines, no order id; tests/data/README.md).
    # 21 lines equal an earlier line: real purchases (same customer, day, CDs and dollars) that the
    # loader keeps without an id. Calibration: the first 39 weeks, to 1997-09-30, as published.
    from analytics.loading import load_orders

    load = load_orders([DATA / "cdnow_sample_transactions.csv.gz"])
    assert load.rows_read == load.rows_used + sum(load.dropped.values()) == 6919
    assert load.dropped == {} and load.files[0].possible_duplicates == 21
    summary = customer_summary(load.orders, calibration_end="1997-09-30", time_unit="W")
    fit = fit_gamma_gamma(summary)
    # Published: p 6.25, q 3.74, gamma 15.44 on 946 repeat customers.
    assert fit.customers == 946
    assert fit.p == pytest.approx(6.25, abs=0.005)
    assert fit.q == pytest.approx(3.74, abs=0.005)
    assert fit.gamma == pytest.approx(15.44, abs=0.01)
    # And BG/NBD from the same lines: r 0.243, alpha 4.414, a 0.793, b 2.426 (Fader, Hardie & Lee 2005).
    bgnbd = fit_bgnbd(summary)
    assert (bgnbd.r, bgnbd.alpha, bgnbd.a, bgnbd.b) == pytest.approx((0.243, 4.414, 0.793, 2.426), abs=0.001)
