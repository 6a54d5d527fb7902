"""Map an export's headers to canonical fields: suggestions from the synonyms, the user's overrides.

The dashboard's mapping editor uses :func:`suggest_mapping`; the loader uses
:func:`resolve_mapping`, which also applies the fields the user named (``overrides``: the command
line's ``--map FIELD=HEADER``, the dashboard's column choices).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence

from analytics.errors import MappingError, Term
from analytics.schema.synonyms import EXPORT_SPECIFIC, SYNONYMS

_PUNCT = re.compile(r"[\s_\-.:/\\()\[\]{}#'\"`·,，。：（）【】]+")


def normalise_header(header: object) -> str:
    """Return the comparison key of a header: half-width, lower case, no spaces or punctuation.

    Examples
    --------
    >>> normalise_header(" Order_ID ") == normalise_header("ＯｒｄｅｒＩＤ") == "orderid"
    True
    """
    text = unicodedata.normalize("NFKC", str(header)).lower()
    return _PUNCT.sub("", text)


def _lookup(columns: Sequence[str]) -> dict[str, str]:
    """Map each normalised header to the first original header with that key."""
    found: dict[str, str] = {}
    for column in columns:
        found.setdefault(normalise_header(column), column)
    return found


def suggest_mapping(
    columns: Iterable[str], synonyms: Mapping[str, Sequence[str]] | None = None
) -> dict[str, str | None]:
    """Suggest a header for each canonical field from the synonym table (None when none fits).

    Fields are filled in table order and a header is used by one field only, so ``Location`` goes
    to ``store`` and is not also offered as a region.

    Examples
    --------
    >>> m = suggest_mapping(["InvoiceNo", "InvoiceDate", "CustomerID", "Quantity", "UnitPrice"])
    >>> m["order_id"], m["order_time"], m["amount"], m["unit_price"]
    ('InvoiceNo', 'InvoiceDate', None, 'UnitPrice')
    """
    table = SYNONYMS if synonyms is None else synonyms
    found = _lookup(list(columns))
    used: set[str] = set()
    mapping: dict[str, str | None] = {}
    if table is SYNONYMS:
        for markers, field, name in EXPORT_SPECIFIC:
            header = found.get(normalise_header(name))
            if header is not None and markers & found.keys():
                mapping[field] = header
                used.add(header)
    for field, names in table.items():
        if mapping.get(field) is not None:
            continue
        mapping[field] = None
        for name in names:
            header = found.get(normalise_header(name))
            if header is not None and header not in used:
                mapping[field] = header
                used.add(header)
                break
    return mapping


def resolve_mapping(
    columns: Sequence[str],
    overrides: Mapping[str, str] | None,
    *,
    file: str,
    synonyms: Mapping[str, Sequence[str]] | None = None,
) -> dict[str, str]:
    """Return the field -> header mapping of one file: suggestions, then the user's overrides.

    Raises
    ------
    MappingError
        ``schema.unknown_field`` when an override names an unknown field,
        ``schema.no_such_column`` when it names a header the file does not have.
    """
    table = SYNONYMS if synonyms is None else synonyms
    overrides = dict(overrides or {})
    for field, header in overrides.items():
        if field not in table:
            raise MappingError(
                "schema.unknown_field",
                file=file,
                field=field,
                header=header,
                fields=list(table),
                option=Term("option.map"),
            )
        if header not in columns:
            by_key = _lookup(columns).get(normalise_header(header))
            if by_key is None:
                raise MappingError(
                    "schema.no_such_column",
                    file=file,
                    field=Term(f"field.{field}"),
                    header=header,
                    headers=[str(c) for c in columns],
                    option=Term("option.map"),
                )
            overrides[field] = by_key
    chosen = set(overrides.values())
    remaining = [c for c in columns if c not in chosen]
    mapping = {
        f: h for f, h in suggest_mapping(remaining, table).items() if h is not None and f not in overrides
    }
    mapping.update(overrides)
    if "order_time" in overrides and "paid_time" not in overrides:
        # The user named the time to use: a suggested paid time must not take precedence over it.
        mapping.pop("paid_time", None)
    return {f: mapping[f] for f in table if f in mapping}


def missing_required(mapping: Mapping[str, str]) -> list[str]:
    """Return the required order fields the mapping lacks (amount is met by quantity x unit_price)."""
    missing = []
    if "order_time" not in mapping and "paid_time" not in mapping:
        missing.append("order_time")
    if "amount" not in mapping and not {"quantity", "unit_price"} <= set(mapping):
        missing.append("amount")
    return missing


def missing_fields_error(file: str, missing: Sequence[str], columns: Sequence[str]) -> MappingError:
    """Return the error telling the user which required fields were not found and how to name them.

    ``missing`` comes from :func:`missing_required`: the order time, the amount, or both.

    Examples
    --------
    >>> error = missing_fields_error("x.csv", ["amount"], ["A", "B"])
    >>> error.code, error.params["field"]
    ('schema.missing_field', Term(key='field.amount'))
    """
    headers = [str(c) for c in columns]
    # The command line names the missing fields in its --map example; the dashboard names its editor.
    option = Term("option.map_fields", {"assignments": " ".join(f"{name}=HEADER" for name in missing)})
    first = Term(f"field.{missing[0]}")
    if len(missing) == 1:
        return MappingError("schema.missing_field", file=file, field=first, headers=headers, option=option)
    return MappingError(
        "schema.missing_fields",
        file=file,
        field=first,
        other=Term(f"field.{missing[1]}"),
        headers=headers,
        option=option,
    )
