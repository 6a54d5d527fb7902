"""An export whose customer column has an unknown header (issue 21, finding 12), on the Overview.

Before, ``Client`` gave 0 customers and every sale unidentified with one warning that named no
column, and the column choice stayed folded at the bottom of the page. Now the Overview says no
customer column was found, names the likely one, and opens the column choice with it listed first;
choosing it counts the customers. Both languages.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
# ann buys on 2025-01-01, 01-03 and 01-06, bob on 01-02 and 01-05, cy on 01-04; A7 is a guest.
# Mapped: 3 customers, of whom 2 bought on 2 or more days.
CONTENT = (
    b"Order,Ref,Client,Date,Total\n"
    b"A1,r1,ann,2025-01-01,10\nA2,r2,bob,2025-01-02,20\nA3,r3,ann,2025-01-03,30\n"
    b"A4,r4,cy,2025-01-04,40\nA5,r5,bob,2025-01-05,50\nA6,r6,ann,2025-01-06,60\nA7,r7,,2025-01-07,70\n"
)
WORDS = {
    "en": {"missing": "no customer column", "customers": "Customers", "apply": "Apply"},
    "zh": {"missing": "没有识别出客户列", "customers": "成交人数", "apply": "应用"},
}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_overview_names_the_likely_customer_column_and_opens_the_choice(lang: str) -> None:
    words = WORDS[lang]
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    at.query_params["lang"] = lang
    at.run()
    at.file_uploader(key="uploader").set_value([("crm.csv", CONTENT, "text/csv")])
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    texts = [w.value for w in at.warning] + [c.value for c in at.caption]
    assert any(words["missing"] in text and "Client" in text for text in texts), texts
    if lang == "zh":
        # The Chinese page names no command-line option.
        assert not any("--map" in text for text in texts), texts
    (picker,) = [
        s for s in at.selectbox if s.key and s.key.startswith("map_") and s.key.endswith("_customer_id")
    ]
    # The column choice is on the page (opened, with the form) and lists Client first.
    assert picker.options[1] == "Client", picker.options
    assert [m.value for m in at.metric if m.label == words["customers"]] == ["0"]

    picker.set_value("Client")
    (apply,) = [b for b in at.button if b.label == words["apply"]]
    apply.click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert [m.value for m in at.metric if m.label == words["customers"]] == ["3"]
    assert not any(words["missing"] in w.value for w in at.warning)
