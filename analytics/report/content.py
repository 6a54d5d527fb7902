"""The report's content as typed values: figures from the metric functions, words as message codes.

:func:`build_content` calls the same metric functions the dashboard pages call
(``analytics.metrics.*``) and keeps their typed results; the plain reading of each section is a
tuple of :class:`~analytics.errors.Message` values whose parameters are those results' figures,
and every label is a :class:`~analytics.errors.Term`. Nothing here is in a language, and nothing
is recomputed: a change is the difference of two metric results, and a campaign's interval is the
one the campaign analysis returned. The PDF, the workbook and the PNG pack are views of this.
"""

from __future__ import annotations

import math
from operator import attrgetter
from typing import Any

import pandas as pd

from analytics.errors import InputError, Message, Term
from analytics.metrics.cohorts import cohort_retention
from analytics.metrics.orderbook import Orders
from analytics.metrics.period import Period, comparison_period, observed_days
from analytics.metrics.purchases import day_number
from analytics.metrics.ratio import SMALL_SAMPLE
from analytics.metrics.reasons import repurchase_reason
from analytics.metrics.repeat import (
    Repurchase,
    repeat_rate_windows,
    repurchase_cohort,
    repurchase_within_days,
)
from analytics.metrics.share import Share
from analytics.metrics.summary import Summary, summarize
from analytics.metrics.trends import Kpi, trend
from analytics.money import Money
from analytics.report.inputs import ReportInputs
from analytics.report.monthly import member_trend_section, monthly_section
from analytics.report.text import Kind, Points
from analytics.report.types import Chart, Column, Headline, ReportContent, Section, Table, holds_no_order

# Headlines of the refunds metric: rows of the workbook's summary, on the cover written under the
# sales card ("refunds X, net Y") as the Overview writes them, not cards of their own.
REFUND_HEADLINES: tuple[str, ...] = ("refunds", "net_sales")
# Repurchase windows (days after the first purchase) shown side by side, as on the Repeat page.
REPURCHASE_DAYS: tuple[int, ...] = (7, 14, 30, 60, 90)
# The repeat-rate trend: twelve consecutive 30-day cycles ending on the period's last day.
REPEAT_WINDOWS, REPEAT_WINDOW_DAYS = 12, 30


def _nan(value: float | None) -> float:
    return math.nan if value is None else float(value)


def _member_share(summary: Summary | None) -> float:
    if summary is None or summary.members is None:
        return math.nan
    return Share(summary.members.member.sales, summary.members.sales).value


def _headlines(now: Summary, before: Summary | None) -> tuple[Headline, ...]:
    def pick(summary: Summary | None, read: Any) -> float:
        return math.nan if summary is None else _nan(read(summary))

    specs: list[tuple[str, Kind, Any]] = [
        ("customers", "count", lambda s: s.customers),
        ("orders", "count", lambda s: s.orders),
        ("sales", "money", lambda s: s.sales),
    ]
    if now.refund.shown:
        # The data has refund lines (the refunds metric says so): refunds and net sales next to sales.
        specs += [(name, "money", attrgetter(name)) for name in REFUND_HEADLINES]
    specs += [
        ("repeat_purchase_rate", "rate", lambda s: s.repeat_purchase_rate.value),
        ("returning_sales_share", "rate", lambda s: s.returning.sales_share.value),
    ]
    if now.members is not None:
        specs.append(("member_sales_share", "rate", _member_share))
    # Last, as the Overview's last card, from the same summary property.
    specs.append(("aov", "money2", lambda s: s.average_order_value))
    return tuple(Headline(Kpi(name, pick(now, read), pick(before, read)), kind) for name, kind, read in specs)


def _change(kpi: Kpi) -> Message | None:
    """Return the change clause of a rate against the comparison period (None without one)."""
    direction = kpi.direction
    if direction is None:
        return None
    if direction == "up":
        return Message("report.change.up", {"points": Points(kpi.delta)})
    if direction == "down":
        return Message("report.change.down", {"points": Points(-kpi.delta)})
    return Message("report.change.flat")


def _with_change(compared: Message, alone: Message, kpi: Kpi) -> Message:
    """Return ``compared`` with its change clause, or ``alone`` when there is no comparison."""
    change = _change(kpi)
    return alone if change is None else Message(compared.code, {**compared.params, "change": change})


