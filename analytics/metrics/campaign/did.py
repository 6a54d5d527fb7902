"""Campaigns without a control group: pre/post and difference-in-differences, labelled directional.

When a campaign list has no control group, the best available reading compares the targeted
customers' window with the same-length window before (pre/post), and subtracts the change seen in
non-targeted customers over the same two windows (difference-in-differences, DiD). Neither is a
randomised comparison: the result says which way the campaign probably pushed, under assumptions
the result lists. Earlier windows of the same length check the parallel-trends assumption.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import stats

from analytics.errors import ArgumentError, Message, Term
from analytics.metrics.campaign.groups import unmatched_ids
from analytics.metrics.campaign.stats import MeanDifference, welch_difference
from analytics.metrics.campaign.verdict import Verdict, directional_verdict
from analytics.metrics.keys import among
from analytics.metrics.period import Period

# Windows before the campaign: the pre window plus two earlier ones, giving two placebo comparisons.
DEFAULT_EARLIER_WINDOWS = 3

# What a reader must accept to read the result as the campaign's effect (texts in campaign.po).
ASSUMPTIONS: tuple[Message, ...] = (
    Message("campaign.assumption_not_randomised"),
    Message("campaign.assumption_parallel_trends"),
    Message("campaign.assumption_non_targeted"),
    Message("campaign.assumption_no_spillover"),
    Message("campaign.assumption_no_other_event"),
    Message("campaign.assumption_pre_post_seasonality"),
)


def paired_change(changes: np.ndarray) -> MeanDifference:
    """Return the mean of per-customer changes (post - pre) with its one-sample t 95% interval.

    Each customer is compared with themselves, so the interval accounts for the pairing.

    Examples
    --------
    >>> paired_change(np.array([1.0, 0.0, 1.0, 0.0])).difference
    0.5
    """
    if len(changes) == 0:
        return MeanDifference(math.nan, (math.nan, math.nan), math.nan, math.nan)
    mean = float(changes.mean())
    if len(changes) < 2:
        return MeanDifference(mean, (math.nan, math.nan), math.nan, math.nan)
    if float(changes.std()) == 0:
        return MeanDifference(mean, (mean, mean), 1.0 if mean == 0 else 0.0, float(len(changes) - 1))
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Precision loss occurred", category=RuntimeWarning)
        result = stats.ttest_1samp(changes, 0.0)
    ci = result.confidence_interval(confidence_level=0.95)
    return MeanDifference(mean, (float(ci.low), float(ci.high)), float(result.pvalue), float(result.df))


def window_figures(
    orders: pd.DataFrame, customers: pd.Series, window: Period, windows: int
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return per customer (rows) and window (columns 0, -1, ..., -(windows - 1)) converted and sales.

    Window 0 is the campaign window, -1 the same-length window just before it, and so on; customers
    without orders in a window get 0 (not converted, no sales).
    """
    days = window.days
    earliest = window.start - pd.Timedelta(days=days * (windows - 1))
    mask = (
        among(orders["customer_id"], customers)
        & (orders["order_day"] >= earliest)
        & (orders["order_day"] <= window.end)
    )
    part = orders[mask]
    index = (part["order_day"] - window.start).dt.days // days
    grouped = part.groupby([part["customer_id"], index.rename("window")])["amount"].agg(["size", "sum"])
    columns = list(range(0, -windows, -1))
    ids = pd.Index(customers.drop_duplicates(), name="customer_id")
    sales = grouped["sum"].unstack(fill_value=0.0).reindex(index=ids, columns=columns, fill_value=0.0)
    converted = (grouped["size"].unstack(fill_value=0) > 0).reindex(
        index=ids, columns=columns, fill_value=False
    )
    return converted.astype("float64"), sales.astype("float64")


def _interval(d: MeanDifference) -> dict[str, object]:
    return {"value": d.difference, "ci": list(d.ci), "p_value": d.p_value}


def _contains_zero(d: MeanDifference) -> bool:
    lo, hi = d.ci
    return not (math.isfinite(lo) and math.isfinite(hi)) or lo <= 0 <= hi


@dataclass(frozen=True)
class PrePost:
    """One group's change from the window before to the campaign window (paired per customer)."""

    customers: int
    conversion_change: MeanDifference
    spend_change: MeanDifference

    def to_dict(self) -> dict[str, object]:
        """Return the JSON form: customers and each change's value, interval and p-value."""
        return {
            "customers": self.customers,
            "conversion_change": _interval(self.conversion_change),
            "spend_change": _interval(self.spend_change),
        }


