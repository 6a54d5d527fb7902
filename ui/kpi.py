"""KPI cards of the Overview page: values, deltas against the comparison period, help texts.

:func:`kpi_cards` is pure (summaries in, card texts out) so the formatting is tested without
Streamlit; :func:`show_cards` only lays the cards out.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import streamlit as st

from analytics.metrics.industry import PeerStanding, peer_standing
from analytics.metrics.peers import RATE_METRICS, PeerFigures
from analytics.metrics.period import Period
from analytics.metrics.ratio import Ratio
from analytics.metrics.share import Share
from analytics.metrics.summary import Summary
from ui.format import (
    MISSING,
    fmt_change,
    fmt_int,
    fmt_money,
    fmt_points,
    fmt_rate,
    rate_delta,
    relative_delta,
)
from ui.i18n import translate


@dataclass(frozen=True)
class Card:
    """One KPI card: label, formatted value, signed delta (None without comparison) and help text.

    ``reference`` is the peers' figure and the gap to it ("同行 18.0% · 比同行 +2.1 个百分点"), or
    None when the manager gave no peer figure for this card.
    """

    key: str
    label: str
    value: str
    delta: str | None
    help: str
    delta_color: str = "normal"
    reference: str | None = None
    previous: str | None = None
    counts: str | None = None


# An empty line under a card (a no-break space: "&nbsp;" would be read as a word by text checks).
NBSP = "\u00a0"
# Which peer figure (analytics.metrics.peers.PEER_METRICS) each card is compared with.
CARD_PEERS: dict[str, str] = {
    "repeat_rate": "repeat_purchase_rate",
    "returning_sales_share": "returning_sales_share",
    "member_sales_share": "member_sales_share",
    "aov": "aov",
}


def member_sales_share(summary: Summary) -> Share | None:
    """Return members' sales as a share of all sales, or None when membership is unknown."""
    if summary.members is None:
        return None
    return Share(summary.members.member.sales, summary.members.sales)


def is_zero_change(delta: str | None) -> bool:
    """Return True for a change that rounds to zero ("0.0%", "0.0 pp"): no arrow, no colour.

    Examples
    --------
    >>> is_zero_change("0.0 个百分点"), is_zero_change("+1.5 pp"), is_zero_change(None)
    (True, False, False)
    """
    return delta is not None and delta.lstrip("+-").startswith("0.0")


def _colour(delta: str | None) -> str:
    # A zero change is neither good nor bad: grey rather than a green arrow.
    return "off" if delta is None or is_zero_change(delta) else "normal"


def _gap(value: float | None, *, rate: bool, lang: str) -> str:
    # A size without its sign: the sentence says "below" or "above" in words.
    if value is None:
        return MISSING
    size = abs(value)
    if rate:
        return fmt_points(size, unit=translate("points_unit", lang), lang=lang).lstrip("+")
    return fmt_change(size, lang=lang).lstrip("+")


def standing_text(standing: PeerStanding, *, lang: str) -> str:
    """Return where the shop stands in words with its gaps ("below the peer average by 2.1 pp").

    Examples
    --------
    >>> from analytics.metrics.peers import PeerFigure
    >>> standing_text(peer_standing(0.201, PeerFigure("repeat_purchase_rate", 0.18, top=0.3)), lang="en")
    'between the peer average and top: 2.1 pp above the average, 9.9 pp short of the top'
    """
    if standing.position is None:
        return translate("peer_position_undefined", lang)
    return translate(
        f"peer_position_{standing.position}",
        lang,
        gap=_gap(standing.gap_to_average, rate=standing.rate, lang=lang),
        gap_top=_gap(standing.gap_to_top, rate=standing.rate, lang=lang),
    )


