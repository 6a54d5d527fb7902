"""The Overview's inputs computed in DuckDB and PostgreSQL equal the files' figures.

The same orders are given to the metric functions as a frame (as uploaded files are) and ingested
into a history database; :mod:`analytics.store.pages` then computes the period's cards, the monthly
series, the store ranking and the store index in the engine. Counts and rates must be equal;
money equal to the cent (the engine sums exact ten-thousandths, pandas adds floats).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from analytics.frames import orders_frame
from analytics.metrics.cohorts import cohort_retention
from analytics.metrics.intervals import purchase_intervals
from analytics.metrics.monthly import monthly_sales
from analytics.metrics.period import Period
from analytics.metrics.store_index import store_index_trend
from analytics.metrics.stores import store_ranking
from analytics.metrics.summary import summarize
from analytics.store import ALL_SHOPS, ingest_frame, ingest_members, pages


def _orders(seed: int = 7, n: int = 900) -> pd.DataFrame:
    """Orders of 60 customers and guests over ~7 months in three stores (one with spaces) and two channels."""
    rng = np.random.default_rng(seed)
    customers = [None if k % 13 == 0 else f"c{k % 60}" for k in rng.integers(0, 400, n)]
    days = pd.Timestamp("2025-01-14") + pd.to_timedelta(rng.integers(0, 200, n), unit="D")
    return orders_frame(
        order_id=[f"o{i}" for i in range(n)],
        customer_id=customers,
        order_day=list(days),
        amount=list(np.round(rng.uniform(1, 300, n), 2)),
        store=list(rng.choice(["North", " South ", "East"], n)),
        channel=list(rng.choice(["web", "shop"], n)),
    )


def _money_equal(engine_value: float, file_value: float) -> bool:
    return (math.isnan(engine_value) and math.isnan(file_value)) or round(engine_value, 2) == round(
        file_value, 2
    )


def _rounded(value):
    if isinstance(value, float):
        return round(value, 9)
    if isinstance(value, dict):
        return {k: _rounded(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_rounded(v) for v in value]
    return value


def _assert_ranking_equal(in_engine, in_files) -> None:
    assert in_engine.period == in_files.period
    assert [s.store for s in in_engine.stores] == [s.store for s in in_files.stores]
    for e, f in zip(in_engine.stores, in_files.stores, strict=True):
        assert (e.customers, e.orders, e.repeat_purchase_rate) == (
            f.customers,
            f.orders,
            f.repeat_purchase_rate,
        )
        assert _money_equal(e.sales, f.sales)
        assert _money_equal(e.returning_sales_share.part, f.returning_sales_share.part)


@pytest.fixture(scope="module")
def stored(tmp_path_factory) -> pd.DataFrame:
    return _orders()


@pytest.mark.parametrize("engine", ["duckdb", pytest.param("postgresql", marks=pytest.mark.postgres)])
@pytest.mark.parametrize("history", ["kept", "trimmed", "orders"])
def test_the_overview_inputs_in_the_engine_equal_the_files(
    engine, history, stored, tmp_path, request, monkeypatch
):
    """kept: the writer's kept tables (analytics.store.derived) answer; trimmed: store names without
    spaces (the kept purchase days also rank a store filter); orders: a history without them."""
    from postgres_server import PASSWORD

    from tests.store.conftest import history_url

    monkeypatch.setenv("PGPASSWORD", PASSWORD)
    if history == "orders":
        monkeypatch.setattr("analytics.store.derived.ready", lambda engine: False)
    if history == "trimmed":
        stored = stored.assign(store=stored["store"].str.strip())
    url = history_url(engine, tmp_path, request)
    # One shop named (the dashboard's way): its stores are the file's; "orders" reads all shops of a
    # history split by store (no kept tables span shops).
    shop = ALL_SHOPS if history == "orders" else "chain"
    ingest_frame(url, stored, file_name="orders.csv", shop=None if history == "orders" else shop)
    period = Period(pd.Timestamp("2025-06-01"), pd.Timestamp("2025-06-30"))
    south = "South" if history == "trimmed" else " South "
    for stores, channels in [((), ()), (("North",), ()), ((south, "East"), ()), ((south, "East"), ("web",))]:
        where = pages.page_scope(url, shop, stores=stores, channels=channels)
        files = stored
        if stores:
            files = files[files["store"].isin(stores)]
        if channels:
            files = files[files["channel"].isin(channels)]
        facts = pages.facts_of(where)
        assert (facts.first_day, facts.last_day, facts.orders) == (
            files["order_day"].min(),
            files["order_day"].max(),
            len(files),
        )
        assert facts.stores == tuple(sorted(files["store"].unique()))
        # The cards: every figure of the summary's JSON, money to the cent.
        engine_summary = pages.period_summary(where, period=period, repurchase_days=14).to_dict()
        file_summary = summarize(files, period=period, repurchase_days=14).to_dict()
        assert engine_summary.pop("sales") == pytest.approx(file_summary.pop("sales"), abs=0.005)
        engine_summary.pop("net_sales"), file_summary.pop("net_sales")  # the store keeps no refund lines
        engine_summary.pop("refunds"), file_summary.pop("refunds")
        # Shares of money agree to 1e-9 (exact sums against float sums); counts exactly.
        assert _rounded(engine_summary) == _rounded(file_summary)
        # The monthly series, the latest 4 months ending mid-month (a partial last month).
        end = pd.Timestamp("2025-07-20")
        months_e = pages.monthly_of(where, end=end, months=4)
        months_f = monthly_sales(files, end=end, months=4)
        assert months_e.period == months_f.period
        assert len(months_e.months) == len(months_f.months) == 4
        for e, f in zip(months_e.months, months_f.months, strict=True):
            assert (e.month, e.start, e.end, e.covered_days, e.orders, e.buyers, e.returning_buyers) == (
                f.month,
                f.start,
                f.end,
                f.covered_days,
                f.orders,
                f.buyers,
                f.returning_buyers,
            )
            assert _money_equal(e.sales, f.sales) and _money_equal(e.returning_sales, f.returning_sales)
            assert (e.sales_change is None) == (
                f.sales_change is None
            ) and e.history_before == f.history_before
        # The whole history's months: the first one starts on the data's first day (no one returning).
        all_months = pages.monthly_of(where, end=facts.last_day, months=None)
        assert all_months.months[0].start == files["order_day"].min()
        assert all_months.months[0].returning_buyers == 0
        assert [m.orders for m in all_months.months] == [m.orders for m in monthly_sales(files).months]
        # Per store: the ranking and the index over the periods before.
        _assert_ranking_equal(pages.ranking_of(where, period=period), store_ranking(files, period=period))
        index_e, index_f = pages.index_of(where, period=period), store_index_trend(files, period=period)
        pd.testing.assert_frame_equal(index_e.to_frame(), index_f.to_frame(), rtol=1e-9)
        # The gaps between purchase days (the Repeat page's distribution and care cycle).
        assert pages.intervals_of(where) == purchase_intervals(files).to_dict()
        # The cohort grid (the Repeat page's heatmap), both ways of counting.
        for cumulative in (False, True):
            in_engine = pages.cohorts_of(where, cumulative=cumulative)
            pd.testing.assert_frame_equal(
                in_engine, cohort_retention(files, cumulative=cumulative), check_dtype=False
            )


def test_a_store_named_with_spaces_is_one_store_in_the_ranking(tmp_path):
    # Three orders of " A " and "A" are one store "A": 3 orders, 2 customers (x twice on two days).
    orders = orders_frame(
        customer_id=["x", "x", "y"],
        order_day=["2025-03-01", "2025-03-02", "2025-03-02"],
        amount=[1.25, 2.5, 4.0],
        store=[" A ", "A", "A"],
    )
    url = f"duckdb://{tmp_path}/h.duckdb"
    ingest_frame(url, orders, file_name="o.csv")
    period = Period(pd.Timestamp("2025-03-01"), pd.Timestamp("2025-03-02"))
    found = pages.ranking_of(pages.page_scope(url, ALL_SHOPS), period=period)
    assert [(s.store, s.orders, s.customers, s.sales, s.repeat_purchase_rate) for s in found.stores] == [
        ("A", 3, 2, 7.75, found.stores[0].repeat_purchase_rate)
    ]
    assert found.stores[0].repeat_purchase_rate.numerator == 1


def test_cohorts_counted_in_the_engine_on_a_hand_example(tmp_path):
    # Cohort 2025-01: a (back in March only) and b (never back); cohort 2025-02: c (back in March).
    # By month: Jan 2/2, Feb 0/2, Mar 1/2 (a); cohort Feb: 1/1 then Mar 1/1 (c).
    # Cumulative (back by month k): Jan cohort k=1: 0/2, k=2: 1/2; Feb cohort k=1: 1/1.
    orders = orders_frame(
        customer_id=["a", "b", "c", "a", "c", None],
        order_day=["2025-01-05", "2025-01-09", "2025-02-01", "2025-03-02", "2025-03-20", "2025-03-31"],
    )
    url = f"duckdb://{tmp_path}/h.duckdb"
    ingest_frame(url, orders, file_name="o.csv")
    where = pages.page_scope(url, None)
    by_month = pages.cohorts_of(where)
    assert by_month[["months_since", "customers", "cohort_size"]].values.tolist() == [
        [0, 2, 2],
        [1, 0, 2],
        [2, 1, 2],
        [0, 1, 1],
        [1, 1, 1],
    ]
    assert not by_month["immature"].any()  # the data ends on 31 March: every month is complete
    back = pages.cohorts_of(where, cumulative=True)
    assert back[["months_since", "customers"]].values.tolist() == [[1, 0], [2, 1], [1, 1]]
    # Gaps: a 5 Jan -> 2 Mar = 56 days, c 1 Feb -> 20 Mar = 47 days; 75th percentile 47 + 0.75 x 9.
    (row,) = pages.intervals_of(where)["summary"]
    assert (row["customers"], row["median_days"], row["mean_days"], row["care_cycle_days"]) == (
        2,
        51.5,
        51.5,
        53.75,
    )


def test_a_period_without_orders_of_the_chosen_store_gives_zero_figures_as_the_files(tmp_path):
    # Store B sold on 2 January only: its 1-31 March shows 0 customers and orders, rates undefined.
    orders = orders_frame(
        customer_id=["x", "y", "x"],
        order_day=["2025-01-02", "2025-03-05", "2025-03-06"],
        store=["B", "A", "A"],
    )
    url = f"duckdb://{tmp_path}/h.duckdb"
    ingest_frame(url, orders, file_name="o.csv", shop="chain")
    period = Period(pd.Timestamp("2025-03-01"), pd.Timestamp("2025-03-31"))
    found = pages.period_summary(
        pages.page_scope(url, "chain", stores=["B"]), period=period, repurchase_days=7
    )
    expected = summarize(orders[orders["store"] == "B"], period=period, repurchase_days=7)
    assert (found.customers, found.orders, found.sales) == (0, 0, 0.0)
    assert _rounded(found.to_dict()) == _rounded(expected.to_dict())


@pytest.mark.parametrize("engine", ["duckdb", pytest.param("postgresql", marks=pytest.mark.postgres)])
def test_the_cards_members_and_tiers_from_the_stored_list_equal_the_files(
    engine, stored, tmp_path, request, monkeypatch
):
    from postgres_server import PASSWORD

    from tests.store.conftest import history_url

    monkeypatch.setenv("PGPASSWORD", PASSWORD)
    url = history_url(engine, tmp_path, request)
    ingest_frame(url, stored, file_name="orders.csv", shop="chain")
    # Every third customer a member, tiers low to high, and two members who never ordered.
    members = pd.DataFrame(
        {
            "customer_id": [f"c{k}" for k in range(0, 60, 3)] + ["m1", "m2"],
            "tier": pd.Categorical(["silver", "gold"] * 11, categories=["silver", "gold"], ordered=True),
        }
    )
    ingest_members(url, members, file_name="members.csv", shop="chain")
    period = Period(pd.Timestamp("2025-05-01"), pd.Timestamp("2025-06-30"))
    for stores in [(), ("North",)]:
        files = stored[stored["store"].isin(stores)] if stores else stored
        found = pages.period_summary(
            pages.page_scope(url, "chain", stores=stores), period=period, repurchase_days=14
        )
        expected = summarize(files, period=period, members=members, repurchase_days=14)
        assert found.members is not None and len(found.tiers) == 2
        engine_json, file_json = found.to_dict(), expected.to_dict()
        for key in ("members", "tiers", "customers", "orders", "repeat_purchase_rate"):
            assert _rounded(engine_json[key]) == _rounded(file_json[key]), key


@pytest.mark.parametrize("engine", ["duckdb", pytest.param("postgresql", marks=pytest.mark.postgres)])
def test_the_kept_whole_history_tables_follow_a_new_ingest(engine, stored, tmp_path, request, monkeypatch):
    # The first days (DuckDB; each customer's and in each store) and the whole history's months are
    # kept per history stamp: orders ingested later (the first part up to 14 June, then the rest)
    # change the June cards, the ranking and the months, and customers first seen after 14 June
    # return in July only with the second part.
    from postgres_server import PASSWORD

    from tests.store.conftest import history_url

    monkeypatch.setenv("PGPASSWORD", PASSWORD)
    url = history_url(engine, tmp_path, request)
    where = pages.page_scope(url, "chain")
    june = Period(pd.Timestamp("2025-06-01"), pd.Timestamp("2025-06-30"))
    early = stored["order_day"] < pd.Timestamp("2025-06-15")
    ingest_frame(url, stored[early], file_name="early.csv", shop="chain")
    for files in (stored[early], stored):
        if files is stored:
            ingest_frame(url, stored[~early], file_name="late.csv", shop="chain")
        for period in (june, june.previous()):  # a period change reuses the kept tables
            found = pages.period_summary(where, period=period, repurchase_days=14).to_dict()
            expected = summarize(files, period=period, repurchase_days=14).to_dict()
            for money in ("sales", "net_sales", "refunds"):  # money: the main test; no refunds stored
                found.pop(money), expected.pop(money)
            assert _rounded(found) == _rounded(expected)
            pages.index_of(where, period=period)  # the ranking is then the index's last one, kept
            _assert_ranking_equal(pages.ranking_of(where, period=period), store_ranking(files, period=period))
        for end in (pd.Timestamp("2025-07-20"), pd.Timestamp("2025-06-30")):
            months_e = pages.monthly_of(where, end=end, months=3)
            months_f = monthly_sales(files, end=end, months=3)
            assert [(m.orders, m.buyers, m.returning_buyers) for m in months_e.months] == [
                (m.orders, m.buyers, m.returning_buyers) for m in months_f.months
            ]
