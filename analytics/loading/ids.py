"""Read order and customer ids: trimmed, ``17850.0`` -> ``17850``, e-mails and phones as digests.

A customer key that is an e-mail address or a phone number never enters the canonical frames in
clear: it is replaced by a stable truncated SHA-256 digest, so repeat purchases are still
recognised.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from analytics.io import RawTable
from analytics.io.cells import CellEdges, cast_to_numpy, cell_edges
from analytics.schema import SYNONYMS, normalise_header
from analytics.schema.distinct import on_candidates, on_distinct

_PHONE_HEADERS = frozenset(normalise_header(h) for h in SYNONYMS["customer_phone"])
_EMAIL_HEADERS = frozenset(normalise_header(h) for h in SYNONYMS["customer_email"])


def parse_ids(values: pd.Series) -> pd.Series:
    """Normalise identifiers: trim, unwrap ``="..."``, drop the ``.0`` of integral floats, empty -> NA.

    Examples
    --------
    >>> parse_ids(pd.Series(["17850.0", ' ="123" ', "", "A-1"], dtype="str")).tolist()
    ['17850', '123', nan, 'A-1']
    """
    return on_candidates(values, _id_candidates, lambda cells: on_distinct(cells, _parse_ids))


def _id_candidates(cells: pa.Array) -> np.ndarray:
    """Mark the cells :func:`_parse_ids` may change (a superset), from their first and last bytes."""
    return _id_marks(cells, cell_edges(cells))


def _id_marks(cells: pa.Array, edges: CellEdges) -> np.ndarray:
    # A cell comes out of _parse_ids as it went in unless it starts or ends with whitespace,
    # starts with "=", is empty, or ends in 0 and holds a point (17850.0).
    marked = edges.may_trim() | (edges.first == ord("="))
    ends_in_zero = edges.last == ord("0")
    if ends_in_zero.any() and edges.holds("."):
        marked |= ends_in_zero & _contains(cells, ".")
    if cells.null_count:
        # Missing cells stay missing.
        marked &= pc.is_valid(cells).to_numpy(zero_copy_only=False)
    return marked


def _customer_candidates(cells: pa.Array) -> np.ndarray:
    """Mark the cells :func:`_parse_customer_ids` may change (a superset).

    Besides the cells :func:`_parse_ids` may change: cells holding ``@`` (an e-mail address) and
    cells starting with ``+`` or ``1`` (the only starts the phone pattern accepts).
    """
    edges = cell_edges(cells)
    marked = _id_marks(cells, edges)
    marked |= ((edges.first == ord("+")) | (edges.first == ord("1"))) & ~edges.empty()
    if edges.holds("@"):
        marked |= _contains(cells, "@")
    return marked


def _contains(cells: pa.Array, char: str) -> np.ndarray:
    """Mark the cells holding ``char``."""
    return pc.fill_null(pc.match_substring(cells, char), False).to_numpy(zero_copy_only=False)


def _parse_ids(values: pd.Series) -> pd.Series:
    text = values.astype("str").str.strip()
    # Only the few wrapped or float-written cells are rewritten (regex replacement is the costly part).
    wrapped = text.str.startswith("=").fillna(False).astype(bool)
    if wrapped.any():
        text = text.where(~wrapped, text.str.replace(r'^="?|"$', "", regex=True).str.strip())
    # Cast first: only cells ending in 0 can be "17850.0", so the regex runs on those alone.
    integral = text.str.endswith("0").fillna(False).astype(bool)
    if integral.any():
        integral[integral] = text[integral].str.fullmatch(r"\d+\.0+").fillna(False).astype(bool)
    if integral.any():
        text = text.where(~integral, text.str.replace(r"\.0+$", "", regex=True))
    return text.where(text != "").astype("str")


_EMAIL = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"


def pseudonymise(values: pd.Series, *, prefix: str) -> pd.Series:
    """Replace personal keys (e-mails, phone numbers) by a stable truncated SHA-256 digest.

    The same e-mail (case and spaces ignored) always gives the same key, so repeat purchases are
    still recognised, but the address itself never enters the canonical frames. Hashes each
    distinct value once.

    Examples
    --------
    >>> pseudonymise(pd.Series(["A@x.com", "a@x.com "], dtype="str"), prefix="e:").nunique()
    1
    """
    key = values.astype("str").str.strip().str.lower()
    if prefix == "p:":
        key = key.str.replace(r"[^\d+]", "", regex=True)
    distinct = key.dropna().unique()
    digests = {v: prefix + hashlib.sha256(v.encode("utf-8")).hexdigest()[:16] for v in distinct}
    return key.map(digests).astype("str")


def parse_customer_ids(values: pd.Series, *, personal: str | None = None) -> pd.Series:
    """Normalise customer keys and pseudonymise any that are e-mails or phone numbers.

    ``personal`` is ``"email"`` or ``"phone"`` when the column itself is an e-mail or phone
    column (then every cell is hashed); otherwise only cells that look like an e-mail address or
    a phone number are hashed, so a phone number can never become a customer id in clear.
    """

    def parse(cells: pd.Series) -> pd.Series:
        return on_distinct(cells, lambda distinct: _parse_customer_ids(distinct, personal=personal))

    if personal is not None:
        # Every cell of an e-mail or phone column is hashed.
        return parse(values)
    return on_candidates(values, _customer_candidates, parse)


def _parse_customer_ids(values: pd.Series, *, personal: str | None) -> pd.Series:
    ids = _parse_ids(values)
    if personal == "email":
        return pseudonymise(ids, prefix="e:")
    if personal == "phone":
        return pseudonymise(ids, prefix="p:")
    # Cheap native prefilters first; the exact patterns run only on the few candidate cells.
    email = ids.str.contains("@", regex=False).fillna(False).astype(bool)
    if email.any():
        email &= ids.str.match(_EMAIL).fillna(False).astype(bool)
    # Digits-only ids of 7+ characters are common shop customer numbers; only a mobile number
    # pattern (11 digits starting 1, or an international +) is treated as a phone.
    phone = _may_be_phone(ids)
    if phone.any():
        phone[phone] = ids[phone].str.fullmatch(r"[0-9+][0-9 +-]{6,19}").fillna(False).astype(bool)
    if phone.any():
        pattern = r"^(?:\+\d[\d\s\-]{6,18}|1[3-9]\d{9}|1[3-9]\d[\s-]\d{4}[\s-]\d{4})$"
        phone &= ids.str.match(pattern).fillna(False).astype(bool)
    if email.any():
        ids = ids.where(~email, pseudonymise(ids.where(email), prefix="e:"))
    if phone.any():
        ids = ids.where(~phone, pseudonymise(ids.where(phone), prefix="p:"))
    return ids.astype("str")


def _may_be_phone(ids: pd.Series) -> pd.Series:
    """Mark cells of 7-20 characters starting with a digit or ``+``: the only ones a phone pattern can match.

    Byte comparisons and lengths are native and cheap; the phone regex then runs on these cells
    only, not on a million shop customer numbers like ``C000123``.
    """

    array = getattr(ids.array, "_pa_array", None)
    if array is None:
        return ids.str.match(r"[0-9+]").fillna(False).astype(bool)
    # "0" <= s < ":" holds exactly for strings starting with a digit, "+" <= s < "," for "+".
    first = pc.or_(
        pc.and_(pc.greater_equal(array, "0"), pc.less(array, ":")),
        pc.and_(pc.greater_equal(array, "+"), pc.less(array, ",")),
    )
    length = pc.utf8_length(array)
    mask = pc.and_(first, pc.and_(pc.greater_equal(length, 7), pc.less_equal(length, 20)))
    return pd.Series(pc.fill_null(mask, False).to_numpy(zero_copy_only=False), index=ids.index)


def customer_ids(frame: pd.DataFrame, mapping: Mapping[str, str]) -> pd.Series:
    """Return customer keys, pseudonymising e-mail and phone columns so they never appear in clear."""
    for field_name in ("customer_id", "customer_email", "customer_phone"):
        header = mapping.get(field_name)
        if header is None:
            continue
        key = normalise_header(header)
        personal = "phone" if key in _PHONE_HEADERS else "email" if key in _EMAIL_HEADERS else None
        return parse_customer_ids(frame[header], personal=personal)
    return pd.Series(pd.NA, index=frame.index, dtype="str")


def order_ids(raw: RawTable, mapping: Mapping[str, str], *, id_prefix: str) -> pd.Series:
    """Return each row's order id: the mapped id column, else one synthetic id per row.

    Without an order-id column each row is one order, numbered by its row in the file
    (``row-2``; ``a.csv:row-2`` when several files are loaded together).
    """
    if "order_id" in mapping:
        return parse_ids(raw.frame[mapping["order_id"]])
    return (id_prefix + "row-" + raw.row_numbers.astype("str")).astype("str")


def cancellation_invoices(ids: pd.Series) -> pd.Series:
    """Mark Online Retail's cancellation invoices: a C before an otherwise numeric invoice number.

    Only in a file whose ids are numeric, so an export keyed ``C1001`` throughout keeps its orders.

    Examples
    --------
    >>> cancellation_invoices(pd.Series(["536365", "C536379", None], dtype="str")).tolist()
    [False, True, False]
    """
    # A C or c first is cheap to test and rare: most files end here without a regex pass.
    marked = (ids.str.startswith("C") | ids.str.startswith("c")).fillna(False).astype(bool)
    if not marked.any() or not bool(ids.str.fullmatch(r"\d+").any()):
        return pd.Series(False, index=ids.index)
    marked[marked] = ids[marked].str.fullmatch(r"[Cc]\d+").fillna(False).astype(bool)
    return marked


def has_repeats(ids: pd.Series) -> bool:
    """Tell whether any non-missing id occurs twice.

    Factorising arrow strings is about four times faster than ``Series.duplicated`` on them, and
    most order-level exports have no repeated id, so this check usually ends the matter.
    """

    array = getattr(ids.array, "_pa_array", None)
    if array is not None:
        try:
            # Numeric order numbers (most exports) hash as integers ten times faster than as
            # strings. "007" and "7" become equal here, which can only report a repeat that the
            # exact pass after this check then rules out; it never hides one.
            numbers = cast_to_numpy(array.drop_null(), pa.int64(), "int64")
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError, pa.ArrowTypeError):
            numbers = None
        if numbers is not None:
            return _numbers_repeat(numbers)
    codes, uniques = pd.factorize(ids, use_na_sentinel=True)
    return len(uniques) < int((codes >= 0).sum())


def _numbers_repeat(numbers: np.ndarray) -> bool:
    """Tell whether any integer occurs twice: a bitmap of the range when it is small, else hashing.

    ``numbers`` is the caller's own copy: it may be changed.
    """
    if len(numbers) == 0:
        return False
    low, high = int(numbers.min()), int(numbers.max())
    if high - low < 8 * len(numbers) + 1024:
        # Consecutive order numbers (most exports): one byte per possible number, no hashing.
        seen = np.zeros(high - low + 1, dtype=bool)
        # In place: the numbers are this check's own copy (a million ids: 8 MB spared).
        np.subtract(numbers, low, out=numbers)
        seen[numbers] = True
        return int(np.count_nonzero(seen)) < len(numbers)
    return bool(pd.Series(numbers).duplicated().any())


# A column's codes as ``pandas.factorize`` gives them: a code per row (-1 when missing) and the
# distinct values in the order they first appear.
Codes = tuple[np.ndarray, pd.Index]


def customer_codes(customers: pd.Series) -> Codes:
    """Return ``pandas.factorize`` of the customer keys: codes (int64, -1 for guests) and the ids.

    Hashing a million ids is most of a purchase log's cost (~0.15 s): the loader does it on a
    second core while it checks the rows, and hands the codes on with the orders. Ids of at most
    8 bytes (shop customer numbers) are hashed as the integers their bytes make (~0.1 s).

    Examples
    --------
    >>> code, ids = customer_codes(pd.Series(["b", None, "a", "b"], dtype="str"))
    >>> code.tolist(), list(ids)
    ([0, -1, 1, 0], ['b', 'a'])
    """
    array = getattr(customers.array, "_pa_array", None)
    keys = None if array is None else _short_keys(array)
    if keys is None:
        code, ids = pd.factorize(customers)
        return np.asarray(code, dtype=np.int64), pd.Index(ids)
    missing = customers.isna().to_numpy(dtype=bool)
    encoded = pa.array(keys, mask=missing).dictionary_encode()
    code = encoded.indices.fill_null(-1).to_numpy().astype(np.int64)
    # Codes come in the order ids first appear: a code above all before it is an id's first row.
    seen = np.maximum.accumulate(code)
    first = np.flatnonzero(code > np.concatenate(([-1], seen[:-1])))
    return code, pd.Index(customers.array.take(first))


def _short_keys(array: pa.ChunkedArray) -> np.ndarray | None:
    """Return each cell's UTF-8 bytes as one integer (little-endian), or None if a cell is longer than 8.

    Distinct cells give distinct integers unless one holds a NUL byte ("a" and "a\\0" would
    meet), so then None too.
    """
    keys = []
    for chunk in array.chunks:
        edges = cell_edges(chunk)
        lengths = edges.ends - edges.starts
        if len(lengths) and int(lengths.max()) > 8:
            return None
        text = edges.data[int(edges.starts[0]) : int(edges.ends[-1])] if len(lengths) else edges.data[:0]
        if not bool(text.all()):
            return None
        padded = np.concatenate([edges.data, np.zeros(8, dtype=np.uint8)])
        key = np.zeros(len(chunk), dtype=np.uint64)
        for at in range(8):
            byte = padded.take(edges.starts + at).astype(np.uint64)
            byte[lengths <= at] = 0
            key |= byte << np.uint64(8 * at)
        keys.append(key)
    return np.concatenate(keys) if keys else np.empty(0, dtype=np.uint64)


def codes_of_rows(codes: Codes, rows: np.ndarray | None) -> Codes:
    """Return the codes of the rows at the increasing positions ``rows`` (all rows for None).

    Equal to factorizing those rows' keys: customers are numbered again in the order they first
    appear among the rows, from the integer codes alone (no id is hashed again).

    Examples
    --------
    >>> keys = pd.Series(["a", "b", None, "c", "b"], dtype="str")
    >>> code, ids = codes_of_rows(customer_codes(keys), np.array([2, 3, 4]))
    >>> code.tolist(), list(ids)
    ([-1, 0, 1], ['c', 'b'])
    """
    code, ids = codes
    if rows is None:
        return code, ids
    code = code.take(rows)
    known = code >= 0
    # Each customer's first row among those kept, in row order, gives its new code.
    first = np.full(len(ids), len(code), dtype=np.int64)
    np.minimum.at(first, code[known], np.flatnonzero(known))
    opens = np.zeros(len(code), dtype=bool)
    opens[first[first < len(code)]] = True
    appearing = code[opens]  # the customers in the order they first appear among the rows
    renumber = np.empty(len(ids), dtype=np.int64)
    renumber[appearing] = np.arange(len(appearing))
    code[known] = renumber.take(code[known])
    return code, ids.take(appearing)
