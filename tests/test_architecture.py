"""The analytics core stays pure: it never imports streamlit, so CLI, report and tests share it."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_analytics_never_imports_streamlit():
    offenders = [
        str(p.relative_to(ROOT))
        for p in (ROOT / "analytics").rglob("*.py")
        if "streamlit" in _imported_modules(p)
    ]
    assert offenders == []


def test_pages_hold_no_pandas_logic():
    # Pages render; grouping and merging belong in analytics.metrics.
    offenders = []
    for page in (ROOT / "pages").glob("*.py"):
        text = page.read_text(encoding="utf-8")
        if any(token in text for token in (".groupby(", ".merge(", ".pivot_table(")):
            offenders.append(page.name)
    assert offenders == []
