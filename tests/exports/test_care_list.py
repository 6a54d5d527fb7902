"""The care-list file: no personal data, reasons in words, formula cells escaped, control sample."""

from __future__ import annotations

import io

import pandas as pd
from openpyxl import load_workbook

from analytics.exports import (
    campaign_list_csv,
    care_list_csv,
    care_list_table,
    care_list_xlsx,
    key_is_nickname,
    split_control,
)
from analytics.exports.tables import csv_bytes, xlsx_bytes
from analytics.frames import orders_frame
from analytics.loading import load_campaign
from analytics.metrics.campaign import find_control
from analytics.metrics.customers.scores import score_customers

# End = Mar 1. "=cmd" every 10 days, last Jan 21: 39 days > 1.5 x 10 -> overdue; with the top
# sales (3 orders of 1) and no model, also at risk by the lapse rule (39 days > the shop's 10).
# "d": one-time 24 days ago, past the shop's 10-day second-order gap: no second order.
ROWS = [
    ("=cmd", "2025-01-01"),
    ("=cmd", "2025-01-11"),
    ("=cmd", "2025-01-21"),
    ("d", "2025-02-05"),
    ("f", "2025-03-01"),
]


def _scores():
    ids, days = zip(*ROWS, strict=True)
    members = pd.DataFrame({"customer_id": ["=cmd", "d"], "tier": ["-VIP", "银卡"]})
    return score_customers(orders_frame(customer_id=list(ids), order_day=list(days)), members=members)


def test_table_renders_reasons_and_segments_in_the_language():
    scores = _scores()
    zh = care_list_table(scores, lang="zh")
    assert list(zh.columns) == ["customer_id", "tier", "segment", "reason"]  # no nickname: key is an id
    assert zh["customer_id"].tolist() == ["=cmd", "d"]
    assert zh["reason"].tolist() == [
        "历史价值高（累计消费 3），已 39 天未购买：同价值段客户十次回购有九次在 10 天内；"
        "已超期：距上次购买 39 天，平时每 10 天回购一次（2 次间隔的中位数）",
        "首购后 24 天未再回购（回头客中有一半在 10 天内回购）",
    ]
    en = care_list_table(scores, lang="en", reasons=["no_second_order"], nickname=True)
    assert en.to_dict("records") == [
        {
            "customer_id": "d",
            "nickname": "d",
            "tier": "银卡",
            "segment": en["segment"].iloc[0],
            "reason": "First-time buyer not back after 24 days (half of the customers who came back did so"
            " within 10 days)",
        }
    ]
    # A page shows the top of a list: the first customer only, with the expected value of a contact.
    top = care_list_table(scores, lang="en", limit=1, with_value=True)
    assert top["customer_id"].tolist() == ["=cmd"] and "contact_value" in top.columns
    # d: R 2 (middle of three), F 1, M 1 -> hibernating, named in English.
    assert en["segment"].iloc[0] == "Hibernating"


def test_nickname_only_for_a_nickname_key():
    assert key_is_nickname([{"customer_id": "买家会员名"}, {"customer_id": "买家昵称"}])
    assert not key_is_nickname([{"customer_id": "买家会员名"}, {"customer_id": "联系手机"}])
    assert not key_is_nickname([{"customer_phone": "手机"}])


def test_files_escape_formula_cells_and_keep_numbers():
    scores = _scores()
    table = care_list_table(scores, lang="zh")
    text = care_list_csv(table, lang="zh").decode("utf-8-sig")
    lines = text.splitlines()
    assert lines[0] == "客户编号,会员等级,客户分群,关怀原因"
    assert lines[1].startswith("'=cmd,'-VIP,")
    book = load_workbook(io.BytesIO(care_list_xlsx(table, lang="en")))
    sheet = book.active
    assert [c.value for c in sheet[1]] == ["Customer ID", "Tier", "Segment", "Reason"]
    assert sheet["A2"].value == "'=cmd" and sheet["A2"].data_type == "s" and sheet["B2"].value == "'-VIP"
    numbers = pd.DataFrame({"id": ["-5"], "value": [-12.5]})
    assert csv_bytes(numbers).decode("utf-8-sig").splitlines()[1] == "'-5,-12.5"
    cell = load_workbook(io.BytesIO(xlsx_bytes(numbers, sheet="x"))).active["B2"]
    assert cell.value == -12.5 and cell.data_type == "n"


def test_control_sample_is_held_out_and_read_back_as_a_campaign(tmp_path):
    table = pd.DataFrame({"customer_id": [f"c{i:02d}" for i in range(20)], "reason": ["x"] * 20})
    for lang, control in (("zh", "对照组"), ("en", "control")):
        send, campaign = split_control(table, share=0.1, seed=3, lang=lang, start=pd.Timestamp("2025-03-03"))
        # 10% of 20 = 2 in control; the 18 others are the list to send.
        held = set(campaign.loc[campaign["group"] == control, "customer_id"])
        assert len(held) == 2 and len(send) == 18 and not held & set(send["customer_id"])
        path = tmp_path / f"campaign_{lang}.csv"
        path.write_bytes(campaign_list_csv(campaign))
        loaded = load_campaign(path).campaign
        assert len(loaded) == 20
        assert find_control(sorted(loaded["group"].unique())) == control
        assert set(loaded.loc[loaded["group"] == control, "customer_id"]) == held
        assert loaded["start"].dt.strftime("%Y-%m-%d").unique().tolist() == ["2025-03-03"]


def test_reason_amounts_are_money_in_the_shops_currency():
    # "g" spent 400 + 500 = 900 as 银卡 (500); 金卡 needs 1,000: 100 away, within 20% of 1,000.
    orders = orders_frame(
        customer_id=["g", "g"], order_day=["2025-01-01", "2025-01-20"], amount=[400.0, 500.0]
    )
    members = pd.DataFrame({"customer_id": ["g"], "tier": ["银卡"]})
    scores = score_customers(orders, members=members, tier_thresholds={"银卡": 500.0, "金卡": 1000.0})
    zh = care_list_table(scores, lang="zh", reasons=["near_next_tier"], currency="CNY")
    en = care_list_table(scores, lang="en", reasons=["near_next_tier"], currency="CNY")
    plain = care_list_table(scores, lang="en", reasons=["near_next_tier"])
    assert zh["reason"].tolist() == ["银卡会员，再消费 ¥100 即可升级为金卡"]
    assert en["reason"].tolist() == ["银卡 member CN¥100 away from 金卡"]
    assert plain["reason"].tolist() == ["银卡 member 100 away from 金卡"]


def test_a_nickname_key_is_shown_once():
    # With a nickname key the id and the nickname are the same text: the page shows one column
    # (the nickname), the file keeps both; an id key has no nickname column either way.
    scores = _scores()
    shown = care_list_table(scores, lang="zh", nickname=True, key_once=True)
    assert list(shown.columns) == ["nickname", "tier", "segment", "reason"]
    assert shown["nickname"].tolist() == ["=cmd", "d"]
    assert list(care_list_table(scores, lang="zh", nickname=True).columns)[:2] == ["customer_id", "nickname"]
    assert care_list_table(scores, lang="zh", key_once=True).columns[0] == "customer_id"
