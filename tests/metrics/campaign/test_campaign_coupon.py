"""Coupon redemptions and redeemers' repeat rate against comparable non-redeemers."""

import math

import pytest
from scipy import stats

from analytics.errors import ArgumentError
from analytics.frames import orders_frame
from analytics.metrics.campaign.coupon import coupon_effect


def _orders():
    # a redeems SAVE on 1 Jan and buys again on 10 Jan (repeat); b redeems " save" on 2 Jan, no repeat;
    # e uses another code (OTHER); c, d, f never use a code: c buys 1 and 5 Jan (repeat within 30),
    # d and f buy once; z buys on 31 Mar, which only sets the data's last day.
    return orders_frame(
        customer_id=["a", "a", "b", "e", "c", "c", "d", "f", "z", None],
        order_day=[
            "2025-01-01",
            "2025-01-10",
            "2025-01-02",
            "2025-01-03",
            "2025-01-01",
            "2025-01-05",
            "2025-01-03",
            "2025-01-04",
            "2025-03-31",
            "2025-01-02",
        ],
        amount=[50.0, 20.0, 40.0, 10.0, 5.0, 5.0, 5.0, 5.0, 5.0, 30.0],
        coupon_code=["SAVE", None, " save", "OTHER", None, "", None, None, None, "SAVE"],
    )


def test_redemptions_and_repeat_rate_hand_computed():
    r = coupon_effect(_orders(), codes=["SAVE"], horizons=[30])
    # SAVE orders: a, b and a guest -> 3 redemptions, 2 identified redeemers, sales 50 + 40 + 30
    assert (r.redemptions, r.redeemers, r.guest_redemptions, r.redemption_sales) == (3, 2, 1, 120.0)
    assert r.by_code[["code", "redemptions", "redeemers"]].values.tolist() == [["SAVE", 3, 2]]
    row = r.repeat.iloc[0]
    # redeemers: a repeats, b does not -> 1/2. Comparison (never used a code, Jan, no earlier purchase):
    # c repeats, d and f do not -> 1/3; e used another code so is left out. z (31 Mar) is too late.
    assert (row["redeemers_eligible"], row["redeemers_repeated"]) == (2, 1)
    assert row["comparison_occasions"] == 3
    assert row["comparison_rate"] == pytest.approx(1 / 3)
    assert row["difference"] == pytest.approx(0.5 - 1 / 3)
    # variance: (1/3)(2/3)/3 + (1/2)(1/2)/2 = 2/27 + 1/8
    half = stats.norm.ppf(0.975) * math.sqrt(2 / 27 + 1 / 8)
    assert row["difference_ci"] == pytest.approx([1 / 6 - half, 1 / 6 + half])


def test_all_codes_by_default():
    r = coupon_effect(_orders(), horizons=[30])
    # e's OTHER redemption joins: 3 identified redeemers, e does not repeat -> 1/3
    assert r.redeemers == 3 and r.repeat.iloc[0]["redeemer_rate"] == pytest.approx(1 / 3)
    assert sorted(r.by_code["code"]) == ["OTHER", "SAVE"]


def test_matching_reweights_to_the_redeemers_history():
    # Stratum "no earlier purchase": r1 redeems and repeats; p1 and p3 (non-redeemers) do not repeat.
    # Stratum "one earlier purchase": r2 repeats, r3 does not; p2 repeats.
    # Redeemers: 2/3. Standardised comparison: 1/3 x 0 + 2/3 x 1 = 2/3 (unadjusted pool: p2 in Dec
    # and Jan repeat, p1 and p3 do not -> 2/4).
    o = orders_frame(
        customer_id=["r1", "r1", "r2", "r2", "r2", "r3", "r3", "p1", "p3", "p2", "p2", "p2", "z"],
        order_day=[
            "2025-01-07",
            "2025-01-08",
            "2024-12-15",
            "2025-01-05",
            "2025-01-20",
            "2024-12-10",
            "2025-01-06",
            "2025-01-09",
            "2025-01-11",
            "2024-12-20",
            "2025-01-02",
            "2025-01-10",
            "2025-03-31",
        ],
        coupon_code=["C", None, None, "C", None, None, "C", None, None, None, None, None, None],
    )
    row = coupon_effect(o, horizons=[30]).repeat.iloc[0]
    assert row["redeemer_rate"] == pytest.approx(2 / 3)
    assert row["comparison_rate"] == pytest.approx(2 / 3)
    assert row["comparison_rate_unadjusted"] == pytest.approx(0.5)


def test_horizon_without_enough_data_is_flagged():
    r = coupon_effect(_orders(), codes=["save"], horizons=[30, 90])
    # last day 31 Mar - 90 days = 31 Dec 2024: no redemption is old enough
    assert r.repeat.set_index("days").loc[90, "redeemers_eligible"] == 0
    assert any(w.code == "campaign.coupon_horizon_unobserved" and 90 in w.params["days"] for w in r.warnings)


def test_errors_name_the_fix():
    o = orders_frame(customer_id=["a"], order_day=["2025-01-01"])
    with pytest.raises(ArgumentError, match="--map coupon_code=HEADER"):
        coupon_effect(o)
    with pytest.raises(ArgumentError, match="no valid order carries the codes nope"):
        coupon_effect(_orders(), codes=["NOPE"])
