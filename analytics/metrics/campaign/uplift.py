"""Campaign uplift: did a care campaign (SMS, coupon, member day) bring customers back, and how much?

With a control group each arm is compared with the control over the campaign window (randomised
test: causal). Without one, :mod:`analytics.metrics.campaign.did` gives a directional pre/post and
difference-in-differences reading. Definitions (DESIGN.md): the window is ``start .. start + days - 1``
(inclusive days); a converter is a campaign customer with at least one valid order in the window
(zero-amount orders count: a purchase is a purchase); sales per customer include the zeros of
non-converters; incremental sales = spend uplift x arm customers.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

import pandas as pd

from analytics.errors import ArgumentError, Message, Term
from analytics.metrics.campaign.did import DirectionalUplift, directional_uplift
from analytics.metrics.campaign.groups import campaign_groups, find_control, unmatched_ids
from analytics.metrics.campaign.stats import (
    ALPHA,
    POWER,
    MeanDifference,
    SampleRatioCheck,
    conversion_mde,
    customers_needed_per_group,
    holm_adjust,
    mean_mde,
    newcombe_interval,
    sample_ratio_check,
    two_proportion_p_value,
    welch_difference,
)
from analytics.metrics.campaign.verdict import Verdict, controlled_verdict
from analytics.metrics.campaign.window import DEFAULT_WINDOW_DAYS, campaign_window
from analytics.metrics.keys import among
from analytics.metrics.period import Period
from analytics.metrics.ratio import SMALL_SAMPLE, wilson_interval


def customer_outcomes(orders: pd.DataFrame, groups: pd.DataFrame, window: Period) -> pd.DataFrame:
    """Return per campaign customer the window's ``orders`` and ``sales`` (zeros for non-buyers).

    Columns: ``customer_id``, ``group``, ``orders`` (int), ``sales`` (float), ``converted`` (bool).
    """
    in_window = orders[
        window.contains(orders["order_day"]) & among(orders["customer_id"], groups["customer_id"])
    ]
    per_customer = in_window.groupby("customer_id").agg(orders=("amount", "size"), sales=("amount", "sum"))
    out = groups[["customer_id", "group"]].merge(
        per_customer, left_on="customer_id", right_index=True, how="left"
    )
    out["orders"] = out["orders"].fillna(0).astype("int64")
    out["sales"] = out["sales"].fillna(0.0).astype("float64")
    out["converted"] = out["orders"] > 0
    return out


@dataclass(frozen=True)
class GroupOutcome:
    """One campaign group's results over the window."""

    group: str
    customers: int
    converters: int
    orders: int
    sales: float
    sales_sd: float
    missing_from_orders: int

    @property
    def conversion_rate(self) -> float:
        """Return converters / customers."""
        return self.converters / self.customers if self.customers else math.nan

    @property
    def conversion_ci(self) -> tuple[float, float]:
        """Return the Wilson 95% interval of the conversion rate."""
        return wilson_interval(self.converters, self.customers)

    @property
    def small_sample(self) -> bool:
        """Return True when the group has fewer than 30 customers."""
        return self.customers < SMALL_SAMPLE

    @property
    def sales_per_customer(self) -> float:
        """Return the window's sales / customers, non-buyers counted as zero."""
        return self.sales / self.customers if self.customers else math.nan

    @property
    def orders_per_customer(self) -> float:
        """Return the window's orders / customers, non-buyers counted as zero."""
        return self.orders / self.customers if self.customers else math.nan

    @property
    def aov_converters(self) -> float:
        """Return the average order value of the converters' window orders (sales / orders)."""
        return self.sales / self.orders if self.orders else math.nan

    def to_dict(self) -> dict[str, object]:
        """Return the JSON form (DESIGN.md keys first)."""
        return {
            "group": self.group,
            "customers": self.customers,
            "converters": self.converters,
            "conversion_rate": self.conversion_rate,
            "conversion_rate_ci": list(self.conversion_ci),
            "sales": self.sales,
            "sales_per_customer": self.sales_per_customer,
            "orders": self.orders,
            "orders_per_customer": self.orders_per_customer,
            "aov_converters": self.aov_converters,
            "missing_from_orders": self.missing_from_orders,
            "small_sample": self.small_sample,
        }