def peer_reference(
    value: float,
    peers: PeerFigures | None,
    metric: str,
    period: Period,
    *,
    lang: str,
    money: Callable[[float | None], str] | None = None,
) -> str | None:
    """Return the text under a card comparing it with the peers' figure of the same days, else why not.

    Only a peer figure measured on exactly the card's days is compared (a 30-day peer rate says
    nothing about a 7-day figure): its average, its top and where the shop stands. A figure of other
    days is named with its days and "not compared"; None when the peers gave nothing for ``metric``.

    Examples
    --------
    >>> import pandas as pd
    >>> from analytics.metrics.peers import PeerFigure
    >>> day = pd.Timestamp("2025-12-31")
    >>> month = Period(day - pd.Timedelta(days=29), day)
    >>> peers = PeerFigures((PeerFigure("repeat_purchase_rate", 0.18, start=month.start, end=day),))
    >>> peer_reference(0.201, peers, "repeat_purchase_rate", month, lang="en")
    'Peer average 18.0% · 2.1 pp above the peer average'
    >>> week = Period(day - pd.Timedelta(days=6), day)
    >>> peer_reference(0.035, peers, "repeat_purchase_rate", week, lang="en")
    'Peer figure of 2025-12-02 – 2025-12-31 (30 days), not of these 7 days: not compared'
    """
    if peers is None:
        return None
    figures = peers.of(metric)
    if not figures:
        return None
    rate = metric in RATE_METRICS

    def shown(number: float) -> str:
        return fmt_rate(number, lang=lang) if rate else (money(number) if money else f"{number:,.2f}")

    figure = peers.like_for_like(metric, period.start, period.end)
    if figure is None:
        other = figures[0]
        if other.start is None:
            return translate("peer_not_compared_unstated", lang, value=shown(other.average))
        return translate(
            "peer_not_compared_window",
            lang,
            start=f"{other.start:%Y-%m-%d}",
            end=f"{other.end:%Y-%m-%d}",
            days=other.days,
            period_days=period.days,
        )
    top = "" if figure.top is None else translate("peer_top_part", lang, value=shown(figure.top))
    return translate(
        "peer_reference_like",
        lang,
        value=shown(figure.average),
        top=top,
        position=standing_text(peer_standing(value, figure), lang=lang),
    )


def metric(
    column,
    label: str,
    value: str,
    *,
    delta: str | None = None,
    help: str | None = None,
    reference: str | None = None,
    previous: str | None = None,
    counts: str | None = None,
) -> None:
    """Draw one bordered metric card; a zero change is grey and has no arrow.

    ``counts`` (a rate's numerator and denominator, "137 of 782 customers"), ``previous`` (the
    comparison period's value, already worded, see :func:`previous_line`) and
    ``reference`` (the peers' figure, see :func:`peer_reference`) are written under the value,
    inside the card's border; "" leaves a line empty so a card stays as tall as its neighbours.
    """
    lines = [line for line in (counts, previous, reference) if line is not None]
    # With lines under the value the border goes round a container holding all, else round the metric.
    card = column if not lines else column.container(border=True)
    card.metric(
        label,
        value,
        delta=delta,
        delta_color=_colour(delta),
        delta_arrow="off" if is_zero_change(delta) else "auto",
        help=help,
        border=not lines,
    )
    if counts is not None:
        # A rate's counts beside it: 17.5% is 137 of 782 customers.
        card.caption(counts or NBSP)
    if previous is not None:
        card.caption(previous or NBSP)
    if reference is not None:
        card.caption(f":material/groups: {reference}" if reference else NBSP)


def rate_counts(numerator: float, denominator: float, *, lang: str) -> str:
    """Return a rate's counts as the cards write them beside it ("137 of 782 customers").

    Examples
    --------
    >>> rate_counts(137, 782, lang="en")
    '137 of 782 customers'
    """
    return translate("n_of_N_customers", lang, n=fmt_int(numerator), d=fmt_int(denominator))


