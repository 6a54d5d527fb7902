"""Write the 生意参谋-style peer comparison exports bundled for the sample shop and the UCI file.

Usage::

    .venv/bin/python sample_data/generate_peers.py

The platform's export (生意参谋 > 竞争 > 同行对比) has a few title rows, then one row per metric and
date: 统计日期 (the window's last day), 指标, 统计周期 (最近7天 / 最近30天), 本店, 同行同层平均,
同行同层优秀. The figures written here are made up around each shop's own figures (本店 is the shop's
real figure over the window), so the peers stand below, between and above the shop on different
metrics: ``sample_data/peers_sycm.xlsx`` (and its GB18030 CSV copy in ``tests/data/``) for the
sample shop, ``sample_data/real/peers_sycm_uci.xlsx`` for UCI Online Retail.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd
from openpyxl import Workbook

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analytics.loading import load_members, load_orders  # noqa: E402
from analytics.metrics.industry import shop_figure  # noqa: E402
from analytics.metrics.period import Period  # noqa: E402
from analytics.metrics.summary import summarize  # noqa: E402

NAMES = {
    "returning_customer_rate": "老买家占比",
    "repeat_purchase_rate": "复购率",
    "returning_sales_share": "老买家支付金额占比",
    "member_sales_share": "会员支付金额占比",
    "aov": "客单价",
}
# The peers' average and top as multiples of the shop's figure: below, between and above on purpose.
FACTORS = {
    "returning_customer_rate": (0.92, 1.18),
    "repeat_purchase_rate": (1.12, 1.55),
    "returning_sales_share": (0.95, 1.12),
    "member_sales_share": (0.80, 0.97),
    "aov": (1.04, 1.40),
}
HEADER = ["统计日期", "指标", "统计周期", "本店", "同行同层平均", "同行同层优秀"]


def _cell(metric: str, value: float) -> str:
    # Rates as the platform prints them ("18.52%", at most 99%), amounts with two decimals.
    return f"{value:.2f}" if metric == "aov" else f"{min(value, 0.99) * 100:.2f}%"


def peer_rows(orders: pd.DataFrame, members: pd.DataFrame | None, windows) -> list[list[str]]:
    """Return the export's rows: per window and metric, the shop's figure and the peers' made-up ones."""
    rows = []
    for label, start, end in windows:
        summary = summarize(orders, period=Period(start, end), members=members)
        for metric, name in NAMES.items():
            figure = shop_figure(summary, metric)
            if figure is None:
                continue
            average, top = FACTORS[metric]
            value = figure.value
            rows.append(
                [f"{end:%Y-%m-%d}", name, label]
                + [_cell(metric, v) for v in (value, value * average, value * top)]
            )
    return rows


def write_export(path: Path, rows: list[list[str]], span: str) -> None:
    """Write ``rows`` under the platform's title rows as an .xlsx."""
    book = Workbook()
    sheet = book.active
    sheet.title = "同行对比"
    for line in (["同行对比（同行同层）"], [f"统计时间：{span}"], ["终端：全部终端"], []):
        sheet.append(line)
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    book.save(path)


def _windows(*ends: str) -> list[tuple[str, pd.Timestamp, pd.Timestamp]]:
    out = []
    for end in map(pd.Timestamp, ends):
        out += [(f"最近{n}天", end - pd.Timedelta(days=n - 1), end) for n in (7, 30)]
    return out


def main() -> None:
    """Write the sample shop's and the UCI file's peer exports."""
    orders = load_orders([ROOT / "sample_data" / "taobao_orders.xlsx"]).orders
    members = load_members(ROOT / "sample_data" / "members.xlsx").members
    rows = peer_rows(orders, members, _windows("2025-11-30", "2025-12-31"))
    write_export(ROOT / "sample_data" / "peers_sycm.xlsx", rows, "2025-11-01 ~ 2025-12-31")
    frame = pd.DataFrame(rows, columns=HEADER)
    frame.to_csv(ROOT / "tests" / "data" / "peers_sycm.csv", index=False, encoding="gb18030")
    uci = load_orders([ROOT / "sample_data" / "real" / "online_retail.csv.gz"]).orders
    rows = peer_rows(uci, None, _windows("2011-12-09"))
    write_export(ROOT / "sample_data" / "real" / "peers_sycm_uci.xlsx", rows, "2011-11-10 ~ 2011-12-09")


if __name__ == "__main__":
    main()