@dataclass(frozen=True)
class ArmComparison:
    """One arm against the control: uplifts with 95% intervals, p-values and what they are worth."""

    outcome: GroupOutcome
    conversion_uplift: float
    conversion_uplift_ci: tuple[float, float]
    conversion_p_value: float
    spend: MeanDifference
    orders_diff: MeanDifference
    conversion_mde: float
    spend_mde: float
    customers_needed_per_group: float
    cost_per_contact: float | None
    conversion_p_value_holm: float = math.nan
    spend_p_value_holm: float = math.nan

    @property
    def incremental_sales(self) -> float:
        """Return spend uplift x arm customers: the sales the campaign added in the window."""
        return self.spend.difference * self.outcome.customers

    @property
    def incremental_orders(self) -> float:
        """Return orders-per-customer uplift x arm customers."""
        return self.orders_diff.difference * self.outcome.customers

    @property
    def cost(self) -> float:
        """Return cost per contact x arm customers (nan without a cost)."""
        return (
            self.cost_per_contact * self.outcome.customers if self.cost_per_contact is not None else math.nan
        )

    @property
    def roi(self) -> float:
        """Return (incremental sales - cost) / cost: the return on sales, not on margin."""
        return (self.incremental_sales - self.cost) / self.cost if self.cost and self.cost > 0 else math.nan

    @property
    def incremental_sales_ci(self) -> tuple[float, float]:
        """Return the spend uplift's interval x arm customers."""
        lo, hi = self.spend.ci
        return (lo * self.outcome.customers, hi * self.outcome.customers)

    @property
    def roi_ci(self) -> tuple[float, float]:
        """Return the ROI at the ends of the spend uplift's interval (nan without a cost)."""
        if not (self.cost and self.cost > 0):
            return (math.nan, math.nan)
        lo, hi = self.incremental_sales_ci
        return ((lo - self.cost) / self.cost, (hi - self.cost) / self.cost)

    def to_dict(self) -> dict[str, object]:
        """Return the JSON form: the group's figures plus the comparison with the control."""
        return {
            **self.outcome.to_dict(),
            "conversion_uplift": self.conversion_uplift,
            "conversion_uplift_ci": list(self.conversion_uplift_ci),
            "conversion_p_value": self.conversion_p_value,
            "conversion_p_value_holm": self.conversion_p_value_holm,
            "spend_uplift": self.spend.difference,
            "spend_uplift_ci": list(self.spend.ci),
            "spend_p_value": self.spend.p_value,
            "spend_p_value_holm": self.spend_p_value_holm,
            "spend_df": self.spend.df,
            "incremental_sales": self.incremental_sales,
            "incremental_sales_ci": list(self.incremental_sales_ci),
            "orders_uplift": self.orders_diff.difference,
            "orders_uplift_ci": list(self.orders_diff.ci),
            "incremental_orders": self.incremental_orders,
            "cost": self.cost,
            "roi": self.roi,
            "roi_ci": list(self.roi_ci),
            "mde": {
                "conversion": self.conversion_mde,
                "spend": self.spend_mde,
                "customers_needed_per_group": self.customers_needed_per_group,
                "power": POWER,
                "alpha": ALPHA,
            },
        }


METHODS: dict[str, str] = {
    "conversion_uplift_ci": "Newcombe hybrid score interval (method 10) from Wilson intervals, 95%",
    "conversion_p_value": "two-proportion z-test, pooled variance, two-sided",
    "spend_uplift_ci": "Welch t interval with Welch-Satterthwaite df, 95%, per-customer sales with zeros",
    "spend_p_value": "Welch t-test (unequal variances), two-sided",
    "p_value_holm": "Holm step-down adjustment across arms (per metric)",
    "srm": "chi-square goodness of fit of group sizes against the intended split; flagged at p < 0.001",
    "mde": "normal approximation at 80% power, two-sided alpha 0.05, control variance for both groups",
    "roi": "(incremental sales - cost per contact x arm customers) / cost; on sales, not margin",
}


@dataclass(frozen=True)
class ControlledUplift:
    """A campaign with a control group: per-arm comparisons with the control over the window."""

    window: Period
    control: GroupOutcome
    arms: tuple[ArmComparison, ...]
    srm: SampleRatioCheck
    warnings: tuple[Message, ...] = field(default_factory=tuple)

    @property
    def verdicts(self) -> tuple[Verdict, ...]:
        """Return each arm's plain verdict against the control, in the arms' order.

        With several arms the Holm-adjusted conversion p-value decides significance.
        """
        several = len(self.arms) > 1
        return tuple(
            controlled_verdict(
                group=arm.outcome.group,
                control=self.control.group,
                difference=arm.conversion_uplift,
                ci=arm.conversion_uplift_ci,
                p_value=arm.conversion_p_value_holm if several else arm.conversion_p_value,
                mde=arm.conversion_mde,
                incremental_sales=arm.incremental_sales,
            )
            for arm in self.arms
        )

    @property
    def verdict(self) -> Verdict:
        """Return the headline verdict: the arm with the largest conversion uplift."""
        return max(self.verdicts, key=lambda v: v.conversion_difference)

    def to_dict(self) -> dict[str, object]:
        """Return the JSON block of ``python -m analytics uplift`` (DESIGN.md contract + extras)."""
        return {
            "design": "controlled",
            "window": {**self.window.to_dict(), "days": self.window.days},
            "control": self.control.to_dict(),
            "arms": [arm.to_dict() for arm in self.arms],
            "srm": self.srm.to_dict(),
            "methods": METHODS,
            "warnings": [str(w) for w in self.warnings],
        }


