"""Tell an order export from a member list or a campaign list; name the columns that may hold customers."""

from __future__ import annotations

import shlex
from collections.abc import Mapping

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from analytics.errors import FileFormatError, MappingError, Message, Term
from analytics.io import RawTable, Source, read_table, source_name
from analytics.schema import CAMPAIGN_SYNONYMS, MEMBER_SYNONYMS, suggest_mapping
from analytics.schema.guess import likely_customer_columns

# Bytes of a text file read to classify it: the header scan looks at the first rows only.
HEAD_BYTES = 256 * 1024


def detect_kind(source: Source) -> str:
    """Return ``"orders"``, ``"members"`` or ``"campaign"`` for a file, judged by its headers.

    Orders have an amount (or quantity and unit price) or an order time; a campaign list has a
    group column and no amount; a member list has a tier or join-date column and no amount.

    Raises
    ------
    MappingError
        ``loading.unknown_kind`` when the headers fit none of the three.
    """
    # The headers are near the top: a 40 MB upload is classified from its first lines.
    try:
        raw = read_table(source, head_bytes=HEAD_BYTES)
    except FileFormatError:
        # A cut through a quoted multi-line value can make the head unreadable: judge the whole file.
        raw = read_table(source)
    columns = [str(c) for c in raw.frame.columns]
    orders = suggest_mapping(columns)
    if orders["amount"] is not None or (orders["quantity"] and orders["unit_price"]):
        return "orders"
    if suggest_mapping(columns, CAMPAIGN_SYNONYMS)["group"] is not None:
        return "campaign"
    members = suggest_mapping(columns, MEMBER_SYNONYMS)
    if members["tier"] is not None or members["joined"] is not None:
        return "members"
    if orders["order_time"] is not None or orders["paid_time"] is not None:
        return "orders"
    raise MappingError("loading.unknown_kind", file=source_name(source), headers=columns)


def customer_column_warning(name: str, sample: pd.DataFrame, mapping: Mapping[str, str]) -> Message:
    """Return the warning of an order export without a customer column, naming the likely ones.

    Every order then counts as a guest order. When columns of ``sample`` (the first rows) look
    like customer ids (:func:`~analytics.schema.guess.likely_customer_columns`), the warning
    names them and the option that maps the likeliest (``--map customer_id=Client`` on the
    command line, the column choice in the dashboard); otherwise it says no column was found.

    Examples
    --------
    >>> sample = pd.DataFrame({"Client": ["ann", "bob", "ann"], "Total": ["1.50", "2", "3"]}, dtype="str")
    >>> customer_column_warning("a.csv", sample, {"amount": "Total"}).params["columns"]
    ['Client']
    """
    likely = likely_customer_columns(sample, mapping)
    if not likely:
        return Message("loading.no_customer_column", {"file": name})
    # Quoted for a shell when the header has spaces (``'customer_id=Client Name'``).
    assignment = shlex.quote(f"customer_id={likely[0]}")
    return Message(
        "schema.customer_column_guess",
        {"file": name, "columns": likely, "option": Term("option.map_fields", {"assignments": assignment})},
    )


# Customer and order ids are short (a Taobao order number has 19 digits, an e-mail at most 254
# characters); a longer cell under an id column is another column's text, mapped by mistake.
MAX_ID_CHARS = 256
ID_FIELDS = ("order_id", "customer_id", "customer_email", "customer_phone")


def check_id_lengths(raw: RawTable, mapping: Mapping[str, str]) -> None:
    """Refuse ids longer than :data:`MAX_ID_CHARS` characters, naming the row, the column and the fix.

    Raised as a mapping problem: the column is most likely not the ids (a note, a title), so the
    dashboard opens its column choice and the command line names ``--map``.

    Raises
    ------
    MappingError
        ``schema.id_too_long`` with the file's row number of the first such cell.
    """
    for field in ID_FIELDS:
        header = mapping.get(field)
        if header is None or header not in raw.frame.columns:
            continue
        array = pa.array(raw.frame[header].array, from_pandas=True, type=pa.large_string())
        # Bytes first (read from the offsets, no pass over the text), characters only if needed.
        if (pc.max(pc.binary_length(array)).as_py() or 0) <= MAX_ID_CHARS:
            continue
        lengths = pc.utf8_length(array)
        if (pc.max(lengths).as_py() or 0) > MAX_ID_CHARS:
            over = pc.fill_null(pc.greater(lengths, MAX_ID_CHARS), False)
            at = int(np.flatnonzero(np.asarray(over))[0])
            raise MappingError(
                "schema.id_too_long",
                file=raw.name,
                row=int(raw.header_row + 1 + at),
                column=header,
                field=Term(f"field.{field}"),
                chars=int(lengths[at].as_py()),
                limit=MAX_ID_CHARS,
                option=Term("option.map_fields", {"assignments": f"{field}=HEADER"}),
            )
