"""The shop rule: which shop an upload goes to, which shop a read shows, never mixed by accident."""

from __future__ import annotations

import pandas as pd
import pytest
from store_helpers import WEEK1

from analytics.errors import ArgumentError, Term
from analytics.frames import orders_frame
from analytics.store import (
    ALL_SHOPS,
    default_shop,
    delete_upload,
    history_orders,
    ingest_frame,
    list_shops,
    lists_shop,
    orders_of_shop,
    upload_shop,
)


def test_shops_never_mix_unless_asked(tmp_path):
    db = tmp_path / "h.sqlite"
    ingest_frame(db, WEEK1, file_name="a.csv", shop="north")
    # the same order ids in another shop are other orders
    ingest_frame(db, WEEK1.assign(amount=[1.0, 2.0, 3.0]), file_name="b.csv", shop="south")
    assert list_shops(db) == ["north", "south"]
    with pytest.raises(ArgumentError) as several:
        history_orders(db)
    assert several.value.code == "store.several_shops"
    assert several.value.params["shops"] == ["north", "south"]
    assert several.value.params["option"] == Term("option.shop")
    assert history_orders(db, shop="south")["amount"].sum() == 6.0
    both = history_orders(db, shop=ALL_SHOPS)
    # 10 + 20 + 5 + 1 + 2 + 3 = 41 over 6 orders, each labelled with its shop
    assert len(both) == 6 and both["amount"].sum() == 41.0
    assert sorted(both["store"].unique()) == ["north", "south"]
    with pytest.raises(ArgumentError) as unknown:
        history_orders(db, shop="east")
    assert unknown.value.code == "store.unknown_shop"
    assert (unknown.value.params["shop"], unknown.value.params["shops"]) == ("east", ["north", "south"])
    with pytest.raises(ArgumentError) as which:
        ingest_frame(db, WEEK1, file_name="c.csv")
    assert which.value.code == "store.which_shop" and which.value.params["option"] == Term("option.shop")
    # the command line names its flag; the shared texts never do
    assert "--shop NAME" in str(which.value)


def test_store_column_splits_a_file_by_shop(tmp_path):
    db = tmp_path / "h.sqlite"
    week = WEEK1.assign(store=pd.array(["东店", "西店", "东店"], dtype="str"))
    results = ingest_frame(db, week, file_name="all.csv", rows_read=5, rows_used=3, dropped={"unpaid": 2})
    assert [(r.shop, r.added) for r in results] == [("东店", 2), ("西店", 1)]
    # the file's 5 rows still add up over its two uploads, each balanced
    assert sum(r.rows_read for r in results) == 5
    assert all(r.rows_read == r.rows_used + sum(r.dropped.values()) for r in results)
    assert history_orders(db, shop="西店")["order_id"].tolist() == ["2"]


def test_only_shop_is_used_when_a_file_names_none(tmp_path):
    db = tmp_path / "h.sqlite"
    ingest_frame(db, WEEK1.iloc[:1], file_name="a.csv", shop="main")
    (result,) = ingest_frame(db, WEEK1, file_name="b.csv")
    assert result.shop == "main" and list_shops(db) == ["main"]


def test_a_file_naming_one_shop_goes_wholly_to_it(tmp_path):
    # orders 1 and 3 name 东店, order 2 names none: one shop of its own, so all three go there
    db = tmp_path / "h.sqlite"
    week = WEEK1.assign(store=pd.array(["东店", None, " 东店 "], dtype="str"))
    assert upload_shop(week) == "东店"
    (result,) = ingest_frame(db, week, file_name="east.csv")
    assert (result.shop, result.added) == ("东店", 3) and list_shops(db) == ["东店"]


def test_a_shop_name_that_cannot_hold_uploads_is_refused(tmp_path):
    db = tmp_path / "h.sqlite"
    for name in (ALL_SHOPS, "  "):
        with pytest.raises(ArgumentError) as refused:
            ingest_frame(db, WEEK1, file_name="a.csv", shop=name)
        assert refused.value.code == "store.shop_cannot_hold_uploads"
        assert refused.value.params["shop"] == name.strip()
    (result,) = ingest_frame(db, WEEK1, file_name="a.csv", shop=" main ")
    assert result.shop == "main"


def test_an_unknown_shop_in_a_store_without_shops_says_so(tmp_path):
    db = tmp_path / "h.sqlite"
    ingest_frame(db, WEEK1, file_name="a.csv")
    assert list_shops(db) == ["default"]  # a file naming no shop in a new store
    with pytest.raises(ArgumentError) as unknown:
        history_orders(db, shop="east")
    assert unknown.value.code == "store.unknown_shop"
    delete_upload(db, 1)
    with pytest.raises(ArgumentError) as empty:
        history_orders(db, shop="east")
    assert empty.value.code == "store.unknown_shop_empty" and empty.value.params["shop"] == "east"


def test_the_shop_rule_for_reads_lists_and_previews():
    # reads: the upload's own shop when stored, else the first shop; never all shops by default
    assert default_shop(["东店", "西店"]) == "东店"
    assert default_shop(["东店", "西店"], "西店") == "西店"
    assert default_shop(["东店", "西店"], "北店") == "东店"
    assert default_shop([]) == ALL_SHOPS  # empty store: nothing to mix anyway
    # an upload's own shop: the one its store column names, none for several or none
    two = orders_frame(
        customer_id=["a", "b", "c"], order_day=["2025-01-01"] * 3, amount=[1, 2, 3], store=["东", "西", None]
    )
    assert upload_shop(two) is None and upload_shop(two.drop(columns="store")) is None
    assert upload_shop(None) is None
    # lists go with the given shop, else the one shop the orders went to
    assert lists_shop("北店", ["东店", "西店"]) == "北店"
    assert lists_shop(None, ["东店", "东店"]) == "东店"
    assert lists_shop(None, ["东店", "西店"]) is None and lists_shop(None, []) is None
    # a preview over 东店's history keeps the upload's 东店 orders and those naming no shop
    assert orders_of_shop(two, "东")["customer_id"].tolist() == ["a", "c"]
    assert orders_of_shop(two, ALL_SHOPS)["customer_id"].tolist() == ["a", "b", "c"]
