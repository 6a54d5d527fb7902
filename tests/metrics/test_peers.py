"""Peer figures typed in or uploaded: names as platforms write them, values as managers copy them."""

from __future__ import annotations

import pandas as pd
import pytest

from analytics.errors import InputError
from analytics.metrics.peers import (
    PEER_METRICS,
    parse_peer_value,
    parse_window,
    peer_figures,
    peer_metric,
    read_peer_frame,
    read_peer_records,
    read_peer_rows,
)
from tests.conftest import ROOT
from ui.i18n import translate

DATA = ROOT / "tests" / "data"


def test_a_platform_table_gives_typed_figures_and_one_code_per_bad_row():
    frame = pd.DataFrame(
        {
            "指标": ["老客占比", "复购率", "客单价", "GMV", "会员销售占比", "复购率", "老客销售占比"],
            "数值": ["18.00%", "0.21", "¥1,256.5", "9", "abc", "30%", "120%"],
        }
    )
    table = read_peer_frame(frame, file="peers.csv", row_numbers=range(2, 9))
    # 18.00% -> 0.18; 0.21 stays; ¥1,256.5 -> 1256.5 (an amount, not divided).
    assert {f.metric: f.average for f in table.figures.figures} == {
        "returning_customer_rate": 0.18,
        "repeat_purchase_rate": 0.21,
        "aov": 1256.5,
    }
    assert all(f.days is None for f in table.figures.figures)  # no window column: never compared
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


def test_a_sycm_export_keeps_each_figure_with_its_days():
    raw = pd.read_csv(DATA / "peers_sycm.csv", encoding="gb18030", dtype=str)
    table = read_peer_frame(raw, file="peers_sycm.csv")
    assert not table.problems
    # 5 metrics x (7 and 30 days) x (ending 2025-11-30 and 2025-12-31).
    assert len(table.figures.figures) == 20
    dec = table.figures.like_for_like(
        "repeat_purchase_rate", pd.Timestamp("2025-12-02"), pd.Timestamp("2025-12-31")
    )
    row = raw[
        (raw["指标"] == "复购率") & (raw["统计周期"] == "最近30天") & (raw["统计日期"] == "2025-12-31")
    ].iloc[0]
    assert dec.average == pytest.approx(float(row["同行同层平均"].rstrip("%")) / 100)
    assert dec.top == pytest.approx(float(row["同行同层优秀"].rstrip("%")) / 100)
    assert dec.shop == pytest.approx(float(row["本店"].rstrip("%")) / 100)
    assert dec.days == 30
    week = table.figures.like_for_like(
        "repeat_purchase_rate", pd.Timestamp("2025-12-25"), pd.Timestamp("2025-12-31")
    )
    assert week.days == 7 and week.average != dec.average
    # A 10-day window is not in the file: nothing to compare with.
    assert (
        table.figures.like_for_like(
            "repeat_purchase_rate", pd.Timestamp("2025-12-22"), pd.Timestamp("2025-12-31")
        )
        is None
    )


@pytest.mark.parametrize(
    ("window", "end", "days"),
    [
        ("最近7天", "2025-12-31", ("2025-12-25", "2025-12-31")),
        ("近30天", "2025/12/31", ("2025-12-02", "2025-12-31")),
        ("Last 7 days", "2025-12-31", ("2025-12-25", "2025-12-31")),
        ("日", "2025-12-31", ("2025-12-31", "2025-12-31")),
        ("自然周", "2025-12-31", ("2025-12-29", "2026-01-04")),  # 31 Dec 2025 is a Wednesday
        ("自然月", "2025-02-10", ("2025-02-01", "2025-02-28")),
        ("2025-12-02~2025-12-31", None, ("2025-12-02", "2025-12-31")),
        ("2025年12月2日 至 2025年12月31日", None, ("2025-12-02", "2025-12-31")),
    ],
)
def test_windows_as_platforms_write_them(window, end, days):
    start, last = parse_window(window, end)
    assert (f"{start:%Y-%m-%d}", f"{last:%Y-%m-%d}") == days


def test_a_window_that_cannot_be_read_is_named_and_left_out():
    table = read_peer_records(
        [
            {"metric": "复购率", "average": "18%", "window": "最近几天", "end": "2025-12-31"},
            {"metric": "复购率", "average": "19%", "window": "最近30天", "end": "2025-12-31"},
            {"metric": "复购率", "average": "20%", "window": "最近30天", "end": "2025-12-31"},
        ],
        file="p.csv",
    )
    assert [(m.code, m.params["row"]) for m in table.problems] == [
        ("metrics.peer_bad_window", 1),
        ("metrics.peer_duplicate", 3),  # same metric, same days: the first is kept
    ]
    assert [f.average for f in table.figures.figures] == [0.19]


def test_a_top_or_shop_value_out_of_range_leaves_the_row_out():
    table = read_peer_records(
        [{"metric": "复购率", "average": "18%", "top": "130%", "window": "最近7天", "end": "2025-12-31"}],
        file="p",
    )
    assert [m.code for m in table.problems] == ["metrics.peer_out_of_range"] and not table.figures


def test_figures_written_back_read_the_same():
    raw = pd.read_csv(DATA / "peers_sycm.csv", encoding="gb18030", dtype=str)
    figures = read_peer_frame(raw, file="peers_sycm.csv").figures
    assert peer_figures(figures.to_frame()) == figures
