"""The open rows' statuses are classified once per distinct value, as status_reasons classifies the rows."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analytics.loading.statuses import _open_row_reasons
from analytics.schema import status_reasons


def test_closed_rows_get_no_reason_and_count_no_unknown_status():
    cells = pd.Series(["交易关闭", "神秘", "神秘", "交易成功", None, "怪"], dtype="str")
    # Row 2 (a 神秘) and row 5 (怪) are closed: 神秘 counts once, 怪 not at all.
    open_rows = pd.Series([True, True, False, True, True, False])
    found, unknown = _open_row_reasons(cells, open_rows)
    assert found.tolist()[:1] == ["cancelled"] and found.isna().tolist() == [False, *[True] * 5]
    assert unknown == {"神秘": 1}


def test_the_same_reasons_and_unknown_statuses_as_reading_the_open_rows_alone():
    values = [
        "交易关闭",
        "交易成功",
        "神秘",
        " 神秘",
        "weird",
        "paid",
        "refunded",
        None,
        "Weird ",
        "等待买家付款",
    ]
    rng = np.random.default_rng(7)
    for _ in range(200):
        rows = int(rng.integers(0, 30))
        cells = pd.Series([values[i] for i in rng.integers(0, len(values), rows)], dtype="str")
        cells.index += 3
        open_rows = pd.Series(rng.random(rows) < 0.7, index=cells.index)
        expected, expected_unknown = status_reasons(cells[open_rows])
        found, unknown = _open_row_reasons(cells, open_rows)
        pd.testing.assert_series_equal(found, expected.reindex(cells.index).astype("str"))
        # Same statuses, counts and order (the file report lists them so).
        assert list(unknown.items()) == list(expected_unknown.items())
