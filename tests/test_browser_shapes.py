"""Hostile shapes and an unknown customer column uploaded in a real browser (issue 21, findings 1, 11, 12).

A 2,000,000-column header (16.9 MB) kept the server busy for 622 s before a miscounted message;
now the page names the file and the real count as soon as the upload is in. An export whose
customer column is headed ``Client`` showed 0 customers in silence; now the Overview says no
customer column was recognised, names ``Client`` and opens the column choice, in the language chosen.
"""

from __future__ import annotations

import os

import pytest

from tools.screenshots import RUN_TIMEOUT_MS, browser_page, running_app, switch_language, wait_idle
from ui.i18n import translate

pytestmark = pytest.mark.browser

CRM = (
    "Order,Ref,Client,Date,Total\n"
    "A1,r1,ann,2025-01-01,10\nA2,r2,bob,2025-01-02,20\nA3,r3,ann,2025-01-03,30\n"
    "A4,r4,cy,2025-01-04,40\nA5,r5,bob,2025-01-05,50\nA6,r6,ann,2025-01-06,60\n"
)


@pytest.fixture(scope="module")
def app_url(tmp_path_factory):
    """The dashboard on a free port, its history and column choices in a throwaway folder."""
    data = tmp_path_factory.mktemp("data")
    before = {key: os.environ.get(key) for key in ("RCD_DATA_DIR", "RCD_STORE")}
    os.environ.update(RCD_DATA_DIR=str(data), RCD_STORE=str(data / "history.sqlite"))
    try:
        with running_app(log_path=tmp_path_factory.mktemp("streamlit") / "streamlit.log") as url:
            yield url
    finally:
        for key, value in before.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def _upload(tab, url: str, path, lang: str) -> None:
    """Open the Overview in ``lang``, upload ``path`` and wait until the page is idle."""
    tab.goto(f"{url}/?lang={lang}")
    uploader = tab.locator('[data-testid="stFileUploader"] input[type="file"]').first
    uploader.wait_for(state="attached")
    wait_idle(tab)
    uploader.set_input_files(str(path))
    tab.get_by_text(translate("sample_banner", lang)).wait_for(state="detached", timeout=RUN_TIMEOUT_MS)
    wait_idle(tab)


def test_two_million_columns_are_refused_with_their_count(app_url, tmp_path):
    path = tmp_path / "wide.csv"
    path.write_text(",".join(f"c{i}" for i in range(2_000_000)) + "\n1,2\n")
    with browser_page() as tab:
        _upload(tab, app_url, path, "en")
        error = tab.locator('[data-testid="stAlertContentError"]').filter(has_text="2,000,000 columns")
        assert error.count() == 1
        assert "wide.csv" in error.inner_text()
        assert tab.locator('[data-testid="stException"]').count() == 0


def test_unknown_customer_column_is_named_and_its_choice_opened(app_url, tmp_path):
    path = tmp_path / "crm.csv"
    path.write_text(CRM)
    with browser_page() as tab:
        _upload(tab, app_url, path, "zh")
        warning = tab.locator('[data-testid="stCaptionContainer"]').filter(has_text="没有识别出客户列")
        assert warning.count() >= 1 and "Client" in warning.first.inner_text()
        # The column choice is open: its apply button is visible without unfolding anything.
        assert tab.get_by_role("button", name=translate("mapping_apply", "zh")).first.is_visible()
        assert tab.locator('[data-testid="stException"]').count() == 0
        # Switched to English, the pickers read English: the browser keeps the option labels a
        # select box was first drawn with while its key lives, so "（无）" stayed on an English page.
        switch_language(tab, "en")
        customer = translate("field_customer_id", "en")
        picker = tab.locator(f'[data-testid="stMain"] input[role="combobox"][aria-label^="{customer}"]').first
        assert picker.evaluate("e => e.value") == translate("mapping_none", "en")
