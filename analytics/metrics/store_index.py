"""Store index for chains: each store's figures combined into one documented score, ranked, with its trend.

A chain manager asks "which store is doing best overall, and is it climbing?". The index takes the
figures of :func:`analytics.metrics.stores.store_ranking` (the Overview's store ranking) and scores
each store against the chain's best store of the same period:

    index = 100 x (0.4 x sales / best sales + 0.3 x repeat rate / best repeat rate
                   + 0.2 x returning share of sales / best share + 0.1 x AOV / best AOV)

so the best store on every figure scores 100 and a store half as good on each scores 50. Sales weigh
most (a store's size is its contribution to the chain); the repeat rate and the returning share are
the loyalty this dashboard is about; AOV least (it moves with the product mix). A figure a store
cannot have (no identified customer: no repeat rate) counts as 0, and a figure no store has is left
out with its weight shared by the others. Ranks are by index, ties by store name.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from analytics.metrics.orderbook import Orders, as_orders
from analytics.metrics.period import Period
from analytics.metrics.stores import StoreRanking, store_ranking

# The index's figures and weights (they add up to 1); see the module docstring for why.
INDEX_WEIGHTS: Mapping[str, float] = {
    "sales": 0.4,
    "repeat_purchase_rate": 0.3,
    "returning_sales_share": 0.2,
    "aov": 0.1,
}
# Periods of the rank trend: the chosen period and the five of equal length before it.
TREND_PERIODS = 6


@dataclass(frozen=True)
class StoreScore:
    """One store in one period: its index (0-100), its rank (1 = best) and the stores ranked."""

    store: str
    index: float
    rank: int
    stores: int


@dataclass(frozen=True)
class StoreIndexPeriod:
    """The stores' scores in one period, best first."""

    period: Period
    scores: tuple[StoreScore, ...]

    def score(self, store: str) -> StoreScore | None:
        """Return ``store``'s score, None when it had no order in the period."""
        return next((s for s in self.scores if s.store == store), None)


@dataclass(frozen=True)
class StoreIndex:
    """The index over consecutive periods, oldest first; the last period is the chosen one."""

    periods: tuple[StoreIndexPeriod, ...]

    @property
    def current(self) -> StoreIndexPeriod:
        """Return the chosen (last) period."""
        return self.periods[-1]

    def rank_change(self, store: str) -> int | None:
        """Return how many places ``store`` climbed since the period before (negative: fell), or None."""
        if len(self.periods) < 2:
            return None
        now, before = self.current.score(store), self.periods[-2].score(store)
        return None if now is None or before is None else before.rank - now.rank

    def to_frame(self) -> pd.DataFrame:
        """Return one row per store and period: period_start, period_end, store, index, rank, stores."""
        return pd.DataFrame(
            [
                {
                    "period_start": p.period.start,
                    "period_end": p.period.end,
                    "store": s.store,
                    "index": s.index,
                    "rank": s.rank,
                    "stores": s.stores,
                }
                for p in self.periods
                for s in p.scores
            ]
        )


def _finite(value: float) -> float | None:
    return None if value is None or math.isnan(value) else value


def index_period(ranking: StoreRanking) -> StoreIndexPeriod:
    """Score the stores of one period's ranking (see the module docstring for the formula).

    Examples
    --------
    >>> from analytics.metrics.ratio import Ratio
    >>> from analytics.metrics.share import Share
    >>> from analytics.metrics.stores import StoreFigures
    >>> day = pd.Timestamp("2025-01-01")
    >>> north = StoreFigures("N", 2, 4, 100.0, Ratio(1, 2), Share(50.0, 100.0))
    >>> south = StoreFigures("S", 2, 2, 50.0, Ratio(1, 4), Share(50.0, 50.0))
    >>> scores = index_period(StoreRanking(Period(day, day), (north, south))).scores
    >>> [(s.store, round(s.index, 1), s.rank) for s in scores]
    [('N', 90.0, 1), ('S', 65.0, 2)]

    N: 0.4 x 100/100 + 0.3 x 0.5/0.5 + 0.2 x 0.5/1.0 + 0.1 x 25/25 = 0.9; S: 0.4 x 50/100 + 0.3 x
    0.25/0.5 + 0.2 x 1.0/1.0 + 0.1 x 25/25 = 0.65.
    """
    stores = ranking.stores
    best = {
        key: max((v for s in stores if (v := _finite(s.value(key))) is not None), default=None)
        for key in INDEX_WEIGHTS
    }
    used = {k: w for k, w in INDEX_WEIGHTS.items() if best[k] is not None and best[k] > 0}
    total = sum(used.values())
    indexed = []
    for s in stores:
        points = sum(w * ((_finite(s.value(k)) or 0.0) / best[k]) for k, w in used.items())
        indexed.append((s.store, 100 * points / total if total else math.nan))
    indexed.sort(key=lambda item: (-item[1] if not math.isnan(item[1]) else math.inf, item[0]))
    return StoreIndexPeriod(
        ranking.period,
        tuple(StoreScore(store, index, rank, len(indexed)) for rank, (store, index) in enumerate(indexed, 1)),
    )


def store_index(rankings: Sequence[StoreRanking]) -> StoreIndex:
    """Return the index of consecutive periods' rankings (oldest first)."""
    return StoreIndex(tuple(index_period(r) for r in rankings))


def store_index_trend(
    orders: pd.DataFrame | Orders, *, period: Period, periods: int = TREND_PERIODS
) -> StoreIndex:
    """Compute the store index of ``period`` and of the ``periods - 1`` periods of equal length before it.

    Periods before the first order day are left out (their ranks would be empty).
    """
    book = as_orders(orders)  # the store logs are derived once for every period
    chosen = index_periods(period, first=book.frame["order_day"].min(), periods=periods)
    return store_index([store_ranking(book, period=p) for p in chosen])


def index_periods(period: Period, *, first: pd.Timestamp, periods: int = TREND_PERIODS) -> list[Period]:
    """Return ``period`` and up to ``periods - 1`` equal periods before it, oldest first.

    A period before ``first`` (the first order day) is left out: its ranks would be empty.
    """
    chosen = [period]
    while len(chosen) < periods and chosen[0].previous().end >= first:
        chosen.insert(0, chosen[0].previous())
    return chosen
