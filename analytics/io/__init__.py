"""Read bytes into a raw table of strings: CSV (any delimiter and encoding) or Excel, header row found.

The reader decides the format from the content, never from the file name (:mod:`.registry`: one
reader per format, each with its sniffing rule). Every cell comes out as a string (pandas ``str``
dtype) or NA, so the schema layer parses dates and money once, with its own rules and messages.

Modules: :mod:`.raw` (the result and the two kinds of source), :mod:`.guards` (size, gzip,
zip-bomb and binary-content guards for every format), :mod:`.encoding`, :mod:`.text` (CSV/TSV),
:mod:`.xlsx`, :mod:`.xls` and :mod:`.workbook` (sheet choice), :mod:`.excel_cells`,
:mod:`.header` (title rows, unique names), :mod:`.cells` (cell cleaning), :mod:`.registry`,
:mod:`.read` (:func:`read_table`), :mod:`.delimited` (a text's layout and Arrow's options to parse
it, without pandas) and :mod:`.early` (a command's file parsed while its modules are imported).
Errors are :class:`~analytics.errors.FileFormatError` with ``io.*`` codes; their texts are in
``analytics/messages/locale/*/LC_MESSAGES/io.po``.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from analytics.io.raw import RawTable, Source, source_bytes, source_name
    from analytics.io.read import read_table

__all__ = ["RawTable", "Source", "read_table", "source_bytes", "source_name"]
# Imported on first use, so the modules that need no pandas (analytics.io.early, .delimited,
# .memory, .encoding) can be imported before it: a command starts reading its file meanwhile.
_HOME = dict.fromkeys(("RawTable", "Source", "source_bytes", "source_name"), "raw") | {"read_table": "read"}


def __getattr__(name: str) -> Any:
    if name not in _HOME:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"analytics.io.{_HOME[name]}"), name)
