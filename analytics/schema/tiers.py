"""The one tier ladder: member tier names on one scale, low to high, kept as data.

Member lists (:func:`analytics.loading.load_members`) and tier columns in orders
(:func:`analytics.metrics.tiers.order_tiers`) both order their tiers with :func:`tier_order`, so a
tier sorts the same way wherever it comes from. Extend :data:`TIER_LADDER` when a shop's ladder
sorts wrongly; no code changes are needed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from analytics.schema.mapping import normalise_header

# Steps of the ladder, low to high, as (rank, names compared after normalise_header). Names of
# different ladders share a rank where they mean the same step; VIP ranks just after gold, and
# 黑卡 (black card) below 至尊 (supreme), the top of Chinese retail ladders.
TIER_LADDER: tuple[tuple[float, tuple[str, ...]], ...] = (
    (
        0.0,
        (
            "普通会员",
            "普通",
            "普卡",
            "注册会员",
            "普通用户",
            "basic",
            "standard",
            "regular",
            "normal",
            "member",
            "新会员",
            "starter",
        ),
    ),
    (1.0, ("青铜", "铜卡", "bronze")),
    (2.0, ("高级会员", "银卡", "白银", "silver", "premium", "plus")),
    (3.0, ("金卡", "黄金", "gold")),
    (3.5, ("vip", "vip会员")),
    (4.0, ("铂金", "白金", "platinum")),
    (5.0, ("钻石", "钻卡", "diamond")),
    (6.0, ("黑金", "黑卡", "black")),
    (7.0, ("至尊vip会员", "至尊vip", "至尊会员", "至尊")),
)
# Words a tier name may end with around its step ("金卡会员", "Gold Member", "VIP tier").
TIER_SUFFIXES: tuple[str, ...] = ("会员", "卡", "member", "tier", "level")
CHINESE_DIGITS: dict[str, int] = {
    "一": 1,
    "二": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
    "十": 10,
}

_RANKS: dict[str, float] = {name: rank for rank, names in TIER_LADDER for name in names}
_SUFFIX = re.compile(f"({'|'.join(TIER_SUFFIXES)})$")
_NUMBERED = re.compile(r"(?:v|lv|vip|level|tier|等级|会员)?(\d+)(?:级|星)?(?:会员)?")
_STARS = re.compile(f"([{''.join(CHINESE_DIGITS)}])(?:星|级)(?:会员)?")


def tier_rank(name: str) -> float | None:
    """Return the rank of a tier name on the ladder, or None when it is not a known name.

    Numbered tiers (V3, Lv10, 3级, 三星) rank by their number.

    Examples
    --------
    >>> tier_rank("Gold Member"), tier_rank("V10"), tier_rank("三星"), tier_rank("Zeta")
    (3.0, 10.0, 3.0, None)
    """
    key = normalise_header(name)
    for candidate in (key, _SUFFIX.sub("", key)):
        if candidate in _RANKS:
            return _RANKS[candidate]
    numbered = _NUMBERED.fullmatch(key)
    if numbered:
        return float(numbered.group(1))
    stars = _STARS.fullmatch(key)
    if stars:
        return float(CHINESE_DIGITS[stars.group(1)])
    return None


def tier_order(names: Iterable[str]) -> list[str]:
    """Order tier names low to high: known names by rank, unknown names after them as first seen.

    Examples
    --------
    >>> tier_order(["VIP会员", "普通会员", "至尊VIP会员", "高级会员"])
    ['普通会员', '高级会员', 'VIP会员', '至尊VIP会员']
    >>> tier_order(["V3", "V1", "V10"])
    ['V1', 'V3', 'V10']
    """
    seen = list(dict.fromkeys(n for n in names if isinstance(n, str) and n != ""))
    ranks = {n: tier_rank(n) for n in seen}
    ranked = sorted((rank, i, n) for i, n in enumerate(seen) if (rank := ranks[n]) is not None)
    return [n for _, _, n in ranked] + [n for n in seen if ranks[n] is None]
