"""One row per identified customer: purchase history in the shape the customer models read.

Definitions (see docs/definitions.md, "Customer models"): a purchase day is a calendar day with at
least one valid order; ``frequency`` is the number of *repeat* purchase days (purchase days - 1);
``recency`` is the time from the first to the last purchase day and ``T`` the time from the first
purchase day to the calibration end, both in the chosen time unit. The calibration end is
inclusive (orders on that day count) and defaults to the data's last order day, never the wall
clock — the same conventions as ``lifetimes.utils.summary_data_from_transaction_data``, except that
frequency always counts days (two purchase days in one week are two purchases in weeks too).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from analytics.errors import ArgumentError
from analytics.metrics.purchases import PurchaseLog, day_number, day_numbers, day_timestamp

# Days per time unit; a month is the average calendar month so that M is a fixed length.
TIME_UNITS: dict[str, float] = {"D": 1.0, "W": 7.0, "M": 365.25 / 12}


def unit_days(time_unit: str) -> float:
    """Return the number of days in ``time_unit`` (``"D"``, ``"W"`` or ``"M"``).

    Raises
    ------
    ArgumentError
        ``customers.unknown_time_unit`` for any other unit.
    """
    if time_unit not in TIME_UNITS:
        raise ArgumentError("customers.unknown_time_unit", unit=time_unit, choices=list(TIME_UNITS))
    return TIME_UNITS[time_unit]


@dataclass(frozen=True, eq=False)
class CustomerSummary:
    """Per-customer history up to ``calibration_end`` (inclusive), in ``time_unit``.

    ``customers`` is indexed by ``customer_id`` (sorted) with the columns ``first_purchase_day``,
    ``second_purchase_day`` (NaT with one purchase day), ``last_purchase_day``, ``purchase_days``,
    ``frequency``, ``recency``, ``T``,
    ``days_since_last``, ``orders``, ``refunds`` (refunded up to the calibration end, a positive
    amount; 0 without refunds), ``sales`` (purchases net of those refunds: the customer's value),
    ``average_order_value`` (purchases per order, before refunds), ``monetary_value``
    (mean spend per repeat purchase day, 0 without repeats: the Gamma-Gamma input),
    ``typical_gap_days`` (median days between consecutive purchase days, NaN with one purchase day),
    and ``is_member`` / ``tier`` when a member list was given.

    ``gap_days`` lists every gap between a customer's consecutive purchase days (a customer with
    n purchase days has n - 1 gaps) and ``gap_customer`` the row of ``customers`` it belongs to:
    the shop's own distribution of gaps, which the lapse rule reads.

    ``codes`` gives each row's customer code in the purchase log the summary was read from (the
    uncut log it was handed, see :func:`customer_summary`): the holdout check and the backtest
    find the same customers in that log, or in another summary of it, by integers, not by ids.
    """

    customers: pd.DataFrame
    calibration_end: pd.Timestamp
    time_unit: str
    first_order_day: pd.Timestamp
    gap_days: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.int64))
    gap_customer: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.int64))
    codes: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.int64))

    @property
    def unit_days(self) -> float:
        """Return the number of days in the summary's time unit."""
        return TIME_UNITS[self.time_unit]

    @property
    def history_days(self) -> int:
        """Return the days from the first order (guests included) to the calibration end, inclusive."""
        return int((self.calibration_end - self.first_order_day).days) + 1


def _median_gaps(pair_code: np.ndarray, pair_day: np.ndarray, n_customers: int) -> np.ndarray:
    """Return each customer's median days between consecutive purchase days (NaN with one day)."""
    same = pair_code[1:] == pair_code[:-1]
    gap_code = pair_code[1:][same]
    gaps = (pair_day[1:] - pair_day[:-1])[same]
    # Sort gaps within each customer (codes are already grouped) and read the middle one or two:
    # one int64 key per gap, the code in the high bits (one sort, not a two-key lexsort).
    bits = max(int(gaps.max()).bit_length(), 1) if len(gaps) else 1
    keys = np.sort((gap_code << bits) | gaps)
    gaps, gap_code = keys & ((1 << bits) - 1), keys >> bits
    counts = np.bincount(gap_code, minlength=n_customers)
    starts = np.concatenate(([0], np.cumsum(counts)[:-1]))
    median = np.full(n_customers, np.nan)
    has = counts > 0
    low = starts[has] + (counts[has] - 1) // 2
    high = starts[has] + counts[has] // 2
    median[has] = (gaps[low] + gaps[high]) / 2.0
    return median


@dataclass(frozen=True, eq=False)
class _DayLog:
    """The parts of a purchase log that a summary reads, cut at a day (see :func:`_until`)."""

    customer_ids: pd.Index
    code: np.ndarray
    day: np.ndarray
    amount: np.ndarray
    pair_code: np.ndarray
    pair_day: np.ndarray
    # Each customer's code in the log this one was cut from.
    uncut_code: np.ndarray

    @property
    def n_customers(self) -> int:
        return len(self.customer_ids)


