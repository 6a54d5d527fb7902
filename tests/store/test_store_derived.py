"""The tables the writer keeps beside the orders equal what the stored orders give, in every engine.

``day_totals``, ``customer_firsts`` and ``store_customer_firsts`` (:mod:`analytics.store.derived`)
are kept by the ingest and the upload deletion; here they are compared with the same figures
computed by pandas from the valid orders read back (``history_orders``), after edits, closings,
moves of an order to another day, store or customer, and deletions; and a version-4 history
gains them, computed from its orders, when it is opened.
"""

from __future__ import annotations

import sqlite3

import numpy as np
import pandas as pd
import pytest

from analytics.frames import orders_frame
from analytics.store import delete_upload, history_orders, ingest_frame
from analytics.store.connection import store_location
from analytics.store.derived import DERIVED_TABLES
from analytics.store.engines import open_history
from tests.store.store_helpers import closed

SHOP = "chain"


def _week(first: int, n: int, seed: int, *, shift: int = 0) -> pd.DataFrame:
    """Orders ``first`` .. ``first + n - 1`` of 25 customers and guests, stores and channels with gaps."""
    rng = np.random.default_rng(seed)
    days = pd.Timestamp("2025-03-01") + pd.to_timedelta(rng.integers(0, 40, n) + shift, unit="D")
    return orders_frame(
        order_id=[f"o{i}" for i in range(first, first + n)],
        customer_id=[None if k % 7 == 0 else f"c{k % 25}" for k in rng.integers(0, 200, n)],
        order_day=list(days),
        amount=list(np.round(rng.uniform(0.5, 90, n), 2)),
        store=list(rng.choice(["North", " North", "South", None], n)),
        channel=list(rng.choice(["web", "shop", None], n)),
        currency=list(rng.choice(["usd", " USD", "", None, "EUR"], n)),
        tier=list(rng.choice(["gold", None, None], n)),
    )


