"""Named RFM segments, defined as data: the 8-cell scheme managers know (重要价值客户 ...).

Each of R, F and M is "high" when its score is in the top two quintiles (4 or 5) and "low"
otherwise; the eight combinations are the eight segments. A segment is a rule on scores, listed
in :data:`SEGMENTS` from most to least valuable; its name lives in the ``customers`` catalogs
under ``customers.segment.<code>`` (English and 简体中文), so code here never holds a name.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analytics.errors import Term
from analytics.metrics.customers.labels import labels
from analytics.metrics.customers.rfm import SCORE_LEVELS, rfm_scores
from analytics.metrics.customers.summary import CustomerSummary

HIGH: frozenset[int] = frozenset({4, 5})
LOW: frozenset[int] = frozenset({1, 2, 3})


@dataclass(frozen=True)
class SegmentRule:
    """A segment: the R, F and M scores its customers have."""

    code: str
    recency: frozenset[int]
    frequency: frozenset[int]
    monetary: frozenset[int]

    def matches(self, r: np.ndarray, f: np.ndarray, m: np.ndarray) -> np.ndarray:
        """Return the mask of customers whose scores fall in this segment."""
        return (
            np.isin(r, list(self.recency))
            & np.isin(f, list(self.frequency))
            & np.isin(m, list(self.monetary))
        )


# English names follow the usual RFM vocabulary; the Chinese ones are the 8-cell RFM names.
SEGMENTS: tuple[SegmentRule, ...] = (
    SegmentRule("champions", HIGH, HIGH, HIGH),  # 重要价值客户: recent, frequent, big spenders
    SegmentRule("cant_lose", LOW, HIGH, HIGH),  # 重要保持客户: frequent big spenders gone quiet
    SegmentRule("potential", HIGH, LOW, HIGH),  # 重要发展客户: recent big spenders, few visits yet
    SegmentRule("at_risk", LOW, LOW, HIGH),  # 重要挽留客户: big spenders, rare and gone quiet
    SegmentRule("loyal", HIGH, HIGH, LOW),  # 一般价值客户: recent and frequent, small baskets
    SegmentRule("need_attention", LOW, HIGH, LOW),  # 一般保持客户: frequent once, gone quiet
    SegmentRule("new", HIGH, LOW, LOW),  # 一般发展客户: recent, few visits, small spend
    SegmentRule("hibernating", LOW, LOW, LOW),  # 一般挽留客户: long gone, rare, small spend
)


def segment_term(code: str) -> Term:
    """Return the catalog term naming segment ``code`` (rendered in the reader's language)."""
    return Term(f"customers.segment.{code}")


def _first_matching_rule(r: np.ndarray, f: np.ndarray, m: np.ndarray) -> np.ndarray:
    codes = np.full(len(r), "", dtype=object)
    open_ = np.ones(len(r), dtype=bool)
    for rule in SEGMENTS:
        hit = open_ & rule.matches(r, f, m)
        codes[hit] = rule.code
        open_ &= ~hit
    return codes


def assign_segments(r: np.ndarray, f: np.ndarray, m: np.ndarray) -> np.ndarray:
    """Return each customer's segment code: the first rule of :data:`SEGMENTS` that matches.

    Scores 1-5 take 125 combinations: the rules are applied to those once and each customer looks
    their combination up (300,000 customers: 24 set tests over every customer avoided).

    Examples
    --------
    >>> assign_segments(np.array([5, 1]), np.array([5, 1]), np.array([4, 3])).tolist()
    ['champions', 'hibernating']
    """
    r, f, m = (np.asarray(v, dtype=np.int64) for v in (r, f, m))
    if not all(((v >= 1) & (v <= SCORE_LEVELS)).all() for v in (r, f, m)):
        return _first_matching_rule(r, f, m)
    names = np.array([rule.code for rule in SEGMENTS] + [""], dtype=object)
    return names[segment_index(r, f, m)]


def segment_index(r: np.ndarray, f: np.ndarray, m: np.ndarray) -> np.ndarray:
    """Return each customer's segment as its position in :data:`SEGMENTS` (scores 1-5 each).

    Position ``len(SEGMENTS)`` when no rule matches (never with the eight rules).
    """
    grid = np.indices((SCORE_LEVELS,) * 3).reshape(3, -1) + 1
    position = {rule.code: i for i, rule in enumerate(SEGMENTS)}
    table = np.array([position.get(code, len(SEGMENTS)) for code in _first_matching_rule(*grid)])
    return table[((np.asarray(r) - 1) * SCORE_LEVELS + np.asarray(f) - 1) * SCORE_LEVELS + np.asarray(m) - 1]


@dataclass(frozen=True)
class SegmentFigures:
    """One segment's size and weight: customers and their share of the customers' sales."""

    code: str
    customers: int
    sales: float
    sales_share: float

    def to_dict(self) -> dict[str, object]:
        """Return the JSON form: name (the segment code), customers, sales_share."""
        share = None if np.isnan(self.sales_share) else self.sales_share
        return {"name": self.code, "customers": self.customers, "sales_share": share}


@dataclass(frozen=True, eq=False)
class Segments:
    """RFM scores and segment of every customer, and the figures of each segment in display order.

    ``customers`` is indexed by customer_id with ``r_score``, ``f_score``, ``m_score``,
    ``rfm_score``, ``segment`` and ``sales``.
    """

    customers: pd.DataFrame
    figures: tuple[SegmentFigures, ...]

    def members(self, code: str) -> pd.Index:
        """Return the ids of the customers in segment ``code`` (sorted)."""
        return self.customers.index[self.customers["segment"].to_numpy() == code]

    def to_dict(self) -> list[dict[str, object]]:
        """Return the JSON form: one entry per segment (all eight, empty ones included)."""
        return [figure.to_dict() for figure in self.figures]


def rfm_segments(summary: CustomerSummary) -> Segments:
    """Score the customers of ``summary`` and sort them into the eight RFM segments.

    ``sales_share`` is the segment's sales over all identified customers' sales in the summary
    (guests have no segment); NaN when those sales are zero.

    Examples
    --------
    >>> from analytics.frames import orders_frame
    >>> from analytics.metrics.customers.summary import customer_summary
    >>> o = orders_frame(customer_id=["a", "a", "b"], order_day=["2025-01-01", "2025-01-05", "2025-01-02"],
    ...                  amount=[5.0, 5.0, 1.0])
    >>> segments = rfm_segments(customer_summary(o))  # of two customers, the better one is a 3
    >>> segments.customers[["rfm_score", "segment"]].to_numpy().tolist()
    [['333', 'hibernating'], ['111', 'hibernating']]
    """
    scores = rfm_scores(summary)
    # Segments as positions in SEGMENTS (scores are 1-5): counted and named without comparing words.
    index = segment_index(
        scores["r_score"].to_numpy(), scores["f_score"].to_numpy(), scores["m_score"].to_numpy()
    )
    sales = summary.customers["sales"].to_numpy()
    total = float(sales.sum())
    figures = []
    for at, rule in enumerate(SEGMENTS):
        mask = index == at
        segment_sales = float(sales[mask].sum())
        figures.append(
            SegmentFigures(
                code=rule.code,
                customers=int(mask.sum()),
                sales=segment_sales,
                sales_share=segment_sales / total if total else float("nan"),
            )
        )
    customers = scores.assign(segment=labels([rule.code for rule in SEGMENTS] + [""], index), sales=sales)
    return Segments(customers=customers, figures=tuple(figures))
