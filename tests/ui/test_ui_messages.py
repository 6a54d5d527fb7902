"""ui.messages: every analytics message a store manager meets reads as Chinese in the Chinese UI.

Each message is produced by calling the analytics code on bad input (never written by hand), then
rendered the way the dashboard renders it: no English sentence, no command-line flag, and the
file names, columns and numbers of the message kept.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import pandas as pd
import pytest

from analytics.errors import InputError, Message
from analytics.frames import orders_frame
from analytics.io import guards, read_table
from analytics.loading import load_orders
from analytics.metrics.campaign import (
    ASSUMPTIONS,
    campaign_groups,
    campaign_uplift,
    coupon_effect,
    find_control,
)
from analytics.metrics.members import membership
from analytics.metrics.period import resolve_period
from tests.ui.language import english_words, has_flag
from ui.messages import message_text

HEADERS = "订单编号,实付金额,付款时间\n"
ORDERS = orders_frame(
    customer_id=["a", "b"], order_day=["2025-03-01", "2025-03-10"], amount=[10, 20], order_id=["1", "2"]
)


def _error(call: Callable[[], object]) -> InputError:
    with pytest.raises(InputError) as caught:
        call()
    return caught.value


def _campaign(rows: dict[str, list]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "customer_id": pd.Series(rows["customer_id"], dtype="str"),
            "group": pd.Series(rows["group"], dtype="str"),
        }
    ).assign(start=pd.NaT)


def _zip_with(member: str) -> bytes:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(member, "hello")
    return buffer.getvalue()


def _values(params: Mapping[str, Any]) -> list[str]:
    items: list[str] = []
    for value in params.values():
        many = isinstance(value, list | tuple | set | frozenset)
        items.extend(str(v) for v in (value if many else [value]))
    return sorted(items, key=len, reverse=True)


def _assert_chinese(item: InputError | Message) -> str:
    """Render ``item`` in Chinese and check the catalog's words: no English word, no --flag.

    The values the message names (file names, headers, the reader's own data) are taken out first:
    they are the user's words, not the catalog's.
    """
    message = item.message if isinstance(item, InputError) else item
    text = message_text(item, "zh")
    words = text
    for value in _values(message.params):
        words = words.replace(value, " ")
    assert english_words(words) == [], text
    assert not has_flag(text), text
    return text


# (case name, message producer, pieces the Chinese text must keep: file names, columns, numbers)
CASES: list[tuple[str, Callable[[], object], list[str]]] = [
    ("empty file", lambda: read_table(("空.csv", b"")), ["空.csv"]),
    ("a PDF", lambda: read_table(("x.csv", b"%PDF-1.4 body")), ["x.csv", "PDF"]),
    ("binary", lambda: read_table(("x.csv", bytes(range(256)) * 8)), ["x.csv"]),
    ("zip", lambda: read_table(("x.zip", _zip_with("notes.txt"))), ["x.zip"]),
    ("damaged Excel", lambda: read_table(("坏.xlsx", b"PK\x03\x04" + b"\0" * 100)), ["坏.xlsx"]),
    ("encoding", lambda: read_table(("x.csv", b"a,b\n\x81\x20,1\n\xff\xfe\xfd,2\n")), ["x.csv", "4"]),
    ("header only", lambda: load_orders([("表头.csv", HEADERS.encode())]), ["表头.csv"]),
    ("missing fields", lambda: load_orders([("m.csv", b"foo,bar\n1,2\n")]), ["m.csv", "foo", "bar"]),
    (
        "unknown mapped field",
        lambda: load_orders(
            [("m.csv", (HEADERS + "1,2,2025-01-01\n").encode())], overrides={"nonsense": "x"}
        ),
        ["m.csv", "nonsense"],
    ),
    (
        "unknown mapped header",
        lambda: load_orders(
            [("m.csv", (HEADERS + "1,2,2025-01-01\n").encode())], overrides={"amount": "无此列"}
        ),
        ["m.csv", "无此列", "订单编号"],
    ),
    (
        "no orders in the period",
        lambda: resolve_period(ORDERS, start="2025-05-01", end="2025-05-31"),
        ["2025-05-01", "2025-05-31", "2025-03-01", "2025-03-10"],
    ),
    (
        "end before start",
        lambda: resolve_period(ORDERS, start="2025-03-09", end="2025-03-02"),
        ["2025-03-02", "2025-03-09"],
    ),
    (
        "start after the data",
        lambda: resolve_period(ORDERS, start="2025-06-01"),
        ["2025-03-10", "2025-06-01"],
    ),
    (
        "member list empty",
        lambda: membership(
            ORDERS, members=pd.DataFrame({"customer_id": pd.Series([], dtype="str")}), source="会员.xlsx"
        ),
        ["会员.xlsx"],
    ),
    (
        "member list matches no customer",
        lambda: membership(
            ORDERS,
            members=pd.DataFrame({"customer_id": pd.Series(["x", "y"], dtype="str")}),
            source="会员.xlsx",
        ),
        ["会员.xlsx", "2"],
    ),
    (
        "unknown control label",
        lambda: find_control(["A组", "B组"], "对照", source="活动.csv"),
        ["活动.csv", "A组"],
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
        ["活动.csv", "1"],
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


@pytest.mark.parametrize(("name", "call", "kept"), CASES, ids=[c[0] for c in CASES])
def test_each_error_a_manager_meets_reads_in_chinese_keeping_names_and_numbers(name, call, kept):
    error = _error(call)
    chinese = _assert_chinese(error)
    assert not chinese.startswith(error.code), f"no text for {error.code}"
    for piece in kept:
        assert piece in chinese, (piece, chinese)


def test_too_large_file_keeps_its_name(monkeypatch):
    monkeypatch.setattr(guards, "MAX_FILE_BYTES", 1024)
    chinese = _assert_chinese(_error(lambda: read_table(("大.csv", b"a,b\n" + b"1,2\n" * 400))))
    assert "大.csv" in chinese


def test_the_control_option_names_the_select_not_a_flag():
    error = _error(lambda: find_control(["A组", "B组"], None, source="活动.csv"))
    assert "“对照组”下拉框" in message_text(error, "zh")
    assert "“Control group” select" in message_text(error, "en")
    assert "--control" in str(error)  # the command line keeps its flag


def test_campaign_warnings_and_assumptions_read_in_chinese():
    # Orders end 2025-03-10; the default 14-day window from 2025-03-01 ends 2025-03-14: 4 days short.
    result = campaign_uplift(
        ORDERS, _campaign({"customer_id": ["a", "b"], "group": ["实验组", "对照组"]}), start="2025-03-01"
    )
    assert result.warnings
    for warning in result.warnings:
        _assert_chinese(warning)
    # Without a control group: the "directional" warnings. Orders a (targeted) and b earlier.
    earlier = orders_frame(
        customer_id=["a", "b", "a", "b"],
        order_day=["2025-02-10", "2025-02-12", "2025-03-02", "2025-03-03"],
        amount=[5, 6, 7, 8],
    )
    directional = campaign_uplift(
        earlier, _campaign({"customer_id": ["a"], "group": ["实验组"]}), start="2025-03-01"
    )
    for warning in (*directional.warnings, *ASSUMPTIONS):
        _assert_chinese(warning)
    # Every customer used a code: a warning, in Chinese.
    coupons = orders_frame(
        customer_id=["a", "a"], order_day=["2025-01-01", "2025-01-05"], amount=[1, 2], coupon_code=["X", "X"]
    )
    warnings = coupon_effect(coupons, horizons=[2]).warnings
    assert warnings
    for warning in warnings:
        _assert_chinese(warning)


def test_loader_warnings_are_messages_the_ui_can_render():
    # No customer column: every order is a guest order, said in a warning on the file's report.
    load = load_orders([("散客.csv", (HEADERS + "1,2,2025-01-01\n").encode())])
    warnings = [w for report in load.files for w in report.warnings]
    assert warnings and all(isinstance(w, Message) for w in warnings)
    for warning in warnings:
        _assert_chinese(warning)


def test_english_renders_the_dashboard_wording():
    error = _error(lambda: read_table(("e.csv", b"")))
    assert "e.csv" in message_text(error, "en")
    assert not has_flag(message_text(error, "en"))
