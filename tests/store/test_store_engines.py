"""The history store on every engine (SQLite, DuckDB, PostgreSQL): same rules, same counts, same figures.

Each test runs once per engine (the ``store_url`` fixture): the SQLite file of today, a DuckDB
file and a schema of a private PostgreSQL cluster.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from postgres_server import PASSWORD
from store_helpers import WEEK1, closed, orders_of
from writer_process import start_writer, wait_ready

from analytics.cli.main import main
from analytics.frames import orders_frame
from analytics.store import (
    delete_upload,
    history_members,
    history_orders,
    ingest_frame,
    ingest_members,
    list_shops,
    list_uploads,
    loaded_days,
    store_summary,
)
from analytics.store.figures import history_summary

ROOT = Path(__file__).resolve().parents[2]


def _counts(result) -> tuple[int, int, int, int, bool]:
    return result.added, result.updated, result.duplicates, result.removed, result.skipped


def test_an_upload_counts_the_same_in_every_engine(store_url):
    # week 1: orders 1, 2, 3 (3 is a guest's) -> 3 added
    assert [_counts(r) for r in ingest_frame(store_url, WEEK1, file_name="w1.csv")] == [(3, 0, 0, 0, False)]
    # the same file again: skipped, its 3 orders duplicates, nothing added
    assert [_counts(r) for r in ingest_frame(store_url, WEEK1, file_name="w1.csv")] == [(0, 0, 3, 0, True)]
    # an edited export: order 1 re-priced (updated), order 2 unchanged (duplicate),
    # order 3 refunded (removed), order 4 new (added)
    edited = orders_of(
        ["1", "2", "4"],
        ["a", "b", "c"],
        ["2025-01-06 10:00:01", "2025-01-07 00:00:00", "2025-01-09 08:00:00"],
        [12.0, 20.0, 7.5],
    )
    (result,) = ingest_frame(store_url, edited, file_name="w2.csv", invalid=closed(["3"]))
    assert _counts(result) == (1, 1, 1, 1, False)
    stored = history_orders(store_url).sort_values("order_id", ignore_index=True)
    assert stored["order_id"].tolist() == ["1", "2", "4"]
    assert stored["amount"].tolist() == [12.0, 20.0, 7.5]
    assert stored["order_day"].dt.strftime("%Y-%m-%d").tolist() == ["2025-01-06", "2025-01-07", "2025-01-09"]
    uploads = list_uploads(store_url)
    assert uploads["file_name"].tolist() == ["w1.csv", "w2.csv"]
    # w1 supplied 3 versions; order 3 is in the figures no more, orders 1, 2 also come from w2
    assert uploads["orders"].tolist() == [3, 3] and uploads["only_here"].tolist() == [0, 1]
    assert store_summary(store_url)["orders"] == {"default": 3}


def test_a_file_naming_two_stores_is_split_into_two_shops(store_url):
    orders = orders_frame(
        customer_id=["a", "b", "c"],
        order_day=["2025-01-01", "2025-01-02", "2025-01-03"],
        amount=[1.0, 2.0, 3.0],
        store=["东店", "西店", "东店"],
    )
    results = ingest_frame(store_url, orders, file_name="chain.csv")
    assert [(r.shop, r.added) for r in results] == [("东店", 2), ("西店", 1)]
    assert list_shops(store_url) == ["东店", "西店"]
    assert len(history_orders(store_url, shop="西店")) == 1


def test_member_lists_keep_their_tier_order_and_first_row_per_customer(store_url):
    ingest_frame(store_url, WEEK1, file_name="w1.csv")
    tiers = pd.Categorical(["gold", "silver", "gold"], categories=["silver", "gold"], ordered=True)
    members = pd.DataFrame({"customer_id": ["a", "b", "z"], "tier": tiers})
    assert ingest_members(store_url, members, file_name="m.csv").added == 3
    # the same list again changes nothing
    assert ingest_members(store_url, members, file_name="m.csv").skipped
    stored = history_members(store_url)
    assert stored["customer_id"].tolist() == ["a", "b", "z"]
    assert list(stored["tier"].cat.categories) == ["silver", "gold"] and stored["tier"].cat.ordered


def test_a_failure_mid_ingest_leaves_nothing_written(store_url, monkeypatch):
    ingest_frame(store_url, WEEK1, file_name="w1.csv")
    import analytics.store.engines.orders as engine_orders

    def broken(*args, **kwargs):
        raise OSError("disk full")

    # After the upload row is written, before its orders are: the transaction must undo the upload
    # row. One writer serves every engine, the SQLite file included.
    monkeypatch.setattr(engine_orders, "typed_versions", broken)
    new = orders_of(["9"], ["q"], ["2025-01-10 09:00:00"], [99.0])
    with pytest.raises(OSError, match="disk full"):
        ingest_frame(store_url, new, file_name="w2.csv")
    assert list_uploads(store_url)["file_name"].tolist() == ["w1.csv"]
    assert sorted(history_orders(store_url)["order_id"]) == ["1", "2", "3"]


def _history(n_weeks: int = 4) -> list[pd.DataFrame]:
    """Weekly exports of 40 customers over ``n_weeks`` weeks, overlapping by a day, guests and members."""
    weeks = []
    for week in range(n_weeks):
        days = pd.date_range("2025-01-01", periods=8, freq="D") + pd.Timedelta(days=7 * week)
        rows = []
        for k, day in enumerate(days):
            for c in range(week + k, week + k + 6):
                customer = None if c % 11 == 0 else f"c{c % 40}"
                rows.append(
                    (f"{day:%m%d}-{c % 40}", customer, day + pd.Timedelta(hours=c % 9), 10.0 + c % 7 * 0.1)
                )
        ids, customers, times, amounts = zip(*rows, strict=True)
        weeks.append(
            orders_frame(
                order_id=list(ids),
                customer_id=list(customers),
                order_time=list(times),
                amount=list(amounts),
                tier=[
                    None if c is None else ("gold" if int(c[1:]) % 3 == 0 else "silver") for c in customers
                ],
            ).drop_duplicates("order_id")
        )
    return weeks


def _summary_json(url: str, *extra: str) -> dict:
    code = main(["summarize", "--store", url, "--repurchase-days", "7", *extra, "--json"])
    assert code == 0
    return code


@pytest.mark.postgres
def test_the_same_weekly_exports_give_the_same_summary_in_every_engine(
    tmp_path, request, pg_password, capsys
):
    from history_urls import history_url

    outputs = []
    for engine in ("sqlite", "duckdb", "postgresql"):
        url = history_url(engine, tmp_path, request)
        for number, week in enumerate(_history(), start=1):
            ingest_frame(url, week, file_name=f"week{number}.csv")
        members = pd.DataFrame(
            {
                "customer_id": [f"c{i}" for i in range(0, 40, 2)],
                "tier": pd.Categorical(["v1", "v2"] * 10, categories=["v1", "v2"], ordered=True),
            }
        )
        ingest_members(url, members, file_name="members.csv")
        capsys.readouterr()
        assert main(["summarize", "--store", url, "--repurchase-days", "7", "--json"]) == 0
        out = json.loads(capsys.readouterr().out)
        out.pop("store")
        outputs.append(out)
    assert outputs[0] == outputs[1] == outputs[2]
    assert outputs[0]["members"] is not None and outputs[0]["tiers"][0]["tier"] == "v1"
    # the figures are those of the plain in-memory summary of the same orders (to the last float digit)
    from analytics.metrics.members import membership
    from analytics.metrics.period import resolve_period
    from analytics.metrics.summary import summarize

    orders = history_orders(str(tmp_path / "history.sqlite"))
    stored = history_members(str(tmp_path / "history.sqlite"))
    plain = summarize(orders, period=resolve_period(orders), members=stored, repurchase_days=7).to_dict()
    assert membership(orders, stored) is not None
    for key in (
        "period",
        "customers",
        "orders",
        "repeat_purchase_rate",
        "returning_customer_rate",
        "repurchase_within_days",
    ):
        assert outputs[0][key] == plain[key], key
    assert outputs[0]["sales"] == pytest.approx(plain["sales"], rel=1e-12)
    assert [t["buyers"] for t in outputs[0]["tiers"]] == [t["buyers"] for t in plain["tiers"]]


def test_summary_from_the_orders_own_tier_column_matches_the_files(store_url):
    weeks = _history(3)
    for number, week in enumerate(weeks, start=1):
        ingest_frame(store_url, week, file_name=f"week{number}.csv")
    summary, note = history_summary(store_url, repurchase_days=7)
    from analytics.metrics.period import resolve_period
    from analytics.metrics.summary import summarize

    orders = history_orders(store_url)
    plain = summarize(orders, period=resolve_period(orders), repurchase_days=7).to_dict()
    mine = summary.to_dict()
    assert note["orders"] == len(orders)
    assert [t["tier"] for t in mine["tiers"]] == [t["tier"] for t in plain["tiers"]] == ["silver", "gold"]
    assert mine["members"]["member"]["customers"] == plain["members"]["member"]["customers"]
    assert mine["tiers"][1]["buyers"] == plain["tiers"][1]["buyers"]


@pytest.mark.parametrize("engine", ["duckdb", pytest.param("postgresql", marks=pytest.mark.postgres)])
def test_two_writers_at_once_store_the_union_once(engine, tmp_path, request, pg_password):
    from history_urls import history_url

    url = history_url(engine, tmp_path, request)
    go = tmp_path / "go"

    def writer(first: int, last: int, name: str) -> subprocess.Popen:
        return start_writer(tmp_path, url, first, last, go, name)

    # A holds orders 0..5999, B 4000..9999: 2,000 shared, 10,000 in the union
    a, b = writer(0, 6000, "a.csv"), writer(4000, 10_000, "b.csv")
    for proc in (a, b):
        wait_ready(proc)
    go.touch()
    outputs = [p.communicate(timeout=180) for p in (a, b)]
    assert [p.returncode for p in (a, b)] == [0, 0], [o[1][-2000:] for o in outputs]
    counts = sorted(tuple(map(int, out.split())) for out, _ in outputs)
    # whichever ran second found the 2,000 shared orders already stored
    assert counts == [(4000, 2000), (6000, 0)]
    stored = history_orders(url)
    assert len(stored) == 10_000 and stored["order_id"].nunique() == 10_000


def test_a_server_that_does_not_answer_is_one_line_and_no_local_file(tmp_path, monkeypatch, capsys):
    from postgres_server import free_port

    monkeypatch.chdir(tmp_path)
    week = tmp_path / "week.csv"
    week.write_text("order_id,customer_id,paid_at,amount\n1,a,2025-01-06 10:00,5\n", encoding="utf-8")
    url = f"postgresql://shop@127.0.0.1:{free_port()}/history"
    assert main(["ingest", str(week), "--store", url, "--json"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert (
        len(err) == 1
        and err[0].startswith("error: postgresql://shop@127.0.0.1")
        and "does not answer" in err[0]
    )
    # today's bug: a folder named "postgresql:" holding a SQLite file
    assert sorted(p.name for p in tmp_path.iterdir()) == ["week.csv"]
    assert main(["summarize", "--store", f"duckdb://{tmp_path}/none.duckdb", "--json"]) == 2
    assert "no history store there yet" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["week.csv"]


@pytest.mark.postgres
def test_a_wrong_password_is_refused_without_showing_it(postgres_cluster, monkeypatch, capsys):
    monkeypatch.setenv("PGPASSWORD", "not-the-password")
    assert main(["summarize", "--store", postgres_cluster.url(), "--json"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "refused the login" in err and "not-the-password" not in err
    # a password written in the URL is masked in the message too
    monkeypatch.delenv("PGPASSWORD")
    url = postgres_cluster.url().replace("rcd@", "rcd:hunter2@")
    assert main(["summarize", "--store", url, "--json"]) == 2
    err = capsys.readouterr().err
    assert "rcd:***@" in err and "hunter2" not in err
    # a database the server does not have: said, and not created
    monkeypatch.setenv("PGPASSWORD", PASSWORD)
    assert main(["ingest", "--store", postgres_cluster.url("nosuchdb"), "--list", "--json"]) == 2
    assert "no such database" in capsys.readouterr().err


def test_an_engine_that_is_not_installed_is_named_with_its_package(tmp_path, monkeypatch, capsys):
    import analytics.store.engines as engines

    real = engines.importlib.util.find_spec
    monkeypatch.setattr(
        engines.importlib.util, "find_spec", lambda name: None if name == "psycopg" else real(name)
    )
    assert main(["summarize", "--store", "postgresql://u@127.0.0.1:1/db", "--json"]) == 2
    err = capsys.readouterr().err
    assert "not installed" in err and "psycopg[binary]" in err


def test_unknown_and_malformed_urls_are_one_line(capsys):
    assert main(["summarize", "--store", "mysql://u@h/db", "--json"]) == 2
    assert "no history engine called 'mysql'" in capsys.readouterr().err
    assert main(["summarize", "--store", "spark://yarn/x", "--json"]) == 2
    assert "spark://local[2]/path" in capsys.readouterr().err


@pytest.mark.postgres
def test_a_history_copied_between_engines_is_checked_and_reads_the_same(
    tmp_path, request, pg_password, capsys
):
    from history_urls import history_url

    sqlite, duck, pg = (history_url(e, tmp_path, request) for e in ("sqlite", "duckdb", "postgresql"))
    weeks = _history(3)
    for number, week in enumerate(weeks, start=1):
        ingest_frame(sqlite, week, file_name=f"week{number}.csv")
    members = pd.DataFrame({"customer_id": ["c1", "c2", "c1"], "tier": ["gold", None, "silver"]})
    ingest_members(sqlite, members, file_name="m.csv")
    # SQLite -> DuckDB -> PostgreSQL, each step checked by the command
    for source, target in ((sqlite, duck), (duck, pg)):
        assert main(["store", "copy", "--from", source, "--to", target, "--json"]) == 0
        copied = json.loads(capsys.readouterr().out)
        assert copied["tables"]["uploads"] == 4 and copied["tables"]["members"] == 3
        assert copied["shops"]["default"]["orders"] == len(history_orders(sqlite))
    summaries = [history_summary(url, repurchase_days=7)[0].to_dict() for url in (sqlite, duck, pg)]
    assert summaries[0] == summaries[1] == summaries[2]
    # first row per customer kept: c1 is gold in every copy
    assert [history_members(url)["customer_id"].tolist() for url in (duck, pg)] == [["c1", "c2", "c1"]] * 2
    assert list_uploads(pg)[["upload_id", "file_name"]].equals(
        list_uploads(sqlite)[["upload_id", "file_name"]]
    )
    # the copy recognises a file already stored, and new uploads continue after the copied ids
    (again,) = ingest_frame(pg, weeks[0], file_name="week1.csv")
    assert again.skipped and again.upload_id == 1
    (new,) = ingest_frame(pg, orders_of(["z1"], ["q"], ["2025-02-01 10:00:00"], [1.0]), file_name="late.csv")
    assert new.upload_id == 5 and new.added == 1
    # copying into a history that holds uploads is refused, and the source is named without a password
    assert main(["store", "copy", "--from", sqlite, "--to", pg, "--json"]) == 2
    assert "already holds uploads" in capsys.readouterr().err


def test_a_second_purchase_after_the_period_counts_for_repurchase(store_url):
    # period 1-15 Jan, data up to 1 Mar (a guest's order), N = 30 days:
    # a: first 10 Jan, back 20 Jan (after the period, 10 days later) -> eligible, repurchased
    # b: first 5 Jan, never back -> eligible, not repurchased
    # c: first 1 Dec 2024, back 3 Jan -> returning, not in the cohort
    # eligible 2, repurchased 1; returning 1 of 3 customers; c's 3 Jan sale 7.0 of 1 + 2 + 7 = 10
    orders = orders_of(
        ["1", "2", "3", "4", "5", "6"],
        ["a", "a", "b", "c", "c", None],
        ["2025-01-10 09:00", "2025-01-20 09:00", "2025-01-05 09:00", "2024-12-01 09:00", "2025-01-03 09:00",
         "2025-03-01 09:00"],
        [1.0, 4.0, 2.0, 3.0, 7.0, 5.0],
    )  # fmt: skip
    ingest_frame(store_url, orders, file_name="w.csv")
    summary, note = history_summary(store_url, start="2025-01-01", end="2025-01-15")
    assert (summary.repurchase.eligible, summary.repurchase.repurchased) == (2, 1)
    assert summary.returning.customers.numerator == 1 and summary.customers == 3
    assert summary.returning.sales_share.value == 0.7 and summary.sales == 10.0 and note["orders"] == 6


def test_deleting_an_upload_restores_what_the_others_say_in_every_engine(store_url):
    # w1: orders 1, 2, 3; w2: order 1 re-priced to 12, order 3 refunded
    ingest_frame(store_url, WEEK1, file_name="w1.csv")
    edited = orders_of(["1"], ["a"], ["2025-01-06 10:00:01"], [12.0])
    ingest_frame(store_url, edited, file_name="w2.csv", invalid=closed(["3"]))
    # deleting w2: order 1 back to 10 (changed), order 3 back in the figures (restored)
    outcome = delete_upload(store_url, 2)
    assert (outcome["removed"], outcome["restored"], outcome["changed"]) == (0, 1, 1)
    stored = history_orders(store_url).sort_values("order_id")
    assert stored["amount"].tolist() == [10.0, 20.0, 5.0]
    # deleting w1: every order leaves; the calendar strip is then empty
    assert delete_upload(store_url, 1)["removed"] == 3
    assert len(history_orders(store_url)) == 0 and len(loaded_days(store_url)) == 0


def test_the_calendar_strip_is_the_same_in_every_engine(store_url):
    ingest_frame(store_url, WEEK1, file_name="w1.csv")
    days = loaded_days(store_url)
    # 6, 7, 8 Jan, one order each, all covered by the upload's first..last day
    assert days["day"].dt.strftime("%d").tolist() == ["06", "07", "08"]
    assert days["orders"].tolist() == [1, 1, 1] and days["covered"].all()


@pytest.mark.postgres
def test_two_signed_in_users_of_one_database_never_see_each_others_shops(postgres_cluster, pg_password):
    from analytics.store.url import tenant_url

    base = postgres_cluster.url()
    alice, bob = tenant_url(base, "a1b2c3"), tenant_url(base, "d4e5f6")
    ingest_frame(alice, WEEK1, file_name="alice.csv", shop="东店")
    ingest_frame(bob, WEEK1.iloc[:1], file_name="bob.csv", shop="西店")
    assert list_shops(alice) == ["东店"] and list_shops(bob) == ["西店"]
    assert len(history_orders(bob)) == 1
    # a shop name of the other user is unknown, not readable
    with pytest.raises(Exception, match="no shop named"):
        history_orders(bob, shop="东店")
    # the same file in both: each user's own history counts it as new
    assert ingest_frame(bob, WEEK1, file_name="alice.csv", shop="西店")[0].added == 2


def test_history_urls_name_the_engine_and_never_show_a_password(tmp_path, monkeypatch):
    from analytics.store.url import history_secrets, parse_location, secrets_url, tenant_url

    default = tmp_path / "history.sqlite"
    monkeypatch.delenv("RCD_STORE", raising=False)
    monkeypatch.delenv("RCD_HISTORY_URL", raising=False)
    monkeypatch.chdir(tmp_path)
    assert parse_location(None, default=default).path == default
    assert parse_location("x/h.duckdb", default=default).engine == "duckdb"
    pg = parse_location("postgresql://ana:s3cret@db:5432/shop?schema=Chain_1", default=default)
    assert (pg.engine, pg.schema, pg.shown) == (
        "postgresql",
        "chain_1",
        "postgresql://ana:***@db:5432/shop?schema=Chain_1",
    )
    assert "s3cret" in pg.conninfo and "s3cret" not in repr(pg)
    spark = parse_location("spark://local[2]/srv/wh", default=default)
    assert (spark.engine, spark.master, str(spark.path)) == ("spark", "local[2]", "/srv/wh")
    # secrets.toml [connections.history], read without Streamlit, is the default history
    (tmp_path / ".streamlit").mkdir()
    (tmp_path / ".streamlit" / "secrets.toml").write_text(
        '[connections.history]\ndialect = "postgresql"\nhost = "db"\nport = 5432\ndatabase = "shop"\n'
        'username = "ana"\npassword = "p@ss"\n',
        encoding="utf-8",
    )
    assert secrets_url(history_secrets()) == "postgresql://ana:p%40ss@db:5432/shop"
    configured = parse_location(None, default=default)
    assert configured.shown == "postgresql://ana:***@db:5432/shop" and "p%40ss" in configured.conninfo
    # a URL without a password takes the one in secrets.toml
    assert "p%40ss" in parse_location("postgresql://ana@db/shop", default=default).conninfo
    assert tenant_url("postgresql://ana@db/shop?schema=x", "AB") == "postgresql://ana@db/shop?schema=u_ab"


@settings(max_examples=40)
@given(
    rows=st.lists(
        st.tuples(
            st.sampled_from(["a", "b", "c", "d", None]),
            st.integers(min_value=0, max_value=60),
            st.integers(min_value=0, max_value=99_999),
        ),
        min_size=1,
        max_size=40,
    ),
    window=st.tuples(st.integers(min_value=0, max_value=60), st.integers(min_value=0, max_value=30)),
    days=st.integers(min_value=1, max_value=20),
)
def test_the_history_queries_give_what_pandas_gives_on_the_same_rows(tmp_path_factory, rows, window, days):
    from analytics.metrics.activity import activity_from_orders, summary_from_customers
    from analytics.metrics.period import Period
    from analytics.store import open_store
    from analytics.store.engines.sqlite_engine import SqliteEngine
    from analytics.store.figures import summary_in_engine
    from analytics.store.url import parse_location

    db = tmp_path_factory.mktemp("h") / "history.sqlite"
    orders = orders_frame(
        order_id=[f"o{k}" for k in range(len(rows))],
        customer_id=[c for c, _, _ in rows],
        order_day=[pd.Timestamp("2025-01-01") + pd.Timedelta(days=d) for _, d, _ in rows],
        amount=[cents / 100 for _, _, cents in rows],
    )
    ingest_frame(db, orders, file_name="w.csv")
    start = pd.Timestamp("2025-01-01") + pd.Timedelta(days=window[0])
    end = start + pd.Timedelta(days=window[1])
    if not ((orders["order_day"] >= start) & (orders["order_day"] <= end)).any():
        return  # a period without orders is refused the same way on both sides (tested elsewhere)
    location = parse_location(str(db), default=db)
    with open_store(db) as conn:
        in_sql, _ = summary_in_engine(
            SqliteEngine(location, conn),
            shop=None,
            start=start,
            end=end,
            repurchase_days=days,
            members=None,
            members_source="m",
            stored_members=False,
        )
    in_pandas = summary_from_customers(
        activity_from_orders(history_orders(db), Period(start, end)), members=None, repurchase_days=days
    )
    assert in_sql.to_dict() == in_pandas.to_dict()
    # and both are the in-memory summary of the same orders, money aside (exact vs float sums)
    from analytics.metrics.summary import summarize

    plain = summarize(orders, period=Period(start, end), repurchase_days=days).to_dict()
    for key in (
        "customers",
        "orders",
        "repeat_purchase_rate",
        "returning_customer_rate",
        "repurchase_within_days",
    ):
        assert in_sql.to_dict()[key] == plain[key], key
    assert in_sql.sales == pytest.approx(plain["sales"], rel=1e-12, abs=1e-9)
