"""Guessing the customer column from its values (issue 21, finding 12)."""

from __future__ import annotations

import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from analytics.schema.guess import MAX_GUESSES, customer_column_score, likely_customer_columns


def _frame(**columns: list[str | None]) -> pd.DataFrame:
    return pd.DataFrame(columns, dtype="str")


def test_repeated_ids_under_an_unknown_header_are_the_likeliest():
    # Client: ann x3, bob x2, cy -> 5 of 6 rows repeat; Account: all distinct, no repeat but a
    # customer word (0.5); Note: free text, Currency: one value, Status: 2 values over 6 rows
    sample = _frame(
        Order=["1", "2", "3", "4", "5", "6"],
        Client=["ann", "bob", "ann", "cy", "bob", "ann"],
        Account=["a1", "a2", "a3", "a4", "a5", "a6"],
        Note=["x" * 80] * 6,
        Currency=["EUR"] * 6,
        Status=["paid", "paid", "open", "paid", "open", "paid"],
        Date=["2025-01-01"] * 3 + ["2025-01-02"] * 3,
        Total=["3.50", "4.00", "3.50", "1.25", "4.00", "3.50"],
    )
    assert likely_customer_columns(
        sample, {"order_id": "Order", "order_time": "Date", "amount": "Total"}
    ) == [
        "Client",
        "Account",
    ]


def test_mapped_columns_and_sparse_columns_are_not_candidates():
    # Buyer is mapped to another field; Member is filled on 1 row of 4 (under half)
    sample = _frame(Buyer=["a", "a", "b", "b"], Member=["m", None, None, None])
    assert likely_customer_columns(sample, {"store": "Buyer"}) == []


def test_unique_values_without_a_customer_word_are_order_numbers_not_customers():
    assert customer_column_score("Ref", ["r1", "r2", "r3", "r4"]) == 0.0
    # the same values under a customer word: 0 repeats + 0.5
    assert customer_column_score("Kundennummer", ["r1", "r2", "r3", "r4"]) == 0.5


def test_money_and_dates_are_never_customers():
    assert customer_column_score("Client", ["12.50", "3.00", "12.50"]) == 0.0
    assert customer_column_score("Client", ["2025/01/03 10:00", "2025/01/03 11:00"]) == 0.0


@given(st.lists(st.text(alphabet="abcdef", min_size=1, max_size=3), min_size=1, max_size=40))
def test_scores_are_at_most_one_and_a_half_and_guesses_are_few(values):
    score = customer_column_score("Client", values)
    assert 0.0 <= score <= 1.5
    sample = pd.DataFrame({f"c{i}": values for i in range(5)}, dtype="str")
    assert len(likely_customer_columns(sample, {})) <= MAX_GUESSES
