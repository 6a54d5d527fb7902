"""Phone numbers, e-mail addresses and names inside free text: found in previews, scrubbed before storage."""

from __future__ import annotations

import sqlite3

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from analytics.ingest import store_orders_load
from analytics.loading import load_orders
from analytics.privacy import EMAIL, MASK, PHONE, contains_personal, scrub_one, scrub_text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("请打 139 0000 1111", "请打 •••"),
        ("请打13900001111谢谢", "请打•••谢谢"),
        ("联系 158****3086", "联系 •••"),
        ("+86 139-0000-1111 to call", "••• to call"),
        ("London +44 20 7946 0958", "London •••"),
        ("座机 0571-88886666", "座机 •••"),
        ("(415) 555-0100 after 6pm", "••• after 6pm"),
        ("mail ann.lee+shop@example.co.uk please", "mail ••• please"),
        ("刻字：收货人：张三", "刻字：收货人：•••"),
        ("gift for Name: Ann Lee", "gift for Name: •••"),
        ("送给王女士", "送给•••"),
    ],
)
def test_contact_details_typed_into_a_title_are_masked(text, expected):
    assert scrub_one(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "北欧陶瓷杯 350ml 2只装",
        "订单 2127836121094490006",  # 19 digits: an order number, not a phone
        "SKU 2139000011112",  # a mobile-looking run inside a longer number is part of that number
        "价格 138.00 元",
        "2025-03-01 10:00:00",
        "iPhone 15 Pro 256GB",
        "Linen Cushion Cover 45x45",
    ],
)
def test_ordinary_titles_are_kept_as_written(text):
    assert scrub_one(text) == text
    assert not contains_personal(pd.Series([text])).iloc[0]


def test_cells_holding_contact_details_anywhere_are_found():
    cells = pd.Series(["请打 139 0000 1111", "谢谢 a@b.cn", "杯子", None, "2127836121094490006"])
    assert contains_personal(cells).tolist() == [True, True, False, False, False]


def test_scrub_keeps_missing_cells_and_the_column_type():
    # Three rows, two distinct titles: the repeated one is scrubbed the same way both times.
    values = pd.Series(["杯子 13900001111", None, "杯子 13900001111", "碗"], dtype="str")
    scrubbed = scrub_text(values)
    assert scrubbed.dtype == values.dtype
    assert scrubbed.isna().tolist() == [False, True, False, False]
    assert scrubbed.dropna().tolist() == ["杯子 •••", "杯子 •••", "碗"]
    clean = pd.Series(["碗", "盘"], dtype="str")
    assert scrub_text(clean) is clean  # nothing to scrub: the same column back


@given(
    before=st.text(alphabet="杯子碗 abcXYZ,.", max_size=12),
    digits=st.from_regex(r"1[3-9]\d{9}", fullmatch=True),
    after=st.text(alphabet="杯子碗 abcXYZ,.", max_size=12),
)
def test_no_mobile_number_survives_the_scrub(before, digits, after):
    scrubbed = scrub_one(f"{before} {digits} {after}")
    assert digits not in scrubbed and MASK in scrubbed
    assert PHONE.search(scrubbed) is None and EMAIL.search(scrubbed) is None


@given(
    st.text(alphabet=st.characters(blacklist_categories=("Nd",), blacklist_characters="@：:"), max_size=30)
)
def test_text_without_digits_at_signs_or_labels_is_untouched_unless_titled(text):
    # Only names after a label or before 先生/女士/小姐 are touched in digit-free text.
    if not any(word in text for word in ("先生", "女士", "小姐")):
        assert scrub_one(text) == text


ORDERS = (
    "订单编号,买家会员名,订单付款时间,买家实际支付金额,订单状态,宝贝标题\n"
    "1,a,2025-03-01 10:00,100,交易成功,定制刻字杯 收货人：张三 13800001111\n"
    "2,b,2025-03-02 10:00,50,交易成功,北欧陶瓷杯 350ml\n"
    "3,a,2025-03-09 11:00,30,交易成功,礼盒 发票请寄 ann@example.com\n"
).encode()


def test_the_history_stores_titles_without_contact_details(tmp_path):
    load = load_orders([("week.csv", ORDERS)])
    assert "13800001111" in " ".join(load.orders["item"].dropna())  # the upload itself is untouched
    store = tmp_path / "history.sqlite"
    store_orders_load(store, load)
    with sqlite3.connect(store) as conn:
        items = sorted(row[0] for row in conn.execute("SELECT item FROM orders"))
    assert items == ["北欧陶瓷杯 350ml", "定制刻字杯 收货人：••• •••", "礼盒 发票请寄 •••"]
    raw = store.read_bytes() + (tmp_path / "history.sqlite-wal").read_bytes()
    for secret in ("13800001111", "张三", "ann@example.com"):
        assert secret.encode() not in raw
