"""The analysis period: inclusive calendar days, defaulting to the 30 days ending on the last order day."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analytics.errors import ArgumentError, Term

# The default analysis period and the repeat-purchase cycle: a month of trade, 30 days ending on the
# data's last order day.
DEFAULT_PERIOD_DAYS = 30
# What a period is compared with: the period of equal length just before, the same days a year
# earlier, or nothing.
COMPARISONS: tuple[str, ...] = ("previous", "last-year", "none")


@dataclass(frozen=True)
class Period:
    """Inclusive calendar-day range ``[start, end]`` (both at midnight)."""

    start: pd.Timestamp
    end: pd.Timestamp

    @property
    def days(self) -> int:
        """Return the number of calendar days in the period, both ends included."""
        return int((self.end - self.start).days) + 1

    def previous(self) -> Period:
        """Return the period of equal length that ends the day before ``start``."""
        end = self.start - pd.Timedelta(days=1)
        return Period(end - pd.Timedelta(days=self.days - 1), end)

    def contains(self, days: pd.Series) -> pd.Series:
        """Return a boolean mask of ``days`` (midnight timestamps) inside the period."""
        return days.between(self.start, self.end)

    def to_dict(self) -> dict[str, str]:
        """Return ``{"start": "YYYY-MM-DD", "end": "YYYY-MM-DD"}``."""
        return {"start": self.start.strftime("%Y-%m-%d"), "end": self.end.strftime("%Y-%m-%d")}


def comparison_period(period: Period, compare: str) -> Period | None:
    """Return the period to compare with: the previous one of equal length, last year's, or None.

    ``"previous"`` is the period of equal length ending the day before ``period`` starts;
    ``"last-year"`` the same calendar days one year earlier (29 February falls back to the 28th);
    ``"none"`` means no comparison.

    Raises
    ------
    ArgumentError
        ``metrics.unknown_comparison`` for any other mode.

    Examples
    --------
    >>> p = Period(pd.Timestamp("2025-03-01"), pd.Timestamp("2025-03-30"))
    >>> comparison_period(p, "previous").to_dict()
    {'start': '2025-01-30', 'end': '2025-02-28'}
    >>> comparison_period(p, "last-year").to_dict()
    {'start': '2024-03-01', 'end': '2024-03-30'}
    """
    if compare == "previous":
        return period.previous()
    if compare == "last-year":
        year = pd.DateOffset(years=1)
        return Period(period.start - year, period.end - year)
    if compare == "none":
        return None
    raise ArgumentError("metrics.unknown_comparison", value=compare, choices=list(COMPARISONS))


def _day(value: str | pd.Timestamp | None, option: Term) -> pd.Timestamp | None:
    if value is None or value == "":
        return None
    try:
        return pd.Timestamp(value).normalize()
    except (ValueError, TypeError) as exc:
        raise ArgumentError("metrics.not_a_date", value=repr(value), option=option) from exc


def require_orders(orders: pd.DataFrame) -> None:
    """Refuse an analysis without a single valid order.

    Raises
    ------
    ArgumentError
        When ``orders`` is empty (every row was dropped, or the file held none).
    """
    if len(orders) == 0:
        raise ArgumentError("metrics.no_orders")


def resolve_period(
    orders: pd.DataFrame,
    *,
    start: str | pd.Timestamp | None = None,
    end: str | pd.Timestamp | None = None,
    days: int = DEFAULT_PERIOD_DAYS,
) -> Period:
    """Return the analysis period from optional bounds, defaulting to the data's last order day.

    Without ``end`` the period ends on the last order day in ``orders`` (never the wall clock);
    without ``start`` it spans ``days`` days ending on ``end``.

    Raises
    ------
    ArgumentError
        When a bound is not a date, end is before start, there are no orders at all, or the
        period holds no orders.
    """
    start_day, end_day = _day(start, Term("option.period_start")), _day(end, Term("option.period_end"))
    require_orders(orders)
    last_day = orders["order_day"].max()
    if end_day is None:
        if start_day is not None and start_day > last_day:
            raise ArgumentError("metrics.start_after_data", last=last_day, start=start_day)
        end_day = last_day
    if start_day is None:
        start_day = end_day - pd.Timedelta(days=days - 1)
    if end_day < start_day:
        raise ArgumentError("metrics.period_reversed", start=start_day, end=end_day)
    period = Period(start_day, end_day)
    if not period.contains(orders["order_day"]).any():
        first, last = orders["order_day"].min(), orders["order_day"].max()
        raise ArgumentError(
            "metrics.no_orders_in_period", start=start_day, end=end_day, first=first, last=last
        )
    return period


def observed_days(period: Period, orders: pd.DataFrame) -> int:
    """Return how many days of ``period`` fall on or after the first order day of the data.

    A comparison period that starts before the data does is only partly observed: its figures
    (and any change against it) cover fewer days than the period it is compared with.

    Examples
    --------
    >>> o = pd.DataFrame({"order_day": pd.to_datetime(["2025-11-01", "2025-11-20"])})
    >>> observed_days(Period(pd.Timestamp("2025-10-07"), pd.Timestamp("2025-11-05")), o)
    5
    """
    if len(orders) == 0:
        return 0
    first = max(period.start, orders["order_day"].min())
    return max(0, int((period.end - first).days) + 1)
