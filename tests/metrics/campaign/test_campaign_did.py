"""Campaigns without control: pre/post, difference-in-differences and the pre-trend check."""

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from analytics.errors import ArgumentError
from analytics.frames import orders_frame
from analytics.metrics.campaign import campaign_uplift
from analytics.metrics.campaign.did import paired_change

# 7-day windows: campaign 29 Mar - 4 Apr; pre 22-28 Mar; earlier 15-21 Mar and 8-14 Mar.
START = "2025-03-29"


def _orders():
    # t1: pre 10, post 30; t2: post 20 only; n1: pre 10, post 10 (first bought 1 Mar, outside the
    # windows); n2: pre 5; x first buys in the window (not a non-targeted comparison customer).
    return orders_frame(
        customer_id=["t1", "t1", "t2", "n1", "n1", "n1", "n2", "x"],
        order_day=[
            "2025-03-25",
            "2025-03-30",
            "2025-04-01",
            "2025-03-01",
            "2025-03-23",
            "2025-03-31",
            "2025-03-24",
            "2025-03-30",
        ],
        amount=[10.0, 30.0, 20.0, 1.0, 10.0, 10.0, 5.0, 99.0],
    )


def _targeted(ids=("t1", "t2")):
    return pd.DataFrame({"customer_id": list(ids)})


@pytest.mark.filterwarnings("ignore:Precision loss occurred:RuntimeWarning")
def test_pre_post_and_did_hand_computed():
    r = campaign_uplift(_orders(), _targeted(), start=START, days=7)
    d = r.to_dict()
    assert d["design"] == "directional" and d["control"] is None and d["arms"] == []
    assert (r.targeted_customers, r.non_targeted_customers) == (2, 2)
    targeted = r.pre_post["targeted"]
    # conversion: post 2/2, pre 1/2 -> +0.5; spend: post (30 + 20)/2 = 25, pre 10/2 = 5 -> +20
    assert targeted.conversion_change.difference == 0.5
    assert targeted.spend_change.difference == 20.0
    non = r.pre_post["non_targeted"]
    # conversion: post 1/2, pre 2/2 -> -0.5; spend: post 10/2 = 5, pre 15/2 = 7.5 -> -2.5
    assert non.conversion_change.difference == -0.5 and non.spend_change.difference == -2.5
    # DiD: 0.5 - (-0.5) = 1.0; 20 - (-2.5) = 22.5; incremental 22.5 x 2 targeted = 45
    assert r.did.conversion.difference == 1.0
    assert r.did.spend.difference == 22.5 and r.did.incremental_sales == 45.0
    # spend DiD interval: Welch on the per-customer changes t [20, 20] vs n [0, -5]
    welch = stats.ttest_ind([20.0, 20.0], [0.0, -5.0], equal_var=False)
    assert r.did.spend.p_value == pytest.approx(welch.pvalue)
    assert len(r.pretrend.placebo) == 2
    assert any(w.code == "campaign.directional" for w in r.warnings)
    assert d["assumptions"] and any("parallel trends" in a for a in d["assumptions"])
    assert any(a.code == "campaign.assumption_parallel_trends" for a in r.assumptions)


def test_window_table_lists_each_window():
    r = campaign_uplift(_orders(), _targeted(), start=START, days=7)
    table = r.windows.set_index("window")
    assert table.index.tolist() == [0, -1, -2, -3]
    assert table.loc[-1, "start"] == pd.Timestamp("2025-03-22")
    assert table.loc[-3, "end"] == pd.Timestamp("2025-03-14")
    assert table.loc[0, "targeted_sales_per_customer"] == 25.0
    assert table.loc[0, "conversion_difference"] == 0.5  # 2/2 - 1/2


def test_no_history_before_the_window_is_an_error():
    with pytest.raises(ArgumentError, match="needs the 7 days before its start"):
        campaign_uplift(_orders(), _targeted(), start="2025-03-05", days=7)


def test_short_history_warns_that_trends_cannot_be_checked():
    # Only the pre window (15-21 Mar) fits after the first order day (1 Mar) for 14-day windows
    r = campaign_uplift(_orders(), _targeted(), start="2025-03-20", days=14)
    assert r.pretrend.stable is None
    assert any(w.code == "campaign.pretrend_unchecked" for w in r.warnings)


def test_diverging_pre_trends_are_flagged():
    rng = np.random.default_rng(5)
    # 400 targeted customers whose buying rises window by window, 400 others flat; windows of 7 days
    ids, dates = [], []
    for k, p in enumerate([0.05, 0.15, 0.3, 0.45, 0.6]):
        first = pd.Timestamp("2025-03-01") + pd.Timedelta(days=7 * k)  # windows -4 .. 0
        buyers = np.flatnonzero(rng.random(400) < p)
        ids += [f"t{i}" for i in buyers]
        dates += [first] * len(buyers)
        others = np.flatnonzero(rng.random(400) < 0.3)
        ids += [f"n{i}" for i in others]
        dates += [first] * len(others)
    ids += [f"n{i}" for i in range(400)] + [f"t{i}" for i in range(400)]
    dates += [pd.Timestamp("2025-01-01")] * 800
    orders = orders_frame(customer_id=ids, order_day=dates)
    r = campaign_uplift(orders, _targeted([f"t{i}" for i in range(400)]), start="2025-03-29", days=7)
    assert r.pretrend.stable is False
    assert any(w.code == "campaign.pretrend_not_parallel" for w in r.warnings)


def test_paired_change_equals_one_sample_t():
    changes = np.array([1.0, 0.0, 0.0, -1.0, 1.0, 1.0])
    ref = stats.ttest_1samp(changes, 0.0)
    r = paired_change(changes)
    assert r.difference == pytest.approx(1 / 3)  # (1 + 0 + 0 - 1 + 1 + 1) / 6
    assert r.p_value == pytest.approx(ref.pvalue)
    assert paired_change(np.zeros(3)).p_value == 1.0
