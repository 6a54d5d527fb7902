"""The suite's own set-up: tests that start a browser, Spark or PostgreSQL run on one worker per kind.

Run by hand as a small pytest session (two workers, ``--dist loadgroup``, the project's own
``tests/conftest.py``) over four browser-marked tests and four plain ones: all browser tests must land
on one worker, and a file's plain tests on one worker. pytest 9.2 with pytest-xdist 3.8 silently
ignored the groups (pytest-dev/pytest-xdist#1386) and two browser tests then started two servers.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

TESTS = """
import os
from pathlib import Path

import pytest


def _record(kind, i):
    Path(os.environ["WORKERS_OUT"], f"{kind}-{i}").write_text(os.environ["PYTEST_XDIST_WORKER"])


@pytest.mark.browser
@pytest.mark.parametrize("i", range(4))
def test_browser(i):
    _record("browser", i)


@pytest.mark.parametrize("i", range(4))
def test_plain(i):
    _record("plain", i)
"""


def test_browser_tests_share_one_worker(tmp_path):
    suite = tmp_path / "suite"
    (suite / "tests").mkdir(parents=True)
    shutil.copy(ROOT / "tests" / "conftest.py", suite / "tests" / "conftest.py")
    (suite / "tests" / "test_kinds.py").write_text(TESTS)
    (suite / "pytest.ini").write_text("[pytest]\nmarkers =\n    browser: b\n    spark: s\n    postgres: p\n")
    out = tmp_path / "workers"
    out.mkdir()
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-n", "2", "--dist", "loadgroup"],
        cwd=suite,
        env={"PATH": "/usr/bin:/bin", "WORKERS_OUT": str(out), "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    browser = {p.read_text() for p in out.glob("browser-*")}
    assert len(list(out.glob("browser-*"))) == 4 and len(list(out.glob("plain-*"))) == 4
    assert len(browser) == 1, f"browser tests ran on {sorted(browser)}"
    # A file's other tests stay together too: a module fixture is then built once, not per worker.
    plain = {p.read_text() for p in out.glob("plain-*")}
    assert len(plain) == 1, f"one file's tests ran on {sorted(plain)}"