def _group_outcome(label: str, rows: pd.DataFrame, known: pd.Series) -> GroupOutcome:
    return GroupOutcome(
        group=label,
        customers=len(rows),
        converters=int(rows["converted"].sum()),
        orders=int(rows["orders"].sum()),
        sales=float(rows["sales"].sum()),
        sales_sd=float(rows["sales"].std(ddof=1)) if len(rows) > 1 else math.nan,
        missing_from_orders=int((~among(rows["customer_id"], known)).sum()),
    )


def _compare(
    arm: GroupOutcome,
    arm_rows: pd.DataFrame,
    control: GroupOutcome,
    control_rows: pd.DataFrame,
    cost_per_contact: float | None,
) -> ArmComparison:
    uplift = arm.conversion_rate - control.conversion_rate
    return ArmComparison(
        outcome=arm,
        conversion_uplift=uplift,
        conversion_uplift_ci=newcombe_interval(
            arm.converters, arm.customers, control.converters, control.customers
        ),
        conversion_p_value=two_proportion_p_value(
            arm.converters, arm.customers, control.converters, control.customers
        ),
        spend=welch_difference(arm_rows["sales"].to_numpy(), control_rows["sales"].to_numpy()),
        orders_diff=welch_difference(arm_rows["orders"].to_numpy(), control_rows["orders"].to_numpy()),
        conversion_mde=conversion_mde(control.conversion_rate, arm.customers, control.customers),
        spend_mde=mean_mde(control.sales_sd, arm.customers, control.customers),
        customers_needed_per_group=customers_needed_per_group(control.conversion_rate, uplift),
        cost_per_contact=cost_per_contact,
    )


def _power_warnings(arm: ArmComparison) -> list[Message]:
    warnings = []
    name = arm.outcome.group
    if math.isfinite(arm.conversion_mde) and abs(arm.conversion_uplift) < arm.conversion_mde:
        needed = arm.customers_needed_per_group
        # A significant result from a too-small test overstates the effect (winner's curse); a
        # non-significant one shows nothing either way.
        reading = (
            Term("campaign.reading_overstated")
            if arm.conversion_p_value < ALPHA
            else Term("campaign.reading_inconclusive")
        )
        params = {
            "group": name,
            "uplift": round(arm.conversion_uplift * 100, 2),
            "mde": round(arm.conversion_mde * 100, 2),
            "reading": reading,
        }
        if math.isfinite(needed):
            warnings.append(Message("campaign.underpowered_conversion", {**params, "needed": int(needed)}))
        else:
            warnings.append(Message("campaign.underpowered_conversion_no_size", params))
    if math.isfinite(arm.spend_mde) and abs(arm.spend.difference) < arm.spend_mde:
        warnings.append(
            Message(
                "campaign.underpowered_spend",
                {"group": name, "uplift": round(arm.spend.difference, 2), "mde": round(arm.spend_mde, 2)},
            )
        )
    return warnings


def _intended_split(
    split: Mapping[str, float] | Sequence[float] | None, labels: list[str]
) -> dict[str, float] | None:
    if split is None:
        return None
    if not isinstance(split, Mapping):
        if len(split) != len(labels):
            raise ArgumentError(
                "campaign.split_count",
                weights=len(split),
                count=len(labels),
                groups=labels,
                option=Term("option.split"),
            )
        split = dict(zip(labels, split, strict=True))
    unknown = sorted(set(split) - set(labels))
    absent = sorted(set(labels) - set(split))
    if unknown:
        raise ArgumentError(
            "campaign.split_unknown_groups", groups=labels, unknown=unknown, option=Term("option.split")
        )
    if absent:
        raise ArgumentError(
            "campaign.split_missing_groups", groups=labels, missing=absent, option=Term("option.split")
        )
    return dict(split)


