"""The meeting pack says what the pages say: no false 0.0%, the Overview's cards, the pages' footnotes.

Each check reads the PDF's text (pdftotext) of the bundled Taobao sample, whose orders all have a
customer id (no guests) and start on 2025-01-01; expected texts come from the report's catalogs
with figures computed here from the same orders.
"""

from __future__ import annotations

import io
import subprocess

import pandas as pd
import pytest
from openpyxl import load_workbook

from analytics.cli import main as cli
from analytics.errors import Message, Term
from analytics.metrics.period import Period
from analytics.metrics.summary import summarize
from analytics.money import Money
from analytics.report import build_report
from analytics.report.text import Texts

pytestmark = [pytest.mark.slow]
LANGS = ("zh", "en")


def _pages(pdf: bytes) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True)
    return ["".join(page.split()) for page in text.stdout.decode("utf-8").split("\f")[:-1]]


def _flat(text: str) -> str:
    return "".join(text.split())


def _page(pages: list[str], title: str) -> str:
    """Return the first page opened by ``title`` (a section's title heads its page)."""
    return next(p for p in pages if p.startswith(_flat(title)))


@pytest.fixture(scope="module", params=LANGS)
def december_pack(request, december_pdf) -> tuple[str, list[str]]:
    # shop "": a report of the whole upload, named as the dashboard names it (all stores); the
    # PDF tests read the same pack (tests/report/conftest.py builds it once per language).
    return request.param, _pages(december_pdf(request.param))


def test_no_guest_sentence_without_guest_orders(december_pack, sample_inputs, december):
    lang, pages = december_pack
    texts = Texts(lang, "CNY")
    summary = summarize(sample_inputs.orders, period=december)
    returning = summary.returning
    assert returning.unidentified_sales_share.part == 0  # every order of the export names a buyer
    page = _page(pages, texts(Term("report.section.returning")))
    # Before: "... 无法识别身份的游客订单占成交金额的 0.0%" about guests the export cannot have.
    guests = Message("report.reading.guest_sales_share", {"guest_share": returning.unidentified_sales_share})
    assert _flat(texts(guests)) not in page
    counts = {
        "rate": returning.customers,
        "returning": returning.customers.numerator,
        "customers": returning.customers.denominator,
    }
    assert _flat(texts(Message("report.reading.returning_customers_no_guests", counts))) in page
    # The chart's definition may name guests; no sentence states their share of sales.
    old_clause = "游客订单占成交金额" if lang == "zh" else "guestorderswithoutacustomeridmakeup"
    assert old_clause not in page.lower()


def test_every_header_names_all_stores_not_a_file(december_pack):
    lang, pages = december_pack
    texts = Texts(lang, "CNY")
    named = _flat(texts(Message("report.store", {"shop": Term("report.name.all_stores")})))
    # Every page but the definitions (which has no header) says whose figures they are.
    assert all(named in page for page in pages[:-1])
    assert all(_flat(texts(Term("report.name.all_stores"))) in page for page in pages[1:])  # footers


def test_the_cover_has_the_overviews_average_order_value(december_pack, sample_inputs, december):
    lang, pages = december_pack
    texts = Texts(lang, "CNY")
    summary = summarize(sample_inputs.orders, period=december)
    aov = summary.sales / summary.orders  # the Overview's card: the period's sales / its orders
    cover = pages[0]
    assert _flat(texts(Term("report.headline.aov"))) in cover
    assert _flat(texts.value(aov, "money2")) in cover


def test_the_monthly_table_explains_its_first_month_dash(december_pack):
    lang, pages = december_pack
    texts = Texts(lang, "CNY")
    note = _flat(texts(Message("report.note.no_returning_first_month")))
    table_pages = [p for p in pages if p.startswith(_flat(texts(Term("report.section.monthly"))))]
    # The data starts in 2025-01, the table's first month: its returning shares read "—".
    assert "2025-01" in table_pages[-1] and note in table_pages[-1]


def test_the_cohort_heatmap_says_its_first_row_is_not_only_new(december_pack):
    lang, pages = december_pack
    texts = Texts(lang, "CNY")
    note = _flat(texts(Message("report.note.cohort_first_row", {"month": "2025-01"})))
    assert note in _page(pages, texts(Term("report.section.cohorts")))


@pytest.mark.parametrize("lang", LANGS)
def test_a_period_from_the_datas_first_day_states_no_returning_share(sample_inputs, lang):
    period = Period(pd.Timestamp("2025-01-01"), pd.Timestamp("2025-03-31"))
    pdf = build_report(sample_inputs, period=period, compare="none", lang=lang, fmt="pdf")
    texts = Texts(lang, "CNY")
    pages = _pages(pdf)
    # The cover's returning share card reads 0.0%: a note under the cards says it is no finding.
    assert _flat(texts(Message("report.note.returning_unknown_start", {"start": period.start}))) in pages[0]
    page = _page(pages, texts(Term("report.section.returning")))
    unknown = texts(Message("report.reading.returning_unknown_start", {"start": period.start}))
    assert _flat(unknown) in page
    returning = summarize(sample_inputs.orders, period=period).returning
    assert returning.sales_share.part == 0  # what the pack stated as a fact, and cannot know
    stated = (
        Message(
            "report.reading.returning_sales_share_alone", {"share": returning.sales_share, "sales": Money(0)}
        ),
        Message(
            "report.reading.returning_customers_no_guests",
            {"rate": returning.customers, "returning": 0, "customers": returning.customers.denominator},
        ),
    )
    assert not any(_flat(texts(m)) in page for m in stated)


def test_the_cli_names_a_file_without_a_store_column_all_stores(capsys, tmp_path, monkeypatch):
    if "report" not in cli.COMMANDS:
        monkeypatch.setattr(cli, "COMMANDS", (*cli.COMMANDS, "report"))
    # Three orders of two customers and no store column: before, every header said "orders.csv".
    orders = tmp_path / "orders.csv"
    orders.write_text(
        "order_id,customer_id,order_date,amount\n1,a,2025-03-01,10\n2,b,2025-03-02,20\n3,a,2025-03-05,30\n"
    )
    out = tmp_path / "r.xlsx"
    assert cli.main(["report", str(orders), "--lang", "en", "--out", str(out), "--json"]) == 0, (
        capsys.readouterr()
    )
    assert '"shop": null' in capsys.readouterr().out
    cells = [
        c
        for sheet in load_workbook(io.BytesIO(out.read_bytes())).worksheets
        for row in sheet.iter_rows(values_only=True)
        for c in row
        if isinstance(c, str)
    ]
    assert "Store: All stores" in cells
    assert not any("orders.csv" in c or c == "Store: orders" for c in cells)