def _expected(orders: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Return the three tables as pandas computes them from the valid orders of the shop."""
    o = orders.copy()
    o["order_day"] = o["order_day"].dt.normalize()
    o["units"] = np.round(o["amount"].to_numpy(dtype=float) * 10_000).astype(np.int64)
    o["guest"] = o["customer_id"].isna()
    o["guest_units"] = o["units"].where(o["guest"], 0)
    code = o["currency"].astype("string").str.strip().str.upper()
    o["code"] = code.mask(code == "")
    keys = ["order_day", "store", "channel", "code"]
    grouped = o.groupby(keys, dropna=False)
    days = pd.DataFrame(
        {
            "orders": grouped.size(),
            "guest_orders": grouped["guest"].sum(),
            "sales_units": grouped["units"].sum(),
            "guest_sales_units": grouped["guest_units"].sum(),
            "tiered": grouped["tier"].count(),
        }
    ).reset_index()

    def firsts(by: list[str]) -> pd.DataFrame:
        known = o[~o["guest"]][[*by, "order_day"]].drop_duplicates().sort_values([*by, "order_day"])
        ranked = known.assign(k=known.groupby(by, dropna=False).cumcount())
        first = ranked[ranked["k"] == 0].drop(columns="k").rename(columns={"order_day": "first_day"})
        second = ranked[ranked["k"] == 1].drop(columns="k").rename(columns={"order_day": "second_day"})
        return first.merge(second, on=by, how="left")

    def purchase_days(frame: pd.DataFrame, by: list[str]) -> pd.DataFrame:
        known = frame[~frame["guest"]]
        days = known.groupby([*by, "order_day"]).agg(orders=("units", "size"), units=("units", "sum"))
        days = days.reset_index().sort_values([*by, "order_day"])
        per = days.groupby(by)["order_day"]
        return days.assign(prev_day=per.shift(1), next_day=per.shift(-1), first_day=per.transform("min"))

    o["month"] = o["order_day"].dt.to_period("M").dt.to_timestamp()
    first = o[~o["guest"]].groupby("customer_id")["order_day"].min()
    o["back"] = ~o["guest"] & (o["customer_id"].map(first) < o["month"])
    per_month = o.groupby("month")
    months = pd.DataFrame(
        {
            "orders": per_month.size(),
            "sales_units": per_month["units"].sum(),
            "buyers": per_month["customer_id"].nunique(),
            "returning_buyers": o[o["back"]].groupby("month")["customer_id"].nunique(),
            "returning_units": o[o["back"]].groupby("month")["units"].sum(),
        }
    ).fillna(0)
    named = o.assign(store=o["store"].str.strip())
    named = named[named["store"].notna() & (named["store"] != "")]
    return {
        "day_totals": days,
        "customer_firsts": firsts(["customer_id"]),
        "store_customer_firsts": firsts(["store", "channel", "customer_id"]),
        "customer_days": purchase_days(o, ["customer_id"]),
        "store_customer_days": purchase_days(named, ["store", "customer_id"]),
        "month_totals": months.reset_index(),
    }


def _kept(url: str) -> dict[str, pd.DataFrame]:
    """Return the three kept tables of the shop as stored (days as timestamps)."""
    with open_history(store_location(url)) as engine:
        days = engine.frame(
            "SELECT order_day, store, channel, currency AS code, orders, guest_orders, sales_units, "
            "guest_sales_units, tiered FROM day_totals WHERE shop = ?",
            (SHOP,),
        )
        customers = engine.frame(
            "SELECT customer_id, first_day, second_day FROM customer_firsts WHERE shop = ?", (SHOP,)
        )
        stores = engine.frame(
            "SELECT store, channel, customer_id, first_day, second_day FROM store_customer_firsts "
            "WHERE shop = ?",
            (SHOP,),
        )
        purchase = {
            table: engine.frame(
                f"SELECT {store}customer_id, order_day, orders, units, prev_day, next_day, first_day "
                f"FROM {table} WHERE shop = ?",
                (SHOP,),
            )
            for table, store in (("customer_days", ""), ("store_customer_days", "store, "))
        }
        purchase["month_totals"] = engine.frame(
            "SELECT month, orders, sales_units, buyers, returning_buyers, returning_units FROM month_totals "
            "WHERE shop = ?",
            (SHOP,),
        )
    return {"day_totals": days, "customer_firsts": customers, "store_customer_firsts": stores, **purchase}


def _same(found: pd.DataFrame, expected: pd.DataFrame) -> None:
    columns = list(expected.columns)
    found = found[columns].copy()
    for frame in (found, expected):
        for column in columns:
            if column.endswith("day") or column == "month":
                frame[column] = pd.to_datetime(frame[column]).astype("datetime64[ns]")
            elif column in ("store", "channel", "code", "customer_id"):
                frame[column] = frame[column].astype("object").where(frame[column].notna(), None)
            else:
                frame[column] = frame[column].astype("int64")
    order = [c for c in columns if c in ("order_day", "month", "store", "channel", "code", "customer_id")]
    ordered = [
        f.sort_values(order, na_position="first", kind="stable").reset_index(drop=True)
        for f in (found, expected)
    ]
    pd.testing.assert_frame_equal(ordered[0], ordered[1], check_dtype=False)


def _check(url: str) -> None:
    expected = _expected(history_orders(url, shop=SHOP))
    kept = _kept(url)
    assert len(kept["customer_firsts"]) > 0
    for table, frame in expected.items():
        _same(kept[table], frame)


def test_the_kept_tables_follow_every_ingest_and_deletion(store_url):
    first = _week(0, 120, seed=1)
    ingest_frame(store_url, first, file_name="w1.csv", shop=SHOP)
    _check(store_url)
    # An edited export: orders moved to other days, stores, customers and amounts, some closed,
    # new ones added.
    second = _week(60, 120, seed=2, shift=5)
    ingest_frame(store_url, second, file_name="w2.csv", shop=SHOP, invalid=closed(["o3", "o4", "o61"]))
    _check(store_url)
    ingest_frame(store_url, _week(200, 40, seed=3, shift=-20), file_name="w3.csv", shop=SHOP)
    _check(store_url)
    # Deleting the edit: its moves are undone, its closed orders come back, its new orders leave.
    delete_upload(store_url, 2)
    _check(store_url)
    delete_upload(store_url, 1)
    _check(store_url)


@pytest.mark.parametrize("engine", ["sqlite", "duckdb"])
def test_a_version_4_history_gains_the_kept_tables_from_its_orders(engine, tmp_path):
    url = str(tmp_path / "h.sqlite") if engine == "sqlite" else f"duckdb://{tmp_path}/h.duckdb"
    ingest_frame(url, _week(0, 150, seed=4), file_name="w1.csv", shop=SHOP)
    # Back to version 4: no kept tables.
    statements = [
        *(f"DROP TABLE {t}" for t in DERIVED_TABLES),
        "UPDATE meta SET value = '4' WHERE key = 'schema_version'",
    ]
    if engine == "sqlite":
        with sqlite3.connect(url) as conn:
            for statement in statements:
                conn.execute(statement)
    else:
        import duckdb

        with duckdb.connect(str(tmp_path / "h.duckdb")) as conn:
            for statement in statements:
                conn.execute(statement)
    _check(url)  # opened: migrated, the tables computed from the stored orders
    with open_history(store_location(url)) as opened:
        assert opened.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0] == "5"
