"""Parsing of export cells: money, dates, ids, flags (analytics.parsing)."""

from __future__ import annotations

import math
from datetime import date, datetime

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from analytics.parsing import (
    _parse_dates,
    parse_booleans,
    parse_customer_ids,
    parse_dates,
    parse_ids,
    parse_money,
    pseudonymise,
)


def S(values):
    return pd.Series(values, dtype="str")


def T(values):
    return [pd.Timestamp(v) for v in values]


def test_money_strips_currency_marks_spaces_and_thousands():
    amounts, bad = parse_money(
        S(["¥1,234.50", "￥12", "$8.00", "€3.5", "£2", "100元", "CNY 5", "US$7", "HK$ 9.90", "1\u00a0234.50"])
    )
    assert amounts.tolist() == [1234.5, 12.0, 8.0, 3.5, 2.0, 100.0, 5.0, 7.0, 9.9, 1234.5]
    assert not bad.any()


def test_money_negative_forms_and_missing_and_unreadable():
    amounts, bad = parse_money(S(["(3.00)", "12.00-", "-$8.00", "-", "", None, "abc", "1.2.3.4"]))
    assert amounts.iloc[:3].tolist() == [-3.0, -12.0, -8.0]
    # "-", "" and an empty cell are missing (not errors); "abc" and "1.2.3.4" are not amounts
    assert amounts.iloc[3:].isna().all()
    assert bad.tolist() == [False, False, False, False, False, False, True, True]


def test_money_decimal_comma_decided_per_column():
    # every cell is written with a decimal comma and none with a decimal point -> comma is decimal
    amounts, _ = parse_money(S(["12,50", "1.234,50", "1 234,50", "7"]))
    assert amounts.tolist() == [12.5, 1234.5, 1234.5, 7.0]
    # one cell uses a decimal point -> the comma of "1,234" is a thousands separator everywhere
    amounts, _ = parse_money(S(["1,234", "2.50"]))
    assert amounts.tolist() == [1234.0, 2.5]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.integers(min_value=-(10**8), max_value=10**8), min_size=1, max_size=20),
    st.sampled_from(["¥", "$", ""]),
)
def test_money_round_trips_formatted_amounts(cents, mark):
    # an amount written as the exports write it ("¥1,234.50", negatives in parentheses) reads back exactly
    values = [c / 100 for c in cents]
    written = [f"({mark}{abs(v):,.2f})" if v < 0 else f"{mark}{v:,.2f}" for v in values]
    amounts, bad = parse_money(S(written))
    assert amounts.tolist() == values
    assert not bad.any()


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


def test_ids_normalised():
    ids = parse_ids(S(["17850.0", ' ="123" ', "A-1", " 17850 ", "C536379", "", None]))
    assert ids.iloc[:5].tolist() == ["17850", "123", "A-1", "17850", "C536379"]
    assert ids.iloc[5:].isna().all()
    assert str(ids.dtype) == "str"


def test_customer_emails_and_phones_never_stay_in_clear():
    ids = parse_customer_ids(
        S(["Ann@Example.com", "ann@example.com ", "13812345678", "+86 138 1234 5678", "17850"])
    )
    assert ids.iloc[0] == ids.iloc[1]  # case and spaces do not split one customer
    assert ids.iloc[0].startswith("e:") and ids.iloc[2].startswith("p:")
    assert not ids.str.contains("@").any() and not ids.str.contains("1234").any()
    assert ids.iloc[4] == "17850"  # a shop customer number is not a phone number
    phones = parse_customer_ids(S(["138-1234-5678", "13812345678"]), personal="phone")
    # the same phone written two ways is one customer
    assert phones.iloc[0] == phones.iloc[1]


def test_pseudonymise_is_stable_and_distinct():
    keys = pseudonymise(S(["a@x.com", "b@x.com", "a@x.com", None]), prefix="e:")
    assert keys.iloc[0] == keys.iloc[2] != keys.iloc[1]
    assert pd.isna(keys.iloc[3])


def test_booleans():
    flags = parse_booleans(
        S(["是", "否", "Y", "n", "yes", "No", "TRUE", "false", "1", "0", "会员", "非会员", "?", None])
    )
    assert flags.iloc[:12].tolist() == [True, False] * 6
    assert flags.iloc[12:].isna().all()
    assert str(flags.dtype) == "boolean"


def test_distinct_value_parsing_matches_cellwise_results_on_repeats():
    # parsing runs once per distinct string; repeated cells must get the same value in place
    values = S(["$1.00", None, "$2.00", "$1.00", "x", "$2.00"])
    amounts, bad = parse_money(values)
    assert [None if math.isnan(a) else a for a in amounts] == [1.0, None, 2.0, 1.0, None, 2.0]
    assert bad.tolist() == [False, False, False, False, True, False]
    assert amounts.index.equals(values.index)


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
