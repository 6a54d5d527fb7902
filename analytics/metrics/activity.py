"""The period's figures from the per-customer activity an engine computed, instead of the order rows.

A history in a database engine answers :func:`analytics.store.queries.customer_activity` (one row
per customer of the period: first and second purchase day over all history, purchase days, orders
and sales in the period) and :func:`~analytics.store.queries.period_totals`; these functions
finish DESIGN.md's figures from those small tables with the definitions of
:mod:`analytics.metrics.summary` and return the same :class:`~analytics.metrics.summary.Summary`,
so the JSON, the pages and the report cannot tell where the figures were computed.

Money arrives as whole ten-thousandths (exact integer sums) and is turned into currency only
at the end, so every engine gives the same figures to the last digit.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analytics.errors import ArgumentError, Term
from analytics.metrics.members import MemberComparison
from analytics.metrics.period import Period
from analytics.metrics.purchases import GroupFigures
from analytics.metrics.ratio import Ratio
from analytics.metrics.repeat import DEFAULT_REPURCHASE_DAYS, Repurchase
from analytics.metrics.returning import Returning
from analytics.metrics.share import Share
from analytics.metrics.summary import Summary
from analytics.metrics.tiers import TierFigures, tier_rows

# Money sums arrive in units of 1/MONEY_UNITS (see analytics.store.queries).
MONEY_UNITS = 10_000


@dataclass(frozen=True, eq=False)
class CustomerActivity:
    """A period's activity as an engine returns it.

    Attributes
    ----------
    period
        The period the activity covers.
    customers
        One row per identified customer with an order in the period: customer_id, first_day,
        second_day (NaT when none or not asked), purchase_days, orders, sales_units.
    orders, sales_units, guest_orders, guest_sales_units
        The period's orders and sales (guests included) and the guests' part.
    last_day
        The history's last order day (guests included): the end of what the data can show.
    """

    period: Period
    customers: pd.DataFrame
    orders: int
    sales_units: int
    guest_orders: int
    guest_sales_units: int
    last_day: pd.Timestamp

    @property
    def sales(self) -> float:
        """Return the period's sales in currency."""
        return self.sales_units / MONEY_UNITS

    def group(self, mask: np.ndarray | None = None) -> GroupFigures:
        """Return the figures of the customers selected by ``mask`` (all identified customers if None)."""
        rows = self.customers if mask is None else self.customers[mask]
        days = rows["purchase_days"].to_numpy()
        return GroupFigures(
            customers=len(rows),
            orders=int(rows["orders"].sum()),
            sales=int(rows["sales_units"].sum()) / MONEY_UNITS,
            repeat_purchase_rate=Ratio(int(np.count_nonzero(days >= 2)), len(rows)),
        )


def returning_from_customers(activity: CustomerActivity) -> Returning:
    """Return the returning-customer figures: first purchase day in all history before the start."""
    table = activity.customers
    returning = (table["first_day"] < activity.period.start).to_numpy()
    return Returning(
        customers=Ratio(int(returning.sum()), len(table)),
        sales_share=Share(int(table["sales_units"][returning].sum()) / MONEY_UNITS, activity.sales),
        unidentified_sales_share=Share(activity.guest_sales_units / MONEY_UNITS, activity.sales),
    )


def repurchase_from_customers(activity: CustomerActivity, days: int) -> Repurchase:
    """Return repurchase within ``days``: cohort f in the period, f <= last day - days; back by f+days."""
    if days < 1:
        raise ArgumentError(
            "metrics.repurchase_days_too_small", days=days, option=Term("option.repurchase_days")
        )
    table = activity.customers
    first = table["first_day"]
    latest = min(activity.period.end, activity.last_day - pd.Timedelta(days=days))
    eligible = (first >= activity.period.start) & (first <= latest)
    gap = (table["second_day"] - first).dt.days
    returned = eligible & gap.le(days).fillna(False).astype(bool)
    return Repurchase(days, Ratio(int(returned.sum()), int(eligible.sum())))


def _member_mask(activity: CustomerActivity, members: pd.DataFrame) -> np.ndarray:
    return activity.customers["customer_id"].isin(members["customer_id"].astype("str")).to_numpy()


def comparison_from_customers(activity: CustomerActivity, members: pd.DataFrame) -> MemberComparison:
    """Return members vs non-members among the period's customers (shares of all sales)."""
    mask = _member_mask(activity, members)
    return MemberComparison(activity.group(mask), activity.group(~mask), activity.sales)


