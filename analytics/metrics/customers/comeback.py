"""What makes customers come back: repeat rate by what their first order was, and the second order.

A customer "came back" when they have a second purchase day (another calendar day with a valid
order) anywhere in the loaded data. Their first order is the earliest one (order time, then order
id). The repeat rate of a group is returned customers / customers, with its Wilson 95% interval;
a customer whose first purchase was recent has had less time to come back, so groups are best
compared among customers of similar age (``first_before``).

- ``item``: the first order's product (``item`` column: 宝贝标题, Lineitem name, SKU), the
  ``top_items`` most common first products, the others together in one row (``is_other``);
- ``channel``: the first order's channel;
- ``coupon``: whether the first order used a coupon (``used`` / ``not_used``);
- ``value_band``: the first order's amount in quartile bands of all first orders (``low`` <=
  amount < ``high``, the last band including its top).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analytics.errors import Message, Term
from analytics.metrics.customers.summary import CustomerSummary
from analytics.metrics.orderbook import Orders, orders_and_log
from analytics.metrics.ratio import Ratio, wilson_interval
from analytics.money import Money

DIMENSIONS: tuple[str, ...] = ("item", "channel", "coupon", "value_band")
TOP_ITEMS = 15
# The first order's columns the drivers read (product, channel, coupon, value band).
FIRST_ORDER_COLUMNS: tuple[str, ...] = ("item", "channel", "coupon_code", "amount")
# Windows (days) for "came back within N days" of the second-order figures.
SECOND_ORDER_WINDOWS: tuple[int, ...] = (30, 60, 90, 180)


@dataclass(frozen=True)
class DriverRow:
    """One group of a comeback table, ready to show.

    ``label`` names the group: the item or channel as written (a ``str``), a catalog term
    (``customers.comeback.other_items``, ``customers.comeback.coupon_used`` ...), or for a value
    band a message whose ``low`` and ``high`` are :class:`~analytics.money.Money` amounts,
    so every reader writes them in their own currency and language. ``rate`` is returned /
    customers with its Wilson 95% interval.
    """

    label: str | Term | Message
    customers: int
    returned: int
    rate: Ratio


def _label(name: str, row: pd.Series) -> str | Term | Message:
    if name == "item":
        return Term("customers.comeback.other_items") if row["is_other"] else str(row["value"])
    if name == "coupon":
        return Term(f"customers.comeback.coupon_{row['value']}")
    if name == "value_band":
        return Message(
            "customers.comeback.value_band",
            {"low": Money(float(row["low"]), decimals=2), "high": Money(float(row["high"]), decimals=2)},
        )
    return str(row["value"])


@dataclass(frozen=True, eq=False)
class ComebackDrivers:
    """Repeat rate by the first order's product, channel, coupon use and value band.

    ``tables`` maps each dimension the export supports (see :data:`DIMENSIONS`) to a frame with
    ``value``, ``customers``, ``returned``, ``repeat_rate``, ``ci_low``, ``ci_high`` and, for
    ``item``, ``is_other``; for ``value_band`` ``low`` and ``high``. ``overall`` is everyone's.
    """

    customers: int
    overall: Ratio
    tables: dict[str, pd.DataFrame]

    def rows(self, name: str) -> tuple[DriverRow, ...]:
        """Return the rows of table ``name`` in display order, each with its label (see DriverRow)."""
        return tuple(
            DriverRow(
                label=_label(name, row),
                customers=int(row["customers"]),
                returned=int(row["returned"]),
                rate=Ratio(int(row["returned"]), int(row["customers"])),
            )
            for _, row in self.tables[name].iterrows()
        )

    def to_dict(self) -> dict[str, object]:
        """Return the JSON form: customers, overall rate and each table as a list of rows."""
        return {
            "customers": self.customers,
            "repeat_rate": self.overall.to_dict(),
            **{name: table.to_dict("records") for name, table in self.tables.items()},
        }


def _rates(groups: pd.Series, returned: np.ndarray) -> pd.DataFrame:
    """Return customers, returned, repeat rate and interval per group value, largest group first."""
    frame = pd.DataFrame({"value": groups.to_numpy(), "returned": returned})
    table = (
        frame.groupby("value", sort=False, dropna=False)["returned"]
        .agg(customers="size", returned="sum")
        .reset_index()
    )
    table["returned"] = table["returned"].astype(np.int64)
    table["repeat_rate"] = table["returned"] / table["customers"]
    bounds = [
        wilson_interval(int(k), int(n)) for k, n in zip(table["returned"], table["customers"], strict=True)
    ]
    table["ci_low"] = [b[0] for b in bounds]
    table["ci_high"] = [b[1] for b in bounds]
    return table.sort_values(["customers", "value"], ascending=[False, True], kind="stable").reset_index(
        drop=True
    )


def _summary_rows(customer_ids: pd.Index, summary: CustomerSummary) -> np.ndarray:
    """Return the row of each of a purchase log's customers in a summary's sorted index (-1: absent).

    A summary read from this log names each row's customer code in it (``codes``): checked
    against the ids, that is the answer. Otherwise a summary of the same orders holds the same ids,
    sorted: Arrow sorts them in a few hundredths of a second, where looking 300,000 ids up by
    hashing takes half a second.
    """
    ids = pd.Index(customer_ids, dtype="str")
    index = summary.customers.index
    codes = summary.codes
    in_log = len(codes) == len(index) and (not len(codes) or 0 <= codes.min() <= codes.max() < len(ids))
    if in_log and ids.take(codes).equals(index):
        rows = np.full(len(ids), -1, dtype=np.int64)
        rows[codes] = np.arange(len(codes))
        return rows
    if len(ids) == len(index):
        order = np.asarray(ids.argsort(), dtype=np.intp)
        if ids.take(order).equals(index):
            rows = np.empty(len(ids), dtype=np.int64)
            rows[order] = np.arange(len(ids))
            return rows
    return index.get_indexer(ids)


def _first_orders(orders: pd.DataFrame | Orders, summary: CustomerSummary) -> pd.DataFrame:
    """Return each summary customer's first order (earliest order time, then order id).

    Sorted on the purchase log's integer customer codes and order times; order ids (text) are
    compared only among a customer's orders at the same earliest time (a million orders: ~3 s of
    factorizing ids -> a few tenths of a second).
    """
    frame, log = orders_and_log(orders)
    index = summary.customers.index
    row = np.where(log.code >= 0, _summary_rows(log.customer_ids, summary)[np.maximum(log.code, 0)], -1)
    time = frame["order_time"].to_numpy(dtype="datetime64[ns]").view(np.int64)
    listed = np.flatnonzero(row >= 0)
    earliest = np.full(len(index), np.iinfo(np.int64).max)
    np.minimum.at(earliest, row[listed], time[listed])
    # Orders at their customer's earliest time: a tie is broken by the order id, as text.
    at_earliest = listed[time[listed] == earliest[row[listed]]]
    tied = np.bincount(row[at_earliest], minlength=len(index))[row[at_earliest]] > 1
    # A customer with one order at their earliest time: that order; the ids decide the others.
    tied_rows = at_earliest[tied]
    rank = pd.factorize(frame["order_id"].iloc[tied_rows].astype("str"), sort=True)[0]
    tied_rows = tied_rows[np.lexsort((rank, row[tied_rows]))]
    winners = (
        tied_rows[np.r_[True, row[tied_rows][1:] != row[tied_rows][:-1]]] if len(tied_rows) else tied_rows
    )
    starts = np.concatenate([at_earliest[~tied], winners])
    position = np.full(len(index), -1, dtype=np.int64)
    position[row[starts]] = starts
    found = position >= 0
    # Only the columns the drivers read: taking a million orders' ids and stores costs a tenth of a second.
    columns = [c for c in frame.columns if c in FIRST_ORDER_COLUMNS]
    first = frame[columns].take(position[found]).set_axis(index[found])
    return first if found.all() else first.reindex(index)


def _has_values(first: pd.DataFrame, column: str) -> bool:
    return column in first.columns and bool(first[column].notna().any())


def _value_bands(amount: pd.Series, returned: np.ndarray) -> pd.DataFrame:
    edges = np.unique(np.quantile(amount.to_numpy(dtype=np.float64), [0.0, 0.25, 0.5, 0.75, 1.0]))
    if len(edges) < 2:
        edges = np.array([edges[0], edges[0]])
    # Band i holds edges[i] <= amount < edges[i + 1]; the top band includes the largest amount.
    band = np.clip(np.searchsorted(edges, amount.to_numpy(), side="right") - 1, 0, len(edges) - 2)
    table = _rates(pd.Series(band), returned)
    table["low"] = edges[table["value"].to_numpy()]
    table["high"] = edges[table["value"].to_numpy() + 1]
    return table.sort_values("low", kind="stable").reset_index(drop=True)


def comeback_drivers(
    orders: pd.DataFrame | Orders,
    summary: CustomerSummary,
    *,
    first_before: pd.Timestamp | str | None = None,
    top_items: int = TOP_ITEMS,
) -> ComebackDrivers:
    """Compute the repeat rate by the first order's product, channel, coupon use and value band.

    Parameters
    ----------
    orders
        Canonical orders frame (optional columns ``item``, ``channel``, ``coupon_code``), or an
        :class:`~analytics.metrics.orderbook.Orders` whose purchase log is then reused.
    summary
        The customers' summary (who came back: ``purchase_days`` >= 2).
    first_before
        Only customers whose first purchase day is on or before this day (old enough to have had
        the chance to come back); default all.
    top_items
        First products shown one by one; the rest share one row.

    Examples
    --------
    >>> from analytics.frames import orders_frame
    >>> from analytics.metrics.customers.summary import customer_summary
    >>> o = orders_frame(customer_id=["a", "a", "b"], order_day=["2025-01-01", "2025-01-09", "2025-01-02"],
    ...                  channel=["app", "app", "web"])
    >>> table = comeback_drivers(o, customer_summary(o)).tables["channel"]
    >>> table[["value", "repeat_rate"]].to_numpy().tolist()
    [['app', 1.0], ['web', 0.0]]
    """
    customers, first = summary.customers, _first_orders(orders, summary)
    if first_before is not None:
        old_enough = (customers["first_purchase_day"] <= pd.Timestamp(first_before)).to_numpy()
        customers, first = customers[old_enough], first[old_enough]
    returned = (customers["purchase_days"].to_numpy() >= 2).astype(np.int64)
    tables: dict[str, pd.DataFrame] = {}
    if _has_values(first, "item"):
        items = first["item"].astype("object")
        top = items.value_counts().head(top_items).index
        table = _rates(items.where(items.isin(top), None), returned)
        table["is_other"] = table["value"].isna()
        tables["item"] = pd.concat([table[~table["is_other"]], table[table["is_other"]]], ignore_index=True)
    if _has_values(first, "channel"):
        tables["channel"] = _rates(first["channel"].astype("object"), returned)
    if "coupon_code" in first.columns:
        code = first["coupon_code"].astype("object")
        used = code.notna() & (code.astype("str").str.strip() != "")
        tables["coupon"] = _rates(pd.Series(np.where(used, "used", "not_used")), returned)
    if len(customers):
        tables["value_band"] = _value_bands(first["amount"], returned)
    return ComebackDrivers(
        customers=len(customers),
        overall=Ratio(int(returned.sum()), len(customers)),
        tables=tables,
    )


@dataclass(frozen=True, eq=False)
class SecondOrder:
    """Second-order conversion: who came back for a second purchase day, and how fast.

    ``converted`` is customers with a second purchase day over all customers. ``days`` are the
    days from the first to the second purchase day of those who came back: ``median_days``,
    ``quartile_days`` (25th, 75th percentile). ``within`` maps N days to the share that came back
    within N days, among customers whose first purchase day is at least N days before the data's
    last day (so every one of them could have); the distribution of days is ``days``.
    """

    converted: Ratio
    median_days: float
    quartile_days: tuple[float, float]
    within: dict[int, Ratio]
    days: np.ndarray

    def to_dict(self) -> dict[str, object]:
        """Return the JSON form: conversion, median and quartile days, and the within-N rates."""
        return {
            "converted": self.converted.to_dict(),
            "median_days": self.median_days,
            "quartile_days": list(self.quartile_days),
            "within": {str(n): ratio.to_dict() for n, ratio in self.within.items()},
        }


def second_order(summary: CustomerSummary, *, windows: tuple[int, ...] = SECOND_ORDER_WINDOWS) -> SecondOrder:
    """Compute second-order conversion and the days it takes.

    Examples
    --------
    >>> from analytics.frames import orders_frame
    >>> from analytics.metrics.customers.summary import customer_summary
    >>> o = orders_frame(customer_id=["a", "a", "b"], order_day=["2025-01-01", "2025-01-11", "2025-01-20"])
    >>> s = second_order(customer_summary(o), windows=(10,))
    >>> s.converted.value, s.median_days, s.within[10].numerator, s.within[10].denominator
    (0.5, 10.0, 1, 1)
    """
    customers = summary.customers
    gap = (customers["second_purchase_day"] - customers["first_purchase_day"]).dt.days.to_numpy(
        dtype=np.float64, na_value=np.nan
    )
    came_back = ~np.isnan(gap)
    days = gap[came_back]
    age = (summary.calibration_end - customers["first_purchase_day"]).dt.days.to_numpy()
    within = {}
    for n in windows:
        eligible = age >= n
        within[n] = Ratio(int((eligible & (gap <= n)).sum()), int(eligible.sum()))
    has = len(days) > 0
    return SecondOrder(
        converted=Ratio(int(came_back.sum()), len(customers)),
        median_days=float(np.median(days)) if has else float("nan"),
        quartile_days=(
            (float(np.percentile(days, 25)), float(np.percentile(days, 75))) if has else (np.nan, np.nan)
        ),
        within=within,
        days=days,
    )
