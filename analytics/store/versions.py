"""Order versions and the effective order: every upload's view of an order is kept, states move forward.

Orders are keyed by ``(shop, order_id)``. Each upload that shows an order adds a version of it
(``order_versions``); the effective order (``orders``) is the version in the furthest state, and
among versions in the same state the one from the most recent upload. States only move forward:
unpaid -> paid (valid) -> closed (cancelled, refunded, cancellation invoice, negative amount). So
an edited export that shows an order as closed makes it leave the figures, an edited amount
replaces the old one, and an older export uploaded again never reopens a closed order.

The SQL that keeps versions and derives the effective order is the engine writer's
(:mod:`analytics.store.engines.orders`), one for every history, the SQLite file included.
"""

from __future__ import annotations

import pandas as pd

from analytics.store.schema import ORDER_VALUE_COLUMNS

VALID_RANK = 1
# Drop reasons that say something about the order's state; the rest (bad dates, duplicate
# lines, blank rows) say nothing about the order and leave the store alone.
STATE_RANK: dict[str, int] = {
    "unpaid": 0,
    "cancelled": 2,
    "refunded": 2,
    "cancellation_invoice": 2,
    "negative_amount": 2,
}

VALUES = ", ".join(ORDER_VALUE_COLUMNS)


def state_rows(invalid: pd.DataFrame | None, valid_ids: pd.Series) -> pd.DataFrame:
    """Return one state row per order id the upload shows as closed or unpaid (and not also valid).

    Parameters
    ----------
    invalid
        ``order_id`` and ``reason`` (a loader drop reason) of the upload's dropped rows; reasons
        outside :data:`STATE_RANK` and rows without an id are ignored.
    valid_ids
        Ids of the upload's valid orders: the loader rolled such an order up from its other
        lines, so a dropped line of it does not close it.
    """
    columns = ["order_id", "status", "reason", "state_rank", *ORDER_VALUE_COLUMNS]
    if invalid is None or len(invalid) == 0:
        return pd.DataFrame(columns=columns)
    rows = invalid.loc[
        invalid["reason"].isin(list(STATE_RANK)) & invalid["order_id"].notna(), ["order_id", "reason"]
    ]
    rows = rows.assign(order_id=rows["order_id"].astype("str").str.strip())
    rows = rows[(rows["order_id"] != "") & ~rows["order_id"].isin(valid_ids)]
    rows = rows.assign(state_rank=rows["reason"].map(STATE_RANK).astype("int64"), status="invalid")
    rows = rows.sort_values("state_rank", ascending=False, kind="stable").drop_duplicates("order_id")
    return rows.reindex(columns=columns)
