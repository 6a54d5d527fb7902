"""Plotly figures from metric results: one function per figure, shared by pages, report and CLI.

Every function is pure: ``(result, *, labels) -> go.Figure``. The result is the typed result of
``analytics.metrics`` (never its ``to_dict()`` form), and the figure reads the numbers it holds:
intervals and tests come with the result, so charts compute no statistics. ``labels``
(:class:`ChartLabels`) carries the translated title, period, store, definition footnote and series
names, so the same chart serves the 简体中文 and English dashboards. Colours are fixed per business
meaning (``PALETTE``): members, non-members, returning and new customers look the same on every
page. A result with nothing to draw gives a figure with the caller's ``names["empty"]`` message
instead of an empty plot.

One module per subject (``industry``, ``repeat``, ``members``, ``member_trend``, ``monthly``,
``returning``, ``tiers``, ``intervals``, ``cohorts``, ``campaign``, ``calendar``, ``customers``,
``stores``, ``store_index``); the shared look is in ``style``, the peers' reference line in
``reference``; static PNG/PDF export through kaleido is in ``export``, imported on its own so that
drawing never starts a browser.
"""

from analytics.charts.calendar import calendar_figure
from analytics.charts.campaign import campaign_arms, campaign_directional
from analytics.charts.cohorts import cohort_heatmap
from analytics.charts.customers import holdout_chart, ltv_heatmap, p_alive_chart, pareto_chart, segment_chart
from analytics.charts.industry import industry_position_chart
from analytics.charts.intervals import interval_histogram
from analytics.charts.member_trend import member_share_trend
from analytics.charts.members import members_comparison
from analytics.charts.monthly import monthly_sales_chart
from analytics.charts.repeat import repeat_rate_trend, repurchase_chart
from analytics.charts.returning import new_returning_counts, returning_share_trend
from analytics.charts.store_index import store_index_chart
from analytics.charts.stores import store_ranking_chart
from analytics.charts.style import PALETTE, ChartLabels, period_text
from analytics.charts.tiers import tier_distribution

__all__ = [
    "PALETTE",
    "ChartLabels",
    "calendar_figure",
    "campaign_arms",
    "campaign_directional",
    "cohort_heatmap",
    "holdout_chart",
    "industry_position_chart",
    "interval_histogram",
    "ltv_heatmap",
    "member_share_trend",
    "members_comparison",
    "monthly_sales_chart",
    "new_returning_counts",
    "p_alive_chart",
    "pareto_chart",
    "period_text",
    "repeat_rate_trend",
    "repurchase_chart",
    "returning_share_trend",
    "segment_chart",
    "store_index_chart",
    "store_ranking_chart",
    "tier_distribution",
]
