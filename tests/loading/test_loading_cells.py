"""Plain cells: trimmed text and yes/no flags (analytics.loading.cells)."""

from __future__ import annotations

import pandas as pd

from analytics.loading.cells import parse_booleans, text_column


def S(values):
    return pd.Series(values, dtype="str")


def test_booleans():
    flags = parse_booleans(
        S(["是", "否", "Y", "n", "yes", "No", "TRUE", "false", "1", "0", "会员", "非会员", "?", None])
    )
    assert flags.iloc[:12].tolist() == [True, False] * 6
    assert flags.iloc[12:].isna().all()
    assert str(flags.dtype) == "boolean"


def test_text_column_trims_and_treats_empty_cells_as_missing():
    frame = pd.DataFrame({"店铺": [" 旗舰店 ", "", None]}, dtype="str")
    assert (
        text_column(frame, "店铺").tolist()[:1] == ["旗舰店"]
        and text_column(frame, "店铺").iloc[1:].isna().all()
    )
    assert text_column(frame, None).isna().all()
