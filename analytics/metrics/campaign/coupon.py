"""Coupon campaigns: redemptions, and whether redeemers come back more than comparable customers.

A redemption is a valid order carrying a coupon/discount code (the optional ``coupon_code`` column).
A redeemer's index day is their first redemption day; they repeat within N days when they buy again
on a later day up to N days after it. Redeemers chose to use a coupon, so they are compared with
*comparable* non-redeemers: customers who never used a code, taken at their first purchase day of each
calendar month, matched on the index day's calendar month and on how many purchase days they had
before it (0, 1, 2, 3+). The comparison rate re-weights the non-redeemers' rates to the redeemers' mix
of (month, history) strata (direct standardisation). This removes seasonality and loyalty
differences, not self-selection: the result is directional.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field

import pandas as pd
from scipy import stats

from analytics.errors import ArgumentError, Message, Term
from analytics.metrics.keys import among

HORIZONS: tuple[int, ...] = (30, 60, 90)
# Purchase-history strata: 0, 1, 2 and "3 or more" earlier purchase days.
MAX_PRIOR_BUCKET = 3


def _normalised_codes(codes: pd.Series) -> pd.Series:
    return codes.astype("str").str.strip().str.casefold().replace("", pd.NA)


def purchase_occasions(orders: pd.DataFrame, redemption_days: pd.DataFrame) -> pd.DataFrame:
    """Return one row per identified customer and purchase day, with history and the gap to the next day.

    Columns: ``customer_id``, ``order_day``, ``prior`` (earlier purchase days), ``next_gap`` (days to the
    customer's next purchase day, nan when none) and ``redeemed`` (a redemption on that day).
    """
    days = (
        orders.loc[orders["customer_id"].notna(), ["customer_id", "order_day"]]
        .drop_duplicates()
        .sort_values(["customer_id", "order_day"], kind="stable")
        .reset_index(drop=True)
    )
    by_customer = days.groupby("customer_id", sort=False)["order_day"]
    days["prior"] = by_customer.cumcount()
    days["next_gap"] = (by_customer.shift(-1) - days["order_day"]).dt.days.astype("float64")
    marked = redemption_days.assign(redeemed=True)
    days = days.merge(marked, on=["customer_id", "order_day"], how="left")
    days["redeemed"] = days["redeemed"].fillna(False).astype("bool")
    return days


@dataclass(frozen=True)
class CouponEffect:
    """Coupon redemptions and redeemers' repeat rates against comparable non-redeemers."""

    codes: tuple[str, ...]
    redemptions: int
    redemption_sales: float
    redeemers: int
    guest_redemptions: int
    by_code: pd.DataFrame
    repeat: pd.DataFrame
    warnings: tuple[Message, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict[str, object]:
        """Return the JSON form (the ``coupon`` block of ``uplift``)."""
        return {
            "codes": list(self.codes),
            "redemptions": self.redemptions,
            "redemption_sales": self.redemption_sales,
            "redeemers": self.redeemers,
            "guest_redemptions": self.guest_redemptions,
            "by_code": self.by_code.to_dict(orient="records"),
            "repeat": self.repeat.to_dict(orient="records"),
            "label": "directional: redeemers chose to use a coupon; matching removes season and history only",
            "method": (
                "redeemers at their first redemption day vs customers who never used a code at their first "
                "purchase day of each month, matched on calendar month and earlier purchase days "
                "(0, 1, 2, 3+); "
                "comparison rate standardised to the redeemers' mix; 95% normal CI of the difference; only "
                "index days at least N days before the last order day count"
            ),
            "warnings": [str(w) for w in self.warnings],
        }


def _repeat_row(horizon: int, redeemers: pd.DataFrame, pool: pd.DataFrame, last_day: pd.Timestamp) -> dict:
    cutoff = last_day - pd.Timedelta(days=horizon)
    red = redeemers[redeemers["order_day"] <= cutoff].assign(repeated=lambda d: d["next_gap"] <= horizon)
    com = pool[pool["order_day"] <= cutoff].assign(repeated=lambda d: d["next_gap"] <= horizon)
    comp_rates = com.groupby("stratum")["repeated"].agg(["mean", "size"])
    matched = red[red["stratum"].isin(comp_rates.index)]
    row: dict[str, object] = {
        "days": horizon,
        "redeemers_eligible": len(red),
        "redeemers_repeated": int(red["repeated"].sum()),
        "redeemer_rate": float(red["repeated"].mean()) if len(red) else math.nan,
        "redeemers_matched": len(matched),
        "comparison_occasions": len(com),
        "comparison_rate_unadjusted": float(com["repeated"].mean()) if len(com) else math.nan,
        "matched_redeemer_rate": math.nan,
        "comparison_rate": math.nan,
        "difference": math.nan,
        "difference_ci": [math.nan, math.nan],
    }
    if len(matched) == 0:
        return row
    weights = matched["stratum"].value_counts(normalize=True)
    rates = comp_rates.loc[weights.index]
    comparison = float((weights * rates["mean"]).sum())
    red_rate = float(matched["repeated"].mean())
    # Variance of a standardised rate: sum of w^2 p (1 - p) / n over strata, plus the redeemers' binomial.
    var = float((weights**2 * rates["mean"] * (1 - rates["mean"]) / rates["size"]).sum())
    var += red_rate * (1 - red_rate) / len(matched)
    half = float(stats.norm.ppf(0.975)) * math.sqrt(var)
    diff = red_rate - comparison
    row.update(
        matched_redeemer_rate=red_rate,
        comparison_rate=comparison,
        difference=diff,
        difference_ci=[diff - half, diff + half],
    )
    return row


def coupon_effect(
    orders: pd.DataFrame, *, codes: Iterable[str] | None = None, horizons: Iterable[int] = HORIZONS
) -> CouponEffect:
    """Count coupon redemptions and compare redeemers' repeat rate with comparable non-redeemers.

    ``codes`` limits the analysis to some codes (trimmed, case-insensitive); customers who used other
    codes are then left out of both sides. For each horizon N (30/60/90 days) the repeat rate is the
    share of redeemers with another purchase day within N days after their first redemption day,
    counting only index days at least N days before the last order day in the data.

    Raises
    ------
    ArgumentError
        When the orders have no coupon column, or no order carries one of the requested codes.

    Examples
    --------
    >>> from analytics.frames import orders_frame
    >>> o = orders_frame(customer_id=["a", "a", "b"], order_day=["2025-01-01", "2025-01-10", "2025-01-02"],
    ...                  coupon_code=["SAVE5", None, None])
    >>> coupon_effect(o, horizons=[5]).redemptions
    1
    """
    if "coupon_code" not in orders.columns:
        raise ArgumentError("campaign.no_coupon_column", option=Term("option.map_coupon_code"))
    code = _normalised_codes(orders["coupon_code"])
    used = code.notna()
    wanted = sorted({str(c).strip().casefold() for c in codes}) if codes is not None else None
    selected = used & code.isin(wanted) if wanted is not None else used
    if not selected.any():
        if wanted:
            raise ArgumentError("campaign.no_coupon_orders", codes=wanted)
        raise ArgumentError("campaign.no_coupon_used")
    redemptions = orders[selected]
    identified = redemptions["customer_id"].notna()
    by_code = (
        redemptions.assign(key=code[selected], code=redemptions["coupon_code"].astype("str").str.strip())
        .groupby("key")
        .agg(
            code=("code", "first"),
            redemptions=("amount", "size"),
            redeemers=("customer_id", "nunique"),
            sales=("amount", "sum"),
        )
        .reset_index(drop=True)
    )
    redemption_days = redemptions.loc[identified, ["customer_id", "order_day"]].drop_duplicates()
    occasions = purchase_occasions(orders, redemption_days)
    occasions["stratum"] = (
        occasions["order_day"].dt.strftime("%Y-%m")
        + "/"
        + occasions["prior"].clip(upper=MAX_PRIOR_BUCKET).astype("str")
    )
    redeemer_ids = redemption_days["customer_id"].unique()
    redeemers = occasions[occasions["redeemed"]].drop_duplicates("customer_id")
    # Never-users of any code form the comparison pool, so other coupons cannot blur the contrast.
    any_code_ids = orders.loc[used & orders["customer_id"].notna(), "customer_id"].unique()
    pool = occasions[
        ~among(occasions["customer_id"], any_code_ids) & ~among(occasions["customer_id"], redeemer_ids)
    ]
    pool = pool.assign(month=pool["order_day"].dt.to_period("M")).drop_duplicates(["customer_id", "month"])
    last_day = orders["order_day"].max()
    repeat = pd.DataFrame.from_records([_repeat_row(int(h), redeemers, pool, last_day) for h in horizons])
    warnings = []
    if len(pool) == 0:
        warnings.append(Message("campaign.everyone_used_coupons"))
    short = repeat.loc[repeat["redeemers_eligible"] == 0, "days"].tolist()
    if short:
        warnings.append(Message("campaign.coupon_horizon_unobserved", {"last": last_day, "days": short}))
    return CouponEffect(
        codes=tuple(wanted) if wanted is not None else tuple(by_code["code"]),
        redemptions=len(redemptions),
        redemption_sales=float(redemptions["amount"].sum()),
        redeemers=len(redeemer_ids),
        guest_redemptions=int((~identified).sum()),
        by_code=by_code,
        repeat=repeat,
        warnings=tuple(warnings),
    )


__all__ = ["HORIZONS", "CouponEffect", "coupon_effect", "purchase_occasions"]
