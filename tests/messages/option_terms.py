"""The ``option.*`` terms the analytics code names, read from its source.

An error names an option (``Term("option.control")``) so that each surface words it its own way:
the command line as a ``--flag``, the dashboard as a widget. Both surfaces' tests check that every
term found here has their wording.
"""

from __future__ import annotations

import ast
from pathlib import Path

ANALYTICS = Path(__file__).resolve().parents[2] / "analytics"


def option_terms() -> set[str]:
    """Return every ``option.*`` key passed as the first argument of a ``Term(...)`` call."""
    terms: set[str] = set()
    for path in ANALYTICS.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", getattr(node.func, "attr", "")) == "Term"
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and str(node.args[0].value).startswith("option.")
            ):
                terms.add(node.args[0].value)
    return terms
