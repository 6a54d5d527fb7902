"""Model health: a degenerate or untrustworthy purchase-model fit is named, and then not shown as fact."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analytics.messages import render
from analytics.metrics.customers.bgnbd import BGNBDFit, bound_parameters
from analytics.metrics.customers.health import model_health
from analytics.metrics.customers.holdout import HoldoutCheck
from analytics.metrics.customers.scores import score_customers
from tests.uci_data import uci_load

# CDNOW's published fit (Fader, Hardie & Lee 2005): dropout a / (a + b) = 0.793 / 3.219 = 24.6%.
CDNOW = BGNBDFit(r=0.243, alpha=4.414, a=0.793, b=2.426, log_likelihood=-9582.4, customers=2357)


def _holdout(fit: BGNBDFit, predicted: float, actual: int) -> HoldoutCheck:
    return HoldoutCheck(
        calibration_end=pd.Timestamp("2025-06-30"),
        holdout_end=pd.Timestamp("2025-09-30"),
        time_unit="W",
        horizon=13.0,
        fit=fit,
        buckets=(),
        customers=1000,
        predicted_total=predicted,
        actual_total=actual,
        mean_absolute_error=0.0,
    )


def _codes(health) -> list[str]:
    return [p.code.removeprefix("customers.health.") for p in health.problems]


def test_a_sound_fit_holds():
    # 900 predicted against 1,000 actual: -10%, within 15%.
    health = model_health(CDNOW, repeaters=946, holdout=_holdout(CDNOW, 900.0, 1000))
    assert health.holds and health.sentence is None
    assert health.to_dict() == {"holds": True, "sentence": None, "problems": []}


def test_each_check_names_its_problem():
    # UCI's fit on all orders: a = 0.0034, b = 6.75 -> 0.0034 / 6.7534 = 0.05% leave after a purchase.
    uci = BGNBDFit(r=0.83, alpha=9.84, a=0.0034, b=6.75, log_likelihood=-1.0, customers=4339)
    # Its holdout fit ran to a = 5.9e-7 (log -14.3, within 1 of the search's edge at -15).
    edge = BGNBDFit(
        r=0.74,
        alpha=9.36,
        a=5.9e-7,
        b=12216.0,
        log_likelihood=-1.0,
        customers=3196,
        at_bound=("a",),
        converged=False,
    )
    # 820 predicted against 1,000 actual: -18%, beyond 15% and beyond the noise 2 x sqrt(1000) = 63.
    health = model_health(uci, repeaters=20, holdout=_holdout(edge, 820.0, 1000))
    assert _codes(health) == ["no_dropout", "not_converged", "at_bound", "holdout_error", "few_repeaters"]
    sentence = render(health.sentence.code, health.sentence.params)
    assert sentence.startswith("The purchase model does not hold on this data: it says only 0.1% of")
    assert "missed the purchase days after that day by -18.0%" in sentence
    chinese = render(health.sentence.code, health.sentence.params, lang="zh")
    assert chinese.startswith("购买模型在这份数据上不成立") and "only" not in chinese
    assert health.to_dict()["problems"][3] == {
        "code": "customers.health.holdout_error",
        "error": pytest.approx(-0.18),
        "limit": 0.15,
        "calibration_end": "2025-06-30",
    }


def test_a_large_error_within_the_noise_of_a_small_shop_is_no_problem():
    # 25 predicted against 20 actual: +25%, but 5 is within 2 x sqrt(20) = 8.9 of chance.
    assert model_health(CDNOW, repeaters=946, holdout=_holdout(CDNOW, 25.0, 20)).holds


def test_bound_parameters_are_read_on_the_log_scale():
    # The search runs over log-parameters in [-15, 15]; within 1 of an edge is at the bound.
    assert bound_parameters(np.array([-14.2, 13.9, 0.0]), ("x", "y", "z")) == ("x",)


def test_model_generated_data_keeps_p_alive(synthetic_orders):
    scores = score_customers(synthetic_orders(customers=2000, days=365, seed=3))
    assert scores.health is not None and scores.health.holds and scores.model_ready
    assert scores.customers["p_alive"].notna().all()
    assert scores.to_dict()["model_holds"] is True and scores.to_dict()["problems"] == []
    # With the model holding, "at risk" is P(alive) below 0.5 among the top fifth by sales.
    at_risk = scores.care[scores.care["reason"] == "at_risk"]
    assert len(at_risk) and all("p_alive" in p for p in at_risk["params"])


@pytest.fixture(scope="module")
def uci_scores():
    return score_customers(uci_load().orders)  # load_orders([uci_path]), loaded once per process


@pytest.mark.slow
def test_uci_model_does_not_hold_and_the_lapse_answer_does(uci_scores):
    scores = uci_scores
    codes = _codes(scores.health)
    # Fitted dropout a = 0.0034: nobody ever leaves; the holdout fit runs to the edge (a ~ 6e-7) and
    # misses the holdout's purchases by -18%.
    assert {"no_dropout", "at_bound", "holdout_error"} <= set(codes)
    assert not scores.model_ready
    c = scores.customers
    assert c["p_alive"].isna().all() and c["expected_value"].isna().all()
    payload = scores.to_dict()
    assert payload["model_holds"] is False and payload["expected_value"] is None
    assert {p["code"] for p in payload["problems"]} >= {"customers.health.no_dropout"}
    # The lapse answer and the care lists are not empty, and each reason is true of its customer.
    assert scores.lapse.lapsed > 100
    counts = scores.care_counts()
    assert counts["at_risk"] > 0 and counts["overdue"] > 0 and counts["no_second_order"] > 0
    top_fifth = c["sales"].quantile(0.8)
    for row in scores.care.itertuples():
        customer, params = c.loc[row.customer_id], row.params
        if row.reason == "at_risk":
            assert params["basis"] == "lapsed" and customer["sales"] >= top_fifth
            assert (
                params["days"] == customer["days_since_last"] > params["usual"] == customer["usual_gap_days"]
            )
        elif row.reason == "overdue":
            assert customer["frequency"] >= 2 and params["gaps"] == customer["frequency"]
            assert params["days"] == customer["days_since_last"] > 1.5 * customer["typical_gap_days"]
        elif row.reason == "no_second_order":
            assert (
                customer["purchase_days"] == 1
                and params["days"] == customer["days_since_last"] > params["gap"]
            )
    # The backtest: called lapsed 91 days before the last day, fewer came back than of the others.
    backtest = scores.backtest
    assert backtest.window_days == 91 and str(backtest.as_of.date()) == "2011-09-09"
    assert backtest.lapsed.denominator > 0 and backtest.lapsed.value < backtest.active.value
