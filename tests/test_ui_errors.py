"""ui.errors: the analytics messages a store manager meets, in Chinese.

Every message here is produced by calling the analytics code on bad input (never copied by hand),
so a reworded analytics message that no pattern matches any more fails this test.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pandas as pd
import pytest

from analytics import io as analytics_io
from analytics.errors import InputError
from analytics.frames import orders_frame
from analytics.io import read_table
from analytics.loading import load_orders
from analytics.metrics.campaign import campaign_groups, campaign_uplift, find_control
from analytics.metrics.campaign_coupon import coupon_effect
from analytics.metrics.campaign_did import ASSUMPTIONS
from analytics.metrics.members import membership
from analytics.metrics.period import resolve_period
from ui.errors import PATTERNS, localise_error, localise_known, localise_warning

HEADERS = "订单编号,实付金额,付款时间\n"
ORDERS = orders_frame(
    customer_id=["a", "b"], order_day=["2025-03-01", "2025-03-10"], amount=[10, 20], order_id=["1", "2"]
)


def _message(call: Callable[[], object]) -> str:
    with pytest.raises(InputError) as caught:
        call()
    return str(caught.value)


def _campaign(rows: dict[str, list]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "customer_id": pd.Series(rows["customer_id"], dtype="str"),
            "group": pd.Series(rows["group"], dtype="str"),
        }
    ).assign(start=pd.NaT)


# (case name, message producer, pieces the Chinese text must keep: file names, columns, numbers)
CASES: list[tuple[str, Callable[[], object], list[str]]] = [
    ("empty file", lambda: read_table(("空.csv", b"")), ["空.csv", "空文件"]),
    ("a PDF", lambda: read_table(("x.csv", b"%PDF-1.4 body")), ["x.csv", "PDF 文档"]),
    ("binary", lambda: read_table(("x.csv", bytes(range(256)) * 8)), ["x.csv", "不是表格"]),
    ("zip", lambda: read_table(("x.zip", _zip_with("notes.txt"))), ["x.zip", "zip 压缩包"]),
    ("damaged Excel", lambda: read_table(("坏.xlsx", b"PK\x03\x04" + b"\0" * 100)), ["坏.xlsx", "已损坏"]),
    (
        "encoding",
        lambda: read_table(("x.csv", b"a,b\n\x81\x20,1\n\xff\xfe\xfd,2\n")),
        ["x.csv", "第 4 个字节"],
    ),
    ("header only", lambda: load_orders([("表头.csv", HEADERS.encode())]), ["表头.csv", "只有表头"]),
    (
        "missing fields",
        lambda: load_orders([("m.csv", b"foo,bar\n1,2\n")]),
        ["m.csv", "下单/付款时间、实付金额", "foo, bar"],
    ),
    (
        "unknown --map field",
        lambda: load_orders(
            [("m.csv", (HEADERS + "1,2,2025-01-01\n").encode())], overrides={"nonsense": "x"}
        ),
        ["m.csv", "nonsense", "order_id"],
    ),
    (
        "unknown --map header",
        lambda: load_orders(
            [("m.csv", (HEADERS + "1,2,2025-01-01\n").encode())], overrides={"amount": "无此列"}
        ),
        ["m.csv", "无此列", "订单编号, 实付金额, 付款时间"],
    ),
    (
        "no orders in the period",
        lambda: resolve_period(ORDERS, start="2025-05-01", end="2025-05-31"),
        ["2025-05-01", "2025-05-31", "2025-03-01", "2025-03-10"],
    ),
    (
        "end before start",
        lambda: resolve_period(ORDERS, start="2025-03-09", end="2025-03-02"),
        ["2025-03-02", "2025-03-09", "对调"],
    ),
    (
        "start after the data",
        lambda: resolve_period(ORDERS, start="2025-06-01"),
        ["2025-03-10", "2025-06-01", "数据截止"],
    ),
    (
        "member list empty",
        lambda: membership(
            ORDERS, members=pd.DataFrame({"customer_id": pd.Series([], dtype="str")}), source="会员.xlsx"
        ),
        ["会员.xlsx", "没有会员"],
    ),
    (
        "member list matches no customer",
        lambda: membership(
            ORDERS,
            members=pd.DataFrame({"customer_id": pd.Series(["x", "y"], dtype="str")}),
            source="会员.xlsx",
        ),
        ["会员.xlsx", "2 位会员", "'x'", "'a'"],
    ),
    (
        "unknown control label",
        lambda: find_control(["A组", "B组"], "对照", source="活动.csv"),
        ["活动.csv", "'对照'", "A组"],
    ),
    (
        "no control detected",
        lambda: find_control(["A组", "B组"], None, source="活动.csv"),
        ["活动.csv", "A组", "B组"],
    ),
    (
        "customer in two groups",
        lambda: campaign_groups(
            _campaign({"customer_id": ["a", "a"], "group": ["实验组", "对照组"]}), source="活动.csv"
        ),
        ["活动.csv", "1 位客户", "a"],
    ),
    (
        "empty group",
        lambda: campaign_groups(
            _campaign({"customer_id": ["a", None], "group": ["实验组", "对照组"]}), source="活动.csv"
        ),
        ["活动.csv", "对照组"],
    ),
    (
        "campaign window outside the orders",
        lambda: campaign_uplift(
            ORDERS, _campaign({"customer_id": ["a", "b"], "group": ["实验组", "对照组"]}), start="2026-01-01"
        ),
        ["2026-01-01", "2025-03-01", "2025-03-10"],
    ),
]


def _zip_with(member: str) -> bytes:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(member, "hello")
    return buffer.getvalue()


@pytest.mark.parametrize(("name", "call", "kept"), CASES, ids=[c[0] for c in CASES])
def test_each_message_a_manager_meets_is_translated_keeping_names_and_numbers(name, call, kept):
    message = _message(call)
    chinese = localise_known(message, "zh")
    assert chinese is not None, f"no pattern for: {message}"
    assert chinese != message
    for piece in kept:
        assert piece in chinese, (piece, chinese)
    # What is left in Latin letters is names and values, not an English sentence.
    assert not re.search(r"\b(the|export|again|check|cannot)\b", chinese), chinese


def test_too_large_file_keeps_its_sizes(monkeypatch):
    monkeypatch.setattr(analytics_io, "MAX_FILE_BYTES", 1024)
    message = _message(lambda: read_table(("大.csv", b"a,b\n" + b"1,2\n" * 400)))
    chinese = localise_known(message, "zh")
    assert chinese is not None and "大.csv" in chinese and "上限" in chinese, message


def test_campaign_warnings_and_assumptions_are_translated():
    # Orders end 2025-03-10; the default 14-day window from 2025-03-01 ends 2025-03-14: 4 days short.
    result = campaign_uplift(
        ORDERS, _campaign({"customer_id": ["a", "b"], "group": ["实验组", "对照组"]}), start="2025-03-01"
    )
    short = [w for w in result.to_dict()["warnings"] if "shorter window" in w]
    assert short and "早 4 天" in localise_warning(short[0], "zh")
    # Without a control group: the "directional" warning. Orders a (targeted) and b, c earlier.
    earlier = orders_frame(
        customer_id=["a", "b", "a", "b"],
        order_day=["2025-02-10", "2025-02-12", "2025-03-02", "2025-03-03"],
        amount=[5, 6, 7, 8],
    )
    directional = campaign_uplift(
        earlier, _campaign({"customer_id": ["a"], "group": ["实验组"]}), start="2025-03-01"
    )
    for warning in directional.to_dict()["warnings"]:
        assert localise_warning(warning, "zh") != warning, warning
    for assumption in ASSUMPTIONS:
        assert localise_known(assumption, "zh") not in (None, assumption)
    # Every customer used a code: a warning, translated.
    coupons = orders_frame(
        customer_id=["a", "a"], order_day=["2025-01-01", "2025-01-05"], amount=[1, 2], coupon_code=["X", "X"]
    )
    for warning in coupon_effect(coupons, horizons=[2]).warnings:
        assert localise_warning(warning, "zh") != warning


def test_unknown_messages_stay_english_with_a_translated_hint():
    assert localise_error("disk on fire", "zh", "hint_format").startswith("disk on fire\n\n怎么办")
    assert localise_error("disk on fire", "en", "hint_format").startswith("disk on fire\n\nWhat to do")


def test_english_keeps_the_original_message():
    message = _message(lambda: read_table(("e.csv", b"")))
    assert localise_error(message, "en") == message


def test_every_pattern_has_a_chinese_template():
    assert all("zh" in templates for _, templates, _ in PATTERNS)
