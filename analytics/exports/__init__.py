"""Files handed to other tools: the care list for SMS and coupon tools, and its control sample."""

from analytics.exports.care_list import (
    campaign_list_csv,
    care_list_csv,
    care_list_table,
    care_list_xlsx,
    key_is_nickname,
    split_control,
)

__all__ = [
    "campaign_list_csv",
    "care_list_csv",
    "care_list_table",
    "care_list_xlsx",
    "key_is_nickname",
    "split_control",
]
