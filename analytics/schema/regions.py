"""Regions: keep only the province of a postal address, never the street."""

from __future__ import annotations

import pandas as pd

from analytics.schema.distinct import on_distinct

_PROVINCE = (
    r"^\s*((?:[\u4e00-\u9fff]{2,7}?(?:省|自治区|特别行政区))|(?:北京|上海|天津|重庆)市?"
    r"|(?:内蒙古|广西|西藏|宁夏|新疆|香港|澳门|台湾))"
)


def address_region(values: pd.Series) -> pd.Series:
    """Keep only the province of a postal address; the rest (street, number) is never kept.

    Examples
    --------
    >>> addresses = pd.Series(["浙江省 杭州市 西湖区 xx路12号", "上海 上海市 浦东", "1 Main St"], dtype="str")
    >>> address_region(addresses).tolist()
    ['浙江省', '上海', nan]
    """
    return on_distinct(
        values, lambda distinct: distinct.str.normalize("NFKC").str.extract(_PROVINCE)[0].astype("str")
    )