def _headline(headlines: tuple[Headline, ...], name: str) -> Kpi:
    return next(h.kpi for h in headlines if h.kpi.name == name)


def repurchase_sentence(cohort: Period | None, followed: Repurchase | None, *, days: int) -> Message:
    """Return the reading's repurchase sentence (the Repeat page's and the pack's, files or engine).

    The latest cohort of first purchases the data can follow ``days`` days, with how many of its
    new customers bought again; or the true reason there is none: no new customer in that cohort,
    or no such cohort yet.
    """
    if cohort is not None and followed is not None and followed.eligible:
        return Message(
            "report.reading.repurchase",
            {
                "rate": followed.rate,
                "days": followed.days,
                "repurchased": followed.repurchased,
                "eligible": followed.eligible,
                "start": cohort.start,
                "end": cohort.end,
            },
        )
    reason = repurchase_reason(cohort, followed.eligible if followed is not None else None)
    return Message(f"report.reading.repurchase_{reason}", {"days": days})


def _repeat_section(inputs: ReportInputs, summary: Summary, headlines: tuple[Headline, ...]) -> Section:
    orders, period = inputs.book, summary.period  # one purchase log for every figure of the report
    rate, repurchase = summary.repeat_purchase_rate, summary.repurchase
    figures = {"rate": rate, "repeaters": rate.numerator, "customers": rate.denominator}
    reading = [
        _with_change(
            Message("report.reading.repeat_rate", figures),
            Message("report.reading.repeat_rate_alone", figures),
            _headline(headlines, "repeat_purchase_rate"),
        )
    ]
    # As on the Repeat page: the period's own new customers mostly cannot be followed for N days
    # yet, so the figure is the latest cohort of first purchases that can be, named in the reading.
    cohort = repurchase_cohort(orders.frame, days=repurchase.days, length=period.days)
    followed = None if cohort is None else repurchase_within_days(orders, period=cohort, days=repurchase.days)
    reading.append(repurchase_sentence(cohort, followed, days=repurchase.days))
    windows = repeat_rate_windows(orders, end=period.end, windows=REPEAT_WINDOWS, days=REPEAT_WINDOW_DAYS)
    by_days = (
        []
        if cohort is None
        else [
            r
            for r in (repurchase_within_days(orders, period=cohort, days=n) for n in REPURCHASE_DAYS)
            if r.eligible
        ]
    )
    window_span = Period(windows["start"].min(), windows["end"].max())
    tables = (
        Table(
            "repeat_windows",
            (
                Column("window_start", "date"),
                Column("window_end", "date"),
                Column("customers", "count"),
                Column("repeat_customers", "count"),
                Column("repeat_purchase_rate", "rate"),
            ),
            tuple(
                (r.start, r.end, int(r.customers), int(r.repeat_customers), float(r.repeat_purchase_rate))
                for r in windows.itertuples()
            ),
        ),
        Table(
            "repurchase",
            (
                Column("days", "count"),
                Column("eligible", "count"),
                Column("repurchased", "count"),
                Column("repurchase_rate", "rate"),
            ),
            tuple((r.days, r.eligible, r.repurchased, r.rate.value) for r in by_days),
        ),
    )
    charts = (
        Chart(
            "repeat_windows",
            "repeat_rate_trend",
            windows,
            window_span,
            Term("report.definition.repeat_purchase_rate"),
        ),
    )
    if cohort is not None and by_days:
        charts += (
            Chart("repurchase", "repurchase_chart", by_days, cohort, Term("report.definition.repurchase")),
        )
    return Section("repeat", tuple(reading), charts, tables)


