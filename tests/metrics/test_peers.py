"""Peer figures typed in or uploaded: names as platforms write them, values as managers copy them."""

from __future__ import annotations

import pandas as pd
import pytest

from analytics.errors import InputError
from analytics.metrics.peers import (
    PEER_METRICS,
    parse_peer_value,
    peer_metric,
    read_peer_frame,
    read_peer_rows,
)
from ui.i18n import translate


def test_a_platform_table_gives_typed_figures_and_one_code_per_bad_row():
    frame = pd.DataFrame(
        {
            "指标": ["老客占比", "复购率", "客单价", "GMV", "会员销售占比", "复购率", "老客销售占比"],
            "数值": ["18.00%", "0.21", "¥1,256.5", "9", "abc", "30%", "120%"],
        }
    )
    table = read_peer_frame(frame, file="peers.csv", row_numbers=range(2, 9))
    # 18.00% -> 0.18; 0.21 stays; ¥1,256.5 -> 1256.5 (an amount, not divided).
    assert table.figures.as_dict() == {
        "returning_customer_rate": 0.18,
        "repeat_purchase_rate": 0.21,
        "aov": 1256.5,
    }
    codes = [(m.code, m.params["row"]) for m in table.problems]
    assert codes == [
        ("metrics.peer_unknown_metric", 5),  # GMV
        ("metrics.peer_bad_value", 6),  # abc
        ("metrics.peer_duplicate", 7),  # 复购率 again: the first value (21%) is kept
        ("metrics.peer_out_of_range", 8),  # 120% is not a share
    ]


@pytest.mark.parametrize(
    ("metric", "text", "value"),
    [
        ("repeat_purchase_rate", "18", 0.18),  # a bare number above 1 is percent
        ("repeat_purchase_rate", "18 %", 0.18),
        ("member_sales_share", "0.5", 0.5),
        ("aov", "156", 156.0),
        ("aov", "$1,200.00", 1200.0),
        ("aov", "nan", None),
    ],
)
def test_values_as_written(metric, text, value):
    assert parse_peer_value(metric, text) == value


def test_blank_rows_and_metrics_left_empty_say_nothing():
    table = read_peer_rows([("复购率", ""), (None, None), ("AOV", "0")], file="t")
    assert not table.figures
    assert [m.code for m in table.problems] == ["metrics.peer_out_of_range"]  # an AOV of 0


def test_the_editors_row_names_are_read_back_in_both_languages():
    for lang in ("zh", "en"):
        assert [peer_metric(translate(f"peer_{k}", lang)) for k in PEER_METRICS] == list(PEER_METRICS)


def test_a_one_column_table_is_refused():
    with pytest.raises(InputError) as caught:
        read_peer_frame(pd.DataFrame({"metric": ["复购率"]}), file="peers.csv")
    assert caught.value.code == "metrics.peer_columns"
