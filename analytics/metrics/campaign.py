"""Campaign uplift: did a care campaign (SMS, coupon, member day) bring customers back, and how much?

With a control group each arm is compared with the control over the campaign window (randomised
test: causal). Without one, :mod:`analytics.metrics.campaign_did` gives a directional pre/post and
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

from analytics.errors import ArgumentError, InputError
from analytics.metrics.campaign_did import DirectionalUplift, directional_uplift
from analytics.metrics.campaign_stats import (
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
from analytics.metrics.period import Period
from analytics.metrics.ratio import SMALL_SAMPLE, wilson_interval

DEFAULT_WINDOW_DAYS = 14
# Labels that unmistakably name the control group (compared trimmed and case-folded). "B" of an A/B
# test is deliberately absent: which side was held out is not obvious, so the user must say.
CONTROL_LABELS: frozenset[str] = frozenset(
    {
        "control",
        "control group",
        "controls",
        "holdout",
        "hold-out",
        "hold out",
        "ctrl",
        "baseline",
        "placebo",
        "对照",
        "对照组",
        "空白组",
        "空白对照",
        "控制组",
        "不触达",
        "未触达",
    }
)
# A label containing one of these is a control only when exactly one label does ("SMS control").
CONTROL_HINTS: tuple[str, ...] = ("control", "holdout", "hold-out", "对照", "空白", "控制组")
# Single-group campaigns (a plain list of targeted customers) get this group name.
TARGETED = "targeted"
# When at least this share of campaign customers never appear in the orders, ids probably do not match.
MISSING_WARNING_SHARE = 0.5


def _few(values: pd.Series | list[str], n: int = 3) -> str:
    items = [str(v) for v in list(values)[:n]]
    return ", ".join(items)


def campaign_groups(campaign: pd.DataFrame, *, source: str = "the campaign file") -> pd.DataFrame:
    """Validate a campaign frame and return one row per customer: ``customer_id``, ``group``, ``start``.

    A list without groups (no ``group`` column, or every group blank) becomes one group named
    ``targeted``. The same customer listed twice in one group counts once.

    Raises
    ------
    InputError
        When the file lists no customer, a group has no customer ids, some customers have no group
        while others do, or a customer appears in two groups (a customer can get one treatment only).
    """
    if "customer_id" not in campaign.columns:
        raise InputError(f"{source}: no customer id column: map it with --map customer_id=HEADER")
    # Ids read as floats ("17850.0", a numeric column with blanks) are the same customer as "17850",
    # as the loader normalises them in the orders.
    ids = campaign["customer_id"].astype("str").str.strip().str.replace(r"^(\d+)\.0+$", r"\1", regex=True)
    frame = pd.DataFrame({"customer_id": ids})
    if "group" in campaign.columns and campaign["group"].notna().any():
        frame["group"] = campaign["group"].astype("str").str.strip().replace("", pd.NA)
    else:
        frame["group"] = pd.Series(TARGETED, index=frame.index, dtype="str")
    frame["start"] = (
        pd.to_datetime(campaign["start"]).dt.normalize() if "start" in campaign.columns else pd.NaT
    )
    frame["customer_id"] = frame["customer_id"].replace("", pd.NA)
    if frame["customer_id"].isna().all():
        raise InputError(f"{source}: the campaign lists no customers: check the customer id column")
    labelled = frame[frame["group"].notna()]
    has_id = labelled.groupby("group")["customer_id"].count()
    empty = has_id[has_id == 0].index.tolist()
    if empty:
        raise InputError(
            f"{source}: group {_few(empty)} has no customer ids: fill the customer id column for it "
            "or remove the group"
        )
    frame = frame[frame["customer_id"].notna()]
    no_group = frame[frame["group"].isna()]
    if len(no_group):
        raise InputError(
            f"{source}: {len(no_group):,} customers have no group (e.g. {_few(no_group['customer_id'])}): "
            "fill the group column (e.g. treatment / control) for every customer"
        )
    groups_per_customer = frame.groupby("customer_id")["group"].nunique()
    conflicted = groups_per_customer[groups_per_customer > 1].index
    if len(conflicted):
        raise InputError(
            f"{source}: {len(conflicted):,} customers are in two or more groups "
            f"(e.g. {_few(sorted(conflicted))}): each customer must be in exactly one group; "
            "fix the assignment and export again"
        )
    return frame.drop_duplicates("customer_id").reset_index(drop=True)


def find_control(
    labels: list[str], control: str | None = None, *, source: str = "the campaign file"
) -> str | None:
    """Return the control group's label, or None when the campaign has a single group.

    With ``control`` given, it must be one of ``labels`` (compared trimmed, case-insensitive).
    Otherwise a label such as control, holdout, 对照组, 空白组 or 控制组 is taken as the control.

    Raises
    ------
    ArgumentError
        When ``control`` is not a label, or several groups exist and none is obviously the control.

    Examples
    --------
    >>> find_control(["实验组", "对照组"])
    '对照组'
    """
    by_key = {label.strip().casefold(): label for label in labels}
    found = ", ".join(repr(label) for label in sorted(labels))
    if control is not None:
        key = control.strip().casefold()
        if key not in by_key:
            raise ArgumentError(
                f"{source}: no group is labelled {control!r}: the groups are {found}; pass one of them"
            )
        return by_key[key]
    if len(labels) < 2:
        # A lone group is the targeted list, unless its name says it is only a control group.
        return labels[0] if labels and labels[0].strip().casefold() in CONTROL_LABELS else None
    exact = [label for key, label in by_key.items() if key in CONTROL_LABELS]
    if len(exact) == 1:
        return exact[0]
    hinted = [label for key, label in by_key.items() if any(h in key for h in CONTROL_HINTS)]
    if len(exact) == 0 and len(hinted) == 1:
        return hinted[0]
    raise ArgumentError(
        f"{source}: cannot tell which group is the control among {found}: pass --control LABEL"
    )


def _parse_day(value: str | pd.Timestamp, what: str) -> pd.Timestamp:
    try:
        day = pd.Timestamp(value)
    except (ValueError, TypeError) as exc:
        raise ArgumentError(f"{what} {value!r} is not a date: write it as YYYY-MM-DD") from exc
    if pd.isna(day):
        raise ArgumentError(f"{what} {value!r} is not a date: write it as YYYY-MM-DD")
    return day.normalize()


def campaign_window(
    orders: pd.DataFrame,
    groups: pd.DataFrame,
    *,
    start: str | pd.Timestamp | None = None,
    days: int = DEFAULT_WINDOW_DAYS,
    source: str = "the campaign file",
) -> tuple[Period, list[str]]:
    """Return the campaign window ``start .. start + days - 1`` and warnings about it.

    ``start`` defaults to the campaign file's start column (its earliest date when the file holds
    several). The window must overlap the orders; a window running past the last order day is
    kept but flagged, since the missing days lower every group's conversion.

    Raises
    ------
    ArgumentError
        When there is no start, ``days`` is below 1, or the window lies outside the data.
    """
    warnings: list[str] = []
    if days < 1:
        raise ArgumentError(f"--days {days}: the campaign window needs at least 1 day")
    if start is not None and str(start) != "":
        first_day = _parse_day(start, "--start")
    else:
        starts = groups["start"].dropna().unique() if "start" in groups else []
        if len(starts) == 0:
            raise ArgumentError(
                f"{source}: no campaign start date: pass --start YYYY-MM-DD or add a start column to the file"
            )
        first_day = pd.Timestamp(min(starts))
        if len(starts) > 1:
            warnings.append(
                f"{source} holds {len(starts)} different start dates ({first_day:%Y-%m-%d} to "
                f"{pd.Timestamp(max(starts)):%Y-%m-%d}): the window starts on the earliest; "
                "pass --start to choose"
            )
    window = Period(first_day, first_day + pd.Timedelta(days=days - 1))
    if len(orders) == 0:
        raise ArgumentError("there are no valid orders to analyse: check the file's row accounting")
    data_first, data_last = orders["order_day"].min(), orders["order_day"].max()
    if window.start > data_last or window.end < data_first:
        raise ArgumentError(
            f"the campaign window {window.start:%Y-%m-%d} to {window.end:%Y-%m-%d} lies outside the orders, "
            f"which cover {data_first:%Y-%m-%d} to {data_last:%Y-%m-%d}: "
            "check --start or load the right export"
        )
    if window.end > data_last:
        missing = int((window.end - data_last).days)
        warnings.append(
            f"the orders end on {data_last:%Y-%m-%d}, {missing} days before the window ends "
            f"({window.end:%Y-%m-%d}): conversion and sales are counted over a shorter window"
        )
    return window, warnings


def customer_outcomes(orders: pd.DataFrame, groups: pd.DataFrame, window: Period) -> pd.DataFrame:
    """Return per campaign customer the window's ``orders`` and ``sales`` (zeros for non-buyers).

    Columns: ``customer_id``, ``group``, ``orders`` (int), ``sales`` (float), ``converted`` (bool).
    """
    in_window = orders[
        window.contains(orders["order_day"]) & orders["customer_id"].isin(groups["customer_id"])
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
            "conversion_rate_ci": list(wilson_interval(self.converters, self.customers)),
            "sales": self.sales,
            "sales_per_customer": self.sales_per_customer,
            "orders": self.orders,
            "orders_per_customer": self.orders_per_customer,
            "aov_converters": self.aov_converters,
            "missing_from_orders": self.missing_from_orders,
            "small_sample": self.customers < SMALL_SAMPLE,
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

    def to_dict(self) -> dict[str, object]:
        """Return the JSON form: the group's figures plus the comparison with the control."""
        n = self.outcome.customers
        roi_ci = [math.nan, math.nan]
        if self.cost and self.cost > 0:
            roi_ci = [(lim * n - self.cost) / self.cost for lim in self.spend.ci]
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
            "incremental_sales_ci": [lim * n for lim in self.spend.ci],
            "orders_uplift": self.orders_diff.difference,
            "orders_uplift_ci": list(self.orders_diff.ci),
            "incremental_orders": self.incremental_orders,
            "cost": self.cost,
            "roi": self.roi,
            "roi_ci": roi_ci,
            "mde": {
                "conversion": self.conversion_mde,
                "spend": self.spend_mde,
                "customers_needed_per_group": self.customers_needed_per_group,
                "power": 0.8,
                "alpha": 0.05,
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
    warnings: tuple[str, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict[str, object]:
        """Return the JSON block of ``python -m analytics uplift`` (DESIGN.md contract + extras)."""
        return {
            "design": "controlled",
            "window": {**self.window.to_dict(), "days": self.window.days},
            "control": self.control.to_dict(),
            "arms": [arm.to_dict() for arm in self.arms],
            "srm": self.srm.to_dict(),
            "methods": METHODS,
            "warnings": list(self.warnings),
        }


def _group_outcome(label: str, rows: pd.DataFrame, known: pd.Series) -> GroupOutcome:
    return GroupOutcome(
        group=label,
        customers=len(rows),
        converters=int(rows["converted"].sum()),
        orders=int(rows["orders"].sum()),
        sales=float(rows["sales"].sum()),
        sales_sd=float(rows["sales"].std(ddof=1)) if len(rows) > 1 else math.nan,
        missing_from_orders=int((~rows["customer_id"].isin(known)).sum()),
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


def _power_warnings(arm: ArmComparison) -> list[str]:
    warnings = []
    name = arm.outcome.group
    if math.isfinite(arm.conversion_mde) and abs(arm.conversion_uplift) < arm.conversion_mde:
        needed = arm.customers_needed_per_group
        need = f"; about {needed:,.0f} customers per group would be needed" if math.isfinite(needed) else ""
        significant = arm.conversion_p_value < 0.05
        reading = (
            "the significant result may overstate the effect"
            if significant
            else "a non-significant result does not show the campaign had no effect"
        )
        warnings.append(
            f"{name}: the test is too small to detect the conversion uplift it shows "
            f"({arm.conversion_uplift * 100:+.2f} points; with these group sizes only uplifts of "
            f"{arm.conversion_mde * 100:.2f} points or more are detected 80% of the time{need}): {reading}"
        )
    if math.isfinite(arm.spend_mde) and abs(arm.spend.difference) < arm.spend_mde:
        warnings.append(
            f"{name}: the test is too small to detect the spend uplift it shows ({arm.spend.difference:+.2f} "
            f"per customer; only {arm.spend_mde:.2f} or more is detected 80% of the time)"
        )
    return warnings


def _missing_warning(
    outcomes: pd.DataFrame, orders: pd.DataFrame, known: pd.Series, source: str
) -> list[str]:
    missing = outcomes.loc[~outcomes["customer_id"].isin(known), "customer_id"]
    share = len(missing) / len(outcomes)
    if share < MISSING_WARNING_SHARE:
        return []
    order_ids = orders["customer_id"].dropna().drop_duplicates()
    lead = "all" if len(missing) == len(outcomes) else f"{len(missing):,} of {len(outcomes):,}"
    return [
        f"{lead} of the campaign customers in {source} never appear in the orders: the customer ids "
        f"probably do not match (campaign: {_few(missing)}; orders: {_few(order_ids)}); "
        "map the right id column with --map customer_id=HEADER"
    ]


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
    known = orders["customer_id"].dropna().unique()
    known = pd.Series(known, dtype="str")
    rows = {label: part for label, part in outcomes.groupby("group", sort=True)}
    labels = [control, *sorted(label for label in rows if label != control)]
    if split is not None and not isinstance(split, Mapping):
        if len(split) != len(labels):
            raise ArgumentError(
                f"--split gives {len(split)} weights for {len(labels)} groups: give one per group in the "
                f"order {', '.join(labels)}, or write LABEL=WEIGHT pairs"
            )
        split = dict(zip(labels, split, strict=True))
    if split is not None:
        unknown = sorted(set(split) - set(labels))
        absent = sorted(set(labels) - set(split))
        if unknown or absent:
            raise ArgumentError(
                f"--split must give a weight to each group ({', '.join(labels)}); "
                f"{'unknown: ' + ', '.join(unknown) if unknown else 'missing: ' + ', '.join(absent)}"
            )
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
    warnings = _missing_warning(outcomes, orders, known, source)
    conv_holm = holm_adjust([a.conversion_p_value for a in arms])
    spend_holm = holm_adjust([a.spend.p_value for a in arms])
    arms = [
        replace(a, conversion_p_value_holm=c, spend_p_value_holm=s)
        for a, c, s in zip(arms, conv_holm, spend_holm, strict=True)
    ]
    if len(arms) > 1:
        warnings.append(
            f"{len(arms)} arms are each compared with the control: with several comparisons one may look "
            "significant by chance; read the Holm-adjusted p-values "
            "(conversion_p_value_holm, spend_p_value_holm)"
        )
    srm = sample_ratio_check({label: len(rows[label]) for label in labels}, dict(split) if split else None)
    if srm.warning:
        warnings.append(srm.warning)
    small = [label for label in labels if len(rows[label]) < SMALL_SAMPLE]
    if small:
        warnings.append(
            f"groups {', '.join(small)} have fewer than {SMALL_SAMPLE} customers: rates move by whole points "
            "with one customer; treat the figures as anecdotes"
        )
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
    :class:`ControlledUplift`, or a :class:`~analytics.metrics.campaign_did.DirectionalUplift` for a
    single-group list (pre/post and difference-in-differences against non-targeted customers).
    """
    if cost_per_contact is not None and (not math.isfinite(cost_per_contact) or cost_per_contact < 0):
        raise ArgumentError(f"--cost-per-contact {cost_per_contact}: give a cost of 0 or more")
    groups = campaign_groups(campaign, source=source)
    labels = sorted(groups["group"].unique().tolist())
    control_label = find_control(labels, control, source=source)
    if control_label is not None and len(labels) < 2:
        raise ArgumentError(
            f"{source}: every customer is in the control group {control_label!r}: "
            "there is no treated group to measure"
        )
    window, warnings = campaign_window(orders, groups, start=start, days=days, source=source)
    if control_label is None:
        result = directional_uplift(orders, groups["customer_id"], window)
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


__all__ = [
    "CONTROL_LABELS",
    "DEFAULT_WINDOW_DAYS",
    "ArmComparison",
    "ControlledUplift",
    "GroupOutcome",
    "campaign_groups",
    "campaign_uplift",
    "campaign_window",
    "controlled_uplift",
    "customer_outcomes",
    "find_control",
]
