"""The report's contact section where the purchase model does not hold (UCI): said, and not shown as fact."""

from __future__ import annotations

import pytest

from analytics.messages import render
from analytics.metrics.customers.scores import score_customers
from analytics.report.contact import contact_section
from analytics.report.inputs import ReportInputs


@pytest.mark.slow
def test_uci_contact_section_says_the_model_fails_and_ranks_by_contact_value(uci_load):
    orders = uci_load.orders
    section = contact_section(ReportInputs(orders=orders, shop="UCI", currency="GBP"))
    scores = score_customers(orders, time_unit="W", horizon=13)
    codes = [m.code for m in section.reading]
    # The one sentence of the Customers page, then the ranking it uses instead of the forecast.
    assert "customers.health.not_holding" in codes and "customers.report.contact_top_lapse" in codes
    sentence = next(m for m in section.reading if m.code == "customers.health.not_holding")
    assert render(sentence.code, sentence.params).startswith("The purchase model does not hold on this data")
    _, top = section.tables
    keys = [c.key for c in top.columns]
    # No chance of being active nor forecast spend; the expected value of a contact, highest first.
    assert "p_alive" not in keys and "expected_value" not in keys and "contact_value" in keys
    listed = scores.customers[scores.customers["reason"].notna()]
    expected = listed["contact_value"].sort_values(ascending=False).head(10).tolist()
    assert top.column("contact_value") == pytest.approx(expected)
