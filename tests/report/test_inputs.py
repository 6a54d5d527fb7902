"""What keys a report: every row when nothing names the frames, else the named source and the facts."""

from __future__ import annotations

from dataclasses import replace

from analytics.frames import orders_frame
from analytics.report import ReportInputs, RowAccounting


def _inputs(**changes) -> ReportInputs:
    # Two orders of one shop; the accounting says 3 rows read, 2 used, 1 dropped as a duplicate.
    orders = orders_frame(customer_id=["a", "b"], order_day=["2025-01-01", "2025-01-02"], amount=[10, 20])
    inputs = ReportInputs(
        orders, shop="东店", currency="CNY", accounting=RowAccounting(3, 2, {"duplicate": 1})
    )
    return replace(inputs, **changes)


def test_without_a_source_every_row_counts():
    same, other = _inputs(), _inputs()
    assert same.digest() == other.digest()
    # b's 20 becoming 21 is another report.
    changed = other.orders.assign(amount=[10.0, 21.0])
    assert replace(other, orders=changed).digest() != same.digest()


def test_a_source_names_the_frames_instead_of_their_rows():
    named = _inputs(source="uploads:abc|stores=[]")
    # The rows are not read: another frame under the same name gives the same digest (equal sources
    # mean equal frames, which the dashboard's dataset key guarantees) ...
    changed = named.orders.assign(amount=[10.0, 21.0])
    assert replace(named, orders=changed).digest() == named.digest()
    # ... and differs from hashing the rows, and from another source or selection.
    assert named.digest() != _inputs().digest()
    assert _inputs(source="uploads:abc|stores=['东店']").digest() != named.digest()
    # The facts beside the frames still count: shop, currency, list names and row accounting.
    for change in (
        {"shop": "西店"},
        {"currency": "USD"},
        {"campaign_source": "list.csv"},
        {"members_source": "vip.xlsx"},
        {"accounting": RowAccounting(3, 3, {})},
        {"accounting": None},
    ):
        assert replace(named, **change).digest() != named.digest(), change