def _members_section(summary: Summary, headlines: tuple[Headline, ...]) -> Section | None:
    comparison = summary.members
    if comparison is None:
        return None
    groups = comparison.to_dict()
    member, non_member = groups["member"], groups["non_member"]
    figures = {
        "share": Share(comparison.member.sales, comparison.sales),
        "sales": Money(comparison.member.sales),
    }
    reading = (
        _with_change(
            Message("report.reading.member_share", figures),
            Message("report.reading.member_share_alone", figures),
            _headline(headlines, "member_sales_share"),
        ),
        Message(
            "report.reading.member_repeat",
            {
                "member_rate": comparison.member.repeat_purchase_rate,
                "non_member_rate": comparison.non_member.repeat_purchase_rate,
                "member_aov": Money(member["aov"], decimals=2),
                "non_member_aov": Money(non_member["aov"], decimals=2),
            },
        ),
    )
    table = Table(
        "members",
        (
            Column("group", "text"),
            Column("customers", "count"),
            Column("orders", "count"),
            Column("sales", "money"),
            Column("sales_share", "rate"),
            Column("aov", "money2"),
            Column("orders_per_customer", "number"),
            Column("repeat_purchase_rate", "rate"),
        ),
        tuple(
            (
                Term(f"report.name.{key}"),
                row["customers"],
                row["orders"],
                row["sales"],
                _nan(row["sales_share"]),
                _nan(row["aov"]),
                _nan(row["orders_per_customer"]),
                _nan(row["repeat_purchase_rate"]),
            )
            for key, row in groups.items()
        ),
    )
    chart = Chart(
        "members", "members_comparison", comparison, summary.period, Term("report.definition.members")
    )
    return Section("members", reading, (chart,), (table,))


def _trend_frequency(period: Period) -> str:
    # As on the Returning page: a month reads best by day, a quarter by week, a year by month.
    return "D" if period.days <= 31 else ("W" if period.days <= 120 else "M")


def _starts_with_data(orders: Orders, period: Period) -> bool:
    """Return True when ``period`` starts on or before the first order day of ``orders`` (guests too).

    A returning customer's first purchase is before the period: with no order before it, nobody
    can be told returning and the returning figures read 0 whatever the shop's real history.
    """
    days = orders.log.day
    return len(days) > 0 and day_number(period.start) <= int(days.min())


def returning_reading(
    summary: Summary, headlines: tuple[Headline, ...], *, starts_with_data: bool
) -> tuple[Message, ...]:
    """Return the returning sentences (the pack's section and the Returning page, files or engine).

    Shares of sales and of buyers, then the guests' share. A period that starts with the data
    (``starts_with_data``) states no returning figure (they would read a false 0.0%) but says why;
    the guests' share is said only when the period has guest orders, as the Returning page shows
    its guests' card only then.
    """
    returning, period = summary.returning, summary.period
    guests = returning.unidentified_sales_share
    guest_sentence = (
        (Message("report.reading.guest_sales_share", {"guest_share": guests}),) if guests.part else ()
    )
    if starts_with_data:
        return (Message("report.reading.returning_unknown_start", {"start": period.start}), *guest_sentence)
    figures = {"share": returning.sales_share, "sales": Money(returning.sales_share.part)}
    counts = {
        "rate": returning.customers,
        "returning": returning.customers.numerator,
        "customers": returning.customers.denominator,
    }
    return (
        _with_change(
            Message("report.reading.returning_sales_share", figures),
            Message("report.reading.returning_sales_share_alone", figures),
            _headline(headlines, "returning_sales_share"),
        ),
        Message("report.reading.returning_customers", {**counts, "guest_share": guests})
        if guests.part
        else Message("report.reading.returning_customers_no_guests", counts),
    )


def _returning_section(inputs: ReportInputs, summary: Summary, headlines: tuple[Headline, ...]) -> Section:
    period = summary.period
    starts = _starts_with_data(inputs.book, period)
    reading = returning_reading(summary, headlines, starts_with_data=starts)
    buckets = trend(
        inputs.book,
        start=period.start,
        end=period.end,
        freq=_trend_frequency(period),
        members=inputs.members,
    )
    table = Table(
        "returning_trend",
        (
            Column("bucket_start", "date"),
            Column("bucket_end", "date"),
            Column("buyers", "count"),
            Column("returning_buyers", "count"),
            Column("returning_buyers_share", "rate"),
            Column("sales", "money"),
            Column("returning_sales", "money"),
            Column("returning_sales_share", "rate"),
            Column("unidentified_sales_share", "rate"),
        ),
        tuple(
            (
                r.bucket_start,
                r.bucket_end,
                int(r.buyers),
                int(r.returning_buyers),
                float(r.returning_buyers_share),
                float(r.sales),
                float(r.returning_sales),
                float(r.returning_sales_share),
                float(r.unidentified_sales_share),
            )
            for r in buckets.itertuples()
        ),
    )
    chart = Chart("returning", "returning_share_trend", buckets, period, Term("report.definition.returning"))
    return Section("returning", reading, (chart,), (table,))


def _tier_name(tier: str | None) -> Term | str:
    return Term("report.name.no_tier") if tier is None else str(tier)


