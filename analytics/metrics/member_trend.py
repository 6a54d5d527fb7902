"""Members' share of sales and of buyers, day by day over a short window (say the last 10 days)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analytics.metrics.keys import among
from analytics.metrics.members import membership
from analytics.metrics.period import Period
from analytics.metrics.share import Share

# A short window a manager checks after a member event or a promotion.
DEFAULT_TREND_DAYS = 10


@dataclass(frozen=True)
class MemberDay:
    """One day: all sales (guests included) and members' sales; identified buyers and member buyers."""

    day: pd.Timestamp
    sales: float
    member_sales: float
    buyers: int
    member_buyers: int

    @property
    def sales_share(self) -> Share:
        """Return members' sales as a share of the day's sales (nan on a day without sales)."""
        return Share(self.member_sales, self.sales)

    @property
    def buyers_share(self) -> float:
        """Return member buyers / identified buyers of the day (nan on a day without buyers)."""
        return self.member_buyers / self.buyers if self.buyers else float("nan")


@dataclass(frozen=True)
class MemberTrend:
    """Members' daily shares over ``period`` (every day listed, days without orders included)."""

    period: Period
    days: tuple[MemberDay, ...]

    def to_frame(self) -> pd.DataFrame:
        """Return per day: day, sales, member_sales, sales_share, buyers, member_buyers, buyers_share."""
        return pd.DataFrame(
            {
                "day": [d.day for d in self.days],
                "sales": [d.sales for d in self.days],
                "member_sales": [d.member_sales for d in self.days],
                "sales_share": [d.sales_share.value for d in self.days],
                "buyers": [d.buyers for d in self.days],
                "member_buyers": [d.member_buyers for d in self.days],
                "buyers_share": [d.buyers_share for d in self.days],
            }
        )


def member_daily_trend(
    orders: pd.DataFrame,
    *,
    end: pd.Timestamp,
    days: int = DEFAULT_TREND_DAYS,
    members: pd.DataFrame | None = None,
) -> MemberTrend | None:
    """Compute members' share of sales and of buyers for each of the ``days`` days ending on ``end``.

    Who is a member is decided as everywhere else (:func:`analytics.metrics.members.membership`:
    the member list, else the orders' member/tier columns); None when nothing tells. A day's share
    of sales is members' sales / all the day's sales, guests included (as the Overview's card);
    its share of buyers is member buyers / identified buyers of that day. The window starts no
    earlier than the first order day.

    Examples
    --------
    >>> from analytics.frames import orders_frame
    >>> o = orders_frame(customer_id=["a", "b", None, "a"], amount=[30, 10, 60, 20],
    ...                  order_day=["2025-01-01", "2025-01-01", "2025-01-01", "2025-01-02"])
    >>> t = member_daily_trend(o, end=pd.Timestamp("2025-01-02"), days=2,
    ...                        members=pd.DataFrame({"customer_id": ["a"]}))
    >>> [(d.sales_share.value, d.buyers_share) for d in t.days]
    [(0.3, 0.5), (1.0, 1.0)]
    """
    resolved = membership(orders, members)
    if resolved is None:
        return None
    start, end = trend_window(end, days, orders["order_day"].min())
    return member_trend_of(orders[orders["order_day"].between(start, end)], resolved, start=start, end=end)


def trend_window(end: pd.Timestamp, days: int, data_first: pd.Timestamp) -> tuple[pd.Timestamp, pd.Timestamp]:
    """Return the first and last day of :func:`member_daily_trend`'s window (from the data's first day)."""
    end = pd.Timestamp(end).normalize()
    return max(end - pd.Timedelta(days=days - 1), data_first), end


def member_trend_of(
    window: pd.DataFrame, resolved: pd.DataFrame, *, start: pd.Timestamp, end: pd.Timestamp
) -> MemberTrend:
    """Return :func:`member_daily_trend` from the window's orders and the resolved membership.

    ``window``: order_day, customer_id (NA: a guest) and amount of the window's orders, or of each
    (day, customer)'s orders summed (as a history's engine returns them: the same sums and buyers).
    ``resolved``: :func:`analytics.metrics.members.membership`'s answer.
    """
    identified = window["customer_id"].notna().to_numpy()
    is_member = among(window["customer_id"], resolved["customer_id"]) & identified
    frame = pd.DataFrame(
        {
            "day": window["order_day"].to_numpy(),
            "amount": window["amount"].to_numpy(),
            "member_amount": np.where(is_member, window["amount"].to_numpy(), 0.0),
            "customer_id": window["customer_id"].to_numpy(),
            "member_id": window["customer_id"].where(is_member).to_numpy(),
        }
    )
    by_day = frame.groupby("day").agg(
        sales=("amount", "sum"),
        member_sales=("member_amount", "sum"),
        buyers=("customer_id", "nunique"),
        member_buyers=("member_id", "nunique"),
    )
    calendar = pd.date_range(start, end, freq="D")
    by_day = by_day.reindex(calendar, fill_value=0)
    return MemberTrend(
        Period(start, end),
        tuple(
            # Money to the ten-thousandth, as an engine sums it exactly (a float sum a hair under
            # a half would show one unit less than the exact sum).
            MemberDay(
                day,
                round(float(r.sales), 4),
                round(float(r.member_sales), 4),
                int(r.buyers),
                int(r.member_buyers),
            )
            for day, r in zip(calendar, by_day.itertuples(), strict=True)
        ),
    )
