"""The layering holds: data flows io -> schema/loading -> metrics -> charts -> pages, never back.

- ``analytics`` never imports streamlit, so the command line, reports and tests share it;
- metrics never read files nor import the readers: they take frames;
- metrics never import what is built on them (charts, reports, the command line, exports);
- charts compute no statistics: intervals and tests come with the metric results;
- the store takes canonical frames only: it never imports the readers or the loader;
- pages render: grouping and merging belong in analytics.metrics.

Imports are read from the source (AST), relative imports resolved, so a check cannot be dodged by
importing a submodule or importing lazily inside a function.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ANALYTICS = ROOT / "analytics"
# Chart modules, also any chart*.py at the top of analytics/, so a new chart module is covered the
# day it is added wherever it lands.
CHART_FILES = sorted(ANALYTICS.glob("chart*.py")) + sorted((ANALYTICS / "charts").rglob("*.py"))
METRIC_FILES = sorted((ANALYTICS / "metrics").rglob("*.py"))

# Reading files belongs to analytics.io and analytics.loading; metrics take canonical frames.
READER_MODULES = ("analytics.io", "analytics.loading", "analytics.parsing", "analytics.store")
FILE_CALLS = frozenset(
    {"open", "read_csv", "read_excel", "read_parquet", "read_json", "read_table", "read_text", "read_bytes"}
)
# Statistics belong to the metrics: a chart that imports or names these computes intervals itself.
STATISTICS_MODULES = ("scipy", "statistics", "statsmodels")
STATISTICS_NAMES = frozenset({"NormalDist", "wilson_interval", "newcombe_interval"})
# Words in the names of statistical helpers a chart might import instead of reading the result
# ("interval" alone is no such word: time between purchases is a chart subject of its own).
STATISTICS_WORDS = ("confidence_interval", "p_value", "ttest", "welch", "wilson", "newcombe", "z_test")


def _python_files(folder: Path) -> list[Path]:
    assert folder.is_dir(), f"{folder.relative_to(ROOT)} is missing"
    return sorted(p for p in folder.rglob("*.py") if "__pycache__" not in p.parts)


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports_in(source: str, package: str) -> list[tuple[str, str | None]]:
    """Return ``(module, name)`` for every import in ``source``, relative ones resolved in ``package``.

    ``name`` is None for ``import x``.
    """
    parts = package.split(".")
    found: list[tuple[str, str | None]] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(alias.name, None) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = parts[: len(parts) - node.level + 1] if node.level else []
            module = ".".join([*base, *([node.module] if node.module else [])])
            found += [(module, alias.name) for alias in node.names]
    return found


def _imports(path: Path) -> list[tuple[str, str | None]]:
    module = _module_name(path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    return _imports_in(path.read_text(encoding="utf-8"), package)


def _imported_modules(path: Path) -> set[str]:
    """Return every module ``path`` imports, with ``from a import b`` also giving ``a.b``."""
    names: set[str] = set()
    for module, name in _imports(path):
        names.add(module)
        if name is not None:
            names.add(f"{module}.{name}")
    return names


def _imports_any(path: Path, prefixes: tuple[str, ...]) -> list[str]:
    return sorted(
        m for m in _imported_modules(path) if any(m == p or m.startswith(f"{p}.") for p in prefixes)
    )


def _offenders(folder: Path, prefixes: tuple[str, ...]) -> dict[str, list[str]]:
    found = {str(p.relative_to(ROOT)): _imports_any(p, prefixes) for p in _python_files(folder)}
    return {path: modules for path, modules in found.items() if modules}


def test_analytics_never_imports_streamlit():
    assert _offenders(ANALYTICS, ("streamlit",)) == {}


def _names(path: Path) -> set[str]:
    """Return every name, attribute and imported name used in ``path``."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Name):
            found.add(node.id)
        elif isinstance(node, ast.Attribute):
            found.add(node.attr)
        elif isinstance(node, ast.alias):
            found.add(node.name.rsplit(".", 1)[-1])
    return found


def _called(path: Path) -> set[str]:
    """Return the names of the functions and methods ``path`` calls."""
    calls: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call):
            func = node.func
            calls.add(func.id if isinstance(func, ast.Name) else getattr(func, "attr", ""))
    return calls


def _rel(path: Path) -> str:
    return str(path.relative_to(ROOT))


def test_the_layers_have_files_to_check():
    assert CHART_FILES and METRIC_FILES


@pytest.mark.parametrize("path", METRIC_FILES, ids=_rel)
def test_metrics_read_no_files(path):
    assert _imports_any(path, READER_MODULES) == []
    assert sorted(_called(path) & FILE_CALLS) == []


# The layers built on the metrics: a metric importing one of them would make the layering circular
# (formatting they share, like Money, lives in a neutral module such as analytics.money).
ABOVE_METRICS = ("analytics.charts", "analytics.report", "analytics.cli", "analytics.exports", "ui", "views")


@pytest.mark.parametrize("path", METRIC_FILES, ids=_rel)
def test_metrics_never_import_the_layers_above(path):
    assert _imports_any(path, ABOVE_METRICS) == []


def test_the_layer_check_sees_a_lazy_import_of_the_report():
    # A metric importing Money from the report inside a function is still an import of the report.
    source = "def f():\n    from analytics.report.text import Money\n"
    modules = {m for m, _ in _imports_in(source, "analytics.metrics")}
    assert any(m.startswith(ABOVE_METRICS) for m in modules)


@pytest.mark.parametrize("path", CHART_FILES, ids=_rel)
def test_charts_compute_no_statistics(path):
    assert _imports_any(path, STATISTICS_MODULES) == []
    assert sorted(_names(path) & STATISTICS_NAMES) == []
    helpers = sorted(
        name for _, name in _imports(path) if name and any(word in name.lower() for word in STATISTICS_WORDS)
    )
    assert helpers == []


def test_store_takes_frames_and_never_imports_the_loader():
    assert _offenders(ANALYTICS / "store", ("analytics.loading", "analytics.io", "analytics.parsing")) == {}


@pytest.mark.parametrize("token", [".groupby(", ".merge(", ".pivot_table("])
def test_pages_hold_no_pandas_logic(token):
    # Pages render; grouping and merging belong in analytics.metrics.
    offenders = [
        page.name for page in sorted((ROOT / "views").glob("*.py")) if token in page.read_text("utf-8")
    ]
    assert offenders == []


def test_relative_imports_are_resolved():
    # `from ..loading import x` inside analytics.store reads as analytics.loading.x: no dodging the checks.
    source = "from ..loading import load_orders\nfrom . import shops\nimport pandas as pd\n"
    assert _imports_in(source, "analytics.store") == [
        ("analytics.loading", "load_orders"),
        ("analytics.store", "shops"),
        ("pandas", None),
    ]
