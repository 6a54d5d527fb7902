"""Every figure the Overview and the PDF cover both show is written the same, in both languages.

The cover's cards come from the report's content for the sidebar's default period and comparison
(the last 30 days against the 30 before) on the sample the Overview shows; a cover card whose
label is on the Overview must carry the same value and the same change.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from analytics.loading import load_campaign, load_members, load_orders
from analytics.metrics.period import resolve_period
from analytics.report import ReportInputs, build_content
from analytics.report.pdf import _cards
from analytics.report.text import Texts

sys.path.insert(0, str(Path(__file__).parent))
from test_app_pages import CAMPAIGN, MEMBERS, TAOBAO_XLSX, _app, _assert_clean


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_overview_and_cover_write_every_shared_figure_the_same(lang):
    orders = load_orders([TAOBAO_XLSX]).orders
    inputs = ReportInputs(
        orders=orders,
        shop="小雨家居旗舰店",
        currency=None,  # the sample's headers state no currency: the sidebar says "not stated"
        members=load_members(MEMBERS).members,
        campaign=load_campaign(CAMPAIGN).campaign,
    )
    content = build_content(inputs, period=resolve_period(orders), compare="previous")
    cover = {card["label"]: card for card in _cards(content, Texts(lang, None))}
    at = _app(lang)
    _assert_clean(at)
    page = {m.label: m for m in at.metric}
    shared = sorted(set(cover) & set(page))
    # Every cover card is on the Overview under the same name.
    assert shared == sorted(cover)
    for label in shared:
        assert page[label].value == cover[label]["value"], label
        assert (page[label].delta or "") == cover[label]["change"], label
