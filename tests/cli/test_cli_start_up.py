"""``python -m analytics``'s start-up settings: what a command that reads, answers and exits may skip.

Read-only commands keep the memory they free for reuse (``analytics.io.memory.keep_freed_memory``:
half the page faults of a million-order ``summarize``) and start no BLAS threads; writers keep
handing memory back; no command collects garbage while importing. Checked in a fresh process
that imports ``analytics.__main__`` with a given command line (its top-level code runs, ``main()``
does not).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PROBE = """
import gc, json, os, sys
sys.argv = ["analytics", *sys.argv[1:]]
import analytics.__main__
import pyarrow as pa
from analytics.io import memory
print(json.dumps({"keep": memory._KEEP_FREED, "pool": pa.default_memory_pool().backend_name,
                  "gc": gc.isenabled(), "blas_threads": os.environ.get("OPENBLAS_NUM_THREADS")}))
"""


def start_up(*argv: str) -> dict:
    """Return the settings a ``python -m analytics ARGV`` process has before its command runs."""
    env = {key: value for key, value in os.environ.items() if key != "OPENBLAS_NUM_THREADS"}
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *argv], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout)


@pytest.mark.parametrize("command", ["inspect", "summarize", "uplift"])
def test_read_only_commands_keep_freed_memory_and_import_without_collecting(command: str) -> None:
    settings = start_up(command, "orders.csv")
    assert settings == {"keep": True, "pool": "system", "gc": False, "blas_threads": "1"}


@pytest.mark.parametrize("command", ["ingest", "customers", "report"])
def test_writing_commands_hand_freed_memory_back(command: str) -> None:
    settings = start_up(command, "orders.csv")
    # Arrow's default pool outside loading (mimalloc or jemalloc as built), the trims still on.
    assert settings["keep"] is False and settings["pool"] != "system"
    # The customer models' matrix work keeps OpenBLAS's threads.
    assert settings["blas_threads"] is None


def test_what_the_imports_made_is_frozen_before_the_command_runs(tmp_path: Path) -> None:
    # Collection is on again once the command's modules are imported, and never walks them.
    orders = tmp_path / "orders.csv"
    orders.write_text("order_id,customer_id,order_time,amount\n1,c1,2025-01-01,3\n")
    probe = (
        "import gc, sys; from analytics.cli.main import main; gc.disable(); main(sys.argv[1:]); "
        "print(gc.isenabled(), gc.get_freeze_count() > 1000)"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe, "inspect", str(orders), "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.splitlines()[-1] == "True True"