def controlled_uplift(
    orders: pd.DataFrame,
    groups: pd.DataFrame,
    window: Period,
    *,
    control: str,
    cost_per_contact: float | None = None,
    split: Mapping[str, float] | Sequence[float] | None = None,
    source: str = "the campaign file",
) -> ControlledUplift:
    """Compare every arm of a campaign with its control group over the window.

    Per group: customers, converters (an order in the window), conversion rate, orders and sales per
    customer (zeros included) and the converters' AOV. Per arm against control: conversion uplift
    (Newcombe 95% CI, pooled two-proportion z-test), spend uplift (Welch 95% CI and t-test),
    incremental orders and sales (uplift x arm customers), ROI given a cost per contact, the minimum
    detectable effect at 80% power; Holm-adjusted p-values when there are several arms. Group sizes
    are checked against the intended ``split``: group -> weight, or weights in the reported order
    (control first, then the arms by label); default equal.

    Examples
    --------
    >>> from analytics.frames import orders_frame
    >>> o = orders_frame(customer_id=["a", "b", "c"], order_day=["2025-01-02"] * 3, amount=[10.0, 20.0, 5.0])
    >>> g = pd.DataFrame({"customer_id": ["a", "b", "c", "d"], "group": ["t", "t", "control", "control"],
    ...                   "start": pd.NaT})
    >>> window = Period(pd.Timestamp("2025-01-01"), pd.Timestamp("2025-01-14"))
    >>> r = controlled_uplift(o, g, window, control="control")
    >>> r.arms[0].conversion_uplift, r.arms[0].spend.difference  # 2/2 - 1/2; 30/2 - 5/2
    (0.5, 12.5)
    """
    outcomes = customer_outcomes(orders, groups, window)
    known = pd.Series(orders["customer_id"].dropna().unique(), dtype="str")
    rows = {label: part for label, part in outcomes.groupby("group", sort=True)}
    labels = [control, *sorted(label for label in rows if label != control)]
    intended = _intended_split(split, labels)
    control_outcome = _group_outcome(control, rows[control], known)
    arms = [
        _compare(
            _group_outcome(label, rows[label], known),
            rows[label],
            control_outcome,
            rows[control],
            cost_per_contact,
        )
        for label in labels[1:]
    ]
    warnings: list[Message] = []
    unmatched = unmatched_ids(outcomes["customer_id"], orders, source=source)
    if unmatched is not None:
        warnings.append(unmatched)
    conv_holm = holm_adjust([a.conversion_p_value for a in arms])
    spend_holm = holm_adjust([a.spend.p_value for a in arms])
    arms = [
        replace(a, conversion_p_value_holm=c, spend_p_value_holm=s)
        for a, c, s in zip(arms, conv_holm, spend_holm, strict=True)
    ]
    if len(arms) > 1:
        warnings.append(Message("campaign.several_arms", {"arms": len(arms)}))
    srm = sample_ratio_check({label: len(rows[label]) for label in labels}, intended)
    if srm.warning is not None:
        warnings.append(srm.warning)
    small = [label for label in labels if len(rows[label]) < SMALL_SAMPLE]
    if small:
        warnings.append(Message("campaign.small_groups", {"groups": small, "threshold": SMALL_SAMPLE}))
    for arm in arms:
        warnings.extend(_power_warnings(arm))
    return ControlledUplift(window, control_outcome, tuple(arms), srm, tuple(warnings))


def campaign_uplift(
    orders: pd.DataFrame,
    campaign: pd.DataFrame,
    *,
    control: str | None = None,
    start: str | pd.Timestamp | None = None,
    days: int = DEFAULT_WINDOW_DAYS,
    cost_per_contact: float | None = None,
    split: Mapping[str, float] | Sequence[float] | None = None,
    source: str = "the campaign file",
) -> ControlledUplift | DirectionalUplift:
    """Measure a campaign: controlled comparison when it has a control group, else a directional one.

    The single entry point used by the page, the CLI and the report. Returns a
    :class:`ControlledUplift`, or a :class:`~analytics.metrics.campaign.did.DirectionalUplift` for a
    single-group list (pre/post and difference-in-differences against non-targeted customers).
    """
    if cost_per_contact is not None and (not math.isfinite(cost_per_contact) or cost_per_contact < 0):
        raise ArgumentError(
            "campaign.negative_cost", cost=cost_per_contact, option=Term("option.cost_per_contact")
        )
    groups = campaign_groups(campaign, source=source)
    labels = sorted(groups["group"].unique().tolist())
    control_label = find_control(labels, control, source=source)
    if control_label is not None and len(labels) < 2:
        raise ArgumentError("campaign.only_control", file=source, label=repr(control_label))
    window, warnings = campaign_window(orders, groups, start=start, days=days, source=source)
    if control_label is None:
        result = directional_uplift(orders, groups["customer_id"], window, source=source)
    else:
        result = controlled_uplift(
            orders,
            groups,
            window,
            control=control_label,
            cost_per_contact=cost_per_contact,
            split=split,
            source=source,
        )
    return replace(result, warnings=(*warnings, *result.warnings))
