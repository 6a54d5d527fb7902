"""Guess which unmapped columns hold the customers, from their values, when no header says so.

An export whose customer column has a header the synonyms do not know (``Client``, ``Account``,
``Kundennummer``) would count every order as a guest order. The loader then names the likely
columns in its warning and the dashboard lists them first in the column choice; nothing is
mapped without the user's say, because a wrong guess would silently change every figure.

A customer column repeats id-like values: short texts or integers, several rows per value (a
customer buys again), neither dates, nor money, nor one value for every row (a currency, a shop).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence

import pandas as pd

from analytics.schema.mapping import normalise_header

# Header words that hint at a customer (a bonus, never a requirement).
CUSTOMER_WORDS = (
    "client",
    "customer",
    "account",
    "buyer",
    "member",
    "user",
    "email",
    "mail",
    "phone",
    "contact",
    "kunde",
    "cliente",
    "客户",
    "顾客",
    "会员",
    "买家",
    "用户",
    "账号",
    "昵称",
    "旺旺",
)
_DATE = re.compile(r"^\d{1,4}[-/.年]\d{1,2}[-/.月]\d{1,4}")
_MONEY = re.compile(r"^[-+(]?[¥$€£]?\s*\d[\d,]*[.,]\d{1,2}\)?$")
# Ids are short; a longer text is a note, a title or an address.
_ID_CHARS = 64
# The most columns a warning or the column choice names as likely.
MAX_GUESSES = 3


def customer_column_score(header: str, values: Sequence[str]) -> float:
    """Return how much a column looks like customer ids (0: not at all), from its header and values.

    ``values`` are the column's non-missing cells among the first rows. The score is the share
    of rows whose value repeats on another row (a customer who bought again), plus a half when
    the header has a customer word; columns of dates, money, long texts, or few distinct values
    under a header without a customer word (a status, a channel), score 0.

    Examples
    --------
    >>> customer_column_score("Client", ["ann", "bob", "ann", "cy"])  # ann twice: 2 of 4 rows
    1.0
    >>> customer_column_score("Date", ["2025-01-01", "2025-01-01"])
    0.0
    """
    if not values:
        return 0.0
    texts = [str(value).strip() for value in values]
    if sum(len(text) > _ID_CHARS for text in texts) > 0.1 * len(texts):
        return 0.0
    if sum(bool(_DATE.match(text) or _MONEY.match(text)) for text in texts) > 0.5 * len(texts):
        return 0.0
    counts = Counter(texts)
    if len(counts) == 1 and len(texts) > 1:
        return 0.0
    key = normalise_header(header)
    named = any(word in key for word in CUSTOMER_WORDS)
    if not named and len(counts) < max(3, 0.2 * len(texts)):
        # A handful of values over many rows: a status, a channel, a shop, not customers.
        return 0.0
    repeated = sum(count for count in counts.values() if count > 1) / len(texts)
    return repeated + (0.5 if named else 0.0)


def likely_customer_columns(sample: pd.DataFrame, mapping: Mapping[str, str]) -> list[str]:
    """Return the unmapped columns of ``sample`` that most look like customer ids, likeliest first.

    ``sample`` holds the first rows (all cells strings or missing); ``mapping`` the fields
    already mapped, whose columns are not candidates. At most :data:`MAX_GUESSES` columns; a
    column qualifies with repeated values or a customer word in its header, and at least half
    its sampled rows filled.

    Examples
    --------
    >>> sample = pd.DataFrame(
    ...     {"Order": ["1", "2", "3"], "Client": ["ann", "bob", "ann"], "Total": ["3.50", "4.00", "1.25"]},
    ...     dtype="str",
    ... )
    >>> likely_customer_columns(sample, {"order_id": "Order", "amount": "Total"})
    ['Client']
    """
    mapped = set(mapping.values())
    scored = []
    cells = sample.to_numpy(dtype=object, na_value=None)
    for position, column in enumerate(sample.columns):
        if column in mapped:
            continue
        values = [cell for cell in cells[:, position] if cell is not None and str(cell).strip()]
        if 2 * len(values) < len(sample):
            continue
        score = customer_column_score(str(column), values)
        if score > 0:
            scored.append((score, position, str(column)))
    scored.sort(key=lambda item: (-item[0], item[1]))
    return [column for _, _, column in scored[:MAX_GUESSES]]
