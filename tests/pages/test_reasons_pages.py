"""Every "—" and empty state says its true reason, one reason code each, in both languages.

Each case is built from a small export written here: no new customers in the followed days, a
window not yet complete, no members, no sales on a weekday the shop never sells on.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd
import pytest

from analytics.frames import orders_frame
from analytics.metrics.reasons import (
    days_without_sales,
    empty_day_reasons,
    repurchase_reason,
    selling_weekdays,
)
from analytics.metrics.repeat import repurchase_cohort, repurchase_within_days
from ui.i18n import translate

sys.path.insert(0, str(Path(__file__).parent))
from test_app_pages import _app, _assert_clean

LANGS = ["zh", "en"]
HEADER = "order_id,customer_id,order_time,amount\n"


def _upload(lang: str, rows: list[tuple[str, str, str, float]], page: str):
    text = HEADER + "".join(f"{o},{c},{t},{a}\n" for o, c, t, a in rows)
    at = _app(lang)
    at.file_uploader(key="uploader").set_value([("orders.csv", text.encode(), "text/csv")]).run()
    at.switch_page(f"views/{page}.py").run()
    _assert_clean(at)
    return at


def _infos(at) -> list[str]:
    return [i.value for i in at.info]


def _history_without_new_customers() -> list[tuple[str, str, str, float]]:
    # a, b, c first buy in January; afterwards they only come back (every weekday of Feb-Apr), so
    # the cohort the data can follow for 30 days (the 30 days ending 30 days before 30 April) has no
    # first purchase.
    rows = [(f"f{c}", c, f"2025-01-0{i + 1} 10:00", 10.0) for i, c in enumerate("abc")]
    for n, day in enumerate(pd.date_range("2025-02-01", "2025-04-30")):
        rows.append((f"r{n}", "abc"[n % 3], f"{day:%Y-%m-%d} 10:00", 20.0))
    return rows


def test_reason_codes_by_hand():
    o = orders_frame(
        customer_id=[c for _, c, _, _ in _history_without_new_customers()],
        order_time=[t for *_, t, _ in _history_without_new_customers()],
    )
    cohort = repurchase_cohort(o, days=30, length=30)
    followed = repurchase_within_days(o, period=cohort, days=30)
    assert followed.eligible == 0 and repurchase_reason(cohort, followed.eligible) == "no_new_customers"
    short = o[o["order_day"] >= pd.Timestamp("2025-04-10")]
    assert repurchase_reason(repurchase_cohort(short, days=30, length=30), None) == "window_not_complete"
    # 6 Dec 2025 is a Saturday; the data sells every weekday but Saturday.
    selling = frozenset({0, 1, 2, 3, 4, 6})
    days = days_without_sales(pd.date_range("2025-12-05", periods=3), [5.0, 0.0, 0.0])
    assert empty_day_reasons(days, selling=selling) == {
        pd.Timestamp("2025-12-06"): "no_sales_weekday",
        pd.Timestamp("2025-12-07"): "no_sales_day",
    }
    assert selling_weekdays(pd.Series(pd.to_datetime(["2025-12-05", "2025-12-07"]))) == frozenset({4, 6})


@pytest.mark.parametrize("lang", LANGS)
def test_no_new_customers_is_not_called_an_observation_window(lang):
    at = _upload(lang, _history_without_new_customers(), "repeat")
    assert translate("reason_no_new_customers", lang, days=30) in _infos(at)
    assert translate("reason_window_not_complete", lang, days=30) not in _infos(at)


@pytest.mark.parametrize("lang", LANGS)
def test_a_short_export_says_the_window_is_not_complete(lang):
    rows = [(f"o{i}", "ab"[i % 2], f"2025-04-{10 + i} 10:00", 5.0) for i in range(10)]
    at = _upload(lang, rows, "repeat")
    assert translate("reason_window_not_complete", lang, days=30) in _infos(at)


@pytest.mark.parametrize("lang", LANGS)
def test_no_members_says_so_first(lang):
    at = _upload(lang, _history_without_new_customers(), "members")
    assert _infos(at)[0] == translate("reason_no_members", lang)


@pytest.mark.parametrize("lang", LANGS)
def test_a_weekday_never_sold_on_says_so(lang):
    # Every day of November and December 2025 but Saturdays; the period is the last 30 days.
    days = [d for d in pd.date_range("2025-11-01", "2025-12-31") if d.weekday() != 5]
    rows = [(f"o{n}", "abcdefg"[n % 7], f"{d:%Y-%m-%d} 10:00", 10.0) for n, d in enumerate(days)]
    at = _upload(lang, rows, "returning")
    captions = [c.value for c in at.caption]
    saturdays = ", ".join(f"{d:%Y-%m-%d}" for d in pd.date_range("2025-12-06", "2025-12-31", freq="W-SAT"))
    weekday = translate("weekdays", lang).split(",")[5]
    assert translate("reason_no_sales_weekday", lang, days=saturdays, weekday=weekday) in captions
