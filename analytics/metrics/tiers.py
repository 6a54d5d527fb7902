"""Membership tiers: their order (low to high) and the period's figures per tier."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analytics.metrics.orderbook import Orders, purchase_log
from analytics.metrics.period import Period
from analytics.metrics.purchases import GroupFigures, PeriodActivity, PurchaseLog
from analytics.metrics.ratio import Ratio
from analytics.metrics.share import Share, plain
from analytics.schema import tier_order


def order_tiers(labels: Iterable[str]) -> list[str]:
    """Return tier labels from low to high on the one tier ladder (:func:`analytics.schema.tier_order`).

    Known names rank by the ladder (普通 < 高级 < 金卡 < VIP < 钻石 < 黑卡 < 至尊, bronze < silver < gold
    < platinum < diamond), numbered tiers (V1, LV3, 2级) by their number; unknown labels come after
    them, alphabetically. A member list given as an ordered Categorical keeps its own order.

    Examples
    --------
    >>> order_tiers(["VIP会员", "至尊VIP会员", "普通会员", "高级会员"])
    ['普通会员', '高级会员', 'VIP会员', '至尊VIP会员']
    >>> order_tiers(["V10", "V2", "V1"])
    ['V1', 'V2', 'V10']
    """
    # Sorted first so that unknown labels, kept in the order given, come out alphabetically.
    return tier_order(sorted({str(label) for label in labels}))


def ordered_tier(values: pd.Series) -> pd.Categorical:
    """Return ``values`` as an ordered Categorical: an existing order kept, else :func:`order_tiers`."""
    if isinstance(values.dtype, pd.CategoricalDtype) and values.dtype.ordered:
        return pd.Categorical(values)
    cleaned = values.astype("str").str.strip().replace("", pd.NA)
    return pd.Categorical(cleaned, categories=order_tiers(cleaned.dropna().unique()), ordered=True)


@dataclass(frozen=True, eq=False)
class TierFigures:
    """One tier's figures in a period; ``tier`` is None for members without a tier."""

    tier: str | None
    members: int
    buyers: int
    orders: int
    sales: Share
    repeat_purchase_rate: Ratio

    @property
    def aov(self) -> float:
        """Return the tier's average order value in the period (nan without orders)."""
        return self.sales.part / self.orders if self.orders else float("nan")

    def to_dict(self) -> dict[str, object]:
        """Return the DESIGN.md tier row (tier, members, buyers, sales, sales_share, aov, repeat rate)."""
        return {
            "tier": self.tier,
            "members": self.members,
            "buyers": self.buyers,
            "orders": self.orders,
            "sales": self.sales.part,
            "sales_share": plain(self.sales.value),
            "aov": plain(self.aov),
            "repeat_purchase_rate": plain(self.repeat_purchase_rate.value),
        }


def tiers_from_activity(
    log: PurchaseLog, activity: PeriodActivity, members: pd.DataFrame
) -> list[TierFigures]:
    """Compute :func:`tier_breakdown` on a prepared log and period activity."""

    def per_customer(customer_ids: pd.Series, tier_code: np.ndarray) -> np.ndarray:
        customer_code = log.codes_of(customer_ids)
        # Members who never ordered count in their tier's size but have no activity to add.
        per_customer_tier = np.full(log.n_customers, -1, dtype=np.int64)
        ordered = customer_code >= 0
        per_customer_tier[customer_code[ordered]] = tier_code[ordered]
        return per_customer_tier

    return tier_rows(members, per_customer, activity.group, activity.sales)


def tier_rows(
    members: pd.DataFrame,
    per_customer: Callable[[pd.Series, np.ndarray], np.ndarray],
    group: Callable[[np.ndarray], GroupFigures],
    sales: float,
) -> list[TierFigures]:
    """Return one :class:`TierFigures` per tier (low to high, then members without a tier: tier None).

    ``per_customer(member_ids, tier_numbers)`` returns the tier number of each customer of the
    activity (-1 for non-members), ``group(mask)`` the figures of the customers selected by a mask
    of that length, and ``sales`` the period's sales (guests included): an order log in memory and
    an engine's per-customer table (:mod:`analytics.metrics.activity`) give their own two functions.
    """
    tier = (
        pd.Categorical(members["tier"])
        if "tier" in members.columns
        else pd.Categorical([None] * len(members))
    )
    tier_code = np.asarray(tier.codes, dtype=np.int64)
    labels: list[str | None] = [str(c) for c in tier.categories]
    if (tier_code < 0).any():
        labels.append(None)
        tier_code = np.where(tier_code < 0, len(labels) - 1, tier_code)
    per_customer_tier = per_customer(members["customer_id"], tier_code)
    sizes = np.bincount(tier_code, minlength=len(labels))
    rows = []
    for k, label in enumerate(labels):  # one iteration per tier (a handful), not per row
        figures = group(per_customer_tier == k)
        rows.append(
            TierFigures(
                tier=label,
                members=int(sizes[k]),
                buyers=figures.customers,
                orders=figures.orders,
                sales=Share(figures.sales, sales),
                repeat_purchase_rate=figures.repeat_purchase_rate,
            )
        )
    return rows


def tier_breakdown(
    orders: pd.DataFrame | Orders, *, period: Period, members: pd.DataFrame
) -> list[TierFigures]:
    """Compute members, buyers, sales, share of all sales, AOV and repeat rate per tier, low to high.

    ``members`` is a resolved membership frame (see :func:`analytics.metrics.members.membership`):
    members count in their tier whether or not they bought; buyers are the tier's members with an
    order in the period; sales_share is of all the period's sales (guests and non-members
    included); repeat_purchase_rate is among the tier's buyers. Members without a tier form a
    last row with tier None.

    Examples
    --------
    >>> from analytics.frames import orders_frame
    >>> from analytics.metrics.period import Period
    >>> o = orders_frame(customer_id=["a", "b", "b"], order_day=["2025-01-01", "2025-01-02", "2025-01-03"])
    >>> tier = pd.Categorical(["gold", "silver", "gold"], ["silver", "gold"], ordered=True)
    >>> m = pd.DataFrame({"customer_id": ["a", "b", "z"], "tier": tier})
    >>> rows = tier_breakdown(o, period=Period(o.order_day.min(), o.order_day.max()), members=m)
    >>> [(t.tier, t.members, t.buyers) for t in rows]
    [('silver', 1, 1), ('gold', 2, 1)]
    """
    log = purchase_log(orders)
    return tiers_from_activity(log, log.activity(period), members)
