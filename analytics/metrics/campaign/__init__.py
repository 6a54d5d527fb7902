"""Campaign measurement: controlled uplift, directional pre/post and DiD, coupons, and their statistics.

``campaign_uplift`` is the entry point of the page, the command line and the report; the modules
hold one concern each: ``groups`` (the campaign list and its control), ``window``, ``uplift``
(arms against control), ``did`` (no control group), ``coupon`` and ``stats``.
"""

from analytics.metrics.campaign.coupon import HORIZONS, CouponEffect, coupon_effect
from analytics.metrics.campaign.did import (
    ASSUMPTIONS,
    DidEstimate,
    DirectionalUplift,
    Placebo,
    PrePost,
    Pretrend,
    directional_uplift,
)
from analytics.metrics.campaign.groups import (
    CONTROL_LABELS,
    MISSING_WARNING_SHARE,
    TARGETED,
    campaign_groups,
    find_control,
)
from analytics.metrics.campaign.stats import MeanDifference, SampleRatioCheck
from analytics.metrics.campaign.uplift import (
    METHODS,
    ArmComparison,
    ControlledUplift,
    GroupOutcome,
    campaign_uplift,
    controlled_uplift,
    customer_outcomes,
)
from analytics.metrics.campaign.verdict import Verdict
from analytics.metrics.campaign.window import (
    DEFAULT_WINDOW_DAYS,
    CampaignStart,
    campaign_window,
    default_start,
)

__all__ = [
    "ASSUMPTIONS",
    "CONTROL_LABELS",
    "DEFAULT_WINDOW_DAYS",
    "HORIZONS",
    "METHODS",
    "MISSING_WARNING_SHARE",
    "TARGETED",
    "ArmComparison",
    "CampaignStart",
    "ControlledUplift",
    "CouponEffect",
    "DidEstimate",
    "DirectionalUplift",
    "GroupOutcome",
    "MeanDifference",
    "Placebo",
    "PrePost",
    "Pretrend",
    "SampleRatioCheck",
    "Verdict",
    "campaign_groups",
    "campaign_uplift",
    "campaign_window",
    "controlled_uplift",
    "coupon_effect",
    "customer_outcomes",
    "default_start",
    "directional_uplift",
    "find_control",
]