def _tiers_section(summary: Summary) -> Section | None:
    tiers = summary.tiers
    if not tiers:
        return None
    reading: list[Message] = []
    top_sales = max(tiers, key=lambda t: t.sales.part)
    if top_sales.sales.part > 0:
        reading.append(
            Message(
                "report.reading.tier_top_sales",
                {"tier": _tier_name(top_sales.tier), "share": top_sales.sales},
            )
        )
    # A rate over a handful of buyers moves by whole points with one customer: not a "best" tier.
    sizeable = [t for t in tiers if t.repeat_purchase_rate.denominator >= SMALL_SAMPLE]
    if sizeable:
        top_repeat = max(sizeable, key=lambda t: t.repeat_purchase_rate.value)
        reading.append(
            Message(
                "report.reading.tier_top_repeat",
                {
                    "tier": _tier_name(top_repeat.tier),
                    "rate": top_repeat.repeat_purchase_rate,
                    "buyers": top_repeat.repeat_purchase_rate.denominator,
                },
            )
        )
    else:
        reading.append(Message("report.reading.tier_small", {"customers": SMALL_SAMPLE}))
    table = Table(
        "tiers",
        (
            Column("tier", "text"),
            Column("members", "count"),
            Column("buyers", "count"),
            Column("orders", "count"),
            Column("sales", "money"),
            Column("sales_share", "rate"),
            Column("aov", "money2"),
            Column("repeat_purchase_rate", "rate"),
        ),
        tuple(
            (
                _tier_name(t.tier),
                t.members,
                t.buyers,
                t.orders,
                t.sales.part,
                t.sales.value,
                t.aov,
                t.repeat_purchase_rate.value,
            )
            for t in tiers
        ),
    )
    chart = Chart("tiers", "tier_distribution", list(tiers), summary.period, Term("report.definition.tiers"))
    return Section("tiers", tuple(reading), (chart,), (table,))


def _cohorts_section(inputs: ReportInputs) -> Section:
    cohorts = cohort_retention(inputs.book)
    orders = inputs.orders
    span = Period(orders["order_day"].min(), orders["order_day"].max())
    reading: list[Message] = []
    mature = cohorts[(cohorts["months_since"] == 1) & ~cohorts["immature"].astype(bool)]
    if len(mature):
        latest = mature.iloc[-1]
        reading.append(
            Message(
                "report.reading.cohort_latest",
                {
                    "month": f"{pd.Timestamp(latest['cohort']):%Y-%m}",
                    "size": int(latest["cohort_size"]),
                    "rate": Share(float(latest["customers"]), float(latest["cohort_size"])),
                },
            )
        )
    else:
        reading.append(Message("report.reading.cohort_none"))
    table = Table(
        "cohorts",
        (
            Column("cohort", "date"),
            Column("months_since", "count"),
            Column("cohort_size", "count"),
            Column("customers", "count"),
            Column("retention", "rate"),
            Column("immature", "text"),
        ),
        tuple(
            (
                pd.Timestamp(r.cohort),
                int(r.months_since),
                int(r.cohort_size),
                int(r.customers),
                float(r.retention),
                Term("report.name.immature") if r.immature else "",
            )
            for r in cohorts.itertuples()
        ),
    )
    chart = Chart(
        "cohorts",
        "cohort_heatmap",
        cohorts,
        span,
        Term("report.definition.cohorts"),
        x_title=Term("report.name.months_since"),
        y_title=Term("report.name.first_month"),
        # As under the Repeat page's heatmap: the data's first month holds regulars from before it.
        note=Message("report.note.cohort_first_row", {"month": f"{span.start:%Y-%m}"}),
    )
    return Section("cohorts", tuple(reading), (chart,), (table,))


def _campaign_section(inputs: ReportInputs) -> tuple[Section | None, tuple[Message, ...]]:
    if inputs.campaign is None:
        return None, ()
    from analytics.report.campaign import campaign_section  # scipy.stats loads only with a campaign

    return campaign_section(inputs)


def _industry_section(inputs: ReportInputs) -> Section | None:
    from analytics.report.industry import industry_section  # peers' figures load only with peers

    return industry_section(inputs)


def _store_index_section(inputs: ReportInputs, period: Period) -> Section | None:
    from analytics.report.store_index import store_index_section

    return store_index_section(inputs, period)


