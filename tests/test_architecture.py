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


# --- import circles -----------------------------------------------------------------------------------
#
# Project modules: the packages and scripts the app, the command line and the report are made of.
PROJECT_FOLDERS = ("analytics", "ui", "views")
PROJECT_SCRIPTS = ("dashboard.py",)


def _project_modules() -> dict[str, Path]:
    found = {_module_name(path): path for folder in PROJECT_FOLDERS for path in _python_files(ROOT / folder)}
    found.update({_module_name(ROOT / script): ROOT / script for script in PROJECT_SCRIPTS})
    return found


def _runtime_imports_in(source: str, package: str) -> list[tuple[str, str | None]]:
    """Return the imports of ``source`` that run (lazy ones inside functions included).

    Imports under ``if TYPE_CHECKING:`` are left out: they are read by type checkers, never run.
    """
    tree = ast.parse(source)
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            node.body = [ast.Pass()]
    return _imports_in(ast.unparse(tree), package)


def import_graph(modules: dict[str, str], packages: frozenset[str] = frozenset()) -> dict[str, set[str]]:
    """Return, for each module (name -> source), the project modules it imports.

    ``packages`` names the modules that are packages (``__init__.py``: their relative imports
    start from themselves). ``from a import b`` is an import of ``a.b`` when that is a module,
    else of ``a``; an import of something outside the project is left out.
    """
    graph: dict[str, set[str]] = {}
    for name, source in modules.items():
        package = name if name in packages else name.rpartition(".")[0]
        targets: set[str] = set()
        for module, imported in _runtime_imports_in(source, package):
            if imported is not None and f"{module}.{imported}" in modules:
                targets.add(f"{module}.{imported}")
            elif module in modules:
                targets.add(module)
        graph[name] = targets - {name}
    return graph


def import_circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Return the groups of modules that import each other, directly or through others (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    circles: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                circles.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return circles


def test_no_import_circle_among_project_modules():
    # A circle (even one held apart by an import inside a function) means neither module can be
    # read, tested or moved without the other: shared types go in a module of their own.
    paths = _project_modules()
    modules = {name: path.read_text(encoding="utf-8") for name, path in paths.items()}
    packages = frozenset(name for name, path in paths.items() if path.name == "__init__.py")
    assert len(modules) > 100 and "analytics.report" in packages
    assert import_circles(import_graph(modules, packages)) == []


def test_the_circle_check_sees_a_lazy_import_and_ignores_type_checking_ones():
    modules = {
        "pkg.a": "from pkg.b import helper\n",
        "pkg.b": "def helper():\n    from pkg import a\n",  # lazy: still a circle a -> b -> a
        "pkg.c": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from pkg.a import x\n",
        "pkg.d": "from pkg.c import y\nimport pandas\n",
        "pkg": "from .d import z\n",  # a package's relative import starts from the package
    }
    graph = import_graph(modules, frozenset({"pkg"}))
    assert graph == {
        "pkg.a": {"pkg.b"},
        "pkg.b": {"pkg.a"},
        "pkg.c": set(),
        "pkg.d": {"pkg.c"},
        "pkg": {"pkg.d"},
    }
    assert import_circles(graph) == [["pkg.a", "pkg.b"]]


# --- no hidden state keyed by identity ----------------------------------------------------------------
#
# A cache keyed by an object's identity (``id(frame)``, a weak reference, a buffer's address) makes
# an answer depend on which object was passed, not on what it holds: derived tables belong to an
# object that owns them (``analytics.metrics.orderbook.Orders``), caches to ``ui`` on content digests.
IDENTITY_MODULES = ("weakref",)
IDENTITY_NAMES = frozenset({"WeakValueDictionary", "WeakKeyDictionary", "WeakSet", "__array_interface__"})


def identity_uses(source: str) -> list[str]:
    """Return what in ``source`` keys on object identity: ``id()`` calls, weak references, addresses."""
    found: list[str] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "id":
            found.append(f"id() on line {node.lineno}")
        elif isinstance(node, ast.Name | ast.Attribute):
            name = node.id if isinstance(node, ast.Name) else node.attr
            if name in IDENTITY_NAMES:
                found.append(f"{name} on line {node.lineno}")
    found += [f"import {m}" for m, _ in _imports_in(source, "") if m.split(".")[0] in IDENTITY_MODULES]
    return found


@pytest.mark.parametrize("path", _python_files(ANALYTICS), ids=_rel)
def test_analytics_keeps_nothing_keyed_by_object_identity(path):
    assert identity_uses(path.read_text(encoding="utf-8")) == []


def test_the_identity_check_sees_ids_weak_references_and_addresses():
    source = (
        "import weakref\n"
        "_LOGS = {}\n"
        "def log(frame):\n"
        "    return _LOGS.get(id(frame)), frame.values.__array_interface__\n"
        "from weakref import WeakValueDictionary\n"
    )
    assert sorted(identity_uses(source)) == [
        "__array_interface__ on line 4",
        "id() on line 4",
        "import weakref",
        "import weakref",
    ]
    assert identity_uses("def ident(order_id):\n    return order_id\n") == []
