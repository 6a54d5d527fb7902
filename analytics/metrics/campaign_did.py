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
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import stats

from analytics.errors import ArgumentError
from analytics.metrics.campaign_stats import MeanDifference, welch_difference
from analytics.metrics.period import Period

# At least this share of targeted customers absent from the orders suggests mismatched ids.
MISSING_WARNING_SHARE = 0.5
# Windows before the campaign: the pre window plus two earlier ones, giving two placebo comparisons.
DEFAULT_EARLIER_WINDOWS = 3

ASSUMPTIONS: tuple[str, ...] = (
    "directional, not a randomised test: targeted customers were chosen, so they can differ from the rest",
    "parallel trends: without the campaign, targeted and non-targeted customers would have changed by the "
    "same amount from the pre window to the campaign window (checked on earlier windows under pretrend)",
    "non-targeted customers are the identified customers with an order before the window start who are "
    "not in the campaign list",
    "no spill-over: the campaign did not reach non-targeted customers (shared coupons, word of mouth)",
    "no other event (a sale, a holiday) affected one group and not the other during the window",
    "pre/post alone counts seasonality and trends as campaign effect; prefer the difference-in-differences",
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
        orders["customer_id"].isin(customers)
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
class DirectionalUplift:
    """A campaign without control: pre/post, DiD against non-targeted customers, pre-trend check."""

    window: Period
    windows: pd.DataFrame
    pre_post: dict[str, dict[str, object]]
    did: dict[str, object] | None
    pretrend: dict[str, object]
    targeted_customers: int
    non_targeted_customers: int
    missing_from_orders: int
    warnings: tuple[str, ...] = field(default_factory=tuple)

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
            "pre_post": self.pre_post,
            "did": self.did,
            "pretrend": self.pretrend,
            "assumptions": list(ASSUMPTIONS),
            "methods": {
                "pre_post": "mean of per-customer change (window - previous window), one-sample t 95% CI",
                "did": "difference of the groups' mean per-customer changes, Welch t 95% CI and test",
                "pretrend": "the same DiD between consecutive earlier windows (placebo); stable when every "
                "placebo interval contains 0",
            },
            "warnings": list(self.warnings),
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
        raise ArgumentError(
            f"the orders start on {data_first:%Y-%m-%d}: a campaign without control group needs the "
            f"{window.days} days before its start ({window.start:%Y-%m-%d}) for a pre/post comparison; "
            "load an export that reaches back further or use a control group"
        )
    windows = available + 1
    targeted = targeted.drop_duplicates()
    identified = orders[orders["customer_id"].notna()]
    first_day = identified.groupby("customer_id")["order_day"].min()
    before = first_day[first_day < window.start].index
    non_targeted = pd.Series(before[~before.isin(targeted)], dtype="str")
    converted, sales = {}, {}
    converted["targeted"], sales["targeted"] = window_figures(orders, targeted, window, windows)
    if len(non_targeted):
        converted["non_targeted"], sales["non_targeted"] = window_figures(
            orders, non_targeted, window, windows
        )
    notes: list[str] = [
        "no control group: pre/post and difference-in-differences are directional, not measured uplift"
    ]
    pre_post = {
        name: {
            "customers": len(converted[name]),
            "conversion_change": _interval(
                paired_change((converted[name][0] - converted[name][-1]).to_numpy())
            ),
            "spend_change": _interval(paired_change((sales[name][0] - sales[name][-1]).to_numpy())),
        }
        for name in converted
    }
    did = None
    pretrend: dict[str, object] = {"windows_compared": 0, "placebo": [], "stable": None}
    if "non_targeted" in converted:
        conv = welch_difference(
            (converted["targeted"][0] - converted["targeted"][-1]).to_numpy(),
            (converted["non_targeted"][0] - converted["non_targeted"][-1]).to_numpy(),
        )
        spend = welch_difference(
            (sales["targeted"][0] - sales["targeted"][-1]).to_numpy(),
            (sales["non_targeted"][0] - sales["non_targeted"][-1]).to_numpy(),
        )
        n = len(converted["targeted"])
        did = {
            "conversion": _interval(conv),
            "spend": _interval(spend),
            "incremental_sales": spend.difference * n,
            "incremental_sales_ci": [lim * n for lim in spend.ci],
        }
        placebo = []
        for k in range(-1, -windows + 1, -1):
            p_conv = welch_difference(
                (converted["targeted"][k] - converted["targeted"][k - 1]).to_numpy(),
                (converted["non_targeted"][k] - converted["non_targeted"][k - 1]).to_numpy(),
            )
            p_spend = welch_difference(
                (sales["targeted"][k] - sales["targeted"][k - 1]).to_numpy(),
                (sales["non_targeted"][k] - sales["non_targeted"][k - 1]).to_numpy(),
            )
            placebo.append(
                {
                    "from_window": k - 1,
                    "to_window": k,
                    "conversion": _interval(p_conv),
                    "spend": _interval(p_spend),
                    "stable": _contains_zero(p_conv) and _contains_zero(p_spend),
                }
            )
        stable = all(p["stable"] for p in placebo) if len(placebo) >= 2 else None
        pretrend = {"windows_compared": len(placebo), "placebo": placebo, "stable": stable}
        if len(placebo) < 2:
            notes.append(
                f"the pre-trend check needs at least two windows of {window.days} days before the "
                f"pre window; the orders start on {data_first:%Y-%m-%d}, so parallel trends cannot be checked"
            )
        elif not stable:
            notes.append(
                "pre-trends are not parallel: targeted and non-targeted customers already moved differently "
                "before the campaign, so the difference-in-differences is unreliable"
            )
    else:
        notes.append(
            "every customer known before the window is in the campaign list: there are no non-targeted "
            "customers, so only the pre/post change is shown"
        )
    absent = targeted[~targeted.isin(identified["customer_id"])]
    missing = len(absent)
    if len(targeted) and missing / len(targeted) >= MISSING_WARNING_SHARE:
        examples = ", ".join(identified["customer_id"].drop_duplicates().head(3))
        notes.append(
            f"{missing:,} of {len(targeted):,} campaign customers never appear in the orders "
            f"(e.g. {', '.join(absent.head(3))}; orders use ids like {examples}): the customer ids probably "
            "do not match; map the right id column with --map customer_id=HEADER"
        )
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
