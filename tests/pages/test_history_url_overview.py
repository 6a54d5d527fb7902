"""The Overview on a history database: the same figures as the same export uploaded, no order row read.

One export of three stores is uploaded as a file in one session, and ingested into a DuckDB (and a
PostgreSQL) history named by ``RCD_HISTORY_URL`` in another session with nothing uploaded. The
Overview's cards, store ranking, store index and monthly tables must be equal, in both languages,
also with a store filter and a period change; reading the history's orders into the app is made to
fail, so the history session can only have computed them in the engine.
"""

from __future__ import annotations

import sys
import uuid
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from analytics.loading import load_orders
from analytics.store import ingest_frame

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "store"))
TIMEOUT = 120
from postgres_server import PASSWORD  # noqa: E402

from tests.store.conftest import postgres_cluster  # noqa: E402, F401 (the store tests' private cluster)

QUALITY = ("Data quality", "数据质量")
NOTE = {"en": "Figures computed in the history database", "zh": "各项数字在历史数据库中计算"}


def _export(folder: Path) -> Path:
    """Write an export of 600 orders of 70 customers and guests in three stores over five months."""
    rng = np.random.default_rng(3)
    n = 600
    frame = pd.DataFrame(
        {
            "order_id": [f"o{i}" for i in range(n)],
            "customer_id": ["" if k % 11 == 0 else f"c{k % 70}" for k in rng.integers(0, 500, n)],
            "order_time": (
                pd.Timestamp("2025-01-10") + pd.to_timedelta(rng.integers(0, 150 * 24, n), unit="h")
            ).strftime("%Y-%m-%d %H:%M:%S"),
            "amount": np.round(rng.uniform(5, 200, n), 2),
            "store": rng.choice(["North", "South", "East"], n),
            "channel": rng.choice(["web", "shop"], n),
            "currency": rng.choice(["USD", "usd", "GBP"], n),  # USD most often: amounts in US$
        }
    )
    path = folder / "orders.csv"
    frame.to_csv(path, index=False)
    return path


def _app(lang: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=TIMEOUT)
    at.query_params["lang"] = lang
    at.context = {"timezone": "Asia/Shanghai", "timezone_offset": -480}
    return at.run()


def _figures(at: AppTest) -> dict[str, object]:
    """Return what the Overview shows: the cards, every table, the section headings."""
    assert not at.exception, [e.value for e in at.exception]
    headings = [e.value for e in at.main.subheader]
    return {
        "cards": [(m.label, m.value, m.delta) for m in at.main.metric],
        "tables": [e.value.to_dict("list") for e in at.main.dataframe] + [e.value for e in at.main.table],
        # An upload's own sections (data quality, its dropped rows) come after the history's.
        "headings": headings[: next((i for i, h in enumerate(headings) if h in QUALITY), None)],
    }


def _choose(at: AppTest, lang: str, *, stores: list[str], preset: str) -> AppTest:
    at.multiselect(key="filter_stores").set_value(stores)
    at.selectbox(key=f"period_preset_{lang}").set_value(preset)
    return at.run()


def _interactions(at: AppTest, lang: str) -> list[dict[str, object]]:
    seen = [_figures(at)]
    seen.append(_figures(_choose(at, lang, stores=["North", "East"], preset="7")))
    seen.append(_figures(_choose(at, lang, stores=[], preset="90")))
    return seen


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("engine", ["duckdb", pytest.param("postgresql", marks=pytest.mark.postgres)])
def test_the_overview_on_a_history_database_equals_the_uploaded_export(
    engine, lang, tmp_path, monkeypatch, request
):
    export = _export(tmp_path)
    # The export as files: uploaded, no history.
    files = _app(lang)
    files.file_uploader(key="uploader").set_value([(export.name, export.read_bytes(), "text/csv")])
    from_files = _interactions(files.run(), lang)
    # The same export in a history database, nothing uploaded, the rows never read into the app.
    if engine == "duckdb":
        url = f"duckdb://{tmp_path}/history.duckdb"
    else:
        monkeypatch.setenv("PGPASSWORD", PASSWORD)
        url = f"{request.getfixturevalue('postgres_cluster').url()}?schema=t_{uuid.uuid4().hex[:12]}"
    load = load_orders([export])
    ingest_frame(url, load.orders, file_name=export.name, invalid=load.invalid_orders, shop="chain")
    monkeypatch.setenv("RCD_HISTORY_URL", url)

    def no_rows(*args, **kwargs):
        raise AssertionError("the Overview read the history's orders into the app")

    monkeypatch.setattr("analytics.store.history_orders", no_rows)
    history = _app(lang)
    assert any(NOTE[lang] in c.value for c in history.caption)
    from_history = _interactions(history, lang)
    assert len(from_history[0]["cards"]) >= 6 and len(from_history[0]["tables"]) >= 2
    assert "$" in str(from_history[0]["cards"])  # en "$10,550", zh "US$10,550"
    for shown, expected in zip(from_history, from_files, strict=True):
        # The upload's own sections (data quality: its rows and their tables) are not the history's.
        expected["tables"] = expected["tables"][: len(shown["tables"])]
        expected["cards"] = expected["cards"][: len(shown["cards"])]  # its rows read, used, dropped
        assert shown == expected


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_other_pages_on_a_large_history_database_say_so_instead_of_reading_it(lang, tmp_path, monkeypatch):
    export = _export(tmp_path)
    url = f"duckdb://{tmp_path}/history.duckdb"
    load = load_orders([export])
    ingest_frame(url, load.orders, file_name=export.name, invalid=load.invalid_orders, shop="chain")
    monkeypatch.setenv("RCD_HISTORY_URL", url)
    # 600 stored orders against a limit of 100: as ten million against a million.
    monkeypatch.setattr("ui.history_engine.READ_LIMIT", 100)

    def no_rows(*args, **kwargs):
        raise AssertionError("a page read the history's orders into the app")

    monkeypatch.setattr("analytics.store.history_orders", no_rows)
    at = _app(lang)
    assert not at.exception, [e.value for e in at.exception]
    assert len(at.main.metric) >= 6  # the Overview computes in the database
    note = {"en": "not yet computed in the history database", "zh": "尚未在历史数据库中计算"}[lang]
    for page in ("views/campaign.py", "views/customers.py"):
        at.switch_page(page).run()
        assert not at.exception, [e.value for e in at.exception]
        assert any(note in i.value and "600" in i.value for i in at.info), page
    at.switch_page("views/history.py").run()  # the uploads list needs no order rows
    assert not at.exception, [e.value for e in at.exception]
    assert list(at.dataframe[0].value.iloc[:, 3]) == ["orders.csv"]
    at.switch_page("views/home.py").run()
    assert not at.exception and len(at.main.metric) >= 6
