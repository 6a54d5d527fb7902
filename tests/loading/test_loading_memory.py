"""The loader lets go of the time and amount text once parsed; the dropped-rows view still shows it.

The rows an order check may still drop (a status, an unreadable or non-positive amount, a
missing time, an order id an earlier file loaded) keep their cells; any other dropped row has
its cells read again from the source (forced here by keeping none). Either way the view holds
the cells as written, in the file's column order.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

import analytics.loading.orders as orders_module
from analytics.io.cells import cast_to_numpy, take_rows, to_frame
from analytics.loading import load_orders

FIRST = "order_id,order_time,customer_id,amount,status\n1,2025-01-01 10:00:00,c1,10.50,paid\n"
# Row 2 repeats order 1 (loaded from FIRST: duplicate_order), row 3 is cancelled, row 4 has an
# unreadable amount, row 5 is used.
SECOND = (
    "order_id,order_time,customer_id,amount,status\n"
    "1,2025-01-02 11:00:00,c1,12.00,paid\n"
    "2,2025-01-03 12:00:00,c2,13.00,cancelled\n"
    "3,2025-01-04 13:00:00,c3,abc,paid\n"
    "4,2025-01-05 14:00:00,c4,15.25,paid\n"
)


def _expected_cells() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "order_id": ["1", "2", "3"],
            "order_time": ["2025-01-02 11:00:00", "2025-01-03 12:00:00", "2025-01-04 13:00:00"],
            "customer_id": ["c1", "c2", "c3"],
            "amount": ["12.00", "13.00", "abc"],
            "status": ["paid", "cancelled", "paid"],
        },
        dtype="str",
    )


def _check(load) -> None:
    dropped = load.dropped_rows[load.dropped_rows["file"] == "second.csv"].reset_index(drop=True)
    # File rows: header on row 1, data rows 2-5; rows 2, 3 and 4 are dropped.
    assert dropped["row"].tolist() == [2, 3, 4]
    assert dropped["reason"].tolist() == ["duplicate_order", "cancelled", "bad_amount"]
    cells = dropped.drop(columns=["file", "row", "reason"])
    pd.testing.assert_frame_equal(cells, _expected_cells())
    # 10.50 (first file) + 15.25 (order 4) = 25.75
    assert round(float(load.orders["amount"].sum()), 2) == 25.75


@pytest.fixture(params=["kept", "read again"])
def held_rows(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """Keep the cells of the rows that may be dropped, or of none (all read again); record how many."""
    original = orders_module._release_parsed_columns
    kept: list[int] = []

    def releasing(raw, mapping, maybe_dropped):
        if request.param == "read again":
            maybe_dropped = np.zeros_like(maybe_dropped)
        kept.append(int(maybe_dropped.sum()))
        return original(raw, mapping, maybe_dropped)

    monkeypatch.setattr(orders_module, "_release_parsed_columns", releasing)
    # First file: its one row is used, none kept; second: rows 2, 3 and 4 kept (or none).
    expected = [0, 3] if request.param == "kept" else [0, 0]
    yield kept
    assert kept == expected


def test_dropped_rows_keep_their_time_and_amount_cells_from_uploads(held_rows: list[int]) -> None:
    _check(load_orders([("first.csv", FIRST.encode()), ("second.csv", SECOND.encode())]))


def test_dropped_rows_keep_their_time_and_amount_cells_from_paths(
    tmp_path: Path, held_rows: list[int]
) -> None:
    (tmp_path / "first.csv").write_text(FIRST)
    (tmp_path / "second.csv").write_text(SECOND)
    _check(load_orders([tmp_path / "first.csv", tmp_path / "second.csv"]))


def test_take_rows_takes_across_chunks_as_iloc_does() -> None:
    text = pa.large_string()
    frame = to_frame(
        [
            pa.chunked_array(
                [pa.array(["a", "b", None], text), pa.array([], text), pa.array(["c", "d"], text)]
            ),
            pa.chunked_array([pa.array(["1", "2", "3", "4", "5"], text)]),
        ],
        ["x", "y"],
        5,
    )
    for positions in ([], [0], [1, 2, 3], [4], [0, 1, 2, 3, 4]):
        expected = frame.iloc[positions].reset_index(drop=True)
        pd.testing.assert_frame_equal(take_rows(frame, np.array(positions)), expected)


def test_cast_to_numpy_casts_chunk_by_chunk() -> None:
    cells = pa.chunked_array([pa.array(["1.5", None]), pa.array(["-2"])])
    # 1.5, missing (NaN), -2
    np.testing.assert_array_equal(cast_to_numpy(cells, pa.float64(), "float64"), [1.5, np.nan, -2.0])
    assert (
        cast_to_numpy(
            pa.chunked_array([pa.array(["1"]), pa.array(["inf"])]), pa.float64(), "float64", finite=True
        )
        is None
    )


def test_the_files_columns_are_let_go_before_the_orders_are_built(tmp_path: Path) -> None:
    from analytics.loading.orders import orders_of_file
    from analytics.loading.source import read_rows

    path = tmp_path / "stores.csv"
    path.write_text(
        "order_id,order_time,customer_id,amount,store\n"
        "1,2025-01-01 10:00:00,c1,10.50,A\n"
        "2,2025-01-02 11:00:00,c2,abc,B\n"
        "3,2025-01-03 12:00:00,c3,7.25,C\n"
    )
    raw = read_rows(path)
    file = orders_of_file(raw, None, pd.Index([], dtype="str"), id_prefix="")
    # The table keeps its three rows but no column: the orders and the dropped row's cells are
    # all the loader holds afterwards.
    assert list(raw.frame.columns) == [] and len(raw.frame) == 3
    assert file.report.rows_read == 3 and file.report.dropped == {"bad_amount": 1}
    # Rows 1 and 3 are used (row 2's amount is unreadable): their own ids, stores and amounts.
    assert file.orders["order_id"].tolist() == ["1", "3"]
    assert file.orders["store"].tolist() == ["A", "C"]
    assert file.orders["amount"].tolist() == [10.5, 7.25]
    assert file.dropped_cells.to_dict("records") == [
        {
            "order_id": "2",
            "order_time": "2025-01-02 11:00:00",
            "customer_id": "c2",
            "amount": "abc",
            "store": "B",
        }
    ]