def _monthly_sections(inputs: ReportInputs, period: Period) -> tuple[Section | None, Section | None]:
    return monthly_section(inputs, period), member_trend_section(inputs, period)


def _contact_section(inputs: ReportInputs) -> Section | None:
    from analytics.report.contact import contact_section  # the customer models load only here

    return contact_section(inputs)


def build_content(inputs: ReportInputs, *, period: Period, compare: str = "previous") -> ReportContent:
    """Compute every figure of the report from the metric functions the pages use.

    Parameters
    ----------
    inputs
        The canonical frames and the store they describe.
    period
        The analysed period (inclusive days).
    compare
        ``"previous"`` (the period of equal length before), ``"last-year"`` or ``"none"``.

    Raises
    ------
    InputError
        ``report.empty_period`` when the period holds no order; the metric functions' own errors
        (a member list that matches no customer, a campaign without customers ...) pass through.
    """
    comparison = comparison_period(period, compare)
    orders = inputs.orders
    if len(orders) == 0 or not period.contains(orders["order_day"]).any():
        days = orders["order_day"] if len(orders) else pd.Series(dtype="datetime64[ns]")
        raise InputError(
            "report.empty_period",
            start=period.start.date(),
            end=period.end.date(),
            first=days.min().date() if len(days) else "—",
            last=days.max().date() if len(days) else "—",
        )
    figures = {"members": inputs.members, "members_source": inputs.members_source, "refunds": inputs.refunds}
    summary = summarize(inputs.book, period=period, **figures)
    previous = None if comparison is None else summarize(inputs.book, period=comparison, **figures)
    headlines = _headlines(summary, previous)
    campaign, campaign_notes = _campaign_section(inputs)
    monthly, member_trend = _monthly_sections(inputs, period)
    sections = [
        _industry_section(inputs),
        _store_index_section(inputs, period),
        monthly,
        _repeat_section(inputs, summary, headlines),
        _members_section(summary, headlines),
        member_trend,
        _returning_section(inputs, summary, headlines),
        _tiers_section(summary),
        _cohorts_section(inputs),
        campaign,
        _contact_section(inputs),
    ]
    notes: list[Message] = list(campaign_notes)
    seen = observed_days(comparison, orders) if comparison is not None else 0
    if holds_no_order(comparison, previous):
        notes.append(
            Message("report.note.comparison_empty", {"start": comparison.start, "end": comparison.end})
        )
    elif comparison is not None and seen < comparison.days:
        notes.append(Message("report.note.comparison_partial", {"seen": seen, "days": comparison.days}))
    if _starts_with_data(inputs.book, period):
        # The cover's returning share reads 0.0% then, as the Overview's card does under its warning.
        notes.append(Message("report.note.returning_unknown_start", {"start": period.start}))
    if summary.members is None:
        notes.append(Message("report.note.no_members"))
    definitions = [
        *([Term("report.definition.industry")] if inputs.peers else []),
        Term("report.definition.period"),
        Term("report.definition.customers"),
        Term("report.definition.sales"),
        *([Term("report.definition.refunds")] if summary.refund.shown else []),
        Term("report.definition.repeat_purchase_rate"),
        Term("report.definition.repurchase"),
        Term("report.definition.returning"),
    ]
    if summary.members is not None:
        definitions += [
            Term("report.definition.members"),
            Term("report.definition.member_trend"),
            Term("report.definition.tiers"),
        ]
    definitions += [Term("report.definition.cohorts"), Term("report.definition.monthly")]
    if any(s is not None and s.key == "store_index" for s in sections):
        definitions.append(Term("report.definition.store_index"))
    if inputs.campaign is not None:
        definitions.append(Term("report.definition.campaign"))
    if any(s is not None and s.key == "contact" for s in sections):
        definitions.append(Term("report.definition.contact"))
    return ReportContent(
        shop=inputs.shop,
        currency=inputs.currency,
        period=period,
        comparison=comparison,
        comparison_days_observed=seen,
        summary=summary,
        previous=previous,
        headlines=headlines,
        sections=tuple(s for s in sections if s is not None),
        accounting=inputs.accounting,
        orders_used=len(orders),
        notes=tuple(notes),
        definitions=tuple(definitions),
        # Each refund line is one row used (the row accounting counts them there).
        refund_rows=len(inputs.refunds) if summary.refund.shown and inputs.refunds is not None else 0,
    )
