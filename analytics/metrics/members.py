"""Members vs non-members: who is a member, and the period's figures of each group."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analytics.errors import ArgumentError, Term
from analytics.metrics.keys import among
from analytics.metrics.orderbook import Orders, purchase_log
from analytics.metrics.period import Period
from analytics.metrics.purchases import GroupFigures, PeriodActivity, PurchaseLog
from analytics.metrics.share import Share, plain
from analytics.metrics.tiers import order_tiers, ordered_tier

# How many ids of each side an error message shows so the user can spot the mismatch.
_SHOWN_IDS = 3


def _sample(ids: pd.Series) -> list[str]:
    return [repr(str(x)) for x in ids.dropna().unique()[:_SHOWN_IDS]]


def _from_member_list(orders: pd.DataFrame, members: pd.DataFrame, source: str) -> pd.DataFrame:
    ids = members["customer_id"].astype("str").str.strip().replace("", pd.NA) if len(members) else None
    if ids is None or ids.notna().sum() == 0:
        raise ArgumentError("metrics.no_members", file=source, option=Term("option.map_customer_id"))
    order_ids = orders["customer_id"].dropna()
    if not among(ids, order_ids).any():
        raise ArgumentError(
            "metrics.members_not_in_orders",
            file=source,
            count=int(ids.nunique()),
            member_ids=_sample(ids),
            order_ids=_sample(order_ids),
            option=Term("option.map_customer_id"),
        )
    frame = pd.DataFrame({"customer_id": ids})
    frame["tier"] = (
        ordered_tier(members["tier"])
        if "tier" in members.columns
        else pd.Categorical([None] * len(members), categories=[], ordered=True)
    )
    if "joined" in members.columns:
        frame["joined"] = members["joined"]
    # A customer listed twice keeps the first row, as the CRM lists current status first.
    return frame[ids.notna()].drop_duplicates("customer_id").reset_index(drop=True)


def _from_order_columns(orders: pd.DataFrame) -> pd.DataFrame | None:
    has_flag, has_tier = "is_member" in orders.columns, "tier" in orders.columns
    if not (has_flag or has_tier):
        return None
    identified = orders[orders["customer_id"].notna()]
    tier = identified["tier"].astype("str").str.strip().replace("", pd.NA) if has_tier else None
    if has_flag:
        member_ids = identified.loc[
            identified["is_member"].fillna(False).astype(bool), "customer_id"
        ].unique()
    else:
        member_ids = identified.loc[tier.notna(), "customer_id"].unique()
    frame = pd.DataFrame({"customer_id": pd.array(member_ids, dtype="str")})
    if has_tier:
        tiered = pd.DataFrame(
            {"customer_id": identified["customer_id"], "tier": tier, "time": identified["order_time"]}
        )
        tiered = tiered[tiered["tier"].notna()].sort_values("time", kind="stable")
        latest = tiered.drop_duplicates("customer_id", keep="last").set_index("customer_id")["tier"]
        labels = frame["customer_id"].map(latest)
        source_dtype = identified["tier"].dtype
        if isinstance(source_dtype, pd.CategoricalDtype) and source_dtype.ordered:
            categorical = pd.Categorical(labels, dtype=source_dtype)
        else:
            # Every tier seen in the orders is a category, even one whose customers moved up since.
            categorical = pd.Categorical(labels, categories=order_tiers(tier.dropna().unique()), ordered=True)
        frame["tier"] = categorical
    else:
        frame["tier"] = pd.Categorical([None] * len(frame), categories=[], ordered=True)
    return frame


def membership(
    orders: pd.DataFrame, members: pd.DataFrame | None = None, *, source: str = "the member list"
) -> pd.DataFrame | None:
    """Resolve who is a member, once, from a member list or else from the orders' own columns.

    With ``members`` (customer_id, tier, joined from ``analytics.loading.load_members``) the list
    decides: identified customers absent from it are non-members. Without it, the orders'
    ``is_member`` / ``tier`` columns decide: a customer is a member if any of their orders says so
    (or, with only a tier column, carries a tier), and their tier is the latest non-empty one.

    Returns
    -------
    DataFrame or None
        One row per member: customer_id (str), tier (ordered Categorical, low to high; NA when
        unknown) and joined when the list has it. None when nothing tells who is a member.

    Raises
    ------
    ArgumentError
        When the member list (named ``source`` in the message) has no members, or none of its
        ids matches a customer of the orders (the message shows ids from both sides).

    Examples
    --------
    >>> from analytics.frames import orders_frame
    >>> o = orders_frame(customer_id=["a", "a", "b"], order_day=["2025-01-01", "2025-01-02", "2025-01-01"],
    ...                  is_member=[False, True, False], tier=[None, "gold", None])
    >>> membership(o)["customer_id"].tolist()
    ['a']
    """
    if members is not None:
        return _from_member_list(orders, members, source)
    return _from_order_columns(orders)


def member_mask(log: PurchaseLog, members: pd.DataFrame) -> np.ndarray:
    """Return, per customer code of ``log``, whether the customer is a member."""
    mask = np.zeros(log.n_customers, dtype=bool)
    codes = log.codes_of(members["customer_id"])
    mask[codes[codes >= 0]] = True
    return mask


@dataclass(frozen=True, eq=False)
class MemberComparison:
    """Members vs non-members among the period's identified customers.

    Guests are in neither group, so the two sales shares (of all sales) need not sum to 1: the
    rest is the unidentified share.
    """

    member: GroupFigures
    non_member: GroupFigures
    sales: float

    def sales_share(self, group: GroupFigures) -> Share:
        """Return ``group``'s sales as a share of ALL the period's sales (guests included)."""
        return Share(group.sales, self.sales)

    def to_dict(self) -> dict[str, dict[str, object]]:
        """Return ``{member: {...}, non_member: {...}}`` with DESIGN.md's keys per group."""
        return {
            name: self._group_dict(group)
            for name, group in (("member", self.member), ("non_member", self.non_member))
        }

    def _group_dict(self, group: GroupFigures) -> dict[str, object]:
        return {
            "customers": group.customers,
            "orders": group.orders,
            "sales": group.sales,
            "sales_share": plain(self.sales_share(group).value),
            "aov": plain(group.aov),
            "orders_per_customer": plain(group.orders_per_customer),
            "repeat_purchase_rate": plain(group.repeat_purchase_rate.value),
        }