def previous_rate(rate: Ratio | None, *, lang: str) -> str | None:
    """Return the comparison period's rate line with its counts, None without a comparison.

    Examples
    --------
    >>> previous_rate(Ratio(192, 1030), lang="en")
    'Comparison period: 18.6% (192 of 1,030 customers)'
    """
    if rate is None:
        return None
    shown = translate(
        "value_with_counts",
        lang,
        value=fmt_rate(rate.value, lang=lang),
        counts=rate_counts(rate.numerator, rate.denominator, lang=lang),
    )
    return previous_line(shown, lang=lang)


def previous_line(value: str | None, *, lang: str) -> str | None:
    """Return the line naming the comparison period's value ("对比周期：18.6%"), None without one.

    Examples
    --------
    >>> previous_line("18.6%", lang="en"), previous_line(None, lang="zh")
    ('Comparison period: 18.6%', None)
    """
    return None if value is None else translate("card_previous", lang, value=value)


def kpi_cards(
    current: Summary,
    previous: Summary | None,
    *,
    lang: str,
    symbol: str = "",
    currency: str | None = None,
    peers: PeerFigures | None = None,
) -> list[Card]:
    """Return the headline cards: customers, orders, sales, repeat rate, returning and member shares, AOV.

    ``peers`` (the figures the manager's platform shows for comparable shops) adds a reference line
    to the cards it has a figure for (:data:`CARD_PEERS`).
    The period's refunds and net sales go under the sales card when the refunds metric says they
    are shown (:attr:`analytics.metrics.refunds.PeriodRefunds.shown`: the data has refund lines).

    Counts and money change relative to the comparison period ("+12.0%"); rates change in
    percentage points ("+1.5 pp"), which is how a manager reads a move from 18.6% to 20.1%.
    Every rate's help text gives its definition and "n of N".
    """

    def tr(key: str, **values: object) -> str:
        return translate(key, lang, **values)

    points = translate("points_unit", lang)  # the unit from the catalog, as the report's

    def money(value: float | None) -> str:
        return fmt_money(value, symbol=symbol, currency=currency, lang=lang)

    def share_help(definition: str, share: Share | None) -> str:
        if share is None:
            return tr(definition)
        return f"{tr(definition)}\n\n{money(share.part)} / {money(share.total)}"

    cards: list[tuple[str, str, str | None, str]] = []
    prev = previous
    cards.append(
        (
            "customers",
            fmt_int(current.customers),
            relative_delta(current.customers, prev.customers if prev else None),
            tr("def_customers"),
        )
    )
    cards.append(
        (
            "orders",
            fmt_int(current.orders),
            relative_delta(current.orders, prev.orders if prev else None),
            tr("def_orders"),
        )
    )
    cards.append(
        (
            "sales",
            money(current.sales),
            relative_delta(current.sales, prev.sales if prev else None),
            # Refund lines (cancellation invoices) are not in sales: the help says where they are.
            tr("def_sales") + (f"\n\n{tr('def_sales_refund_lines')}" if current.refund.shown else ""),
        )
    )
    rate = current.repeat_purchase_rate
    cards.append(
        (
            "repeat_rate",
            fmt_rate(rate.value),
            rate_delta(rate.value, prev.repeat_purchase_rate.value if prev else None, unit=points),
            f"{tr('def_repeat_rate')}\n\n"
            + tr("n_of_N_customers", n=fmt_int(rate.numerator), d=fmt_int(rate.denominator))
            + (f"\n\n{tr('small_sample')}" if rate.small_sample else ""),
        )
    )
    share = current.returning.sales_share
    cards.append(
        (
            "returning_sales_share",
            fmt_rate(share.value),
            rate_delta(share.value, prev.returning.sales_share.value if prev else None, unit=points),
            share_help("def_returning_sales_share", share),
        )
    )
    member_share = member_sales_share(current)
    # A card that cannot have a value (members' share without a member list) is left out.
    if member_share is not None:
        previous_member = member_sales_share(prev) if prev else None
        cards.append(
            (
                "member_sales_share",
                fmt_rate(member_share.value),
                rate_delta(
                    member_share.value, previous_member.value if previous_member else None, unit=points
                ),
                share_help("def_member_sales_share", member_share),
            )
        )
    aov = current.average_order_value
    before_aov = prev.average_order_value if prev else None

    def money2(value: float | None) -> str:
        return fmt_money(value, symbol=symbol, currency=currency, lang=lang, decimals=2)

    shown_aov = money2(aov)
    cards.append(("aov", shown_aov, relative_delta(aov, before_aov), tr("def_aov")))
    values = {
        "repeat_rate": rate.value,
        "returning_sales_share": share.value,
        "member_sales_share": member_share.value if member_share is not None else None,
        "aov": aov,
    }

    def reference(key: str) -> str | None:
        if peers is None or key not in CARD_PEERS or values.get(key) is None:
            return None
        return peer_reference(
            values[key],
            peers,
            CARD_PEERS[key],
            current.period,
            lang=lang,
            money=money2 if key == "aov" else money,
        )

    counts: dict[str, str] = {
        "repeat_rate": tr("n_of_N_customers", n=fmt_int(rate.numerator), d=fmt_int(rate.denominator)),
        "returning_sales_share": f"{money(share.part)} / {money(share.total)}",
    }
    if current.refund.shown and current.net_sales is not None:
        # The data has refund lines: the period's refunds and net sales under the (gross) sales.
        counts["sales"] = tr(
            "sales_refunds_net", refunds=money(current.refunds), net=money(current.net_sales)
        )
    if member_share is not None:
        counts["member_sales_share"] = f"{money(member_share.part)} / {money(member_share.total)}"
    before: dict[str, str | None] = {key: None for key, *_ in cards}
    if prev is not None:
        prev_rate, prev_share = prev.repeat_purchase_rate, prev.returning.sales_share
        prev_member = member_sales_share(prev)
        before = {
            "customers": fmt_int(prev.customers, lang=lang),
            "orders": fmt_int(prev.orders, lang=lang),
            "sales": money(prev.sales),
            # A rate with its counts, as everywhere: 18.6% is 192 of 1,030.
            "repeat_rate": translate(
                "value_with_counts",
                lang,
                value=fmt_rate(prev_rate.value, lang=lang),
                counts=tr(
                    "n_of_N_customers", n=fmt_int(prev_rate.numerator), d=fmt_int(prev_rate.denominator)
                ),
            ),
            "returning_sales_share": fmt_rate(prev_share.value, lang=lang),
            "member_sales_share": fmt_rate(prev_member.value, lang=lang) if prev_member else None,
            "aov": money2(before_aov),
        }
    lines = {key: previous_line(value, lang=lang) for key, value in before.items()}
    if prev is not None and prev.orders == 0:
        # Its counts are 0 and its rates undefined: "对比周期：0" would read as a figure of a period
        # that had none (the caption under the cards says the changes are not shown).
        lines = {key: tr("card_previous_none") for key in before}
    return [
        Card(
            key,
            tr(f"kpi_{key}"),
            value,
            delta,
            help_text,
            _colour(delta),
            reference(key),
            lines[key],
            counts.get(key),
        )
        for key, value, delta, help_text in cards
    ]


def show_cards(cards: list[Card], *, per_row: int | None = None) -> None:
    """Lay the cards out in rows of ``per_row`` bordered metrics (4 for seven cards, else 3)."""
    per_row = per_row or (4 if len(cards) > 6 else 3)
    # When some card has a peer figure (a previous value), every card gets the line: rows stay level.
    blank = "" if any(card.reference for card in cards) else None
    no_previous = "" if any(card.previous for card in cards) else None
    no_counts = "" if any(card.counts for card in cards) else None
    for start in range(0, len(cards), per_row):
        columns = st.columns(per_row)
        for column, card in zip(columns, cards[start : start + per_row], strict=False):
            metric(
                column,
                card.label,
                card.value,
                delta=card.delta,
                help=card.help,
                reference=card.reference or blank,
                previous=card.previous or no_previous,
                counts=card.counts or no_counts,
            )
