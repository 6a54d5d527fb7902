"""The data-owner rule, Markdown escaping and personal data kept off the screen (no Streamlit run)."""

from __future__ import annotations

import io
import re
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from analytics.loading import load_orders
from ui.downloads import (
    csv_bytes,
    dropped_rows_view,
    escape_formula_cells,
    mask_personal_columns,
    translated_rows,
    xlsx_bytes,
)
from ui.personal import MASK, hide_personal, personal_cells
from ui.safe_text import JOINER, md
from ui.tenancy import data_owner, is_loopback, user_folder_name
from ui.uploader import uploader_css

DATA = Path("/srv/app/data")
# The autolink patterns of Streamlit 1.67's Markdown (mdast-util-gfm-autolink-literal).
GFM_URL = re.compile(r"(https?://|www(?=\.))([-.\w]+)([^ \t\r\n]*)", re.IGNORECASE)
GFM_EMAIL = re.compile(r"([-.\w+]+)@([-\w]+(?:\.[-\w]+)+)")

# --- who owns the data --------------------------------------------------------------------------------


ISSUER = "https://id.example.com"


@pytest.mark.parametrize(
    ("auth", "logged_in", "user", "address", "mode", "folder"),
    [
        # Sign-in configured and signed in: the user's own folder, named by a digest.
        (True, True, "alice", "0.0.0.0", "user", DATA / "users" / user_folder_name(ISSUER, "alice")),
        (True, True, "alice", "localhost", "user", DATA / "users" / user_folder_name(ISSUER, "alice")),
        # Sign-in configured, not signed in (or a token without a subject): this session only.
        (True, False, None, "localhost", "session", None),
        (True, True, None, "localhost", "session", None),
        # No sign-in, loopback only (python3 bootstrap.py run): the single local user's data folder.
        (False, False, None, "localhost", "local", DATA),
        (False, False, None, "127.0.0.1", "local", DATA),
        (False, False, None, "::1", "local", DATA),
        # No sign-in, network-facing (Streamlit's default address is every interface).
        (False, False, None, None, "session", None),
        (False, False, None, "", "session", None),
        (False, False, None, "0.0.0.0", "session", None),
        (False, False, None, "192.168.1.20", "session", None),
        (False, True, "alice", "shop.example.com", "session", None),  # a user without [auth] is no one
    ],
)
def test_the_data_owner_rule(auth, logged_in, user, address, mode, folder):
    owner = data_owner(
        auth_configured=auth,
        logged_in=logged_in,
        issuer=ISSUER,
        subject=user,
        server_address=address,
        data_dir=DATA,
    )
    assert (owner.mode, owner.folder) == (mode, folder)
    assert owner.needs_sign_in == (auth and not (logged_in and user))


def _folder(issuer: str | None, subject: str | None) -> Path | None:
    return data_owner(
        auth_configured=True, logged_in=True, issuer=issuer, subject=subject, server_address="", data_dir=DATA
    ).folder


def test_two_users_never_share_a_folder_and_no_address_is_on_disk():
    alice, bob = _folder(ISSUER, "alice@example.com"), _folder(ISSUER, "bob@example.com")
    assert alice != bob
    assert "alice" not in str(alice) and "example" not in str(alice)
    assert not is_loopback("localhost.example.com")


def test_subjects_differing_in_letter_case_or_issuer_are_different_people():
    # OpenID Connect compares (iss, sub) exactly: alice-sub and ALICE-SUB are two accounts, and the
    # same subject at another provider is another account again. (Issue 21: both shared a folder.)
    folders = {
        _folder(ISSUER, "alice-sub"),
        _folder(ISSUER, "ALICE-SUB"),
        _folder(ISSUER, "alice-sub "),
        _folder("https://other.example.com", "alice-sub"),
    }
    assert len(folders) == 4
    # The digest joins issuer and subject with a NUL: no issuer/subject split can collide.
    assert _folder("https://a.example/x", "y") != _folder("https://a.example/", "xy")
    assert _folder(ISSUER, "alice-sub") == _folder(ISSUER, "alice-sub")
    # A token without an issuer names no account: nothing is kept beyond the session.
    assert _folder(None, "alice-sub") is None and _folder(ISSUER, "") is None


