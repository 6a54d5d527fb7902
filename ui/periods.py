"""Period presets of the sidebar (7/30/90 days, this month, custom).

Pure functions: every preset is anchored on the last order day in the data, never on today's
date, so last month's export still opens on its own last 30 days. The comparison period follows
the one rule of :func:`analytics.metrics.period.comparison_period` (the sidebar offers its modes).
"""

from __future__ import annotations

import pandas as pd

from analytics.metrics.period import Period

PRESETS: tuple[str, ...] = ("7", "30", "90", "month", "custom")
DEFAULT_PRESET = "30"


def preset_period(
    last_day: pd.Timestamp,
    preset: str,
    *,
    custom: tuple[pd.Timestamp, pd.Timestamp] | None = None,
) -> Period:
    """Return the period a sidebar preset stands for, ending on the data's last order day.

    Parameters
    ----------
    last_day
        The last order day in the loaded data (the anchor of every preset).
    preset
        "7", "30", "90" (that many days ending on ``last_day``), "month" (the calendar month of
        ``last_day`` up to ``last_day``) or "custom" (``custom`` as given, or 30 days without it).
    custom
        Start and end of a custom period (inclusive).

    Examples
    --------
    >>> p = preset_period(pd.Timestamp("2025-03-31"), "7")
    >>> p.to_dict()
    {'start': '2025-03-25', 'end': '2025-03-31'}
    >>> preset_period(pd.Timestamp("2025-03-12"), "month").to_dict()
    {'start': '2025-03-01', 'end': '2025-03-12'}
    """
    end = pd.Timestamp(last_day).normalize()
    if preset == "month":
        return Period(end.replace(day=1), end)
    if preset == "custom" and custom is not None:
        start, stop = (pd.Timestamp(day).normalize() for day in custom)
        return Period(min(start, stop), max(start, stop))
    days = int(preset) if preset.isdigit() else 30
    return Period(end - pd.Timedelta(days=days - 1), end)
