"""Screenshot-ready tables: a table that fits on a screen shows every row, a longer one says how many more.

Streamlit draws a table in a box about ten rows high and scrolls the rest, so a screenshot of a
30-day table loses twenty days. :func:`table_height` sizes the box to its rows (up to
:data:`MAX_ROWS`); :func:`show_table` draws it and, past that, says how many rows scroll. Pure
parts are tested without Streamlit.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import streamlit as st

from ui.i18n import t, translate

# Streamlit's data grid: 35 px per row and for the header, plus the frame's border.
ROW_PX, FRAME_PX = 35, 3
# A month of days and its header fit a full-page screenshot; longer tables scroll, and say so.
MAX_ROWS = 40


def table_height(rows: int, *, max_rows: int = MAX_ROWS) -> int:
    """Return the pixel height that shows ``rows`` rows and the header, capped at ``max_rows`` rows.

    Examples
    --------
    >>> table_height(3), table_height(30), table_height(500)
    (143, 1088, 1438)
    """
    return (min(max(rows, 1), max_rows) + 1) * ROW_PX + FRAME_PX


def hidden_rows(rows: int, *, max_rows: int = MAX_ROWS) -> int:
    """Return how many rows a table of ``rows`` rows leaves below its box (0 when all show).

    Examples
    --------
    >>> hidden_rows(30), hidden_rows(45)
    (0, 5)
    """
    return max(rows - max_rows, 0)


def _length(data: Any) -> int:
    if isinstance(data, Mapping):
        return max((len(v) for v in data.values()), default=0)
    return len(data)


def show_table(data: Mapping[str, Sequence[Any]] | Any, **kwargs: Any) -> None:
    """Draw ``data`` (columns or a frame) with every row visible up to :data:`MAX_ROWS`, then a note."""
    rows = _length(data)
    st.dataframe(data, hide_index=True, height=table_height(rows), **kwargs)
    if more := hidden_rows(rows):
        st.caption(t("table_more_rows", shown=MAX_ROWS, rows=rows, more=more))


def empty_day_notes(days_without_sales: list, *, selling: frozenset[int], lang: str) -> list[str]:
    """Return one line per reason for the "—" of days without sales (a weekday never sold on, or not).

    Days are grouped by their reason (:func:`analytics.metrics.reasons.empty_day_reasons`) and, for a
    weekday never sold on, by that weekday.
    """
    from analytics.metrics.reasons import empty_day_reasons

    weekdays = translate("weekdays", lang).split(",")
    groups: dict[tuple[str, int | None], list[str]] = {}
    for day, reason in empty_day_reasons(days_without_sales, selling=selling).items():
        key = (reason, day.weekday() if reason == "no_sales_weekday" else None)
        groups.setdefault(key, []).append(f"{day:%Y-%m-%d}")
    return [
        translate(
            f"reason_{reason}",
            lang,
            days=", ".join(days),
            weekday=weekdays[weekday] if weekday is not None else "",
        )
        for (reason, weekday), days in groups.items()
    ]