# --- Markdown from files ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "![x](https://example.invalid/x.png)",
        "[click](https://example.invalid)",
        "<img src=x onerror=alert(1)>",
        ":red[已付款] :material/warning:",
        "$x^2$",
        "**bold** ~~gone~~ `code`",
        "www.example.invalid",
        "a@example.invalid",
        "http://127.0.0.1:8629/x",
        "see HTTPS://example.invalid/a?b=1 now",
        "mailto:x@y.cn",
    ],
)
def test_file_text_cannot_make_markup(text):
    escaped = md(text)
    # Every character that opens syntax is preceded by a backslash; the characters themselves remain.
    assert re.search(r"(?<!\\)[!\[\]()<>:$*~`]", escaped) is None, escaped
    # Streamlit's remark-gfm turns addresses into links after the escapes are gone: its two patterns
    # (copied from its Markdown bundle) must find nothing in the text once the backslashes are removed.
    parsed = escaped.replace("\\", "")
    assert GFM_URL.search(parsed) is None and GFM_EMAIL.search(parsed) is None, escaped
    assert parsed.replace(JOINER, "") == text


def test_names_read_as_written():
    assert md("两店.csv") == "两店.csv"
    assert md("pos_next.csv") == "pos_next.csv"
    assert md("订单\n导出") == "订单 导出"


def test_uploader_style_names_the_button_and_hides_the_english_lines():
    css = uploader_css("选择文件")
    assert 'content: "选择文件"' in css
    assert '[data-testid="stFileUploaderDropzoneInstructions"] { display: none; }' in css
    # A label cannot break out of the style element.
    assert "</style>" not in uploader_css('"</style><script>')[:-8]


# --- personal data ---------------------------------------------------------------------------------------

PHONE_ORDERS = (
    "单号,客户,付款时间,金额,状态,备注\n"
    "1,13812345678,2025-03-01 10:00,100,交易成功,\n"
    "2,13812345678,2025-03-02 10:00,50,交易关闭,call 139 0000 1111\n"
    "3,14527.0,2025-03-02 11:00,-30,交易关闭,\n"
).encode()


def test_a_customer_id_column_of_phones_shows_the_loaders_digest_in_dropped_rows():
    load = load_orders([("pos.csv", PHONE_ORDERS)])
    mapping = load.files[0].mapping
    assert mapping["customer_id"] == "客户"
    view = dropped_rows_view(load.dropped_rows, [mapping])
    assert len(view) == 2  # two closed orders
    digest = load.orders.loc[load.orders["order_id"] == "1", "customer_id"].iloc[0]
    assert digest.startswith("p:")
    # The same digest the loader gave order 1's customer; the numeric id as written, not 14527.0.
    assert view["客户"].tolist() == [digest, "14527"]
    assert "13812345678" not in view.to_csv()


def test_phones_and_emails_are_hidden_whatever_the_header():
    frame = pd.DataFrame(
        {
            "订单编号": ["2127836121094490006", "2"],
            "备注": ["13812345678", "ok"],
            "Contact": ["a@example.com", None],
            "收货人姓名": ["张三", "李四"],
            "买家支付宝账号": ["158****3086", "x"],
            "金额": ["-12.5", "8"],
        }
    )
    shown = hide_personal(frame)
    assert shown["订单编号"].tolist() == ["2127836121094490006", "2"]  # an order number is no phone
    assert shown["备注"].tolist() == [MASK, "ok"]
    assert shown["Contact"].iloc[0] == MASK
    assert shown["收货人姓名"].tolist() == [MASK, MASK]
    assert shown["买家支付宝账号"].tolist() == [MASK, MASK]
    assert shown["金额"].tolist() == ["-12.5", "8"]
    assert personal_cells(pd.Series(["+44 20 7946 0958", "0571-88886666", "(415) 555-0100"])).all()


