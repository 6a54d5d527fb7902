"""The dashboard on a history URL: the pages work on a DuckDB history, a stopped server is said, not raised.

Run as ``python3 bootstrap.py run`` starts the app (one local user on the loopback address), with
the history named by ``RCD_HISTORY_URL`` as an operator would.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit import config
from streamlit.testing.v1 import AppTest

from analytics.loading import load_orders
from analytics.store import ingest_frame
from analytics.store.figures import history_summary

ROOT = Path(__file__).resolve().parents[2]
TAOBAO = ROOT / "sample_data" / "taobao_orders_gbk.csv"


@pytest.fixture(autouse=True)
def _local_app(monkeypatch, tmp_path):
    before = config.get_option("server.address")
    config.set_option("server.address", "localhost")
    monkeypatch.setenv("RCD_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("RCD_STORE", raising=False)
    yield
    config.set_option("server.address", before)


def _app() -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=180)
    at.query_params["lang"] = "zh"
    at.context = {"timezone": "Asia/Shanghai", "timezone_offset": -480}
    return at.run()


def _texts(at: AppTest) -> list[str]:
    kinds = ("markdown", "caption", "info", "warning", "error", "success", "title", "subheader")
    return [e.value for kind in kinds for e in at.get(kind)] + [e.value for e in at.sidebar.error]


def test_the_pages_read_a_duckdb_history_named_by_url(tmp_path, monkeypatch):
    url = f"duckdb://{tmp_path}/chain.duckdb"
    load = load_orders([TAOBAO])
    ingest_frame(url, load.orders, file_name="taobao.csv", invalid=load.invalid_orders)
    monkeypatch.setenv("RCD_HISTORY_URL", url)
    at = _app()
    assert not at.exception, [e.value for e in at.exception]
    # the history's own figures, not the sample data: the period's customers as summarize computes them
    summary, _ = history_summary(url)
    assert not any("正在查看示例数据" in i.value for i in at.info)
    assert f"{summary.customers:,}" in [m.value for m in at.metric]
    at.switch_page("views/history.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert list(at.dataframe[0].value.iloc[:, 3]) == ["taobao.csv"]
    assert not any(str(tmp_path) in text for text in _texts(at))


def test_a_history_server_that_does_not_answer_is_said_in_the_sidebar_and_pages_go_on(monkeypatch):
    from postgres_server import free_port

    monkeypatch.setenv("RCD_HISTORY_URL", f"postgresql://shop:hunter2@127.0.0.1:{free_port()}/history")
    at = _app()
    assert not at.exception, [e.value for e in at.exception]
    (note,) = at.sidebar.error
    assert "数据库服务器没有响应" in note.value and "hunter2" not in note.value
    # the pages still show what they can: the labelled sample data
    assert any("正在查看示例数据" in i.value for i in at.info)
