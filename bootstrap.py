"""Set the project up on a bare Debian machine and run it: the README's two commands.

Usage::

    python3 bootstrap.py run     # set up, then serve the dashboard on http://localhost:8501 (sample data)
    python3 bootstrap.py test    # set up, then lint, format check and every test (what CI runs)
    python3 bootstrap.py setup   # set up only
    python3 bootstrap.py lint | format | bench

Only the Python standard library is used here, because on a fresh machine nothing else exists yet
(no make, no venv module, no pip). The set-up:

1. installs the Debian packages the project needs with ``apt-get`` (as root, or through ``sudo``),
   naming each one first, and only those missing;
2. creates ``.venv/`` and installs the pinned ``requirements.txt`` into it (again only when the
   requirements changed since the last set-up).

Debian packages and why each is needed:

- ``python3-venv``: Debian ships Python without ``ensurepip``, so ``python3 -m venv`` fails without it;
- ``chromium``: the browser tests and the static chart export (kaleido drives the system Chromium);
- ``fonts-noto-cjk``: Chinese text in PNG and PDF exports;
- ``libpango-1.0-0``, ``libpangoft2-1.0-0``: WeasyPrint lays out the PDF report with Pango;
- ``poppler-utils``: tests read the PDF report back as text and images (pdftotext, pdftoppm);
- ``libatomic1``: Playwright's bundled Node.js driver links against it;
- ``postgresql``: the history-store tests start a private PostgreSQL server on a local port;
- ``default-jre-headless``: the history-store tests start a local Spark session (Java);
- ``time``: the benchmarks measure each command's peak memory with ``/usr/bin/time``.

The test-only packages are installed by ``test`` (and ``setup --all``), not by ``run``.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
VENV_PYTHON = VENV / "bin" / "python"
STAMP = VENV / ".requirements.sha256"
PORT = os.environ.get("PORT", "8501")

RUN_PACKAGES = ("chromium", "fonts-noto-cjk", "libpango-1.0-0", "libpangoft2-1.0-0")
TEST_PACKAGES = ("poppler-utils", "libatomic1", "postgresql", "default-jre-headless", "time")


def say(text: str) -> None:
    """Print one line of what the set-up does, flushed so it shows before a long step."""
    print(f"[bootstrap] {text}", flush=True)


def missing_packages(names: tuple[str, ...]) -> list[str]:
    """Return the Debian packages among ``names`` that are not installed."""
    if shutil.which("dpkg-query") is None:
        return []  # not a Debian system: the packages must be installed by hand (README)
    missing = []
    for name in names:
        found = subprocess.run(
            ["dpkg-query", "-W", "-f=${Status}", name], capture_output=True, text=True, check=False
        )
        if "install ok installed" not in found.stdout:
            missing.append(name)
    return missing


def venv_works() -> bool:
    """Tell whether this Python can create a virtual environment with pip (Debian needs python3-venv)."""
    probe = subprocess.run([sys.executable, "-c", "import ensurepip, venv"], capture_output=True, check=False)
    return probe.returncode == 0


def apt_install(packages: list[str]) -> None:
    """Install Debian packages non-interactively, as root or through sudo."""
    if not packages:
        return
    prefix: list[str] = []
    if os.geteuid() != 0:
        if shutil.which("sudo") is None:
            sys.exit(
                "[bootstrap] these Debian packages are missing and installing them needs root: "
                f"{' '.join(packages)}\n[bootstrap] run as root, or install sudo, then run this command again"
            )
        prefix = ["sudo"]
    say(f"installing Debian packages: {' '.join(packages)}")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run([*prefix, "apt-get", "update", "-qq"], check=True, env=env)
    subprocess.run(
        [*prefix, "apt-get", "install", "-y", "-qq", "--no-install-recommends", *packages],
        check=True,
        env=env,
        stdout=subprocess.DEVNULL,
    )


def system_packages(*, for_tests: bool) -> None:
    """Install the Debian packages that are missing (see the module docstring for why each)."""
    wanted = RUN_PACKAGES + (TEST_PACKAGES if for_tests else ())
    missing = missing_packages(wanted)
    if not venv_works():
        missing.append("python3-venv")
    apt_install(missing)


def requirements_digest() -> str:
    """Return the digest of requirements.txt, so a changed pin reinstalls the environment."""
    return hashlib.sha256((ROOT / "requirements.txt").read_bytes()).hexdigest()


def python_environment() -> None:
    """Create .venv/ and install the pinned requirements when they changed since the last set-up."""
    if STAMP.exists() and STAMP.read_text().strip() == requirements_digest() and VENV_PYTHON.exists():
        return
    if not VENV_PYTHON.exists():
        say("creating the Python environment in .venv/")
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    say("installing the pinned Python packages from requirements.txt (a few minutes the first time)")
    pip = [str(VENV_PYTHON), "-m", "pip", "--disable-pip-version-check", "-q"]
    subprocess.run([*pip, "install", "-r", str(ROOT / "requirements.txt")], check=True)
    STAMP.write_text(requirements_digest())


def compile_sources() -> None:
    """Compile the project's modules to byte code now, so no command pays for it on its first run.

    Python would write these caches on first import, but not where ``PYTHONDONTWRITEBYTECODE`` is
    set (CI machines): every ``python -m analytics`` there compiled the modules it imports anew
    (~0.05 s of a one-second ``summarize``). Up-to-date caches are kept, so this is quick.
    """
    sources = [name for name in ("analytics", "ui", "views", "dashboard.py") if (ROOT / name).exists()]
    # A module that does not compile is reported by its tests; the caches are only a speed-up.
    subprocess.run([str(VENV_PYTHON), "-m", "compileall", "-q", *sources], cwd=ROOT, check=False)


def setup(*, for_tests: bool) -> None:
    """Install what is missing: Debian packages, then the Python environment; compile the sources."""
    system_packages(for_tests=for_tests)
    python_environment()
    compile_sources()


def in_venv(*args: str) -> int:
    """Run ``python -m ARGS`` in the project's environment from the repository root; return its exit code."""
    return subprocess.run([str(VENV_PYTHON), "-m", *args], cwd=ROOT, check=False).returncode


