"""Campaign uplift on the real UCI Online Retail data: an A/A test and a directional list (slow)."""

import gzip

import numpy as np
import pandas as pd
import pytest

from analytics.loading import load_orders
from analytics.metrics.campaign import campaign_uplift


@pytest.fixture(scope="module")
def orders(uci_path):
    return load_orders([("online_retail.csv", gzip.decompress(uci_path.read_bytes()))]).orders


@pytest.mark.slow
def test_random_splits_of_real_customers_show_no_uplift(orders):
    # A/A tests: 20 random splits of the real customers into an "arm" and a control, neither of
    # which got anything. Each 95% interval misses 0 with probability 5%, so among 20 splits more
    # than 4 misses (P = 0.3% under Binomial(20, 0.05)) would mean the intervals are too narrow.
    ids = np.sort(orders["customer_id"].dropna().unique())
    rng = np.random.default_rng(2011)
    missed_conversion = missed_spend = 0
    for _ in range(20):
        campaign = pd.DataFrame({"customer_id": ids, "group": rng.choice(["arm", "control"], len(ids))})
        r = campaign_uplift(orders, campaign, start="2011-11-01", days=14)
        lo, hi = r.arms[0].conversion_uplift_ci
        missed_conversion += not lo <= 0 <= hi
        lo, hi = r.arms[0].spend.ci
        missed_spend += not lo <= 0 <= hi
    assert missed_conversion <= 4 and missed_spend <= 4


@pytest.mark.slow
def test_real_data_group_counts_equal_an_independent_count(orders):
    ids = np.sort(orders["customer_id"].dropna().unique())
    rng = np.random.default_rng(7)
    campaign = pd.DataFrame({"customer_id": ids, "group": rng.choice(["A", "B", "control"], len(ids))})
    r = campaign_uplift(orders, campaign, start="2011-11-01", days=14)
    # Independent count: customers of each group with an order from 1 to 14 Nov 2011, and their sales.
    window = orders[orders["order_day"].between("2011-11-01", "2011-11-14")]
    joined = window.merge(campaign, on="customer_id")
    expected = joined.groupby("group").agg(converters=("customer_id", "nunique"), sales=("amount", "sum"))
    got = {r.control.group: r.control, **{a.outcome.group: a.outcome for a in r.arms}}
    for group, row in expected.iterrows():
        assert got[group].converters == row["converters"]
        assert got[group].sales == pytest.approx(row["sales"])
    assert sum(g.customers for g in got.values()) == len(ids)
    assert r.srm.warning is None


@pytest.mark.slow
def test_hand_picked_list_of_old_customers_is_flagged_as_directional(orders):
    # The 500 customers who bought first are not a random list: the pre-trend check must speak up.
    first = orders.dropna(subset=["customer_id"]).groupby("customer_id")["order_day"].min().sort_values()
    targeted = pd.DataFrame({"customer_id": first.index[:500]})
    r = campaign_uplift(orders, targeted, start="2011-11-01", days=14)
    d = r.to_dict()
    assert d["design"] == "directional" and d["pretrend"]["windows_compared"] == 2
    assert r.non_targeted_customers > 3000
    assert any(w.code == "campaign.directional" for w in r.warnings)
