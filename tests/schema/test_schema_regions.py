"""Provinces of postal addresses (analytics.schema.regions)."""

from __future__ import annotations

import pandas as pd

from analytics.schema import address_region


def test_address_keeps_only_the_province():
    regions = address_region(
        pd.Series(
            [
                "浙江省 杭州市 西湖区 xx路12号",
                "北京 北京市 朝阳区 建国路1号",
                "广西壮族自治区 南宁市",
                "12 Main Street",
                None,
            ],
            dtype="str",
        )
    )
    assert regions.iloc[:3].tolist() == ["浙江省", "北京", "广西壮族自治区"]
    assert regions.iloc[3:].isna().all()
