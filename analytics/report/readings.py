"""The plain reading of a subject, shared by its dashboard page and the report: one sentence, one source.

The report's sections (:mod:`analytics.report.content`) word each subject as catalog codes with
the metric results as parameters ("17.5% of the period's 782 customers ..., 2.1 points lower than
the period before"). A page opens with the same sentences: :func:`page_reading` builds the
section the report builds for the same orders, period and comparison and returns its reading, so
the page and the pack cannot say different things.
"""

from __future__ import annotations

from typing import Literal

import pandas as pd

from analytics.errors import Message
from analytics.metrics.orderbook import Orders, as_orders
from analytics.metrics.period import Period
from analytics.metrics.summary import summarize
from analytics.report import content
from analytics.report.inputs import ReportInputs

Subject = Literal["repeat", "members", "returning", "tiers"]


def page_reading(
    orders: pd.DataFrame | Orders,
    subject: Subject,
    *,
    period: Period,
    comparison: Period | None,
    members: pd.DataFrame | None = None,
    members_source: str = "members",
) -> tuple[Message, ...]:
    """Return the reading of ``subject`` exactly as the report words it for these orders and periods.

    Empty when the subject has nothing to read (members' subjects without membership).
    """
    book = as_orders(orders)  # one purchase log for both summaries and the section
    summary = summarize(book, period=period, members=members, members_source=members_source)
    previous = (
        None
        if comparison is None
        else summarize(book, period=comparison, members=members, members_source=members_source)
    )
    headlines = content._headlines(summary, previous)
    inputs = ReportInputs(
        orders=book.frame, shop="", members=members, members_source=members_source, orders_book=book
    )
    if subject == "repeat":
        section = content._repeat_section(inputs, summary, headlines)
    elif subject == "members":
        section = content._members_section(summary, headlines)
    elif subject == "returning":
        section = content._returning_section(inputs, summary, headlines)
    else:
        section = content._tiers_section(summary)
    return () if section is None else section.reading
