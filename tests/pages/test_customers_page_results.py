"""The Customers page's charts, tables and tier thresholds show the analytics results, in both languages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from analytics.loading import load_members, load_orders
from analytics.messages import render
from analytics.metrics.currency import guess_currency
from analytics.metrics.customers.care import member_tiers
from analytics.metrics.customers.clusters import value_clusters
from analytics.metrics.customers.comeback import comeback_drivers
from analytics.metrics.customers.scores import score_customers
from analytics.report.text import Texts
from ui.format import fmt_money
from ui.i18n import translate

ROOT = Path(__file__).resolve().parents[2]
TAOBAO_XLSX = ROOT / "sample_data" / "taobao_orders.xlsx"
MEMBERS = ROOT / "sample_data" / "members.xlsx"
TIMEOUT = 240


def _table(at: AppTest, header: str):
    found = [df.value for df in at.dataframe if df.value.columns[0] == header]
    assert found, f"no table headed {header!r}"
    return found[0]


def _figures(at: AppTest) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_customers_page_charts_tables_and_tier_thresholds(lang):
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=TIMEOUT)
    at.query_params["lang"] = lang
    at.run()
    at.file_uploader(key="uploader").set_value(
        [(p.name, p.read_bytes(), "application/octet-stream") for p in (TAOBAO_XLSX, MEMBERS)]
    )
    at.run()
    at.switch_page("views/customers.py").run()
    assert not at.exception, [e.value for e in at.exception]
    orders = load_orders([TAOBAO_XLSX]).orders
    members = load_members(MEMBERS).members
    scores = score_customers(orders, time_unit="W", horizon=13, members=members)
    # The page writes amounts in the currency the export states (this Taobao sample states none).
    load = load_orders([TAOBAO_XLSX])
    currency = guess_currency(orders, headers=[h for f in load.files for h in f.mapping.values()])
    texts = Texts(lang, currency)
    ui = lambda key, **values: translate(key, lang, **values)  # noqa: E731

    # Charts: segments, Pareto, P(alive), holdout and LTV are drawn, none of them an empty message.
    figures = _figures(at)
    assert len(figures) == 5
    assert not [a for f in figures for a in f["layout"].get("annotations", []) if a.get("name") == "empty"]
    point = next(tr for f in figures for tr in f["data"] if tr.get("mode") == "markers+text")
    top = f"{scores.pareto.top_sales_share:.1%}"
    assert point["text"] == [ui("cust_pareto_point").format(customers="20%", sales=top)]
    segment_bars = next(f for f in figures if ui("cust_segments_chart_title") in f["layout"]["title"]["text"])
    assert segment_bars["data"][0]["x"] == [f.customers for f in scores.segments.figures]

    # Repeat rate by first product (宝贝标题) and by first order value, in yuan.
    drivers = comeback_drivers(orders, scores.summary)
    items = _table(at, ui("cust_by_item"))
    assert list(items.iloc[:, 0]) == [
        r.label if isinstance(r.label, str) else texts(r.label) for r in drivers.rows("item")
    ]
    bands = _table(at, ui("cust_by_value_band"))
    expected_bands = [texts(r.label) for r in drivers.rows("value_band")]
    assert list(bands.iloc[:, 0]) == expected_bands
    assert list(bands.iloc[:, 3]) == [f"{r.rate.value:.1%}" for r in drivers.rows("value_band")]

    # Value clusters named from the catalogs.
    clusters = value_clusters(scores.summary)
    table = _table(at, ui("cust_cluster"))
    names = [render(f"customers.segment.{code}", {}, lang=lang) for code in clusters.centroids["code"]]
    assert list(table[ui("cust_cluster_name")]) == names
    assert list(table[ui("cust_customer_count")]) == [f"{n:,}" for n in clusters.centroids["customers"]]

    # Tier thresholds entered on the page feed "near the next tier".
    tiers = member_tiers(members)
    lowest = scores.customers[scores.customers["tier"].astype("object") == tiers[0]]
    need = float(round(lowest["sales"].max() * 1.1))
    at.number_input(key=f"cust_tier_{tiers[1]}").set_value(need).run()
    assert not at.exception, [e.value for e in at.exception]
    with_tiers = score_customers(
        orders, time_unit="W", horizon=13, members=members, tier_thresholds={tiers[1]: need}
    )
    count = with_tiers.care_counts()["near_next_tier"]
    assert count > 0
    label = f"{ui('cust_care_near_next_tier')} ({count:,})"
    assert label in [tab.label for tab in at.tabs]
    # Its reasons name the tier and the missing amount.
    reason = render("customers.export.reason", {}, lang=lang)
    near = next(
        df.value
        for df in at.dataframe
        if df.value.shape[0] == count
        and reason in df.value.columns
        and tiers[1] in str(df.value[reason].iloc[0])
    )
    # Each list shows the expected value of a contact, written as the page writes money.
    first = with_tiers.care[with_tiers.care["reason"] == "near_next_tier"].iloc[0]
    assert near[ui("cust_contact_value")].iloc[0] == fmt_money(
        first["contact_value"], currency=currency, lang=lang
    )