def test_dropped_rows_in_the_readers_language_without_none():
    view = pd.DataFrame({"file": ["a.csv"], "row": [3], "reason": ["cancelled"], "状态": [None]})
    shown = translated_rows(
        view,
        {"file": "文件", "row": "行号", "reason": "原因"},
        reasons={"cancelled": "已取消"}.get,
        empty="（空）",
    )
    assert list(shown.columns) == ["文件", "行号", "原因", "状态"]
    assert shown.iloc[0].tolist()[2:] == ["已取消", "（空）"]


# --- files the app writes --------------------------------------------------------------------------------


def test_formula_headers_are_escaped_and_text_amounts_become_numbers():
    frame = pd.DataFrame({'=HYPERLINK("x")': ["a"], "@user": ["b"], "金额": ["-12.50"], "单号": ["007"]})
    escaped = escape_formula_cells(frame)
    assert list(escaped.columns) == ['\'=HYPERLINK("x")', "'@user", "金额", "单号"]
    assert escaped["金额"].tolist() == [-12.5]  # -12.50 read as text is still a number
    assert escaped["单号"].tolist() == ["007"]  # a leading zero keeps an id as text
    assert csv_bytes(frame).decode("utf-8-sig").splitlines() == [
        '\'=HYPERLINK(""x"")",\'@user,金额,单号'.replace("'=HYPERLINK", "\"'=HYPERLINK"),
        "a,b,-12.5,007",
    ]
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(frame))).active
    assert sheet["A1"].value == '\'=HYPERLINK("x")' and sheet["A1"].data_type == "s"
    assert sheet["C2"].value == -12.5 and sheet["C2"].data_type == "n"  # a number, not text


def test_long_order_numbers_stay_text():
    escaped = escape_formula_cells(pd.DataFrame({"订单编号": ["2127836121094490006", "-1"]}))
    # 19 digits would be rounded by a spreadsheet: the column stays text, "-1" escaped.
    assert escaped["订单编号"].tolist() == ["2127836121094490006", "'-1"]


def test_the_mapping_preview_hides_free_text_holding_a_phone_or_an_email():
    # Issue 21: a buyer's note "请打 139…" under 买家留言 (a header naming no person) was shown.
    preview = pd.DataFrame(
        {
            "订单编号": ["2127836121094490006", "2127836121094490007", "3"],
            "买家留言": ["请打 139 0000 1111 再发货", "发票寄 ann@example.com", "尽快发货"],
            "宝贝标题": ["刻字 13800001111", "北欧陶瓷杯", None],
        }
    )
    shown = mask_personal_columns(preview, {"order_id": "订单编号"})
    assert shown["买家留言"].tolist() == [MASK, MASK, "尽快发货"]
    assert shown["宝贝标题"].tolist()[:2] == [MASK, "北欧陶瓷杯"]
    assert shown["订单编号"].tolist() == ["2127836121094490006", "2127836121094490007", "3"]


# --- server paths ------------------------------------------------------------------------------------------

SERVER_PATH = "/srv/app/data/users/0f3a9c/history.sqlite"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_dashboard_message_shows_a_server_path(lang):
    # Every analytics message, each placeholder given the server's path (as analytics names files,
    # stores and folders), worded for the dashboard: only the file's own name may appear.
    import string

    from analytics.errors import Message
    from analytics.messages.catalog import load_catalog
    from ui.messages import message_text

    texts = load_catalog(lang).texts
    checked = 0
    for code, text in texts.items():
        names = {name for _, name, _, _ in string.Formatter().parse(text) if name}
        if not names:
            continue
        params = {name: SERVER_PATH for name in names}
        params |= {"detail": f"[Errno 13] Permission denied: '{SERVER_PATH}'"} if "detail" in names else {}
        shown = message_text(Message(code, params), lang)
        assert "/srv" not in shown and "0f3a9c" not in shown, (code, shown)
        checked += 1
    assert checked > 50