def _until(log: PurchaseLog, end: int) -> PurchaseLog | _DayLog:
    """Return ``log`` without the days after day number ``end`` (customers coded afresh).

    The same arrays as building a log from the orders up to ``end``, without factorising a
    million customer ids again: the holdout split and the backtest's day cut the scoring's log.
    """
    if not len(log.day) or int(log.day.max()) <= end:
        return log
    kept_pairs = log.pair_day <= end
    present = np.bincount(log.pair_code[kept_pairs], minlength=log.n_customers) > 0
    # Codes stay in the same order (a customer's rank among those present): pairs stay sorted.
    recode = np.where(present, np.cumsum(present) - 1, -1)
    kept = log.day <= end
    code = log.code[kept]
    known = code >= 0
    code[known] = recode[code[known]]
    return _DayLog(
        customer_ids=log.customer_ids[present],
        code=code,
        day=log.day[kept],
        amount=log.amount[kept],
        pair_code=recode[log.pair_code[kept_pairs]],
        pair_day=log.pair_day[kept_pairs],
        uncut_code=np.flatnonzero(present),
    )


def _id_order(log: PurchaseLog | _DayLog, ids: pd.Index, id_order: np.ndarray | None) -> np.ndarray:
    """Return the positions of ``ids`` (the log's customers, by code) in id order.

    From ``id_order`` (uncut codes in id order, a later summary's ``codes``) when it covers every
    customer of the log and gives increasing ids; else by sorting. Arrow sorts the ids as Python
    would (UTF-8 bytes order code points alike), far faster than sorting Python string objects (a
    million orders: 270,000 ids, ~1 s -> ~0.05 s); the holdout and backtest summaries skip even that.
    """
    if id_order is not None:
        uncut = log.uncut_code if isinstance(log, _DayLog) else np.arange(len(ids))
        size = max(int(id_order.max(initial=-1)), int(uncut.max(initial=-1))) + 1
        recode = np.full(size, -1, dtype=np.int64)
        recode[uncut] = np.arange(len(uncut))
        order = recode[id_order]
        order = order[order >= 0]
        # Each customer once (a log's ids are distinct), in increasing id order: the sorted order.
        once = len(order) == len(ids) and (not len(order) or np.bincount(order).max() == 1)
        if once and ids.take(order).is_monotonic_increasing:
            return order.astype(np.intp)
    return np.asarray(ids.argsort(), dtype=np.intp)


def _refunds_by_customer(refunds: pd.DataFrame, end: int) -> pd.Series:
    """Return each identified customer's refunds up to day number ``end`` (a positive amount)."""
    days = day_numbers(refunds["order_day"])
    kept = refunds.loc[(days <= end) & refunds["customer_id"].notna().to_numpy()]
    amounts = -kept["amount"].to_numpy(dtype=np.float64)
    by_customer = pd.Series(amounts).groupby(kept["customer_id"].astype("str").to_numpy()).sum()
    by_customer.index = pd.Index(by_customer.index, dtype="str")
    return by_customer


