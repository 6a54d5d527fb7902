"""Time the meeting PDF for a year of a store with more than 3,000 customers (target: under 20 s).

Data: the bundled Taobao sample (``sample_data/taobao_orders_gbk.csv``: 2025-01-01 to 2025-12-31,
about 13,000 orders of 5,600 customers) with its member list and campaign list. Times, in one run:
the whole ``build_report(..., fmt="pdf")`` (metrics, charts through one browser session, WeasyPrint),
and as references the metrics alone (``build_content``) and one chart exported alone through
kaleido (browser start included), so a slow machine shows up in the references too.

Run: ``.venv/bin/python benchmarks/bench_report.py [--lang zh|en]``
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analytics.loading import load_campaign, load_members, load_orders  # noqa: E402
from analytics.metrics.period import Period  # noqa: E402
from analytics.report import ReportInputs, RowAccounting, build_content, build_report  # noqa: E402
from analytics.report.render_charts import PDF_SIZE, chart_figure, close_browser, render_figures  # noqa: E402
from analytics.report.text import Texts  # noqa: E402

TARGET_SECONDS = 20.0
SAMPLE = ROOT / "sample_data"


def main() -> int:
    """Print the timings; exit 1 when the PDF takes longer than the target."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", choices=("zh", "en"), default="zh")
    lang = parser.parse_args().lang
    load = load_orders([SAMPLE / "taobao_orders_gbk.csv"])
    orders = load.orders
    inputs = ReportInputs(
        orders=orders,
        shop="小雨家居旗舰店",
        currency="CNY",
        members=load_members(SAMPLE / "members.xlsx").members,
        campaign=load_campaign(SAMPLE / "campaign.csv").campaign,
        accounting=RowAccounting(load.rows_read, load.rows_used, dict(load.dropped)),
    )
    end = orders["order_day"].max()
    period = Period(end - pd.Timedelta(days=29), end)
    print(
        f"data: {len(orders):,} orders, {orders['customer_id'].nunique():,} customers, "
        f"{orders['order_day'].min():%Y-%m-%d} to {end:%Y-%m-%d}; "
        f"period {period.start:%Y-%m-%d} to {end:%Y-%m-%d}"
    )

    started = time.perf_counter()
    content = build_content(inputs, period=period, compare="previous")
    metrics_seconds = time.perf_counter() - started

    figure = chart_figure(content.charts[0], content, Texts(lang, "CNY"))
    started = time.perf_counter()
    render_figures([figure], image_format="svg", size=PDF_SIZE)
    one_chart_seconds = time.perf_counter() - started
    close_browser()  # the PDF below starts its own browser, as a process's first report does

    started = time.perf_counter()
    pdf = build_report(inputs, period=period, compare="previous", lang=lang, fmt="pdf")
    pdf_seconds = time.perf_counter() - started

    print(f"reference: metrics alone            {metrics_seconds:6.2f} s")
    print(f"reference: one chart via kaleido    {one_chart_seconds:6.2f} s (browser start included)")
    print(
        f"report PDF ({lang}, {len(content.charts)} charts, {len(pdf) / 1024:,.0f} KiB) "
        f"{pdf_seconds:6.2f} s  (target < {TARGET_SECONDS:.0f} s)"
    )
    return 0 if pdf_seconds < TARGET_SECONDS else 1


if __name__ == "__main__":
    raise SystemExit(main())
