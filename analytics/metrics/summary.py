"""The period summary: every headline figure of DESIGN.md from one pass over the purchase days."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analytics.metrics.members import MemberComparison, comparison_from_activity, membership
from analytics.metrics.orderbook import Orders, orders_and_log
from analytics.metrics.period import Period
from analytics.metrics.ratio import Ratio
from analytics.metrics.refunds import UNKNOWN_REFUNDS, PeriodRefunds, period_refunds
from analytics.metrics.repeat import DEFAULT_REPURCHASE_DAYS, Repurchase, repurchase_from_log
from analytics.metrics.returning import Returning, returning_from_activity
from analytics.metrics.share import plain
from analytics.metrics.tiers import TierFigures, tiers_from_activity


@dataclass(frozen=True, eq=False)
class Summary:
    """The figures store managers come for, for one period (definitions in DESIGN.md).

    ``members`` and ``tiers`` are None when nothing tells who is a member (no member list and no
    member/tier columns in the orders). ``refund`` holds the period's refunds by refund lines
    (taken on the day they happen, :func:`analytics.metrics.refunds.period_refunds`) and whether
    readers show them; ``sales`` stays gross of them.
    """

    period: Period
    customers: int
    orders: int
    sales: float
    repeat_purchase_rate: Ratio
    returning: Returning
    repurchase: Repurchase
    members: MemberComparison | None
    tiers: tuple[TierFigures, ...] | None
    refund: PeriodRefunds = UNKNOWN_REFUNDS

    @property
    def refunds(self) -> float | None:
        """Return the money refunded in the period, None when the source keeps no refund lines."""
        return self.refund.amount

    @property
    def average_order_value(self) -> float | None:
        """Return the period's sales per valid order (guests included), None without an order."""
        return self.sales / self.orders if self.orders else None

    @property
    def net_sales(self) -> float | None:
        """Return sales less the refunds made in the period, None when refunds are unknown."""
        return self.refund.net(self.sales)

    def to_dict(self) -> dict[str, object]:
        """Return DESIGN.md's keys as plain numbers (null when undefined) plus a ``confidence`` block.

        ``confidence`` holds, per rate, numerator, denominator, Wilson 95% interval and the
        small-sample flag (fewer than 30 customers behind the rate).
        """
        confidence: dict[str, object] = {
            "repeat_purchase_rate": self.repeat_purchase_rate.to_dict(),
            "returning_customer_rate": self.returning.customers.to_dict(),
            "repurchase_within_days": self.repurchase.rate.to_dict(),
        }
        if self.members is not None:
            confidence["members"] = {
                "member": {"repeat_purchase_rate": self.members.member.repeat_purchase_rate.to_dict()},
                "non_member": {
                    "repeat_purchase_rate": self.members.non_member.repeat_purchase_rate.to_dict()
                },
            }
        if self.tiers is not None:
            confidence["tiers"] = [
                {"tier": t.tier, "repeat_purchase_rate": t.repeat_purchase_rate.to_dict()} for t in self.tiers
            ]
        return {
            "period": self.period.to_dict(),
            "customers": self.customers,
            "orders": self.orders,
            "sales": self.sales,
            "refunds": self.refunds,
            "net_sales": self.net_sales,
            "repeat_purchase_rate": plain(self.repeat_purchase_rate.value),
            "returning_customer_rate": plain(self.returning.customers.value),
            "returning_sales_share": plain(self.returning.sales_share.value),
            "unidentified_sales_share": plain(self.returning.unidentified_sales_share.value),
            "repurchase_within_days": self.repurchase.to_dict(),
            "members": None if self.members is None else self.members.to_dict(),
            "tiers": None if self.tiers is None else [t.to_dict() for t in self.tiers],
            "confidence": confidence,
        }


def summarize(
    orders: pd.DataFrame | Orders,
    *,
    period: Period,
    members: pd.DataFrame | None = None,
    repurchase_days: int = DEFAULT_REPURCHASE_DAYS,
    members_source: str = "the member list",
    refunds: pd.DataFrame | None = None,
) -> Summary:
    """Compute the period's headline figures: customers, orders, sales, repeat and returning rates.

    Definitions (DESIGN.md): a purchase day is a calendar day with >= 1 valid order of an
    identified customer; customers are identified customers with an order in the period; orders
    and sales include guests; repeat_purchase_rate = customers with 2+ purchase days in the period /
    customers; a returning customer's first purchase day in ALL loaded data is before the start;
    repurchase_within_days: see :func:`analytics.metrics.repeat.repurchase_within_days`. Members come
    from ``members`` (a member list; ``members_source`` names it in errors) or else from the
    orders' is_member / tier columns (see :func:`analytics.metrics.members.membership`).
    ``refunds`` (refund lines, :attr:`analytics.loading.OrdersLoad.refunds`) gives the period's
    refunds (those whose day is in the period) and net_sales = sales - refunds; without it both are
    unknown (None).

    Examples
    --------
    >>> from analytics.frames import orders_frame
    >>> o = orders_frame(customer_id=["a", "a", "b", None], amount=[10, 20, 30, 40],
    ...                  order_day=["2025-01-01", "2025-01-05", "2025-01-06", "2025-01-06"])
    >>> s = summarize(o, period=Period(pd.Timestamp("2025-01-01"), pd.Timestamp("2025-01-06")))
    >>> s.customers, s.orders, s.sales, s.repeat_purchase_rate.value
    (2, 4, 100.0, 0.5)
    """
    orders, log = orders_and_log(orders)
    activity = log.activity(period)
    resolved = membership(orders, members, source=members_source)
    everyone = activity.group()
    return Summary(
        period=period,
        customers=everyone.customers,
        orders=activity.orders,
        sales=activity.sales,
        repeat_purchase_rate=everyone.repeat_purchase_rate,
        returning=returning_from_activity(log, activity),
        repurchase=repurchase_from_log(log, period, repurchase_days),
        members=None if resolved is None else comparison_from_activity(log, activity, resolved),
        tiers=None if resolved is None else tuple(tiers_from_activity(log, activity, resolved)),
        refund=period_refunds(refunds, period),
    )
