"""Text cells that a spreadsheet shows and never runs: the one formula escape of every file we write.

A cell starting with ``=``, ``+``, ``-`` or ``@`` is run as a formula by Excel and LibreOffice
(OWASP "CSV injection"), and some spreadsheets strip a leading tab or carriage return before
looking. Every text cell and header the report workbook, the exports and the dashboard's downloads
write goes through :func:`safe_text` (or, a column at a time, the same :data:`FORMULA_STARTS`).
"""

from __future__ import annotations

# Characters that make a spreadsheet read a cell as a formula, plus the control characters some
# spreadsheets strip before looking.
FORMULA_STARTS: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")


def safe_text(text: str) -> str:
    """Return ``text`` so that a spreadsheet shows it and never runs it as a formula (a leading ').

    Examples
    --------
    >>> safe_text("=HYPERLINK(\\"http://x\\")"), safe_text("金卡"), safe_text("-VIP")
    ('\\'=HYPERLINK("http://x")', '金卡', "'-VIP")
    """
    return "'" + text if text.startswith(FORMULA_STARTS) else text
