"""Read a workbook's sheet into a raw table: the sheet chosen, its header row found.

The format readers (:mod:`analytics.io.xlsx`, :mod:`analytics.io.xls`) open the workbook with
whichever library can (calamine first, for speed); this module reads the chosen sheet from it the
same way for every workbook format.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

from analytics.errors import ArgumentError, FileFormatError, Term
from analytics.io.cells import clean_cell, clean_strings, to_frame
from analytics.io.excel_cells import cell_text, excel_column
from analytics.io.header import HEADER_SCAN_ROWS, header_index, unique_names
from analytics.io.raw import ColumnChoice, RawTable
from analytics.io.shape import check_cells

# Words that say a sheet holds orders (Taobao, Shopify, POS exports), to pick it among others.
ORDER_WORDS = (
    "订单",
    "order",
    "invoice",
    "交易",
    "金额",
    "amount",
    "total",
    "付款",
    "paid",
    "customer",
    "买家",
    "会员",
)

# Data rows handed to a column choice as its sample, as many as a CSV's sniffed head holds.
SAMPLE_ROWS = 200

Rows = tuple[list[list[Any]], int]
Opener = Callable[[bytes], "Workbook"]


class Workbook:
    """Sheets of a workbook as lists of row values, whichever library could read it."""

    def __init__(self, names: list[str], load: Callable[[str], Rows]) -> None:
        self.names = names
        self._load = load
        self._cache: dict[str, Rows] = {}

    def rows(self, sheet: str) -> Rows:
        """Return the sheet's rows (from its first used row) and that row's 0-based index."""
        if sheet not in self._cache:
            self._cache[sheet] = self._load(sheet)
        return self._cache[sheet]


def open_first(data: bytes, openers: Sequence[Opener]) -> tuple[Workbook | None, list[str]]:
    """Open the workbook with the first opener that can; return it (or None) and the others' errors."""
    errors = []
    for opener in openers:
        try:
            return opener(data), errors
        except Exception as exc:
            errors.append(f"{exc}".strip() or type(exc).__name__)
    return None, errors


def open_calamine(data: bytes) -> Workbook:
    """Open an .xlsx or .xls workbook with calamine (Rust: the fast path for both formats)."""
    from python_calamine import CalamineWorkbook, SheetTypeEnum

    book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    names = [meta.name for meta in book.sheets_metadata if meta.typ == SheetTypeEnum.WorkSheet]

    def load(sheet: str) -> Rows:
        loaded = book.get_sheet_by_name(sheet)
        rows = loaded.to_python()
        return rows, (loaded.start[0] if loaded.start else 0)

    return Workbook(names, load)


def trim_empty_rows(rows: list[list[Any]]) -> Rows:
    """Drop leading and trailing rows without values, as calamine does; return the first row index."""
    filled = [
        i for i, row in enumerate(rows[: HEADER_SCAN_ROWS * 10]) if any(v not in (None, "") for v in row)
    ]
    first = filled[0] if filled else 0
    last = len(rows)
    while last > first and all(v in (None, "") for v in rows[last - 1]):
        last -= 1
    return rows[first:last], first


def read_sheet(
    name: str, workbook: Workbook, kind: str, sheet: str | None, columns: ColumnChoice | None = None
) -> RawTable:
    """Read ``sheet`` (by default the one that looks like orders) of an opened workbook.

    Parameters
    ----------
    name
        The file name the messages show.
    workbook
        The opened workbook.
    kind
        The format reported in :attr:`RawTable.format` (``"xlsx"``, ``"xls"``).
    sheet
        The sheet to read; None picks it (:func:`choose_sheet`).
    columns
        Convert only the columns this chooses from the header and the first rows.
    """
    if not workbook.names:
        raise FileFormatError("io.workbook_no_sheets", file=name)
    if sheet is not None and sheet not in workbook.names:
        raise ArgumentError(
            "io.unknown_sheet",
            file=name,
            sheet=sheet,
            sheets=tuple(workbook.names),
            option=Term("option.sheet"),
        )
    chosen = sheet if sheet is not None else choose_sheet(name, workbook)
    rows, first_row = _sheet_rows(name, workbook, chosen)
    if not rows:
        if sheet is not None:
            raise FileFormatError("io.sheet_empty", file=name, sheet=chosen, option=Term("option.sheet"))
        raise FileFormatError("io.workbook_no_cells", file=name)
    preview = [[clean_cell(cell_text(cell)) for cell in row] for row in rows[:HEADER_SCAN_ROWS]]
    header_at = header_index(preview)
    names = unique_names(preview[header_at])
    body = rows[header_at + 1 :]
    width = len(names)
    keep = list(range(width))
    if columns is not None:
        sample = [
            [clean_cell(cell_text(cell)) for cell in row[:width]] + [None] * (width - len(row))
            for row in body[:SAMPLE_ROWS]
        ]
        wanted = set(columns(names, pd.DataFrame(sample, columns=names, dtype="str")))
        keep = [j for j, header in enumerate(names) if header in wanted]
    if body:
        cells = np.array(body, dtype=object)
        if cells.ndim != 2 or cells.shape[1] != width:
            cells = pd.DataFrame(body).reindex(columns=range(width)).to_numpy(dtype=object)
        converted = [clean_strings(excel_column(cells[:, j])) for j in keep]
    else:
        converted = [pa.array([], pa.string()) for _ in keep]
    check_cells(name, converted, [names[j] for j in keep], first_row=first_row + header_at + 2)
    frame = to_frame(converted, [names[j] for j in keep], len(body))
    return RawTable(
        frame,
        name,
        kind,
        sheet=chosen,
        header_row=first_row + header_at + 1,
        sheets=tuple(workbook.names),
        headers=tuple(names),
    )


def _sheet_rows(name: str, workbook: Workbook, sheet: str) -> Rows:
    """Return a sheet's rows, a library's failure to read it reported as a damaged sheet."""
    try:
        return workbook.rows(sheet)
    except FileFormatError:
        raise
    except Exception as exc:
        raise FileFormatError("io.sheet_damaged", file=name, sheet=sheet, detail=str(exc)) from exc


def choose_sheet(name: str, workbook: Workbook) -> str:
    """Pick the sheet with most rows among those whose header names orders; else the first non-empty."""
    best: tuple[int, str] | None = None
    first_filled = None
    for sheet in workbook.names:
        rows, _ = _sheet_rows(name, workbook, sheet)
        if not rows:
            continue
        first_filled = first_filled or sheet
        preview = [[clean_cell(cell_text(cell)) for cell in row] for row in rows[:HEADER_SCAN_ROWS]]
        header = " ".join(cell for cell in preview[header_index(preview)] if cell).lower()
        if any(word in header for word in ORDER_WORDS) and (best is None or len(rows) > best[0]):
            best = (len(rows), sheet)
    if best is not None:
        return best[1]
    return first_filled or workbook.names[0]
