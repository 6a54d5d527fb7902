"""The "customers to contact" section: how many customers each care list holds, and the most valuable.

Figures are those :func:`analytics.metrics.customers.scores.score_customers` returns, the call the
Customers page makes (weekly time unit, a 13-week horizon, the member list): the care lists are
as of the data's last order day. When the purchase model does not hold on the data (see
:mod:`analytics.metrics.customers.health`) the section says so in one sentence, shows no chance of
still being a customer nor forecast spend, and ranks by the expected value of a contact instead.
No personal data: the table of the most valuable customers gives their rank, segment, tier, first
care reason and figures, never an id, name or phone number; the Customers page and the care-list
export are where a manager finds who they are.
"""

from __future__ import annotations

import math

import pandas as pd

from analytics.errors import Message, Term
from analytics.metrics.customers.care import CARE_REASONS
from analytics.metrics.customers.scores import score_customers
from analytics.money import Money
from analytics.report.inputs import ReportInputs
from analytics.report.types import Column, Section, Table

# As on the Customers page: weeks, and a forecast of about a quarter.
TIME_UNIT, HORIZON_WEEKS = "W", 13
# Rows of the most-valuable table: a page of a slide deck.
TOP_CUSTOMERS = 10


def _number(value: object) -> float:
    return math.nan if value is None or pd.isna(value) else float(value)


def contact_section(inputs: ReportInputs) -> Section | None:
    """Return the section, or None when no customer is on any care list (nothing to contact)."""
    # Customer value net of the refunds the exports hold, as on the Customers page.
    scores = score_customers(
        inputs.orders,
        time_unit=TIME_UNIT,
        horizon=HORIZON_WEEKS,
        members=inputs.members,
        refunds=inputs.refunds if inputs.refunds is not None and len(inputs.refunds) else None,
    )
    counts = scores.care_counts()
    customers = scores.customers
    listed = customers[customers["reason"].notna()]
    if listed.empty:
        return None
    largest = max(CARE_REASONS, key=lambda reason: counts[reason])
    # Without a purchase model that holds, the forecast is no fact: rank by the expected value of a
    # contact (the shop's own return rates), or by sales when the history is too short for that too.
    by_contact = not scores.model_ready and bool(listed["contact_value"].notna().any())
    rank_by = "expected_value" if scores.model_ready else "contact_value" if by_contact else "sales"
    top = listed.sort_values([rank_by, "sales"], ascending=False, na_position="last").head(TOP_CUSTOMERS)
    reading = [
        Message(
            "report.reading.contact",
            {
                "customers": len(listed),
                "reason": Term(f"report.care.{largest}"),
                "count": counts[largest],
            },
        )
    ]
    if scores.health is not None and scores.health.sentence is not None:
        reading.append(scores.health.sentence)
    if scores.model_ready:
        reading.append(
            Message(
                "report.reading.contact_top",
                {
                    "top": len(top),
                    "value": Money(float(top["expected_value"].sum())),
                    "weeks": HORIZON_WEEKS,
                },
            )
        )
    elif by_contact and scores.backtest is not None:
        reading.append(
            Message(
                "customers.report.contact_top_lapse",
                {
                    "top": len(top),
                    "value": Money(float(top["contact_value"].sum())),
                    "days": scores.backtest.window_days,
                },
            )
        )
    else:
        reading.append(Message("report.reading.contact_no_model", {"top": len(top)}))
    reasons = Table(
        "care_lists",
        (Column("care_reason", "text"), Column("listed", "count")),
        tuple((Term(f"report.care.{reason}"), counts[reason]) for reason in CARE_REASONS),
    )
    has_tiers = "tier" in top.columns and top["tier"].notna().any()
    columns = [Column("rank", "count"), Column("segment", "text")]
    columns += [Column("tier", "text")] if has_tiers else []
    columns.append(Column("care_reason", "text"))
    if scores.model_ready:
        columns += [Column("expected_value", "money"), Column("p_alive", "rate")]
    else:
        columns.append(Column("contact_value", "money"))
    columns += [Column("sales_to_date", "money"), Column("days_since_last", "count")]
    rows = []
    for rank, row in enumerate(top.itertuples(), start=1):
        values: list[object] = [rank, Term(f"customers.segment.{row.segment}")]
        if has_tiers:
            values.append(str(row.tier) if pd.notna(row.tier) else Term("report.name.no_tier"))
        values.append(Term(f"report.care.{row.reason}"))
        if scores.model_ready:
            values += [_number(row.expected_value), _number(row.p_alive)]
        else:
            values.append(_number(row.contact_value))
        values += [_number(row.sales), int(row.days_since_last)]
        rows.append(tuple(values))
    valuable = Table("contact_top", tuple(columns), tuple(rows))
    return Section("contact", tuple(reading), (), (reasons, valuable))
