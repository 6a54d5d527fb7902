"""Hostile file shapes uploaded in the dashboard (issue 21, findings 1 and 11), in both languages.

A 2,000,000-column header kept the server busy for 622 s before a miscounted message; an
unclosed quote read as "1 rows read, 0 used". Both are now refused at once with the right count
or line, in the reader's language. Timings: benchmarks/bench_guards.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
WIDE = ",".join(f"c{i}" for i in range(2_000_000)).encode() + b"\n1,2\n"
UNCLOSED = (
    b"order_id,customer_id,order_time,amount\nA0,c0,2025-01-01,12.5\n"
    b'A1,"c1,2025-01-01,12.5\nA2,c2,2025-01-02,3\nA3,c3,2025-01-03,4\n'
)


def _upload(lang: str, name: str, content: bytes) -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    at.query_params["lang"] = lang
    at.run()
    at.file_uploader(key="uploader").set_value([(name, content, "text/csv")])
    return at.run()


@pytest.mark.parametrize(("lang", "words"), [("zh", ("2,000,000", "列")), ("en", ("2,000,000", "columns"))])
def test_a_two_million_column_header_is_refused_with_its_count(lang: str, words: tuple[str, ...]) -> None:
    at = _upload(lang, "wide.csv", WIDE)
    assert not at.exception, [e.value for e in at.exception]
    errors = [e.value for e in at.error]
    assert any("wide.csv" in e and all(word in e for word in words) for e in errors), errors


@pytest.mark.parametrize(("lang", "words"), [("zh", ("第 3 行", "引号")), ("en", ("line 3", "quote"))])
def test_an_unclosed_quote_is_refused_naming_its_line(lang: str, words: tuple[str, ...]) -> None:
    at = _upload(lang, "orders.csv", UNCLOSED)
    assert not at.exception, [e.value for e in at.exception]
    errors = [e.value for e in at.error]
    assert any("orders.csv" in e and all(word in e for word in words) for e in errors), errors
