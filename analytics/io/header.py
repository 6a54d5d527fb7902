"""The header row of a table: found below title rows, its names made unique.

Back-office reports put title rows ("店铺订单报表", "导出时间: ...") above the header; the header
is searched among the first :data:`HEADER_SCAN_ROWS` rows, for CSV and Excel alike.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

# Title rows of back-office reports sit in the first lines; the header is searched there.
HEADER_SCAN_ROWS = 30
# Numbers, money, percentages, dates and times: cells that are data, not header names.
_NUMERIC_LIKE = re.compile(r"^[-+(]?[¥$€£]?\s*\d[\d,.:/\-\s]*%?\)?$|^[-+]?\d+(\.\d+)?[eE][-+]?\d+$")


def header_index(rows: Sequence[Sequence[str | None]]) -> int:
    """Return the 0-based index of the header among the first rows of a table.

    The header is the first row with the most distinct, non-empty, non-numeric cells, among rows
    that are mostly text and span at least half the usual width of the table. Title rows above it
    ("店铺订单报表", "导出时间: ...") fill one or two cells, data rows are mostly numbers and dates.

    Examples
    --------
    >>> header_index([["店铺订单报表"], ["订单编号", "金额"], ["A1", "12.50"]])
    1
    """
    sample = rows[:HEADER_SCAN_ROWS]
    spans = [max((i + 1 for i, cell in enumerate(row) if cell), default=0) for row in sample]
    filled = [span for span in spans if span]
    if not filled:
        return 0
    usual_span = max(set(filled), key=filled.count)
    best, best_score = 0, 0
    for index, (row, span) in enumerate(zip(sample, spans, strict=True)):
        cells = [cell for cell in row if cell]
        texts = {cell for cell in cells if not _NUMERIC_LIKE.match(cell)}
        if 2 * len(texts) < len(cells) or 2 * span < usual_span:
            continue
        if len(texts) > best_score:
            best, best_score = index, len(texts)
    return best


def unique_names(cells: Sequence[str | None]) -> list[str]:
    """Name the columns: blank names become ``Unnamed: i``, repeats get ``.1``, ``.2`` (as pandas).

    Examples
    --------
    >>> unique_names(["Name", "Name", None, "Name.1", "Name"])
    ['Name', 'Name.2', 'Unnamed: 2', 'Name.1', 'Name.3']
    """
    names = [cell or f"Unnamed: {i}" for i, cell in enumerate(cells)]
    seen = set(names)
    counts: dict[str, int] = {}
    result = []
    for position, name in enumerate(names):
        if name in counts:
            suffix = counts[name]
            while f"{name}.{suffix}" in seen:
                suffix += 1
            counts[name] = suffix + 1
            unique = f"{name}.{suffix}"
            seen.add(unique)
            result.append(unique)
        else:
            counts[name] = 1
            result.append(names[position])
    return result