def tiers_from_customers(activity: CustomerActivity, members: pd.DataFrame) -> list[TierFigures]:
    """Return per tier (low to high, then members without a tier): members, buyers, orders, sales, repeat."""

    def per_customer(member_ids: pd.Series, tier_code: np.ndarray) -> np.ndarray:
        by_customer = pd.Series(tier_code, index=member_ids.astype("str"))
        return activity.customers["customer_id"].map(by_customer).fillna(-1).to_numpy(dtype=np.int64)

    return tier_rows(members, per_customer, activity.group, activity.sales)


def summary_from_customers(
    activity: CustomerActivity,
    *,
    members: pd.DataFrame | None,
    repurchase_days: int = DEFAULT_REPURCHASE_DAYS,
) -> Summary:
    """Return the period's headline figures (:func:`analytics.metrics.summary.summarize`'s) from the activity.

    ``members`` is the resolved membership (:func:`analytics.metrics.members.membership`), or None
    when nothing tells who is a member.
    """
    everyone = activity.group()
    return Summary(
        period=activity.period,
        customers=everyone.customers,
        orders=activity.orders,
        sales=activity.sales,
        repeat_purchase_rate=everyone.repeat_purchase_rate,
        returning=returning_from_customers(activity),
        repurchase=repurchase_from_customers(activity, repurchase_days),
        members=None if members is None else comparison_from_customers(activity, members),
        tiers=None if members is None else tuple(tiers_from_customers(activity, members)),
    )


def activity_from_orders(orders: pd.DataFrame, period: Period) -> CustomerActivity:
    """Return the activity of ``period`` computed from order rows in memory (a SQLite history read back).

    The same table as :func:`analytics.store.queries.customer_activity` and the same totals as
    :func:`~analytics.store.queries.period_totals`: money in whole 1/10,000 units, so the figures
    equal an engine's to the last digit.

    Examples
    --------
    >>> from analytics.frames import orders_frame
    >>> o = orders_frame(customer_id=["a", "a", "b", None], amount=[10, 20, 30, 40],
    ...                  order_day=["2025-01-01", "2025-01-05", "2025-01-06", "2025-01-06"])
    >>> a = activity_from_orders(o, Period(pd.Timestamp("2025-01-05"), pd.Timestamp("2025-01-06")))
    >>> a.customers[["customer_id", "purchase_days", "orders"]].values.tolist(), a.sales, a.guest_orders
    ([['a', 1, 1], ['b', 1, 1]], 90.0, 1)
    """
    day = orders["order_day"].astype("datetime64[ns]")
    units = np.round(orders["amount"].to_numpy(dtype=np.float64, na_value=0.0) * MONEY_UNITS).astype(np.int64)
    customer = orders["customer_id"]
    guest = customer.isna().to_numpy()
    in_period = ((day >= period.start) & (day <= period.end)).to_numpy()
    rows = pd.DataFrame({"customer_id": customer.astype("str"), "day": day, "units": units})
    active = rows[in_period & ~guest]
    per = active.groupby("customer_id", sort=True).agg(
        purchase_days=("day", "nunique"), orders=("day", "size"), sales_units=("units", "sum")
    )
    history = rows[~guest & rows["customer_id"].isin(per.index).to_numpy()][["customer_id", "day"]]
    days = history.drop_duplicates().sort_values(["customer_id", "day"], kind="stable")
    rank = days.groupby("customer_id", sort=False).cumcount()
    first = days[rank == 0].set_index("customer_id")["day"]
    second = days[rank == 1].set_index("customer_id")["day"]
    table = pd.DataFrame(
        {
            "customer_id": per.index.astype("str"),
            "first_day": first.reindex(per.index).to_numpy(dtype="datetime64[ns]"),
            "second_day": second.reindex(per.index).to_numpy(dtype="datetime64[ns]"),
            "purchase_days": per["purchase_days"].to_numpy(dtype=np.int64),
            "orders": per["orders"].to_numpy(dtype=np.int64),
            "sales_units": per["sales_units"].to_numpy(dtype=np.int64),
        }
    )
    return CustomerActivity(
        period=period,
        customers=table,
        orders=int(in_period.sum()),
        sales_units=int(units[in_period].sum()),
        guest_orders=int((in_period & guest).sum()),
        guest_sales_units=int(units[in_period & guest].sum()),
        last_day=day.max(),
    )
