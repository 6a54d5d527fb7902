"""Industry position: the shop's figure over a peer figure's own days, placed against the peers.

A peer figure (:class:`analytics.metrics.peers.PeerFigure`) was measured on given days, say the 30
days ending 31 December. The shop's figure is computed here over exactly those days, with the same
metric functions as every page, so the comparison is like for like whatever period the sidebar
shows; a figure whose days the data does not cover, or whose days are not stated, is listed with
that reason and compared with nothing.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

import pandas as pd

from analytics.metrics.orderbook import Orders, as_orders
from analytics.metrics.peers import RATE_METRICS, PeerFigure, PeerFigures
from analytics.metrics.period import Period
from analytics.metrics.summary import Summary, summarize

Position = Literal["below_average", "between", "above_top", "above_average"]
# Why a peer figure is not compared: its days are not stated, or the data does not cover them.
NotCompared = Literal["window_not_stated", "window_not_covered"]


@dataclass(frozen=True)
class ShopFigure:
    """The shop's own figure of a metric: its value, and for a rate its numerator and denominator."""

    value: float
    numerator: float | None = None
    denominator: float | None = None


@dataclass(frozen=True)
class PeerStanding:
    """Where the shop stands against one peer figure, over that figure's days.

    ``position``: ``below_average``; ``between`` (at or above the average, below the top);
    ``above_top`` (at or above the top); ``above_average`` when the platform gave no top.
    Gaps are shop - peers: for rates a difference of fractions (shown in points), for amounts a
    relative difference (shop / peers - 1). None when the shop's figure is undefined.
    """

    figure: PeerFigure
    shop: ShopFigure

    @property
    def rate(self) -> bool:
        """Return True for a rate (gaps in points), False for an amount (relative gaps)."""
        return self.figure.metric in RATE_METRICS

    def _gap(self, peer: float | None) -> float | None:
        if peer is None or math.isnan(self.shop.value):
            return None
        if self.rate:
            return self.shop.value - peer
        return self.shop.value / peer - 1 if peer else None

    @property
    def gap_to_average(self) -> float | None:
        """Return the shop's figure minus the peers' average (relative for amounts)."""
        return self._gap(self.figure.average)

    @property
    def gap_to_top(self) -> float | None:
        """Return the shop's figure minus the peers' top (relative for amounts); None without a top."""
        return self._gap(self.figure.top)

    @property
    def position(self) -> Position | None:
        """Return where the shop stands, None when its figure is undefined (no buyers in those days)."""
        value = self.shop.value
        if math.isnan(value):
            return None
        if value < self.figure.average:
            return "below_average"
        if self.figure.top is None:
            return "above_average"
        return "above_top" if value >= self.figure.top else "between"


@dataclass(frozen=True)
class IndustryRow:
    """One peer figure with the shop's standing, or the reason it is not compared."""

    figure: PeerFigure
    standing: PeerStanding | None
    not_compared: NotCompared | None = None


def peer_standing(value: ShopFigure | float, figure: PeerFigure) -> PeerStanding:
    """Return where ``value`` stands against ``figure`` (the caller made sure the days are the same).

    Examples
    --------
    >>> f = PeerFigure("repeat_purchase_rate", 0.18, top=0.30)
    >>> s = peer_standing(0.201, f)
    >>> s.position, round(s.gap_to_average, 3), round(s.gap_to_top, 3)
    ('between', 0.021, -0.099)
    >>> peer_standing(0.12, f).position, peer_standing(0.35, f).position
    ('below_average', 'above_top')
    """
    shop = value if isinstance(value, ShopFigure) else ShopFigure(float(value))
    return PeerStanding(figure, shop)


def shop_figure(summary: Summary, metric: str) -> ShopFigure | None:
    """Return the shop's figure of a peer metric from a period's summary (None: membership unknown).

    ``returning_customer_rate`` and ``repeat_purchase_rate`` keep their customer counts (n of N),
    the sales shares their amounts; ``aov`` is sales / orders.
    """
    if metric == "repeat_purchase_rate":
        r = summary.repeat_purchase_rate
        return ShopFigure(r.value, r.numerator, r.denominator)
    if metric == "returning_customer_rate":
        r = summary.returning.customers
        return ShopFigure(r.value, r.numerator, r.denominator)
    if metric == "returning_sales_share":
        share = summary.returning.sales_share
        return ShopFigure(share.value, share.part, share.total)
    if metric == "member_sales_share":
        if summary.members is None:
            return None
        part, total = summary.members.member.sales, summary.members.sales
        return ShopFigure(part / total if total else math.nan, part, total)
    if metric == "aov":
        return ShopFigure(summary.sales / summary.orders if summary.orders else math.nan)
    raise ValueError(f"unknown peer metric {metric!r}")


def industry_position(
    orders: pd.DataFrame | Orders,
    peers: PeerFigures,
    *,
    members: pd.DataFrame | None = None,
    members_source: str = "members",
) -> tuple[IndustryRow, ...]:
    """Compute the shop's figure over each peer figure's own days and place it against the peers.

    A figure without stated days (``window_not_stated``) or whose days the orders do not cover from
    first to last (``window_not_covered``) is listed with its reason and no standing. A members'
    figure is left out when membership is unknown. Rows keep the order of ``peers``.

    Examples
    --------
    >>> from analytics.frames import orders_frame
    >>> o = orders_frame(customer_id=["a", "a", "b"], order_day=["2025-01-01", "2025-01-02", "2025-01-02"])
    >>> day1, day2 = pd.Timestamp("2025-01-01"), pd.Timestamp("2025-01-02")
    >>> peers = PeerFigures((PeerFigure("repeat_purchase_rate", 0.4, top=0.6, start=day1, end=day2),
    ...                      PeerFigure("aov", 1.0)))
    >>> [(r.figure.metric, r.standing and r.standing.position, r.not_compared)
    ...  for r in industry_position(o, peers)]
    [('repeat_purchase_rate', 'between', None), ('aov', None, 'window_not_stated')]
    """
    book = as_orders(orders)  # one purchase log for every window's summary
    orders = book.frame
    if len(orders) == 0:
        return tuple(IndustryRow(f, None, "window_not_covered") for f in peers.figures)
    first, last = orders["order_day"].min(), orders["order_day"].max()
    summaries: dict[tuple[pd.Timestamp, pd.Timestamp], Summary] = {}
    rows: list[IndustryRow] = []
    for figure in peers.figures:
        if figure.start is None or figure.end is None:
            rows.append(IndustryRow(figure, None, "window_not_stated"))
            continue
        if figure.start < first or figure.end > last:
            rows.append(IndustryRow(figure, None, "window_not_covered"))
            continue
        key = (figure.start, figure.end)
        if key not in summaries:
            summaries[key] = summarize(
                book, period=Period(*key), members=members, members_source=members_source
            )
        shop = shop_figure(summaries[key], figure.metric)
        if shop is not None:
            rows.append(IndustryRow(figure, peer_standing(shop, figure)))
    return tuple(rows)
