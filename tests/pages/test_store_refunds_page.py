"""The Overview's refunds follow the sidebar's store filter, as the sales beside them do.

A refund line named no store, so with a store chosen the sales card showed no refunds at all (and
the meeting pack, which takes the same lines, neither). Now a store's refunds are its own lines.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from ui.i18n import translate

sys.path.insert(0, str(Path(__file__).parent))
from test_app_pages import _app, _assert_clean

# Two stores in Online Retail's shape (a cancellation is its own invoice, "C" before the number),
# every refund inside the default period (the 30 days to the last order day, 2011-11-03):
# North sells 6 x 3 + 10 x 4 = 58 and refunds 2 x 3 = 6 -> net 52;
# South sells 6 x 2 = 12 and refunds 3 x 2 = 6 -> net 6; both: refunds 12 of 70 -> net 58.
EXPORT = """InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country,Store
536365,85123A,MUG,6,2011-11-01 08:26,3,17850,United Kingdom,North
536366,22633,CUP,6,2011-11-02 08:28,2,17851,United Kingdom,South
C536368,85123A,MUG,-2,2011-11-02 10:00,3,17850,United Kingdom,North
536367,22632,BOWL,10,2011-11-03 09:00,4,17852,United Kingdom,North
C536369,22633,CUP,-3,2011-11-03 10:00,2,17851,United Kingdom,South
"""


def _refunds_line(at, lang: str) -> str:
    """Return the sales card's refunds line ("Refunds 12, net 58")."""
    start = translate("sales_refunds_net", lang, refunds="\x00", net="\x00").split("\x00")[0]
    (line,) = [c.value for c in at.caption if c.value.startswith(start)]
    return line


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_chosen_stores_refunds_sit_next_to_its_sales(lang):
    at = _app(lang)
    at.file_uploader(key="uploader").set_value(("two_stores.csv", EXPORT.encode(), "text/csv")).run()
    _assert_clean(at)
    assert _refunds_line(at, lang) == translate("sales_refunds_net", lang, refunds="12", net="58")
    at.multiselect(key="filter_stores").set_value(["North"]).run()
    _assert_clean(at)
    assert _refunds_line(at, lang) == translate("sales_refunds_net", lang, refunds="6", net="52")
    at.multiselect(key="filter_stores").set_value(["South"]).run()
    assert _refunds_line(at, lang) == translate("sales_refunds_net", lang, refunds="6", net="6")