def customer_summary(
    orders: pd.DataFrame,
    *,
    calibration_end: pd.Timestamp | str | None = None,
    time_unit: str = "D",
    members: pd.DataFrame | None = None,
    refunds: pd.DataFrame | None = None,
    log: PurchaseLog | None = None,
    id_order: np.ndarray | None = None,
) -> CustomerSummary:
    """Summarise each identified customer's purchases up to the calibration end.

    Parameters
    ----------
    orders
        Canonical orders frame (guests are left out of the customers, but their orders still set
        the data's last day).
    calibration_end
        Last day that counts (inclusive); defaults to the data's last order day.
    time_unit
        ``"D"`` (days, the default), ``"W"`` (7 days) or ``"M"`` (365.25 / 12 days) for
        ``recency`` and ``T``.
    members
        Member list (``customer_id``, ``tier``): adds ``is_member`` and ``tier``.
    refunds
        Refunds (``customer_id``, ``order_day``, ``amount`` < 0; see
        :mod:`analytics.loading.refunds`): those up to the calibration end are subtracted from the
        customer's sales on the day they happen. The models' spend per purchase day
        (``monetary_value``) stays the purchases': a refund is no purchase occasion.
    log
        The purchase log of ``orders`` when the caller has it (:class:`PurchaseLog`): cut at the
        calibration end instead of built again (the scoring, its holdout and backtest share one).
    id_order
        The codes in ``log`` of its customers in id order, when the caller has them: the ``codes``
        of a summary of ``log`` at this calibration end or a later one. The summary's rows are then
        put in id order without sorting the ids again (checked; sorted when they do not fit).

    Examples
    --------
    >>> from analytics.frames import orders_frame
    >>> o = orders_frame(customer_id=["a", "a", "b"], order_day=["2025-01-01", "2025-01-08", "2025-01-08"],
    ...                  amount=[10.0, 30.0, 5.0])
    >>> s = customer_summary(o, time_unit="W").customers
    >>> int(s.loc["a", "frequency"]), s.loc["a", ["recency", "T", "monetary_value"]].tolist()
    (1, [1.0, 1.0, 30.0])
    """
    days_per_unit = unit_days(time_unit)
    if len(orders) == 0:
        raise ArgumentError("customers.no_orders")
    missing = [c for c in ("customer_id", "order_day", "amount") if c not in orders.columns]
    if missing:
        raise ValueError(f"orders frame lacks canonical columns {missing}: build it with analytics.loading")
    all_days = day_numbers(orders["order_day"])
    end = int(all_days.max()) if calibration_end is None else day_number(pd.Timestamp(calibration_end))
    first_order = int(all_days.min())
    if log is None:
        kept = orders.loc[all_days <= end] if bool((all_days > end).any()) else orders
        log = PurchaseLog.from_orders(kept)
    else:
        log = _until(log, end)
    n = log.n_customers

    purchase_days = np.bincount(log.pair_code, minlength=n)
    starts = np.concatenate(([0], np.cumsum(purchase_days)[:-1])).astype(np.int64)
    first = log.pair_day[starts] if n else np.empty(0, dtype=np.int64)
    last = log.pair_day[starts + purchase_days - 1] if n else np.empty(0, dtype=np.int64)
    # The day after the first in the pair list is the second purchase day when the customer has one.
    second = log.pair_day[np.minimum(starts + 1, max(len(log.pair_day) - 1, 0))] if n else first
    second = np.where(purchase_days >= 2, second.astype("datetime64[D]"), np.datetime64("NaT"))

    identified = log.code >= 0
    code, amount, day = log.code[identified], log.amount[identified], log.day[identified]
    order_counts = np.bincount(code, minlength=n)
    sales = np.bincount(code, weights=amount, minlength=n)
    on_first_day = day == first[code]
    first_day_sales = np.bincount(code[on_first_day], weights=amount[on_first_day], minlength=n)
    frequency = purchase_days - 1
    with np.errstate(divide="ignore", invalid="ignore"):
        # lifetimes' convention: the first purchase is left out of the spend per purchase, and a
        # customer without a repeat purchase has monetary_value 0 (Gamma-Gamma skips them).
        monetary = np.where(frequency > 0, (sales - first_day_sales) / frequency, 0.0)
        aov = sales / order_counts

    frame = pd.DataFrame(
        {
            "first_purchase_day": first.astype("datetime64[D]").astype("datetime64[ns]"),
            "second_purchase_day": second.astype("datetime64[ns]"),
            "last_purchase_day": last.astype("datetime64[D]").astype("datetime64[ns]"),
            "purchase_days": purchase_days.astype(np.int64),
            "frequency": frequency.astype(np.int64),
            "recency": (last - first) / days_per_unit,
            "T": (end - first) / days_per_unit,
            "days_since_last": (end - last).astype(np.int64),
            "orders": order_counts.astype(np.int64),
            "refunds": np.zeros(n),
            "sales": sales,
            "average_order_value": aov,
            "monetary_value": monetary,
            "typical_gap_days": _median_gaps(log.pair_code, log.pair_day, n),
        },
        index=pd.Index(log.customer_ids, dtype="str", name="customer_id"),
    )
    # Sorted ids make the result independent of the row order of the export.
    order = _id_order(log, frame.index, id_order)
    frame = frame.iloc[order]
    codes = log.uncut_code[order] if isinstance(log, _DayLog) else order.astype(np.int64)
    row_of_code = np.empty(n, dtype=np.int64)
    row_of_code[order] = np.arange(n)
    same = log.pair_code[1:] == log.pair_code[:-1]
    gap_days = (log.pair_day[1:] - log.pair_day[:-1])[same].astype(np.int64)
    gap_customer = row_of_code[log.pair_code[1:][same]]
    if refunds is not None and len(refunds):
        refunded = _refunds_by_customer(refunds, end).reindex(frame.index, fill_value=0.0)
        frame["refunds"] = refunded.to_numpy(dtype=np.float64)
        frame["sales"] = frame["sales"] - frame["refunds"]
    if members is not None:
        listed = members.drop_duplicates("customer_id", keep="last").set_index("customer_id")
        listed.index = pd.Index(listed.index, dtype="str")
        frame["is_member"] = frame.index.isin(listed.index)
        if "tier" in listed.columns:
            frame["tier"] = listed["tier"].reindex(frame.index)
    return CustomerSummary(
        customers=frame,
        calibration_end=day_timestamp(end),
        time_unit=time_unit,
        first_order_day=day_timestamp(first_order),
        gap_days=gap_days,
        gap_customer=gap_customer,
        codes=codes,
    )
