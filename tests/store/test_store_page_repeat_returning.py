"""The Repeat-purchase and Returning pages' inputs computed in DuckDB and PostgreSQL equal the files'.

The same orders are given to the metric functions as a frame (as an uploaded export is) and
ingested into a history database; :mod:`analytics.store.page_repeat` and
:mod:`analytics.store.page_returning` compute the pages' tables in the engine. Counts, rates and
days must be equal; money equal to 1e-9 relative (exact sums in the engine, float sums in pandas).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from analytics.frames import orders_frame
from analytics.loading import load_orders
from analytics.metrics.customer_counts import new_and_returning_by_month
from analytics.metrics.intervals import purchase_intervals
from analytics.metrics.period import Period
from analytics.metrics.repeat import repeat_rate_windows, repurchase_cohort, repurchase_within_days
from analytics.metrics.trends import trend
from analytics.store import ALL_SHOPS, ingest_frame, page_repeat, page_returning, pages
from tests.store.test_store_pages_figures import _orders

SAMPLE = Path(__file__).resolve().parents[2] / "sample_data" / "taobao_orders_gbk.csv"
N_DAYS = (7, 14, 30, 60, 90)
ENGINES = ["duckdb", pytest.param("postgresql", marks=pytest.mark.postgres)]


def _history(engine: str, tmp_path, request, monkeypatch, orders: pd.DataFrame, **kwargs) -> str:
    from postgres_server import PASSWORD

    from tests.store.conftest import history_url

    monkeypatch.setenv("PGPASSWORD", PASSWORD)
    url = history_url(engine, tmp_path, request)
    ingest_frame(url, orders, file_name="orders.csv", **kwargs)
    return url


def _assert_trend_equal(in_engine: pd.DataFrame, in_files: pd.DataFrame) -> None:
    # Member sales are not asked of the engine (the Returning page does not show them).
    shown = [c for c in in_files.columns if not c.startswith("member_")]
    pd.testing.assert_frame_equal(in_engine[shown], in_files[shown], check_exact=False, rtol=1e-9)


def _assert_pages_equal(where: pages.PageScope, files: pd.DataFrame) -> int:
    """Assert every engine input of both pages equals the metric functions' on ``files``.

    Return how many repurchases the cohorts compared held (0: that comparison compared nothing).
    """
    repurchased = 0
    first, last = files["order_day"].min(), files["order_day"].max()
    for end in (last, last - pd.Timedelta(days=45)):
        pd.testing.assert_frame_equal(
            page_repeat.rate_windows_of(where, end=end, windows=12, days=30),
            repeat_rate_windows(files, end=end, windows=12, days=30),
        )
    for days, length in ((30, 30), (7, 90), (90, 7)):
        cohort = repurchase_cohort(files, days=days, length=length)
        assert cohort is not None
        in_engine = page_repeat.cohort_repurchase_of(where, cohort=cohort, days=N_DAYS, last_day=last)
        assert in_engine == [repurchase_within_days(files, period=cohort, days=n) for n in N_DAYS]
        repurchased += sum(r.repurchased for r in in_engine)
    gaps, expected = page_repeat.gaps_of(where), purchase_intervals(files)
    pd.testing.assert_frame_equal(gaps.summary, expected.summary)
    assert gaps.to_dict() == expected.to_dict()
    for start, end in (
        (last - pd.Timedelta(days=29), last),
        (first + pd.Timedelta(days=40), last - pd.Timedelta(days=9)),
    ):
        for freq in ("D", "W", "M"):
            _assert_trend_equal(
                page_returning.returning_trend_of(where, start=start, end=end, freq=freq),
                trend(files, start=start, end=end, freq=freq),
            )
    for end in (None, last - pd.Timedelta(days=100)):
        pd.testing.assert_frame_equal(
            page_returning.monthly_counts_of(where, data_start=first, data_last=last, end=end),
            new_and_returning_by_month(files, end=end),
        )
    return repurchased


@pytest.mark.parametrize("engine", ENGINES)
def test_the_sample_export_gives_the_same_page_figures_in_the_engine(engine, tmp_path, request, monkeypatch):
    load = load_orders([SAMPLE])
    url = _history(engine, tmp_path, request, monkeypatch, load.orders, invalid=load.invalid_orders, shop="s")
    assert _assert_pages_equal(pages.page_scope(url, "s"), load.orders) > 0


@pytest.mark.parametrize("engine", ENGINES)
def test_a_store_and_channel_filter_gives_the_filtered_orders_figures(engine, tmp_path, request, monkeypatch):
    stored = _orders(seed=11, n=1500)  # the Overview's test orders: three stores (one with spaces)
    url = _history(engine, tmp_path, request, monkeypatch, stored)
    for stores, channels in [(("North",), ()), ((" South ", "East"), ("web",))]:
        files = stored[stored["store"].isin(stores)]
        if channels:
            files = files[files["channel"].isin(channels)]
        _assert_pages_equal(pages.page_scope(url, ALL_SHOPS, stores=stores, channels=channels), files)


def test_a_hand_example_of_windows_trend_and_repurchase(tmp_path):
    # a: 1 and 3 Mar (two days in one window), 20 Mar; b: 2 Mar only; guest 5 Mar (10.00).
    # Windows of 10 days ending 20 Mar: [11, 20] a (1 day); [1, 10] a (2 days) and b -> 1 of 2.
    # Weekly trend from 1 Mar (a Saturday): week of 24 Feb clipped to 1-2 Mar: a, b new (2 buyers,
    # 0 returning); week of 3 Mar: a (returning: first day 1 Mar < 3 Mar), guest; week of 17 Mar: a.
    orders = orders_frame(
        customer_id=["a", "a", "a", "b", None],
        order_day=["2025-03-01", "2025-03-03", "2025-03-20", "2025-03-02", "2025-03-05"],
        amount=[1.0, 2.0, 4.0, 8.0, 10.0],
    )
    url = f"duckdb://{tmp_path}/h.duckdb"
    ingest_frame(url, orders, file_name="o.csv")
    where = pages.page_scope(url, None)
    windows = page_repeat.rate_windows_of(where, end=pd.Timestamp("2025-03-20"), windows=2, days=10)
    assert windows[["customers", "repeat_customers"]].values.tolist() == [[2, 1], [1, 0]]
    weeks = page_returning.returning_trend_of(
        where, start=pd.Timestamp("2025-03-01"), end=pd.Timestamp("2025-03-20"), freq="W"
    )
    assert [f"{d:%m-%d}" for d in weeks["bucket_start"]] == ["03-01", "03-03", "03-10", "03-17"]
    assert weeks["buyers"].tolist() == [2, 1, 0, 1]
    assert weeks["returning_buyers"].tolist() == [0, 1, 0, 1]
    assert weeks["sales"].tolist() == [9.0, 12.0, 0.0, 4.0]
    assert weeks["unidentified_sales"].tolist() == [0.0, 10.0, 0.0, 0.0]
    # Repurchase within 5 days of the 1-2 Mar cohort (data ends 20 Mar): a back on 3 Mar, b never.
    cohort = Period(pd.Timestamp("2025-03-01"), pd.Timestamp("2025-03-02"))
    (within,) = page_repeat.cohort_repurchase_of(
        where, cohort=cohort, days=(5,), last_day=pd.Timestamp("2025-03-20")
    )
    assert (within.repurchased, within.eligible) == (1, 2)
