"""Orders as the store writes them: keyed (by id, else by content) and as SQL-ready row values.

Shared by the SQLite writer (:mod:`analytics.store.orders`) and the engine writers
(:mod:`analytics.store.engines.orders`), so neither imports the other.
"""

from __future__ import annotations

import pandas as pd

from analytics.store.schema import OPTIONAL_COLUMNS
from analytics.store.values import DAY_FORMAT, TIME_FORMAT
from analytics.store.versions import VALID_RANK


def content_ids(orders: pd.DataFrame) -> pd.Series:
    """Return order keys made of the order's content, for exports without an order id column.

    Without ids the loader numbers rows, and row 2 of one week is not row 2 of the next. The
    content (customer, time to the second, amount) identifies an order across overlapping
    exports; identical orders within one file stay apart by their occurrence number.
    """
    content = (
        orders["customer_id"].fillna("").astype("str")
        + "|"
        + orders["order_time"].dt.strftime(TIME_FORMAT)
        + "|"
        + orders["amount"].map(repr)
    )
    digest = pd.util.hash_pandas_object(content, index=False).map("{:016x}".format)
    occurrence = content.groupby(content, sort=False).cumcount().astype("str")
    return ("content:" + digest + "-" + occurrence).astype("str")


def keyed_orders(orders: pd.DataFrame, has_order_ids: bool) -> pd.DataFrame:
    """Return the orders keyed as the store keys them: by id, else by content."""
    return orders if has_order_ids else orders.assign(order_id=content_ids(orders))


def sql_rows(orders: pd.DataFrame) -> pd.DataFrame:
    """Return ``orders`` as SQLite-ready valid versions (ISO text times, None for missing)."""
    out = pd.DataFrame(index=orders.index)
    out["order_id"] = orders["order_id"].astype("str")
    out["status"] = "valid"
    out["reason"] = None
    out["state_rank"] = VALID_RANK
    out["customer_id"] = orders["customer_id"].astype("str")
    out["order_time"] = orders["order_time"].dt.strftime(TIME_FORMAT)
    out["order_day"] = orders["order_day"].dt.strftime(DAY_FORMAT)
    out["amount"] = orders["amount"].astype("float64")
    for name, kind in OPTIONAL_COLUMNS.items():
        if name not in orders:
            out[name] = None
        elif name == "is_member":
            out[name] = orders[name].astype("boolean").astype("Int64")
        elif kind == "REAL":
            out[name] = orders[name].astype("float64")
        else:
            out[name] = orders[name].astype("str")
    return out
