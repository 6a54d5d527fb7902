"""Pages reuse the dataset's purchase log: no page builds one from a plain frame of the orders.

The dataset (and each store/channel selection of it) is an ``analytics.metrics.orderbook.Orders``
that builds its purchase log once. A metric handed a plain frame builds the log again (a million
customer ids factorized, most of a second), so a page calling one that way would be slow with no
wrong figure to show for it: this test counts the logs built outside an ``Orders`` object while
every page (Customers aside: its models fit their own summaries) is shown and filtered.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from analytics.metrics.purchases import PurchaseLog

ROOT = Path(__file__).resolve().parents[2]
PAGES = ("repeat", "members", "returning", "tiers", "campaign", "history", "report", "home")


def _three_stores() -> bytes:
    # 600 orders of 80 customers over 120 days in three stores, a Taobao-like export.
    rng = np.random.default_rng(3)
    frame = pd.DataFrame(
        {
            "订单编号": np.arange(1, 601),
            "买家会员名": [f"c{i}" for i in rng.integers(0, 80, 600)],
            "订单付款时间": (
                pd.Timestamp("2025-01-01 10:00") + pd.to_timedelta(rng.integers(0, 120, 600), unit="D")
            ).strftime("%Y-%m-%d %H:%M"),
            "买家实际支付金额": rng.integers(10, 300, 600),
            "店铺名称": np.asarray(["东店", "西店", "南店"])[rng.integers(0, 3, 600)],
        }
    )
    return frame.to_csv(index=False).encode("utf-8")


@pytest.fixture
def plain_builds(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record each purchase log built from a plain frame (not by an Orders object), with its caller."""
    found: list[str] = []
    build = PurchaseLog.from_orders.__func__

    def from_orders(cls, orders, customers=None):
        caller = sys._getframe(1)
        if not (caller.f_code.co_name == "log" and caller.f_code.co_filename.endswith("orderbook.py")):
            # Who asked: the three nearest callers (the page's call is above the metric's).
            frames = [caller, caller.f_back, caller.f_back and caller.f_back.f_back]
            found.append(
                " < ".join(
                    f"{f.f_code.co_filename.rsplit('/', 1)[-1]}:{f.f_code.co_name}" for f in frames if f
                )
            )
        return build(cls, orders, customers)

    monkeypatch.setattr(PurchaseLog, "from_orders", classmethod(from_orders))
    return found


def test_no_page_builds_a_purchase_log_from_a_plain_frame(plain_builds):
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=180)
    at.query_params["lang"] = "en"
    at.run()
    at.file_uploader(key="uploader").set_value(("three_stores.csv", _three_stores(), "text/csv")).run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.metric  # the Overview's figures are shown
    for page in PAGES:
        at.switch_page(f"views/{page}.py").run()
        assert not at.exception, (page, [e.value for e in at.exception])
    at.multiselect(key="filter_stores").set_value(["东店"]).run()
    at.switch_page("views/repeat.py").run()
    at.multiselect(key="filter_stores").set_value(["西店", "南店"]).run()
    assert not at.exception, [e.value for e in at.exception]
    assert plain_builds == []