def lint() -> int:
    """Run ruff's lint and format checks."""
    return in_venv("ruff", "check", ".") or in_venv("ruff", "format", "--check", ".")


def main(argv: list[str]) -> int:
    """Dispatch the command named on the command line (default: run)."""
    command = argv[0] if argv else "run"
    if command == "run":
        setup(for_tests=False)
        say(f"serving the dashboard on http://localhost:{PORT} (Ctrl+C stops it)")
        # Loopback only: one local user. To serve a team, configure sign-in (README, "Serving a team").
        args = ["streamlit", "run", "dashboard.py", "--server.port", PORT, "--server.address", "localhost"]
        return in_venv(*args)
    if command == "test":
        setup(for_tests=True)
        # Both cores: the suite takes about half the time. Servers and browsers stay on one worker each
        # (tests/conftest.py groups them).
        return lint() or in_venv("pytest", "-q", "-n", "2", "--dist", "loadgroup", *argv[1:])
    if command == "setup":
        setup(for_tests="--all" in argv)
        return 0
    if command == "lint":
        setup(for_tests=False)
        return lint()
    if command == "format":
        setup(for_tests=False)
        return in_venv("ruff", "format", ".") or in_venv("ruff", "check", "--fix", ".")
    if command == "bench":
        setup(for_tests=True)
        for script in sorted((ROOT / "benchmarks").glob("bench_*.py")):
            say(f"== {script.relative_to(ROOT)}")
            env = {**os.environ, "PYTHONPATH": str(ROOT)}
            code = subprocess.run([str(VENV_PYTHON), str(script)], cwd=ROOT, env=env, check=False).returncode
            if code:
                return code
        return 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except subprocess.CalledProcessError as failed:
        # The failing step already printed its own error above; name the step, without a traceback.
        sys.exit(f"[bootstrap] this step failed (exit {failed.returncode}): {' '.join(map(str, failed.cmd))}")
    except KeyboardInterrupt:
        sys.exit(130)