def comparison_from_activity(
    log: PurchaseLog, activity: PeriodActivity, members: pd.DataFrame
) -> MemberComparison:
    """Compute :func:`member_comparison` on a prepared log and period activity."""
    mask = member_mask(log, members)
    return MemberComparison(activity.group(mask), activity.group(~mask), activity.sales)


def member_comparison(
    orders: pd.DataFrame | Orders, *, period: Period, members: pd.DataFrame
) -> MemberComparison:
    """Compare members and non-members of the period: customers, orders, sales, share, AOV, repeat rate.

    ``members`` is the resolved membership frame from :func:`membership`. Each group holds the
    period's identified customers of that kind; sales_share is of ALL the period's sales, guests
    included, so member + non-member shares fall short of 1 by the guests' share.

    Examples
    --------
    >>> from analytics.frames import orders_frame
    >>> o = orders_frame(customer_id=["a", "b", None], amount=[30, 10, 60],
    ...                  order_day=["2025-01-01", "2025-01-02", "2025-01-02"])
    >>> c = member_comparison(o, period=Period(o.order_day.min(), o.order_day.max()),
    ...                       members=pd.DataFrame({"customer_id": ["a"]}))
    >>> c.to_dict()["member"]["sales_share"], c.to_dict()["non_member"]["sales_share"]
    (0.3, 0.1)
    """
    log = purchase_log(orders)
    return comparison_from_activity(log, log.activity(period), members)
