"""Keep an upload's refund lines in the history (every engine, the SQLite file included).

A refund line (:mod:`analytics.loading.refunds`) names no original order; it is identified by its
content: invoice, customer, time and amount, and its occurrence among equal lines of the upload
(two equal refunds in one export are two refunds; the loader already dropped lines exported twice).
Each upload keeps the lines it showed (``refund_lines``: shop, key, upload), so a line shown by two
overlapping exports is one refund read back once, and deleting one of those uploads keeps it.
"""

from __future__ import annotations

import pandas as pd

from analytics.store.engines.base import Engine
from analytics.store.values import DAY_FORMAT, TIME_FORMAT

COLUMNS = ("shop", "refund_key", "upload_id", "order_id", "customer_id", "order_time", "order_day", "amount")


def refund_keys(refunds: pd.DataFrame) -> pd.Series:
    """Return each refund line's key: its content and its occurrence among equal lines of the upload.

    Examples
    --------
    >>> lines = pd.DataFrame({"order_id": ["C1", "C1"], "customer_id": ["a", "a"],
    ...                       "order_time": pd.to_datetime(["2025-01-02 10:00", "2025-01-02 10:00"]),
    ...                       "amount": [-3.0, -3.0]})
    >>> refund_keys(lines).tolist()
    ['C1|a|2025-01-02 10:00:00.000000|-3.0|0', 'C1|a|2025-01-02 10:00:00.000000|-3.0|1']
    """
    content = (
        refunds["order_id"].astype("str").fillna("")
        + "|"
        + refunds["customer_id"].astype("str").fillna("")
        + "|"
        + refunds["order_time"].dt.strftime(TIME_FORMAT)
        + "|"
        + refunds["amount"].map(repr)
    )
    occurrence = content.groupby(content, sort=False).cumcount().astype("str")
    return (content + "|" + occurrence).astype("str")


def store_refunds(engine: Engine, shop: str, upload_id: int, refunds: pd.DataFrame | None) -> int:
    """Keep ``refunds`` (the loader's refunds frame) as the refund lines of upload ``upload_id``.

    Lines the upload already holds (a file uploaded again is the same upload) are not added twice.
    Returns the number of lines added.
    """
    if refunds is None or len(refunds) == 0:
        return 0
    frame = pd.DataFrame(
        {
            "shop": shop,
            "refund_key": refund_keys(refunds).to_numpy(dtype=object),
            "upload_id": int(upload_id),
            "order_id": refunds["order_id"].astype("str").to_numpy(dtype=object),
            # A guest's refund has no customer: NULL, as a guest's order.
            "customer_id": refunds["customer_id"].astype("str").to_numpy(dtype=object, na_value=None),
            "order_time": refunds["order_time"].to_numpy(dtype="datetime64[us]"),
            "order_day": refunds["order_day"].to_numpy(dtype="datetime64[us]"),
            "amount": refunds["amount"].to_numpy(dtype="float64"),
        },
        columns=list(COLUMNS),
    )
    held = {
        r[0]
        for r in engine.execute(
            "SELECT refund_key FROM refund_lines WHERE shop = ? AND upload_id = ?", (shop, int(upload_id))
        )
    }
    frame = frame[~frame["refund_key"].isin(held)]
    if engine.stores_text_times:
        frame["order_time"] = frame["order_time"].dt.strftime(TIME_FORMAT)
        frame["order_day"] = frame["order_day"].dt.strftime(DAY_FORMAT)
    engine.insert_frame("refund_lines", frame.reset_index(drop=True))
    return len(frame)
