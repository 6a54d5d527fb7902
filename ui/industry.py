"""The Overview's "Industry position": the shop against its peers, each figure over the peers' own days.

:func:`latest_rows`, :func:`industry_table` and :func:`industry_verdict` are pure (results in, texts
out) and tested without Streamlit; :func:`show_industry_position` lays them out.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from analytics import charts
from analytics.metrics.industry import IndustryRow, industry_position
from analytics.metrics.peers import PEER_METRICS, RATE_METRICS, PeerFigures
from analytics.metrics.period import Period
from ui import context
from ui.charts import cached_chart, show_chart
from ui.format import fmt_int, fmt_rate
from ui.i18n import current_lang, translate
from ui.kpi import standing_text
from ui.results import cached_metric


def latest_rows(rows: tuple[IndustryRow, ...]) -> tuple[IndustryRow, ...]:
    """Return the rows of the peers' latest day (and those without days): what the platform shows now.

    Examples
    --------
    >>> from analytics.metrics.peers import PeerFigure
    >>> d = pd.Timestamp
    >>> rows = tuple(IndustryRow(PeerFigure("aov", 1.0, start=s, end=e), None, "window_not_covered")
    ...              for s, e in ((d("2025-11-01"), d("2025-11-30")), (d("2025-12-02"), d("2025-12-31"))))
    >>> [f"{r.figure.end:%m-%d}" for r in latest_rows(rows)]
    ['12-31']
    """
    ends = [r.figure.end for r in rows if r.figure.end is not None]
    last = max(ends) if ends else None
    return tuple(r for r in rows if r.figure.end is None or r.figure.end == last)


def _days(row: IndustryRow, lang: str) -> str:
    figure = row.figure
    if figure.start is None:
        return translate("peer_days_unstated", lang)
    return translate(
        "peer_days", lang, start=f"{figure.start:%Y-%m-%d}", end=f"{figure.end:%Y-%m-%d}", days=figure.days
    )


def industry_table(
    rows: tuple[IndustryRow, ...], *, lang: str, money: Callable[[float | None], str]
) -> dict[str, list[str]]:
    """Return the table as shown: figure, days, shop (n of N), peer average, peer top, standing."""

    def shown(metric: str, value: float | None) -> str:
        return fmt_rate(value, lang=lang) if metric in RATE_METRICS else money(value)

    def shop(row: IndustryRow) -> str:
        if row.standing is None:
            return translate(f"peer_{row.not_compared}", lang)
        figure = row.standing.shop
        text = shown(row.figure.metric, figure.value)
        if row.figure.metric in ("repeat_purchase_rate", "returning_customer_rate"):
            # A rate is read with its counts: 17.5% is 137 of 782 customers.
            n_of_n = translate(
                "n_of_N_customers", lang, n=fmt_int(figure.numerator), d=fmt_int(figure.denominator)
            )
            text = translate("value_with_counts", lang, value=text, counts=n_of_n)
        return text

    return {
        translate("peer_metric", lang): [translate(f"peer_{r.figure.metric}", lang) for r in rows],
        translate("peer_window", lang): [_days(r, lang) for r in rows],
        translate("peer_shop", lang): [shop(r) for r in rows],
        translate("peer_value", lang): [shown(r.figure.metric, r.figure.average) for r in rows],
        translate("peer_top", lang): [
            "" if r.figure.top is None else shown(r.figure.metric, r.figure.top) for r in rows
        ],
        translate("peer_standing", lang): [
            standing_text(r.standing, lang=lang) if r.standing else "" for r in rows
        ],
    }


def industry_verdict(rows: tuple[IndustryRow, ...], *, lang: str) -> str | None:
    """Return the sentence read first: how many figures stand where, and the largest shortfall.

    None when no figure could be compared (then the table says why for each).
    """
    compared = [r for r in rows if r.standing is not None and r.standing.position is not None]
    if not compared:
        return None
    counts = {
        p: sum(r.standing.position == p for r in compared) for p in ("above_top", "between", "below_average")
    }
    counts["between"] += sum(r.standing.position == "above_average" for r in compared)
    text = translate(
        "industry_verdict",
        lang,
        n=len(compared),
        above=counts["above_top"],
        between=counts["between"],
        below=counts["below_average"],
    )
    behind = [r for r in compared if r.standing.position == "below_average"]
    if behind:
        # The largest shortfall in points among the rates (an amount's relative gap is another unit).
        worst = min(behind, key=lambda r: (not r.standing.rate, r.standing.gap_to_average))
        text += " " + translate(
            "industry_verdict_worst",
            lang,
            metric=translate(f"peer_{worst.figure.metric}", lang),
            days=_days(worst, lang),
            standing=standing_text(worst.standing, lang=lang),
        )
    return text


def show_industry_position(
    orders: pd.DataFrame,
    peers: PeerFigures,
    *,
    members: pd.DataFrame | None,
    money: Callable[[float | None], str],
) -> None:
    """Draw the section when peer figures are kept: verdict, then the latest figures' table."""
    if not peers:
        return
    lang = current_lang()
    rows = cached_metric(industry_position, orders, peers, members=members)
    shown = latest_rows(rows)
    st.subheader(translate("industry_heading", lang))
    verdict = industry_verdict(shown, lang=lang)
    st.markdown(verdict if verdict else translate("industry_none_compared", lang))
    st.caption(translate("industry_caption", lang))
    names = {
        "peer_average": translate("chart_peer_average", lang),
        "peer_top": translate("peer_top", lang),
        "shop": translate("peer_shop", lang),
        "row": translate("industry_chart_row", lang),
        "empty": translate("chart_empty", lang),
    } | {f"metric_{key}": translate(f"peer_{key}", lang) for key in PEER_METRICS}
    last = max((r.figure.end for r in shown if r.figure.end is not None), default=None)
    span = Period(min(r.figure.start for r in shown if r.figure.start is not None), last) if last else None
    show_chart(
        cached_chart(
            charts.industry_position_chart,
            shown,
            labels=context.chart_labels(
                translate("industry_chart_title", lang),
                translate("industry_caption", lang),
                period=span,
                names=names,
            ),
        ),
        "industry_position",
    )
    # A static table that wraps: "where the shop stands" (40 characters and more) was cut off at the
    # right edge of a scrolling grid, which a screenshot for the meeting cannot scroll.
    st.table(industry_table(shown, lang=lang, money=money), hide_index=True)
    if older := len(rows) - len(shown):
        st.caption(translate("industry_older", lang, n=older))
