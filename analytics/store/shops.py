"""The shop rule, written once: which shop an upload belongs to and which shop a read shows.

A store holds several shops (a chain's branches, or a Tmall and a Shopify store). Figures never
mix shops by accident:

- An upload goes to the shop it is given; else to the one shop its ``store`` column names (a
  file naming several is split into one upload per shop, unnamed rows to the fallback); else to
  the store's only shop; else to :data:`DEFAULT_SHOP`. A store of several shops refuses an upload
  that names none.
- Member and campaign lists carry no shop: they go with the shop their orders went to.
- A read takes one shop. Without a name it reads the store's only shop (refused when there are
  several); :data:`ALL_SHOPS` mixes shops on purpose. The dashboard shows the upload's own shop
  first, else the first shop, never all shops unless picked.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pandas as pd

from analytics.errors import ArgumentError, Term
from analytics.store.connection import open_store

DEFAULT_SHOP = "default"
ALL_SHOPS = "*"


def shops_in(conn: sqlite3.Connection) -> list[str]:
    """Return the shops with uploads in an open store, sorted by name."""
    return [str(r[0]) for r in conn.execute("SELECT DISTINCT shop FROM uploads ORDER BY shop")]


def list_shops(path: str | os.PathLike | None = None) -> list[str]:
    """Return the shops held in the store, sorted by name."""
    from analytics.store.connection import store_location

    location = store_location(path)
    if not location.is_file:
        from analytics.store.engines import open_engine

        with open_engine(location) as engine:
            return shops_in(engine)  # type: ignore[arg-type]
    with open_store(path) as conn:
        return shops_in(conn)


def read_shop(conn: sqlite3.Connection, shop: str | None, where: Path) -> str | None:
    """Resolve the shop to read: ``None`` for all shops, else one name.

    Raises
    ------
    ArgumentError
        ``store.several_shops`` without a name in a store of several shops;
        ``store.unknown_shop`` (``store.unknown_shop_empty`` in a store without shops) for a name
        the store does not hold.
    """
    if shop == ALL_SHOPS:
        return None
    shops = shops_in(conn)
    if shop is None:
        if len(shops) > 1:
            raise ArgumentError(
                "store.several_shops",
                file=str(where),
                shops=shops,
                option=Term("option.shop"),
                all_shops=Term("option.all_shops"),
            )
        return shops[0] if shops else DEFAULT_SHOP
    shop = shop.strip()
    if shop not in shops:
        if not shops:
            raise ArgumentError("store.unknown_shop_empty", file=str(where), shop=shop)
        raise ArgumentError("store.unknown_shop", file=str(where), shop=shop, shops=shops)
    return shop


def shop_filter(shop: str | None, alias: str = "") -> tuple[str, tuple[Any, ...]]:
    """Return an SQL condition and its parameters keeping one shop's rows.

    ``shop`` is what :func:`read_shop` returns: ``None`` (all shops) keeps every row.
    """
    if shop is None:
        return "1 = 1", ()
    return f"{alias}shop = ?", (shop,)


def write_shop(shop: str | None) -> str | None:
    """Return the shop an upload is given, trimmed; ``None`` means "decide from the file".

    Raises
    ------
    ArgumentError
        ``store.shop_cannot_hold_uploads`` for a blank name or :data:`ALL_SHOPS`.
    """
    if shop is None:
        return None
    shop = shop.strip()
    if not shop or shop == ALL_SHOPS:
        raise ArgumentError("store.shop_cannot_hold_uploads", shop=shop)
    return shop


def fallback_shop(conn: sqlite3.Connection, where: Path) -> str:
    """Return the shop for an upload that names none: the store's only shop, else the default.

    Raises
    ------
    ArgumentError
        ``store.which_shop`` when the store holds several shops.
    """
    shops = shops_in(conn)
    if len(shops) > 1:
        raise ArgumentError("store.which_shop", file=str(where), shops=shops, option=Term("option.shop"))
    return shops[0] if shops else DEFAULT_SHOP


def _store_names(orders: pd.DataFrame) -> pd.Series:
    """Return the trimmed ``store`` column with blanks as NA (all NA without the column)."""
    if "store" not in orders.columns:
        return pd.Series(pd.NA, index=orders.index, dtype="str")
    names = orders["store"].astype("str").str.strip()
    return names.where(names != "")


def upload_shop(orders: pd.DataFrame | None) -> str | None:
    """Return the one shop an upload's orders name in their store column, else None.

    An upload without a store column, or naming several stores, has no single shop of its own.

    Examples
    --------
    >>> from analytics.frames import orders_frame
    >>> upload_shop(orders_frame(customer_id=["a"], order_day=["2025-01-01"], amount=[1], store=["东店"]))
    '东店'
    """
    if orders is None:
        return None
    names = _store_names(orders).dropna().unique()
    return str(names[0]) if len(names) == 1 else None


def split_by_shop(orders: pd.DataFrame, shop: str | None, fallback: str) -> dict[str, pd.DataFrame]:
    """Return an upload's orders per shop: the given shop, else the file's store column, else ``fallback``.

    A file naming one shop goes wholly to it (rows with a blank store cell included); a file
    naming several is split, its unnamed rows going to ``fallback``.
    """
    if shop is not None:
        return {shop: orders}
    own = upload_shop(orders)
    if own is not None:
        return {own: orders}
    names = _store_names(orders)
    if not names.notna().any():
        return {fallback: orders}
    return {str(name): part for name, part in orders.groupby(names.fillna(fallback), sort=True)}


def lists_shop(shop: str | None, order_shops: Iterable[str]) -> str | None:
    """Return the shop for the member and campaign lists stored with some order uploads.

    Lists carry no shop column: they go to the given shop, else to the one shop the orders went
    to; ``None`` (the store's only shop, see :func:`fallback_shop`) when the orders went to several.

    Examples
    --------
    >>> lists_shop(None, ["东店", "东店"]), lists_shop(None, ["东店", "西店"]), lists_shop("北店", [])
    ('东店', None, '北店')
    """
    if shop:
        return shop
    names = set(order_shops)
    return names.pop() if len(names) == 1 else None


def default_shop(names: list[str], upload: str | None = None) -> str:
    """Return the shop shown before the user picks one: the upload's shop when stored, else the first.

    Figures never mix shops by default: :data:`ALL_SHOPS` is only ever an explicit choice.

    Examples
    --------
    >>> default_shop(["东店", "西店"]), default_shop(["东店", "西店"], "西店"), default_shop(["东店"], "北店")
    ('东店', '西店', '东店')
    """
    if upload in names:
        return str(upload)
    return names[0] if names else ALL_SHOPS


def orders_of_shop(orders: pd.DataFrame, shop: str) -> pd.DataFrame:
    """Return the upload's orders that belong with a shop's history: those naming it or no shop.

    An upload naming several stores keeps only the shown shop's orders (and those naming no
    store), so figures over history plus upload never mix shops unless :data:`ALL_SHOPS` is shown.
    """
    if shop == ALL_SHOPS or "store" not in orders.columns:
        return orders
    names = _store_names(orders)
    keep = names.isna() | (names == shop)
    return orders if keep.all() else orders[keep]
