"""Order times in every export format (analytics.loading.times)."""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from analytics.loading.times import _parse_dates, parse_dates, row_times


def S(values):
    return pd.Series(values, dtype="str")


def T(values):
    return [pd.Timestamp(v) for v in values]


def test_dates_in_every_export_format():
    times, bad = parse_dates(
        S(
            [
                "2025-01-03 10:22:11",
                "2025/1/3 10:22",
                "2025/01/03",
                "2025年1月5日",
                "2025年1月5日 10时22分",
                "2025年1月5日 10:22",
                "2025.01.03",
                "2025-01-03 10:22:11 +0800",
                "2025-01-03T10:22:11+08:00",
                "2025-01-03T10:22:11Z",
            ]
        )
    )
    expected = T(
        [
            "2025-01-03 10:22:11",
            "2025-01-03 10:22",
            "2025-01-03",
            "2025-01-05",
            "2025-01-05 10:22",
            "2025-01-05 10:22",
            "2025-01-03",
            # offsets are dropped, never converted: the wall clock as written is kept
            "2025-01-03 10:22:11",
            "2025-01-03 10:22:11",
            "2025-01-03 10:22:11",
        ]
    )
    assert times.tolist() == expected
    assert not bad.any()
    assert times.dtype == "datetime64[ns]"


def test_excel_serial_numbers_are_days_since_1899_12_30():
    # serial 45658 is 2025-01-01 (Excel's own numbering); .5 of a day is 12:00
    times, bad = parse_dates(S(["45658", "45658.5", "45659.75"]))
    assert times.tolist() == T(["2025-01-01", "2025-01-01 12:00", "2025-01-02 18:00"])
    assert not bad.any()


def test_slashed_dates_month_first_by_default_day_first_when_a_first_part_exceeds_12():
    # Online Retail's original US format: 12/31/2010 8:26 -> 31 December
    assert parse_dates(S(["12/31/2010 8:26", "01/02/2011 9:00"]))[0].tolist() == T(
        ["2010-12-31 08:26", "2011-01-02 09:00"]
    )
    # 25/01/2025 can only be day-first, so the whole column is day-first: 03/01/2025 is 3 January
    assert parse_dates(S(["03/01/2025", "25/01/2025"]))[0].tolist() == T(["2025-01-03", "2025-01-25"])
    assert parse_dates(S(["03/01/2025"]), dayfirst=True)[0].iloc[0] == pd.Timestamp("2025-01-03")


def test_mixed_formats_in_one_column_and_unreadable_cells():
    times, bad = parse_dates(
        S(["2025-01-03 10:22:11", "2025年1月4日", "1/5/2025 1:02:03 PM", "45663", "soon", "2025-13-01", None])
    )
    assert times.iloc[:4].tolist() == T(
        ["2025-01-03 10:22:11", "2025-01-04", "2025-01-05 13:02:03", "2025-01-06"]
    )
    # "soon" and month 13 are unreadable; the empty cell is only missing
    assert bad.tolist() == [False, False, False, False, True, True, False]


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.datetimes(min_value=pd.Timestamp("2000-01-01"), max_value=pd.Timestamp("2035-12-31")),
        min_size=1,
        max_size=15,
    ),
    st.sampled_from(
        ["%Y-%m-%d %H:%M:%S", "%Y/%m/%d %H:%M:%S", "%Y年%m月%d日 %H:%M:%S", "%Y-%m-%dT%H:%M:%S+08:00"]
    ),
)
def test_dates_round_trip(moments, fmt):
    moments = [pd.Timestamp(m).floor("s") for m in moments]
    times, bad = parse_dates(S([m.strftime(fmt) for m in moments]))
    assert times.tolist() == moments
    assert not bad.any()


@given(
    st.lists(
        st.one_of(
            st.none(),
            st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2040, 12, 31)).map(
                lambda d: d.replace(microsecond=0).isoformat(sep=" ")
            ),
            st.dates(min_value=date(1990, 1, 1), max_value=date(2040, 12, 31)).map(date.isoformat),
        ),
        min_size=1,
        max_size=30,
    )
)
def test_iso_fast_path_agrees_with_the_general_parser(cells):
    # The Arrow cast for plain ISO columns must give exactly what the pattern-by-pattern path gives.
    values = pd.Series(cells, dtype="str")
    fast, fast_bad = parse_dates(values)
    slow, slow_bad = _parse_dates(values, dayfirst=None)
    pd.testing.assert_series_equal(fast, slow, check_names=False)
    assert not fast_bad.any() and not slow_bad.any()


def test_row_times_prefer_the_paid_time_and_fall_back_to_the_created_time():
    frame = pd.DataFrame(
        {"created": ["2025-01-01 10:00", "2025-01-02 11:00"], "paid": ["2025-01-01 10:05", None]}
    )
    times = row_times(frame.astype("str"), {"order_time": "created", "paid_time": "paid"})
    assert times.tolist() == T(["2025-01-01 10:05", "2025-01-02 11:00"])


def test_row_times_join_a_date_and_a_time_of_day_column():
    # Square writes the date and the time of day apart
    frame = pd.DataFrame({"Date": ["2025-01-03", "2025-01-04"], "Time": ["09:15:00", None]}, dtype="str")
    times = row_times(frame, {"order_time": "Date", "time_of_day": "Time"})
    assert times.tolist() == T(["2025-01-03 09:15:00", "2025-01-04"])
