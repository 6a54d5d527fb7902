"""``python -m analytics``'s start-up settings: what a command that reads, answers and exits may skip.

Read-only commands keep the memory they free for reuse (``analytics.io.memory.keep_freed_memory``:
half the page faults of a million-order ``summarize``), writers keep handing it back; no command
collects garbage while importing. Checked in a fresh process that imports ``analytics.__main__``
with a given command line (its top-level code runs, ``main()`` does not).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PROBE = """
import gc, json, sys
sys.argv = ["analytics", *sys.argv[1:]]
import analytics.__main__
import pyarrow as pa
from analytics.io import memory
print(json.dumps({"keep": memory._KEEP_FREED, "pool": pa.default_memory_pool().backend_name,
                  "gc": gc.isenabled()}))
"""


def start_up(*argv: str) -> dict:
    """Return the settings a ``python -m analytics ARGV`` process has before its command runs."""
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *argv], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout)


@pytest.mark.parametrize("command", ["inspect", "summarize", "uplift"])
def test_read_only_commands_keep_freed_memory_and_import_without_collecting(command: str) -> None:
    assert start_up(command, "orders.csv") == {"keep": True, "pool": "system", "gc": False}


@pytest.mark.parametrize("command", ["ingest", "customers", "report"])
def test_writing_commands_hand_freed_memory_back(command: str) -> None:
    settings = start_up(command, "orders.csv")
    # Arrow's default pool outside loading (mimalloc or jemalloc as built), the trims still on.
    assert settings["keep"] is False and settings["pool"] != "system"
