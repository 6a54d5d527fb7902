"""The campaign window: ``start .. start + days - 1`` (inclusive days), checked against the orders."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analytics.errors import ArgumentError, Message, Term
from analytics.metrics.period import Period, require_orders

# Two weeks: long enough for a reminder SMS or coupon to be used, short enough to stay the campaign's.
DEFAULT_WINDOW_DAYS = 14


def _parse_day(value: str | pd.Timestamp) -> pd.Timestamp:
    try:
        day = pd.Timestamp(value)
    except (ValueError, TypeError) as exc:
        raise ArgumentError(
            "campaign.start_not_a_date", value=repr(value), option=Term("option.start")
        ) from exc
    if pd.isna(day):
        raise ArgumentError("campaign.start_not_a_date", value=repr(value), option=Term("option.start"))
    return day.normalize()


def campaign_window(
    orders: pd.DataFrame,
    groups: pd.DataFrame,
    *,
    start: str | pd.Timestamp | None = None,
    days: int = DEFAULT_WINDOW_DAYS,
    source: str = "the campaign file",
) -> tuple[Period, tuple[Message, ...]]:
    """Return the campaign window ``start .. start + days - 1`` and warnings about it.

    ``start`` defaults to the campaign file's start column (its earliest date when the file holds
    several). The window must overlap the orders; a window running past the last order day is
    kept but flagged, since the missing days lower every group's conversion.

    Raises
    ------
    ArgumentError
        When there is no start, ``days`` is below 1, or the window lies outside the data.
    """
    warnings: list[Message] = []
    if days < 1:
        raise ArgumentError("campaign.window_too_short", days=days, option=Term("option.days"))
    if start is not None and str(start) != "":
        first_day = _parse_day(start)
    else:
        starts = groups["start"].dropna().unique() if "start" in groups else []
        if len(starts) == 0:
            raise ArgumentError("campaign.no_start", file=source, option=Term("option.start"))
        first_day = pd.Timestamp(min(starts))
        if len(starts) > 1:
            warnings.append(
                Message(
                    "campaign.several_starts",
                    {
                        "file": source,
                        "count": len(starts),
                        "first": first_day,
                        "last": pd.Timestamp(max(starts)),
                        "option": Term("option.start"),
                    },
                )
            )
    window = Period(first_day, first_day + pd.Timedelta(days=days - 1))
    require_orders(orders)
    data_first, data_last = orders["order_day"].min(), orders["order_day"].max()
    if window.start > data_last or window.end < data_first:
        raise ArgumentError(
            "campaign.window_outside_orders",
            start=window.start,
            end=window.end,
            first=data_first,
            last=data_last,
            option=Term("option.start"),
        )
    if window.end > data_last:
        warnings.append(
            Message(
                "campaign.window_past_data",
                {"last": data_last, "days": int((window.end - data_last).days), "end": window.end},
            )
        )
    return window, tuple(warnings)


# Where a campaign's default start day comes from, in order of preference.
START_SOURCES: tuple[str, ...] = ("list", "upload", "data")


@dataclass(frozen=True)
class CampaignStart:
    """The default first day of a campaign window and where it comes from.

    ``source`` is ``"list"`` (the campaign list's start column, its earliest date), ``"upload"``
    (the first order day on or after the day the list was uploaded: lists are usually uploaded
    when the campaign is sent) or ``"data"`` (the first order day in the data). ``uploaded`` is
    the list's upload day when known.
    """

    day: pd.Timestamp
    source: str
    uploaded: pd.Timestamp | None = None


def default_start(
    orders: pd.DataFrame, campaign: pd.DataFrame, *, uploaded: pd.Timestamp | None = None
) -> CampaignStart:
    """Return the default start day of a campaign window, within the loaded orders.

    The list's start column when it has one (its earliest date), else the first order day on or
    after ``uploaded`` when such a day exists, else the first order day of the data.

    Examples
    --------
    >>> from analytics.frames import orders_frame
    >>> o = orders_frame(customer_id=["a", "b"], order_day=["2008-03-01", "2008-03-20"], amount=[1.0, 2.0])
    >>> default_start(o, pd.DataFrame({"customer_id": ["a"]}), uploaded=pd.Timestamp("2008-03-05")).day
    Timestamp('2008-03-20 00:00:00')
    >>> default_start(o, pd.DataFrame({"customer_id": ["a"]}), uploaded=pd.Timestamp("2026-11-29")).source
    'data'
    """
    require_orders(orders)
    days = orders["order_day"].dropna()
    if "start" in campaign.columns:
        listed = pd.to_datetime(campaign["start"], errors="coerce").dropna()
        if len(listed):
            return CampaignStart(listed.min().normalize(), "list", uploaded)
    if uploaded is not None and not pd.isna(uploaded):
        uploaded = pd.Timestamp(uploaded).normalize()
        after = days[days >= uploaded]
        if len(after):
            return CampaignStart(after.min(), "upload", uploaded)
    return CampaignStart(days.min(), "data", uploaded)
