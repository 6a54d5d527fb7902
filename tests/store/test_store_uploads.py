"""Stored uploads: deleting one keeps what others supplied; the loaded-days calendar."""

from __future__ import annotations

import pandas as pd
import pytest
from store_helpers import WEEK1, by_id, closed, orders_of

from analytics.errors import ArgumentError
from analytics.store import delete_upload, history_orders, ingest_frame, list_uploads, loaded_days


def test_delete_upload_keeps_what_other_uploads_supplied(tmp_path):
    db = tmp_path / "h.sqlite"
    week2 = orders_of(["3", "4"], [None, "c"], ["2025-01-08 23:59:59", "2025-01-10"], [6.0, 7.0])
    ingest_frame(db, WEEK1, file_name="w1.csv")
    ingest_frame(db, week2, file_name="w2.csv", invalid=closed(["1"]))
    uploads = list_uploads(db)
    # upload 2 alone supplies order 4; order 3 is in both (upload 2's amount 6 wins)
    assert uploads["orders"].tolist() == [3, 2] and uploads["only_here"].tolist() == [1, 1]
    outcome = delete_upload(db, 2)
    # order 4 leaves, order 1 comes back (only upload 2 had closed it), order 3 goes back to 5.0
    assert (outcome["removed"], outcome["restored"], outcome["changed"]) == (1, 1, 1)
    pd.testing.assert_frame_equal(by_id(history_orders(db)), by_id(WEEK1))
    delete_upload(db, 1)
    assert history_orders(db).empty and list_uploads(db).empty


def test_delete_unknown_upload_says_so(tmp_path):
    db = tmp_path / "h.sqlite"
    ingest_frame(db, WEEK1, file_name="w1.csv")
    with pytest.raises(ArgumentError) as unknown:
        delete_upload(db, 9)
    assert unknown.value.code == "store.unknown_upload" and unknown.value.params["upload_id"] == "9"


def test_loaded_days_show_gaps_apart_from_quiet_days(tmp_path):
    db = tmp_path / "h.sqlite"
    # upload 1 spans 6-8 Jan (no order on 7 Jan: quiet, covered); upload 2 spans 10 Jan only
    ingest_frame(db, orders_of(["1", "2"], ["a", "b"], ["2025-01-06", "2025-01-08"], [1, 1]), file_name="a")
    ingest_frame(db, orders_of(["3", "4"], ["a", None], ["2025-01-10", "2025-01-10"], [1, 1]), file_name="b")
    days = loaded_days(db)
    assert days["day"].dt.strftime("%d").tolist() == ["06", "07", "08", "09", "10"]
    assert days["orders"].tolist() == [1, 0, 1, 0, 2]
    assert days["covered"].tolist() == [True, True, True, False, True]
