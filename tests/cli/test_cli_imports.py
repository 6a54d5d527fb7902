"""Each command imports only what it uses (issue 21, finding 13): start-up is paid on every call.

Read from ``python -X importtime``, which names every module a real process imports (lazy ones
included) whatever the command does at exit. scikit-learn cost ``customers`` 2.6 s though it only
clusters on request; the dashboard's and the report's libraries have no business in a summary.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "sample_data" / "taobao_orders_gbk.csv"
# Libraries of the dashboard, the charts, the report and the workbook writer, and the clustering.
DASHBOARD_AND_REPORT = {"streamlit", "plotly", "kaleido", "weasyprint", "openpyxl", "xlsxwriter", "sklearn"}
# The history engines' drivers: a command imports the one its --store names, and none without it.
ENGINE_DRIVERS = {"duckdb", "sqlite3", "psycopg", "pyspark", "sqlglot"}


def imported_modules(*argv: str) -> set[str]:
    """Run ``python -X importtime -m analytics ARGV``; return the modules it imported."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "analytics", *argv],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode in (0, 2), done.stderr[-2000:]
    names = [
        line.rsplit("|", 1)[-1].strip()
        for line in done.stderr.splitlines()
        if line.startswith("import time:")
    ]
    assert "pandas" in names  # the trace is there: the test can fail
    return set(names)


def imported_packages(*argv: str) -> set[str]:
    """Return the top-level packages ``python -m analytics ARGV`` imported."""
    return {name.split(".")[0] for name in imported_modules(*argv)}


@pytest.mark.parametrize("command", ["inspect", "summarize"])
def test_inspect_and_summarize_import_no_dashboard_report_or_model_library(command: str) -> None:
    packages = imported_packages(command, str(SAMPLE), "--json")
    assert not packages & (DASHBOARD_AND_REPORT | {"scipy"}), packages & (DASHBOARD_AND_REPORT | {"scipy"})


def test_customers_without_clusters_does_not_import_scikit_learn(tmp_path: Path) -> None:
    # a CSV care list needs no workbook writer either
    packages = imported_packages("customers", str(SAMPLE), "--out", str(tmp_path / "care.csv"), "--json")
    assert "scipy" in packages  # the purchase models are fitted
    assert not packages & DASHBOARD_AND_REPORT, packages & DASHBOARD_AND_REPORT


def test_summarize_of_files_imports_no_history_store_or_database_driver() -> None:
    modules = imported_modules("summarize", str(SAMPLE), "--json")
    assert "analytics.loading" in modules  # the files were read: the test can fail
    unused = {m for m in modules if m.split(".")[0] in ENGINE_DRIVERS or m.startswith("analytics.store")}
    assert not unused, unused


def test_summarize_of_a_duckdb_history_imports_no_other_engine(tmp_path: Path) -> None:
    url = f"duckdb:///{tmp_path / 'history.duckdb'}"
    done = subprocess.run(
        [sys.executable, "-m", "analytics", "ingest", str(SAMPLE), "--store", url, "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    packages = imported_packages("summarize", "--store", url, "--json")
    assert "duckdb" in packages  # the history was read there
    # sqlite3 (the standard library's, ~3 ms) stays: the store's shared modules name its types.
    others = (ENGINE_DRIVERS - {"duckdb", "sqlite3"}) | DASHBOARD_AND_REPORT | {"scipy"}
    assert not packages & others, packages & others
