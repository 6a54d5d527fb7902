"""In a real browser: upload a 2008 e-mail test ("E-Mail" / "No E-Mail") and read the verdict first."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from analytics.loading import load_campaign, load_orders
from analytics.metrics.campaign import campaign_uplift
from tools.screenshots import browser_page, open_page, running_app, wait_idle

sys.path.insert(0, str(Path(__file__).parent))
from email_2008 import email_2008

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_an_old_email_campaign_leads_with_its_verdict(tmp_path, lang):
    orders_csv, list_csv = email_2008()
    (tmp_path / "orders_2008.csv").write_bytes(orders_csv)
    (tmp_path / "email_2008.csv").write_bytes(list_csv)
    orders = load_orders([tmp_path / "orders_2008.csv"]).orders
    arm = campaign_uplift(orders, load_campaign(tmp_path / "email_2008.csv").campaign).arms[0]
    points = f"{round(arm.conversion_uplift * 100, 1):g}"
    expected = (
        f"E-Mail转化率比No E-Mail高 {points} 个百分点"
        if lang == "zh"
        else f"E-Mail converted {points} percentage points more than No E-Mail"
    )
    with running_app() as url, browser_page() as tab:
        tab.goto(f"{url}/?lang={lang}")
        # The exports' upload box comes first; the peer-figures box sits further down.
        uploader = tab.locator('[data-testid="stFileUploader"] input[type="file"]').first
        uploader.wait_for(state="attached")
        wait_idle(tab)
        uploader.set_input_files([str(tmp_path / "orders_2008.csv"), str(tmp_path / "email_2008.csv")])
        tab.wait_for_timeout(2000)
        wait_idle(tab)
        open_page(tab, "campaign")
        verdict = tab.locator('[data-testid="stAlertContentSuccess"]').first
        verdict.wait_for()
        text = verdict.inner_text()
        assert expected in text, text  # after the icon's ligature name
        assert f"{arm.incremental_sales:,.0f}" in text
        assert "2008-03-03" in tab.locator('[data-testid="stMain"]').inner_text()
