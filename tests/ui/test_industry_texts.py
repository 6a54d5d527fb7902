"""The Overview's industry position texts: table cells with n of N, verdict counts, reasons per row."""

from __future__ import annotations

import pandas as pd

from analytics.metrics.industry import IndustryRow, ShopFigure, peer_standing
from analytics.metrics.peers import PeerFigure
from ui.i18n import translate
from ui.industry import industry_table, industry_verdict

D = pd.Timestamp
MONTH = {"start": D("2025-12-02"), "end": D("2025-12-31")}


def _rows():
    repeat = PeerFigure("repeat_purchase_rate", 0.196, top=0.272, **MONTH)
    share = PeerFigure("member_sales_share", 0.582, top=0.706, **MONTH)
    return (
        IndustryRow(repeat, peer_standing(ShopFigure(137 / 782, 137, 782), repeat)),
        IndustryRow(share, peer_standing(ShopFigure(0.728, 1, 1), share)),
        IndustryRow(PeerFigure("aov", 160.0), None, "window_not_stated"),
    )


def test_table_cells_in_chinese():
    table = industry_table(_rows(), lang="zh", money=lambda v: f"¥{v:,.2f}")
    shop = table[translate("peer_shop", "zh")]
    # 137 of 782 = 17.5%, read with its counts.
    assert shop[0] == "17.5%（782 位顾客中有 137 位）"
    assert shop[2] == translate("peer_window_not_stated", "zh")
    assert table[translate("peer_window", "zh")][0] == "2025-12-02 至 2025-12-31（30 天）"
    # 17.5% against 19.6%: 2.1 points below; 72.8% against a 70.6% top: 2.2 points above it.
    assert table[translate("peer_standing", "zh")][:2] == [
        "低于同行平均 2.1 个百分点",
        "高于同行优秀 2.2 个百分点",
    ]


def test_verdict_counts_positions_and_names_the_largest_shortfall():
    text = industry_verdict(_rows(), lang="en")
    assert text.startswith(
        "Of 2 figures compared with peers over the same days: 1 above the peer top, 0 between the peer "
        "average and top, 1 below the peer average."
    )
    assert "Repeat-purchase rate, 2025-12-02 – 2025-12-31 (30 days): 2.1 pp below the peer average." in text


def test_no_verdict_when_nothing_could_be_compared():
    assert industry_verdict(_rows()[2:], lang="zh") is None
