"""The Repeat-purchase and Returning pages on a history database: the files' figures, no order row read.

The sample export is uploaded as a file in one session, and ingested into a DuckDB (and a
PostgreSQL) history named by ``RCD_HISTORY_URL`` in another session with nothing uploaded. Both
pages must show the same cards, tables, readings, captions and charts (the plotly figures as sent
to the browser), in both languages, also after the page's own choices (N days, cumulative
cohorts, day/week/month), a period change and a store filter; reading the history's orders into
the app is made to fail, so the history session can only have computed them in the engine.
"""

from __future__ import annotations

import base64
import json
import sys
import uuid
from pathlib import Path

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from analytics.loading import load_members, load_orders
from analytics.store import ingest_frame, ingest_members

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "store"))
sys.path.insert(0, str(Path(__file__).resolve().parent))
TIMEOUT = 180
from postgres_server import PASSWORD  # noqa: E402
from test_history_url_overview import _export  # noqa: E402 (the three-store export)

from tests.store.conftest import postgres_cluster  # noqa: E402, F401 (the store tests' private cluster)

SAMPLE = ROOT / "sample_data" / "taobao_orders_gbk.csv"
NOTE = {"en": "Figures computed in the history database", "zh": "各项数字在历史数据库中计算"}


def _app(lang: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=TIMEOUT)
    at.query_params["lang"] = lang
    at.context = {"timezone": "Asia/Shanghai", "timezone_offset": -480}
    return at.run()


