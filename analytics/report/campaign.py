"""The campaign section of the report: the campaign analysis's own result, read in plain words.

The uplift, its interval and the incremental sales are those :func:`campaign_uplift` returns (the
same call as the Campaign page and ``python -m analytics uplift``); the reading only says whether
an interval contains zero, which the interval itself shows.
"""

from __future__ import annotations

import math

import pandas as pd

from analytics.errors import Message, Term
from analytics.metrics.campaign import campaign_uplift
from analytics.metrics.campaign.did import DirectionalUplift
from analytics.money import Money
from analytics.report.inputs import ReportInputs
from analytics.report.text import Points, Rate
from analytics.report.types import Chart, Column, Section, Table


def _interval_reading(low: float, high: float, arm: str) -> Message:
    if not (math.isfinite(low) and math.isfinite(high)) or low <= 0 <= high:
        return Message("report.reading.campaign_unclear", {"arm": arm})
    if low > 0:
        return Message("report.reading.campaign_clear_up", {"arm": arm})
    return Message("report.reading.campaign_clear_down", {"arm": arm})


def _controlled(result: object) -> Section:
    control, arms = result.control, result.arms
    reading: list[Message] = []
    for arm in arms:
        low, high = arm.conversion_uplift_ci
        reading.append(
            Message(
                "report.reading.campaign_arm",
                {
                    "arm": arm.outcome.group,
                    "rate": Rate(arm.outcome.conversion_rate),
                    "control_rate": Rate(control.conversion_rate),
                    "uplift": Points(arm.conversion_uplift, signed=True),
                    "low": Points(low, signed=True),
                    "high": Points(high, signed=True),
                    "incremental": Money(arm.incremental_sales),
                },
            )
        )
        reading.append(_interval_reading(low, high, arm.outcome.group))
    columns = (
        Column("group", "text"),
        Column("customers", "count"),
        Column("converters", "count"),
        Column("conversion_rate", "rate"),
        Column("sales", "money"),
        Column("sales_per_customer", "money2"),
        Column("conversion_uplift", "rate"),
        Column("conversion_uplift_low", "rate"),
        Column("conversion_uplift_high", "rate"),
        Column("conversion_p_value", "number"),
        Column("spend_uplift", "money2"),
        Column("spend_uplift_low", "money2"),
        Column("spend_uplift_high", "money2"),
        Column("spend_p_value", "number"),
        Column("incremental_sales", "money"),
    )
    nan = math.nan
    rows = [
        (
            control.group,
            control.customers,
            control.converters,
            control.conversion_rate,
            control.sales,
            control.sales_per_customer,
            *([nan] * 9),
        )
    ]
    for arm in arms:
        o = arm.outcome
        rows.append(
            (
                o.group,
                o.customers,
                o.converters,
                o.conversion_rate,
                o.sales,
                o.sales_per_customer,
                arm.conversion_uplift,
                *arm.conversion_uplift_ci,
                arm.conversion_p_value,
                arm.spend.difference,
                *arm.spend.ci,
                arm.spend.p_value,
                arm.incremental_sales,
            )
        )
    chart = Chart("campaign", "campaign_arms", result, result.window, Term("report.definition.campaign"))
    return Section("campaign", tuple(reading), (chart,), (Table("campaign_arms", columns, tuple(rows)),))


def _directional(result: DirectionalUplift) -> Section:
    reading = [Message("report.reading.campaign_directional", {"customers": result.targeted_customers})]
    if result.did is not None:
        spend = result.did["spend"]
        low, high = spend["ci"]
        reading.append(
            Message(
                "report.reading.campaign_did",
                {
                    "spend": Money(spend["value"], decimals=2),
                    "low": Money(low, decimals=2),
                    "high": Money(high, decimals=2),
                },
            )
        )
    windows = result.windows
    columns = [
        Column("window_start", "date"),
        Column("window_end", "date"),
        Column("targeted_conversion_rate", "rate"),
        Column("targeted_sales_per_customer", "money2"),
    ]
    keys = ["start", "end", "targeted_conversion_rate", "targeted_sales_per_customer"]
    if "non_targeted_conversion_rate" in windows:
        columns += [
            Column("non_targeted_conversion_rate", "rate"),
            Column("non_targeted_sales_per_customer", "money2"),
        ]
        keys += ["non_targeted_conversion_rate", "non_targeted_sales_per_customer"]
    rows = tuple(
        tuple(pd.Timestamp(v) if k in ("start", "end") else float(v) for k, v in zip(keys, row, strict=True))
        for row in windows.sort_values("window")[keys].itertuples(index=False)
    )
    chart = Chart(
        "campaign_directional",
        "campaign_directional",
        result,
        result.window,
        Term("report.definition.campaign_directional"),
    )
    return Section("campaign", tuple(reading), (chart,), (Table("campaign_windows", tuple(columns), rows),))


def campaign_section(inputs: ReportInputs) -> tuple[Section, tuple[Message, ...]]:
    """Return the campaign section and the campaign analysis's warnings (shown as notes)."""
    result = campaign_uplift(inputs.orders, inputs.campaign, source=inputs.campaign_source)
    section = _directional(result) if isinstance(result, DirectionalUplift) else _controlled(result)
    return section, tuple(w for w in result.warnings if isinstance(w, Message))
