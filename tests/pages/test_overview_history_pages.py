"""Overview and History pages: whose data, what is loaded, Markdown from files, both languages.

Two AppTest sessions in one process share one server (its caches and data folder), so they stand in
for two visitors of a shared dashboard.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from analytics.loading import load_orders
from tests.pages.conftest import server_address
from tests.ui.language import english_words
from ui.safe_text import JOINER, md
from ui.tenancy import user_folder_name

ROOT = Path(__file__).resolve().parents[2]
TAOBAO_XLSX = ROOT / "sample_data" / "taobao_orders.xlsx"
TIMEOUT = 120
AUTH = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "x" * 32}
ISSUER = "https://id.example.com"


def _app(lang: str = "zh", *, user: dict | None = None, auth: bool = False) -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=TIMEOUT)
    at.query_params["lang"] = lang
    at.context = {"timezone": "Asia/Shanghai", "timezone_offset": -480}
    if auth:
        at.secrets["auth"] = AUTH
    if user is not None:
        at.user = user
    return at.run()


def _upload(at: AppTest, *files: tuple[str, bytes]) -> AppTest:
    at.file_uploader(key="uploader").set_value([(n, b, "application/octet-stream") for n, b in files])
    return at.run()


def _texts(at: AppTest) -> list[str]:
    """Every Markdown-rendered text on the page (alerts, captions, Markdown, titles)."""
    kinds = ("markdown", "caption", "info", "warning", "error", "success", "title", "subheader")
    return [e.value for kind in kinds for e in at.get(kind)]


def _save_history(at: AppTest) -> AppTest:
    at.switch_page("views/history.py").run()
    (save,) = [b for b in at.button if b.key is None and "历史" in b.label]
    save.click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def plain(text: str) -> str:
    """Return Markdown-escaped file text as a reader sees it."""
    return text.replace("\\", "").replace(JOINER, "")


def _clean(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]


TAOBAO = (TAOBAO_XLSX.name, TAOBAO_XLSX.read_bytes())


# --- two visitors of one server ---------------------------------------------------------------------------


def test_network_server_without_sign_in_keeps_each_visitor_to_their_session(tmp_path):
    with server_address(None):  # Streamlit's default: every interface
        alice = _upload(_app(), TAOBAO)
        _clean(alice)
        assert any("只保存在当前浏览器会话中" in c.value for c in alice.sidebar.caption)
        _save_history(alice)
        orders = len(load_orders([TAOBAO_XLSX]).orders)
        assert any(f"新增 {orders:,} 笔" in s.value for s in alice.success)
        assert any("只保存在当前浏览器会话中" in i.value for i in alice.info)  # the History page says so
        # ... and for how long: the tab's lifetime, then at most the janitor's delay.
        assert any("关闭或刷新该标签页后 40 秒内删除" in c.value for c in alice.caption)
        # Alice sees her saved upload in her own session...
        assert list(alice.dataframe[0].value["文件"]) == ["taobao_orders.xlsx"]

        bob = _app()
        _clean(bob)
        # ... Bob sees neither her upload nor her history: the labelled sample data.
        assert any("正在查看示例数据" in i.value for i in bob.info)
        bob.switch_page("views/history.py").run()
        assert any("还没有历史数据" in i.value for i in bob.info)
        assert not bob.dataframe
    # Nothing was written to the shared data folder.
    assert list(tmp_path.iterdir()) == []


def test_signed_in_users_each_have_their_own_history_and_mappings(tmp_path):
    with server_address(None):
        alice = {"is_logged_in": True, "iss": ISSUER, "sub": "alice-1", "email": "alice@example.com"}
        at = _upload(_app(user=alice, auth=True), TAOBAO)
        _clean(at)
        # The address reads as written (escapes and the invisible joiner that stops a mailto link aside).
        assert any("alice@example.com" in plain(c.value) for c in at.sidebar.caption)
        assert [b.label for b in at.sidebar.button if b.key == "sign_out"] == ["退出登录"]
        _save_history(at)
        store = tmp_path / "users" / user_folder_name(ISSUER, "alice-1") / "history.sqlite"
        assert store.exists() and not (tmp_path / "history.sqlite").exists()

        # Alice's next visit shows her history; Bob's shows the sample data.
        again = _app(user=alice, auth=True)
        assert not any("正在查看示例数据" in i.value for i in again.info)
        bob = _app(
            user={"is_logged_in": True, "iss": ISSUER, "sub": "bob-2", "email": "bob@example.com"}, auth=True
        )
        assert any("正在查看示例数据" in i.value for i in bob.info)
        bob.switch_page("views/history.py").run()
        assert any("还没有历史数据" in i.value for i in bob.info)

        # Sign-in configured, not signed in: a sign-in button and this session only.
        guest = _app(user={"is_logged_in": False}, auth=True)
        assert [b.label for b in guest.sidebar.button if b.key == "sign_in"] == ["登录"]
        assert any("登录后可长期保存" in c.value for c in guest.sidebar.caption)


def test_subjects_differing_only_in_letter_case_never_share_a_history(tmp_path):
    # Issue 21: sub=alice-sub and sub=ALICE-SUB shared one folder (the id was lower-cased), so the
    # second saw and could delete the first's history.
    with server_address(None):
        lower = {"is_logged_in": True, "iss": ISSUER, "sub": "alice-sub", "email": "a@example.com"}
        upper = {"is_logged_in": True, "iss": ISSUER, "sub": "ALICE-SUB", "email": "a2@example.com"}
        _save_history(_upload(_app(user=lower, auth=True), TAOBAO))
        other = _app(user=upper, auth=True)
        assert any("正在查看示例数据" in i.value for i in other.info)
        other.switch_page("views/history.py").run()
        _clean(other)
        assert any("还没有历史数据" in i.value for i in other.info)
        stores = list((tmp_path / "users").glob("*/history.sqlite"))
        assert len(stores) == 1
        # Folders and the store are the server user's only.
        folder = stores[0].parent
        assert [oct(p.stat().st_mode & 0o777) for p in (tmp_path, tmp_path / "users", folder)] == [
            "0o700"
        ] * 3
        assert oct((folder / "history.sqlite").stat().st_mode & 0o777) == "0o600"


def test_local_user_keeps_history_in_the_data_folder_and_no_page_shows_its_path(tmp_path):
    at = _upload(_app(), TAOBAO)
    _save_history(at)
    assert (tmp_path / "history.sqlite").exists()
    assert not any(str(tmp_path) in text or "history.sqlite" in text for text in _texts(at))
    # Upload times in the viewer's zone, counts with thousands separators.
    uploads = at.dataframe[0].value
    assert "上传时间（Asia/Shanghai）" in uploads.columns
    orders = len(load_orders([TAOBAO_XLSX]).orders)
    assert list(uploads["订单数"]) == [f"{orders:,}"] or list(uploads.iloc[:, 7]) == [f"{orders:,}"]


# --- text from files is never Markdown ----------------------------------------------------------------------

INJECTED = (
    "订单编号,买家会员名,订单付款时间,买家实际支付金额,订单状态\n"
    "1,a,2025-03-01 10:00,100,交易成功\n"
    "2,b,2025-03-02 10:00,50,![x](https://example.invalid/x.png)\n"
    "3,c,2025-03-03 10:00,30,交易关闭\n"
).encode()
LINK_NAME = "[点我](https://example.invalid)订单.csv"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_an_unknown_status_and_a_link_in_a_file_name_never_become_markup(lang):
    at = _upload(_app(lang), (LINK_NAME, INJECTED))
    _clean(at)
    texts = _texts(at)
    assert texts
    joined = "\n".join(texts)
    # The escaped status is on the page (the unknown-status warning), and neither an image nor a link.
    assert md("![x](https://example.invalid/x.png)") in joined
    assert md(LINK_NAME) in joined
    for text in texts:
        assert "![x](" not in text and "](https" not in text


# --- the Overview: what is loaded, in the reader's language ------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "loaded", "instructions", "cleared"),
    [
        ("zh", "当前已加载的文件（1 个）", "把文件拖到上面的框中", "清除上传，返回示例数据"),
        (
            "en",
            "Files loaded now (1)",
            "Drag files onto the box above",
            "Clear uploads, back to the sample data",
        ),
    ],
)
def test_overview_shows_what_is_loaded_after_coming_back(lang, loaded, instructions, cleared):
    load = load_orders([TAOBAO_XLSX])
    at = _upload(_app(lang), TAOBAO)
    at.switch_page("views/repeat.py").run()
    at.switch_page("views/home.py").run()
    _clean(at)
    assert any(loaded in m.value for m in at.markdown)
    assert any(instructions in c.value for c in at.caption)
    assert "taobao_orders.xlsx" in [t.value for t in at.text]
    rows = f"{load.rows_read:,}"
    assert any(rows in t.value for t in at.text)
    # A spreadsheet is described by its sheet, never "encoding —".
    summary = [c.value for c in at.caption if "taobao_orders.xlsx" in c.value]
    assert summary and "XLSX" in summary[0] and "—" not in summary[0]
    (clear,) = [b for b in at.button if b.label == cleared]
    clear.click().run()
    assert at.file_uploader(key="uploader_1").value in (None, [])


@pytest.mark.parametrize(
    ("lang", "headers", "empty"),
    [("zh", ["文件", "行号", "原因"], "（空）"), ("en", ["File", "Row", "Reason"], "(empty)")],
)
def test_dropped_rows_read_in_the_ui_language_with_ids_as_written(lang, headers, empty):
    at = _upload(_app(lang), ("pos.csv", INJECTED.replace(b"![x](https://example.invalid/x.png)", b"")))
    _clean(at)
    # Found by its first header: the Overview also holds the peer-figures editor and the reasons table.
    rows = next(d.value for d in at.dataframe if len(d.value.columns) and d.value.columns[0] == headers[0])
    assert list(rows.columns[:3]) == headers
    assert "None" not in rows.astype(str).to_numpy().ravel().tolist()
    assert rows.iloc[0, 2] != "cancelled"  # the reason worded, not its key
    assert str(rows.iloc[0, 3]) == "3"  # the order number as written, not 3.0


def test_the_chinese_overview_has_no_english_text():
    at = _upload(_app("zh"), TAOBAO)
    for text in _texts(at):
        cleaned = (
            text.replace("taobao_orders.xlsx", "").replace("XLSX", "").replace("Sheet1", "")
        )  # from the file
        assert not english_words(cleaned), text
    assert not english_words(at.file_uploader(key="uploader").label)


# --- saving to the history: several shops, and no server path in any message ------------------------------

TWO_SHOPS = (
    "订单编号,买家会员名,订单付款时间,买家实际支付金额,订单状态,店铺名称\n"
    "1,a,2025-03-01 10:00,100,交易成功,东店\n"
    "2,b,2025-03-02 10:00,50,交易成功,西店\n"
    "3,a,2025-03-09 11:00,30,交易成功,东店\n"
).encode()
MEMBERS = "会员名,会员等级,入会时间\na,金卡,2024-01-01\nb,银卡,2024-02-01\n".encode()


def test_a_multi_shop_export_with_a_member_list_is_saved_for_each_shop(tmp_path):
    # Issue 21: the member list failed ("which shop?") and the message showed the store's path.
    at = _upload(_app(), ("两店.csv", TWO_SHOPS), ("会员.csv", MEMBERS))
    _clean(at)
    _save_history(at)
    assert not at.error, [e.value for e in at.error]
    saved = [plain(s.value) for s in at.success]
    assert sum("会员.csv" in s for s in saved) == 2  # the list once per shop: 东店 and 西店
    from analytics.store import history_members

    for shop in ("东店", "西店"):
        assert history_members(tmp_path / "history.sqlite", shop=shop)["customer_id"].tolist() == ["a", "b"]
    assert not any(str(tmp_path) in text for text in _texts(at))


def test_a_store_that_cannot_be_used_is_named_without_its_server_path(tmp_path):
    (tmp_path / "history.sqlite").write_bytes(b"not a database, 100 bytes of it " * 4)
    at = _upload(_app("en"), TAOBAO)
    _save_history_en(at)
    assert at.error  # the save failed with a sentence...
    for text in _texts(at):
        assert str(tmp_path) not in text and "/tmp" not in text, text  # ...naming no server path


def _save_history_en(at: AppTest) -> AppTest:
    at.switch_page("views/history.py").run()
    (save,) = [b for b in at.button if b.key is None and "history" in b.label.lower()]
    save.click().run()
    _clean(at)
    return at
