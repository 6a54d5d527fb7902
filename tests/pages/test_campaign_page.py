"""The Campaign page in both languages: verdict first, start day within the data, control by name."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import pytest

from analytics.loading import load_campaign, load_orders
from analytics.metrics.campaign import campaign_uplift

sys.path.insert(0, str(Path(__file__).parent))
from email_2008 import START, email_2008
from test_app_pages import CAMPAIGN, TAOBAO_XLSX, _app, _assert_clean


def _upload_bytes(at, files):
    at.file_uploader(key="uploader").set_value([(name, content, "text/csv") for name, content in files])
    at.run()
    at.switch_page("views/campaign.py").run()
    _assert_clean(at)
    return at


def _texts(at) -> list[str]:
    return [e.value for kind in (at.success, at.error, at.warning, at.info) for e in kind]


@pytest.mark.parametrize(
    ("lang", "sentence", "reading", "ignored"),
    [
        (
            "zh",
            "实验组转化率比对照组高 {p} 个百分点（95% 置信区间 {lo} 至 {hi}），增量成交金额 {s}，",
            "可信。",
            "上方的统计周期",
        ),
        (
            "en",
            "实验组 converted {p} percentage points more than 对照组 (95% interval {lo} to {hi}), "
            "incremental sales {s}: ",
            "a reliable difference.",
            "the period and comparison above do not apply",
        ),
    ],
)
def test_sample_campaign_leads_with_its_verdict(lang, sentence, reading, ignored):
    orders = load_orders([TAOBAO_XLSX]).orders
    arm = campaign_uplift(orders, load_campaign(CAMPAIGN).campaign).arms[0]
    lo, hi = (round(b * 100, 1) for b in arm.conversion_uplift_ci)
    expected = sentence.format(
        p=round(arm.conversion_uplift * 100, 1), lo=lo, hi=hi, s=f"{arm.incremental_sales:,.0f}"
    )
    at = _upload_bytes(
        _app(lang), [(TAOBAO_XLSX.name, TAOBAO_XLSX.read_bytes()), (CAMPAIGN.name, CAMPAIGN.read_bytes())]
    )
    assert at.success[0].value == expected + reading
    # The start comes from the list's start column, and the page says so.
    assert any(
        "2025-10-15" in c.value and ("活动名单的开始日期" in c.value or "start date" in c.value)
        for c in at.caption
    )
    # The sidebar period does not apply here: greyed out and said.
    assert any(ignored in i.value for i in at.sidebar.info)
    assert at.sidebar.selectbox(key=f"period_preset_{lang}").disabled
    # ... and no comparison dates under the greyed-out choice ("对比：…" / "Compared with …").
    assert not any(c.value.startswith(("对比：", "Compared with")) for c in at.sidebar.caption)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_2008_email_test_without_start_column_is_measured_from_a_picked_day(lang):
    orders_csv, list_csv = email_2008(with_start=False)
    at = _upload_bytes(_app(lang), [("orders_2008.csv", orders_csv), ("email_2008.csv", list_csv)])
    picker = at.date_input[0]
    # No start column, uploaded today after the data's end: the first day of the data, said so.
    assert picker.value == date(2008, 1, 2)
    assert any(
        "2008-01-02" in c.value and ("数据的第一天" in c.value or "first day of the data" in c.value)
        for c in at.caption
    )
    picker.set_value(START.date()).run()
    _assert_clean(at)
    orders = load_orders([("orders_2008.csv", orders_csv)]).orders
    result = campaign_uplift(orders, load_campaign(("email_2008.csv", list_csv)).campaign, start=START)
    arm = result.arms[0]
    # "No E-Mail" is the control without being named: 54 of 300 vs 18 of 300 -> +12... see email_2008
    assert result.control.group == "No E-Mail"
    points = round(arm.conversion_uplift * 100, 1)
    lo, hi = (round(b * 100, 1) for b in arm.conversion_uplift_ci)
    text = at.success[0].value
    if lang == "zh":
        assert text.startswith(f"E-Mail转化率比No E-Mail高 {points:g} 个百分点（95% 置信区间 {lo} 至 {hi}）")
        assert text.endswith("可信。")
    else:
        assert text.startswith(
            f"E-Mail converted {points:g} percentage points more than No E-Mail (95% interval {lo} to {hi})"
        )
    assert f"{arm.incremental_sales:,.0f}" in text
    assert any("2008-03-03" in c.value for c in at.caption)
