"""Every command in the README runs as written, in order, in a fresh copy of the repository.

A newcomer pastes the README's ``bash`` blocks one line after another; each must exit 0 there. The
two set-up commands (``python3 bootstrap.py ...``) are what runs this test, so they are left out;
blocks in other languages (``text``, ``cron``, ``toml``) are examples to adapt, not to paste.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BLOCK = re.compile(r"^```bash\n(.*?)^```", re.S | re.M)
# Not copied into the fresh copy: what a clone does not have (the environment is linked instead).
NOT_IN_A_CLONE = {".git", ".venv", "data", "out", "artifacts", ".pytest_cache", ".ruff_cache", ".hypothesis"}


def readme_commands(text: str) -> list[str]:
    """Return the command lines of the README's bash blocks, in order (set-up commands left out).

    Examples
    --------
    >>> readme_commands("```bash\\npython3 bootstrap.py run\\nls -l   # list\\n\\n```\\n```text\\nno\\n```")
    ['ls -l   # list']
    """
    lines = []
    for block in BLOCK.findall(text):
        for line in block.splitlines():
            if line.strip() and not line.startswith("python3 bootstrap.py"):
                lines.append(line)
    return lines


@pytest.fixture(scope="module")
def fresh_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return a copy of the repository as a clone has it, with the set-up's environment linked in."""
    copy = tmp_path_factory.mktemp("clone") / "repo"
    shutil.copytree(ROOT, copy, ignore=lambda folder, names: [n for n in names if n in NOT_IN_A_CLONE])
    (copy / ".venv").symlink_to(ROOT / ".venv", target_is_directory=True)
    return copy


def test_readme_has_the_commands_a_newcomer_needs():
    commands = readme_commands((ROOT / "README.md").read_text(encoding="utf-8"))
    # The CLI, the history and the report sections each show at least one command.
    for command in ("inspect", "summarize", "ingest", "report", "customers"):
        assert any(f"-m analytics {command}" in line for line in commands), command


@pytest.mark.slow
def test_every_readme_command_runs_in_a_fresh_copy(fresh_copy: Path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("RCD_", "PYTEST"))}
    before = {p.name for p in fresh_copy.iterdir()}
    failures = []
    for line in readme_commands((ROOT / "README.md").read_text(encoding="utf-8")):
        done = subprocess.run(
            ["bash", "-c", line], cwd=fresh_copy, env=env, capture_output=True, text=True, timeout=600
        )
        if done.returncode != 0:
            failures.append(f"{line}\n  exit {done.returncode}: {done.stderr.strip()[-400:]}")
    assert not failures, "\n".join(failures)
    # What the commands write stays in the ignored out/ folder: nothing new at the copy's root.
    made = {p.name for p in fresh_copy.iterdir()} - before
    assert made <= {"out"}, made
