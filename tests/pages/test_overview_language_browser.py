"""In a real browser: the Overview's uploads after a language switch and after a visit to another page.

The browser keeps the option labels a select box was first drawn with as long as its key lives:
the kind picker of each loaded file ("订单" / "会员名单") stayed in Chinese after switching to English.
The upload box itself keeps its files through a language switch (its key does not depend on the
language); after a visit to another page Streamlit empties it, and the loaded files stay listed.
"""

from __future__ import annotations

import pytest

from tools.screenshots import browser_page, open_page, running_app, switch_language, upload
from ui.i18n import translate

pytestmark = pytest.mark.browser

FILES = {"taobao_orders_gbk.csv": "kind_orders", "members.xlsx": "kind_members"}


def _kinds_shown(tab, lang: str) -> list[str]:
    """Return the label each loaded file's kind picker shows (its input's value), in file order."""
    boxes = tab.locator(
        f'[data-testid="stMain"] input[role="combobox"][aria-label="{translate("file_kind", lang)}"]'
    )
    return boxes.evaluate_all("els => els.map(e => e.value)")


def _chips(tab) -> list[str]:
    """Return the file names the (first) upload box shows."""
    box = tab.locator('[data-testid="stFileUploader"]').first
    return box.locator('[data-testid="stFileChip"]').all_inner_texts()


def test_the_overviews_uploads_read_in_the_chosen_language():
    with running_app() as url, browser_page() as tab:
        upload(tab, url, tuple(FILES), lang="zh")
        assert _kinds_shown(tab, "zh") == [translate(key, "zh") for key in FILES.values()]
        switch_language(tab, "en")
        # Before: ["订单", "会员名单"] under an English page.
        assert _kinds_shown(tab, "en") == [translate(key, "en") for key in FILES.values()]
        # The upload box keeps its files through the switch (one widget whatever the language).
        assert len(_chips(tab)) == len(FILES)
        open_page(tab, "repeat")
        switch_language(tab, "zh")
        open_page(tab, "")
        assert _kinds_shown(tab, "zh") == [translate(key, "zh") for key in FILES.values()]
        # Streamlit empties the box on a page change; the loaded files are still listed, with their kind.
        panel = tab.get_by_text(translate("loaded_now", "zh", count=len(FILES)))
        assert panel.is_visible()
        main = tab.locator('[data-testid="stMain"]').inner_text()
        assert all(name in main for name in FILES)