def _numbers(value):
    """Return ``value`` with plotly's typed arrays ({dtype, bdata}) as lists, floats to 1e-6.

    A history's engine sums money exactly where pandas adds floats: the same figures to the cent
    may differ in their last binary digits, which the browser never shows.
    """
    if isinstance(value, dict):
        if set(value) == {"dtype", "bdata"}:
            return np.frombuffer(base64.b64decode(value["bdata"]), dtype=value["dtype"]).round(6).tolist()
        return {k: _numbers(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_numbers(v) for v in value]
    return round(value, 6) if isinstance(value, float) else value


def _charts(at: AppTest) -> list[dict]:
    """Return the page's plotly figures as sent to the browser (their data and layout)."""
    found = []
    for element in at.main.get("plotly_chart"):
        spec = json.loads(element.proto.spec)
        found.append(_numbers({"data": spec.get("data"), "layout": spec.get("layout")}))
    return found


def _figures(at: AppTest) -> dict[str, object]:
    """Return what a page shows: cards with their help, tables, texts, captions, warnings, charts."""
    assert not at.exception, [e.value for e in at.exception]
    return {
        "cards": [(m.label, m.value, m.delta, m.help) for m in at.main.metric],
        "tables": [e.value.to_dict("list") for e in at.main.dataframe] + [e.value for e in at.main.table],
        "texts": [m.value for m in at.main.markdown],
        "captions": [c.value for c in at.main.caption],
        "notes": [w.value for w in at.main.warning] + [i.value for i in at.main.info],
        "charts": _charts(at),
    }


def _interactions(at: AppTest, lang: str, *, stores: list[str]) -> list[dict[str, object]]:
    """Show both pages, change their own choices, the period and the store filter; return each view."""
    seen = []
    at.switch_page("views/repeat.py").run()
    seen.append(_figures(at))
    at.segmented_control(key="repurchase_days").set_value(7).run()
    at.toggle(key="cohort_cumulative").set_value(True).run()
    seen.append(_figures(at))
    at.switch_page("views/returning.py").run()
    seen.append(_figures(at))
    for freq in ("W", "M"):
        at.segmented_control(key="trend_freq").set_value(freq).run()
        seen.append(_figures(at))
    return seen + _period_and_stores(at, lang, stores=stores, then="views/repeat.py")


def _period_and_stores(at: AppTest, lang: str, *, stores: list[str], then: str) -> list[dict[str, object]]:
    """Choose the last 90 days and ``stores``; return this page's view, then page ``then``'s."""
    at.selectbox(key=f"period_preset_{lang}").set_value("90").run()
    if stores:
        at.multiselect(key="filter_stores").set_value(stores).run()
    seen = [_figures(at)]
    at.switch_page(then).run()
    return [*seen, _figures(at)]


def _compare(
    engine: str, lang: str, files: list[Path], walk, *, tmp_path, request, monkeypatch
) -> list[dict]:
    """Walk the pages with ``files`` uploaded, then with them in a history database; assert equal.

    ``files``: the orders export, then the member list when there is one. The history session
    reads no order row (reading them fails). Returns the history session's views.
    """
    uploaded = _app(lang)
    uploaded.file_uploader(key="uploader").set_value([(p.name, p.read_bytes(), "text/csv") for p in files])
    from_files = walk(uploaded.run())

    if engine == "duckdb":
        url = f"duckdb://{tmp_path}/history.duckdb"
    else:
        monkeypatch.setenv("PGPASSWORD", PASSWORD)
        url = f"{request.getfixturevalue('postgres_cluster').url()}?schema=t_{uuid.uuid4().hex[:12]}"
    load = load_orders([files[0]])
    ingest_frame(url, load.orders, file_name=files[0].name, invalid=load.invalid_orders, shop="chain")
    for members in files[1:]:
        ingest_members(url, load_members(members).members, file_name=members.name, shop="chain")
    monkeypatch.setenv("RCD_HISTORY_URL", url)

    def no_rows(*args, **kwargs):
        raise AssertionError("a page read the history's orders into the app")

    monkeypatch.setattr("analytics.store.history_orders", no_rows)
    from_history = walk(_app(lang))
    for shown in from_history:  # the one difference: the history's pages say where they computed
        assert shown["captions"][0].startswith(NOTE[lang])
        del shown["captions"][0]
    for view, (shown, expected) in enumerate(zip(from_history, from_files, strict=True)):
        for part in expected:
            assert shown[part] == expected[part], (view, part)
    return from_history


@pytest.mark.parametrize(
    ("lang", "export"), [("zh", "sample"), ("en", "sample"), ("en", "stores"), ("zh", "stores")]
)
@pytest.mark.parametrize("engine", ["duckdb", pytest.param("postgresql", marks=pytest.mark.postgres)])
def test_the_pages_on_a_history_database_equal_the_uploaded_export(
    engine, lang, export, tmp_path, monkeypatch, request
):
    path = SAMPLE if export == "sample" else _export(tmp_path)
    stores = [] if export == "sample" else ["North", "East"]
    shown = _compare(
        engine,
        lang,
        [path],
        lambda at: _interactions(at, lang, stores=stores),
        tmp_path=tmp_path,
        request=request,
        monkeypatch=monkeypatch,
    )
    assert len(shown[0]["cards"]) >= 4 and len(shown[0]["charts"]) >= 4
    assert len(shown[0]["texts"]) >= 2  # the reading: the rate, then repurchase


def _member_pages(at: AppTest, lang: str, *, stores: list[str]) -> list[dict[str, object]]:
    """Show the Members and Tiers pages, change the period and the store filter; return each view."""
    seen = []
    for page in ("views/members.py", "views/tiers.py"):
        at.switch_page(page).run()
        seen.append(_figures(at))
    return seen + _period_and_stores(at, lang, stores=stores, then="views/members.py")


@pytest.mark.parametrize(("lang", "export"), [("zh", "sample"), ("en", "sample"), ("en", "stores")])
@pytest.mark.parametrize("engine", ["duckdb", pytest.param("postgresql", marks=pytest.mark.postgres)])
def test_the_member_pages_on_a_history_database_equal_the_uploaded_files(
    engine, lang, export, tmp_path, monkeypatch, request
):
    path = SAMPLE if export == "sample" else _export(tmp_path)
    stores = [] if export == "sample" else ["North", "East"]
    if export == "sample":
        members_file = SAMPLE.parent / "members.csv"
    else:  # every third customer of the three-store export a member, two tiers
        members_file = tmp_path / "members.csv"
        rows = [f"c{k},{'gold' if k % 2 else 'silver'}" for k in range(0, 70, 3)]
        members_file.write_text("customer_id,tier\n" + "\n".join(rows) + "\n")
    shown = _compare(
        engine,
        lang,
        [path, members_file],
        lambda at: _member_pages(at, lang, stores=stores),
        tmp_path=tmp_path,
        request=request,
        monkeypatch=monkeypatch,
    )
    assert len(shown[0]["cards"]) == 2 and len(shown[0]["tables"]) == 2  # members
    assert len(shown[1]["tables"]) == 2  # tiers and their care cycle
