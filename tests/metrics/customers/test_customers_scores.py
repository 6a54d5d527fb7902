"""Per-customer scores: the join of history, RFM, model forecasts and the care reason."""

from __future__ import annotations

import numpy as np
import pytest

from analytics.errors import ArgumentError
from analytics.frames import orders_frame
from analytics.metrics.customers.scores import default_calibration_end, score_customers
from analytics.metrics.customers.summary import customer_summary

# End (data's last day) = Mar 1, 60 days of history (Jan 1 .. Mar 1).
ROWS = [
    ("a", "2025-01-01", 500.0),  # a: every 10 days, last Jan 21 -> 39 days ago > 1.5 x 10: overdue
    ("a", "2025-01-11", 500.0),
    ("a", "2025-01-21", 500.0),
    ("d", "2025-02-05", 20.0),  # d: one-time, 24 days ago > the shop's 10-day second gap
    ("f", "2025-03-01", 80.0),  # f: today, on no list
]


def test_scores_without_enough_repeaters_keep_model_free_figures():
    ids, days, amounts = zip(*ROWS, strict=True)
    scores = score_customers(orders_frame(customer_id=list(ids), order_day=list(days), amount=list(amounts)))
    # One repeat customer of three: below the 10 the models need; both fits say so once.
    assert not scores.model_ready
    assert [p.code for p in scores.problems] == ["customers.too_few_repeaters"]
    assert scores.problems[0].params["repeaters"] == 1
    c = scores.customers
    assert c["p_alive"].isna().all() and c["expected_value"].isna().all()
    # Without a model "at risk" is the lapse rule: a is the top fifth by sales, and 39 days of
    # silence exceed the usual gap (too few gaps in the band: the shop's 90th percentile of 10, 10).
    assert c.loc["a", "reason"] == "at_risk"
    assert c.loc["a", "reason_params"] == {"sales": 1500.0, "days": 39, "usual": 10.0, "basis": "lapsed"}
    assert c.loc["d", "reason"] == "no_second_order" and c.loc["d", "reason_params"]["days"] == 24
    assert c.loc["f", "reason"] is None
    # Score = 1 + 5 x (customers strictly below) // 3: the best of three has 2 below -> 4, the middle 2.
    # R (days since last): f 0 -> 4, d 24 -> 2, a 39 -> 1; F: a 3 days -> 4, d and f tie on 1 -> 1;
    # M (sales a 1500, f 80, d 20): a 4, f 2, d 1.
    assert c["rfm_score"].to_dict() == {"a": "144", "d": "211", "f": "412"}
    assert scores.to_dict()["bgnbd"] is None
    assert scores.to_dict()["care"]["overdue"] == 1
    # Top 20% of 3 customers = 0.6 customer, all from a's 1500 of 1600: 0.6 x 1500 / 1600.
    assert scores.pareto.top_sales_share == pytest.approx(0.6 * 1500 / 1600)


def test_scores_join_the_fits_per_customer(synthetic_orders):
    orders = synthetic_orders(customers=600, days=365, seed=5)
    scores = score_customers(orders, time_unit="W", horizon=13)
    assert scores.model_ready and scores.gamma_gamma is not None and scores.problems == ()
    c = scores.customers
    row = c.iloc[17]
    fit = scores.bgnbd
    # The joined columns are the fits' own per-customer formulas for that customer's history.
    assert row["p_alive"] == pytest.approx(fit.p_alive(row["frequency"], row["recency"], row["T"]))
    assert row["expected_purchases"] == pytest.approx(
        fit.expected_purchases(13.0, row["frequency"], row["recency"], row["T"])
    )
    assert np.allclose(c["expected_value"], c["expected_purchases"] * c["expected_spend"])
    assert scores.to_dict()["expected_value"] == pytest.approx(float(c["expected_value"].sum()))


def test_bad_horizon_is_an_input_error():
    o = orders_frame(customer_id=["a"], order_day=["2025-01-01"])
    with pytest.raises(ArgumentError) as error:
        score_customers(o, horizon=0)
    assert error.value.code == "customers.bad_horizon"


def test_default_calibration_end_leaves_the_last_third():
    o = orders_frame(customer_id=["a", "b"], order_day=["2025-01-01", "2025-03-31"])
    # 90 days Jan 1 .. Mar 31; 90 // 3 = 30 days of holdout -> calibration ends Mar 1.
    assert str(default_calibration_end(customer_summary(o)).date()) == "2025-03-01"


def test_p_alive_distribution_counts_bands(synthetic_orders):
    from analytics.metrics.customers.scores import p_alive_distribution

    scores = score_customers(synthetic_orders(customers=300, days=365, seed=2))
    bands = p_alive_distribution(scores, bands=4).bands
    alive = scores.customers["p_alive"]
    # Band 0.25-0.5 holds 0.25 <= p < 0.5; the top band includes p = 1 (one-time buyers).
    assert bands["customers"].tolist() == [
        int((alive < 0.25).sum()),
        int(((alive >= 0.25) & (alive < 0.5)).sum()),
        int(((alive >= 0.5) & (alive < 0.75)).sum()),
        int((alive >= 0.75).sum()),
    ]
    assert bands["customers"].sum() == 300 and bands["share"].sum() == pytest.approx(1.0)