@dataclass(frozen=True)
class DidEstimate:
    """Targeted customers' change minus non-targeted customers' change, per targeted customer."""

    conversion: MeanDifference
    spend: MeanDifference
    targeted_customers: int

    @property
    def incremental_sales(self) -> float:
        """Return the spend DiD x targeted customers."""
        return self.spend.difference * self.targeted_customers

    @property
    def incremental_sales_ci(self) -> tuple[float, float]:
        """Return the spend DiD's interval x targeted customers."""
        lo, hi = self.spend.ci
        return (lo * self.targeted_customers, hi * self.targeted_customers)

    def to_dict(self) -> dict[str, object]:
        """Return the JSON form (the ``did`` block)."""
        return {
            "conversion": _interval(self.conversion),
            "spend": _interval(self.spend),
            "incremental_sales": self.incremental_sales,
            "incremental_sales_ci": list(self.incremental_sales_ci),
        }


@dataclass(frozen=True)
class Placebo:
    """The DiD between two consecutive windows before the campaign: about zero if trends were parallel."""

    from_window: int
    to_window: int
    conversion: MeanDifference
    spend: MeanDifference

    @property
    def stable(self) -> bool:
        """Return True when both placebo intervals contain 0."""
        return _contains_zero(self.conversion) and _contains_zero(self.spend)

    def to_dict(self) -> dict[str, object]:
        """Return the JSON form of one placebo comparison."""
        return {
            "from_window": self.from_window,
            "to_window": self.to_window,
            "conversion": _interval(self.conversion),
            "spend": _interval(self.spend),
            "stable": self.stable,
        }


# Parallel trends need at least two placebo comparisons to be called stable or not.
MIN_PLACEBOS = 2


@dataclass(frozen=True)
class Pretrend:
    """The parallel-trends check: placebo DiDs between earlier windows."""

    placebo: tuple[Placebo, ...] = ()

    @property
    def stable(self) -> bool | None:
        """Return True when every placebo is stable, None with fewer than two placebos."""
        if len(self.placebo) < MIN_PLACEBOS:
            return None
        return all(p.stable for p in self.placebo)

    def to_dict(self) -> dict[str, object]:
        """Return the JSON form (the ``pretrend`` block)."""
        return {
            "windows_compared": len(self.placebo),
            "placebo": [p.to_dict() for p in self.placebo],
            "stable": self.stable,
        }


@dataclass(frozen=True)
class DirectionalUplift:
    """A campaign without control: pre/post, DiD against non-targeted customers, pre-trend check.

    ``pre_post`` maps "targeted" (and "non_targeted" when there are such customers) to their change;
    ``did`` is None when every customer known before the window is in the list.
    """

    window: Period
    windows: pd.DataFrame
    pre_post: Mapping[str, PrePost]
    did: DidEstimate | None
    pretrend: Pretrend
    targeted_customers: int
    non_targeted_customers: int
    missing_from_orders: int
    warnings: tuple[Message, ...] = field(default_factory=tuple)

    @property
    def verdict(self) -> Verdict | None:
        """Return the directional verdict from the difference-in-differences (None without one)."""
        if self.did is None:
            return None
        return directional_verdict(
            group=Term("campaign.term_targeted"),
            comparison=Term("campaign.term_non_targeted"),
            difference=self.did.conversion.difference,
            ci=self.did.conversion.ci,
            incremental_sales=self.did.incremental_sales,
        )

    assumptions: tuple[Message, ...] = ASSUMPTIONS

    def to_dict(self) -> dict[str, object]:
        """Return the JSON block of ``uplift`` for a campaign without control (control null, arms [])."""
        table = self.windows.assign(
            start=self.windows["start"].dt.strftime("%Y-%m-%d"),
            end=self.windows["end"].dt.strftime("%Y-%m-%d"),
        )
        return {
            "design": "directional",
            "label": "directional: no control group, read as an indication, not a measured effect",
            "window": {**self.window.to_dict(), "days": self.window.days},
            "control": None,
            "arms": [],
            "targeted_customers": self.targeted_customers,
            "non_targeted_customers": self.non_targeted_customers,
            "missing_from_orders": self.missing_from_orders,
            "windows": table.to_dict(orient="records"),
            "pre_post": {name: change.to_dict() for name, change in self.pre_post.items()},
            "did": None if self.did is None else self.did.to_dict(),
            "pretrend": self.pretrend.to_dict(),
            "assumptions": [str(a) for a in self.assumptions],
            "methods": {
                "pre_post": "mean of per-customer change (window - previous window), one-sample t 95% CI",
                "did": "difference of the groups' mean per-customer changes, Welch t 95% CI and test",
                "pretrend": "the same DiD between consecutive earlier windows (placebo); stable when every "
                "placebo interval contains 0",
            },
            "warnings": [str(w) for w in self.warnings],
        }


