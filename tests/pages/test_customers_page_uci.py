"""The Customers page on the real UCI file, where the purchase model does not hold, in both languages."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from analytics.messages import render
from analytics.metrics.customers.power import control_size, share_for_difference
from analytics.metrics.customers.scores import score_customers
from tests.uci_data import uci_load
from ui.i18n import translate

ROOT = Path(__file__).resolve().parents[2]
UCI = ROOT / "sample_data" / "real" / "online_retail.csv.gz"
TIMEOUT = 300


@pytest.fixture(scope="module")
def uci_scores():
    # As the page scores an upload: customer value net of the file's refunds (cancellation invoices).
    load = uci_load()  # load_orders([UCI]), loaded once per test process
    return score_customers(load.orders, time_unit="W", horizon=13, refunds=load.refunds)


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_uci_page_says_the_model_does_not_hold_and_answers_with_the_lapse_rule(lang, uci_scores):
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=TIMEOUT)
    at.query_params["lang"] = lang
    at.run()
    at.file_uploader(key="uploader").set_value([(UCI.name, UCI.read_bytes(), "application/gzip")])
    at.run()
    at.switch_page("views/customers.py").run()
    assert not at.exception, [e.value for e in at.exception]
    ui = lambda key, **values: translate(key, lang, **values)  # noqa: E731
    scores = uci_scores
    # One sentence: the model does not hold, and why (the fitted dropout, the holdout's miss).
    sentence = render(scores.health.sentence.code, scores.health.sentence.params, lang=lang)
    warnings = [w.value for w in at.warning]
    assert any(sentence.split("（")[0].split(" (")[0] in w for w in warnings), warnings
    # P(alive) is not shown as a fact; the lapse answer is, with its backtest.
    assert ui("cust_alive_not_shown") in [i.value for i in at.info]
    metrics = {m.label: m.value for m in at.metric}
    assert metrics[ui("cust_lapsed_customers")] == f"{scores.lapse.lapsed:,}"
    backtest = scores.backtest
    assert metrics[ui("cust_lapse_called")] == f"{backtest.lapsed.denominator:,}"
    assert metrics[ui("cust_lapse_back_lapsed")] == f"{backtest.lapsed.value:.1%}"
    assert metrics[ui("cust_lapse_back_active")] == f"{backtest.active.value:.1%}"
    # The holdout check gives its verdict: -18.0% is beyond the 15% limit.
    error = f"{scores.holdout.total_relative_error:.1%}"
    verdict = ui("cust_holdout_fails", error=error, limit="15.0%")
    assert verdict in [c.value for c in at.caption]
    # Care lists are not empty; the valuable-at-risk tab names its size, reasons are sentences.
    counts = scores.care_counts()
    assert counts["at_risk"] > 0
    tabs = [tab.label for tab in at.tabs]
    assert f"{ui('cust_care_at_risk')} ({counts['at_risk']:,})" in tabs
    reason = render("customers.export.reason", {}, lang=lang)
    first = next(df.value for df in at.dataframe if reason in df.value.columns)
    assert len(first) == min(counts["at_risk"], 200)
    assert not any(str(r).startswith("customers.") for r in first[reason])

    # Sizing the control group: pick a difference, use the split that detects it.
    at.number_input(key="cust_target").set_value(15).run()
    at.toggle(key="cust_use_suggested").set_value(True).run()
    assert not at.exception, [e.value for e in at.exception]
    listed = scores.care["customer_id"].nunique()
    chance = scores.customers["purchase_chance"].reindex(scores.care["customer_id"].unique())
    suggested = share_for_difference(listed, 0.15, base_rate=float(chance.mean()))
    shown = {m.label: m.value for m in at.metric}[ui("cust_control_share")]
    assert shown == f"{round(suggested.share * 100)}%"
    split = control_size(listed, suggested.share, base_rate=float(chance.mean()))
    assert split.detectable <= 0.15
    assert any(f"{split.detectable * 100:.1f}" in c.value for c in at.caption)