def _window_table(
    converted: dict[str, pd.DataFrame], sales: dict[str, pd.DataFrame], window: Period
) -> pd.DataFrame:
    records = []
    for k in converted["targeted"].columns:
        start = window.start + pd.Timedelta(days=window.days * k)
        row: dict[str, object] = {
            "window": int(k),
            "start": start,
            "end": start + pd.Timedelta(days=window.days - 1),
        }
        for name in converted:
            row[f"{name}_conversion_rate"] = (
                float(converted[name][k].mean()) if len(converted[name]) else math.nan
            )
            row[f"{name}_sales_per_customer"] = float(sales[name][k].mean()) if len(sales[name]) else math.nan
        if "non_targeted" in converted:
            row["conversion_difference"] = (
                row["targeted_conversion_rate"] - row["non_targeted_conversion_rate"]
            )
            row["spend_difference"] = (
                row["targeted_sales_per_customer"] - row["non_targeted_sales_per_customer"]
            )
        records.append(row)
    return pd.DataFrame.from_records(records)


def directional_uplift(
    orders: pd.DataFrame,
    targeted: pd.Series,
    window: Period,
    *,
    earlier_windows: int = DEFAULT_EARLIER_WINDOWS,
    source: str = "the campaign file",
) -> DirectionalUplift:
    """Measure a campaign without control: pre/post and difference-in-differences, directional only.

    Pre/post: targeted customers' conversion (an order in the window) and sales per customer
    (zeros included) in the campaign window minus the same-length window just before.
    DiD: that change minus the same change among non-targeted customers (identified customers with an
    order before the window start, not in the list). Pre-trend: the same DiD between consecutive
    earlier windows of equal length, which should be about zero if the groups moved in parallel.

    Raises
    ------
    ArgumentError
        When the orders do not reach back a full window before the campaign start.
    """
    data_first = orders["order_day"].min()
    available = sum(
        1
        for k in range(1, earlier_windows + 1)
        if window.start - pd.Timedelta(days=window.days * k) >= data_first
    )
    if available == 0:
        raise ArgumentError("campaign.no_history", first=data_first, days=window.days, start=window.start)
    windows = available + 1
    targeted = targeted.drop_duplicates()
    identified = orders[orders["customer_id"].notna()]
    first_day = identified.groupby("customer_id")["order_day"].min()
    before = first_day[first_day < window.start].index
    non_targeted = pd.Series(before[~among(before, targeted)], dtype="str")
    converted, sales = {}, {}
    converted["targeted"], sales["targeted"] = window_figures(orders, targeted, window, windows)
    if len(non_targeted):
        converted["non_targeted"], sales["non_targeted"] = window_figures(
            orders, non_targeted, window, windows
        )
    notes: list[Message] = [Message("campaign.directional")]

    def change(name: str, frames: dict[str, pd.DataFrame], k: int) -> np.ndarray:
        return (frames[name][k] - frames[name][k - 1]).to_numpy()

    pre_post = {
        name: PrePost(
            customers=len(converted[name]),
            conversion_change=paired_change(change(name, converted, 0)),
            spend_change=paired_change(change(name, sales, 0)),
        )
        for name in converted
    }
    did = None
    pretrend = Pretrend()
    if "non_targeted" in converted:
        did = DidEstimate(
            conversion=welch_difference(
                change("targeted", converted, 0), change("non_targeted", converted, 0)
            ),
            spend=welch_difference(change("targeted", sales, 0), change("non_targeted", sales, 0)),
            targeted_customers=len(converted["targeted"]),
        )
        pretrend = Pretrend(
            tuple(
                Placebo(
                    from_window=k - 1,
                    to_window=k,
                    conversion=welch_difference(
                        change("targeted", converted, k), change("non_targeted", converted, k)
                    ),
                    spend=welch_difference(change("targeted", sales, k), change("non_targeted", sales, k)),
                )
                for k in range(-1, -windows + 1, -1)
            )
        )
        if pretrend.stable is None:
            notes.append(Message("campaign.pretrend_unchecked", {"days": window.days, "first": data_first}))
        elif not pretrend.stable:
            notes.append(Message("campaign.pretrend_not_parallel"))
    else:
        notes.append(Message("campaign.no_non_targeted"))
    missing = int((~among(targeted, identified["customer_id"])).sum())
    unmatched = unmatched_ids(targeted, orders, source=source)
    if unmatched is not None:
        notes.append(unmatched)
    return DirectionalUplift(
        window=window,
        windows=_window_table(converted, sales, window),
        pre_post=pre_post,
        did=did,
        pretrend=pretrend,
        targeted_customers=len(targeted),
        non_targeted_customers=len(non_targeted),
        missing_from_orders=missing,
        warnings=tuple(notes),
    )
