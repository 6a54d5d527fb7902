"""Time and memory of refusing hostile file shapes (issue 21): wide headers, runaway quotes, huge cells.

Run: ``.venv/bin/python benchmarks/bench_guards.py [--keep DIR]``

Each hostile file is generated into a temporary folder, then loaded in a fresh Python process
(``load_orders``, as the dashboard and the CLI load an export), once from disk and once as an
upload (its bytes in memory, as the dashboard receives them). Printed per case: the seconds until
the refusal, the peak memory above the process's baseline (its peak after the imports and, for an
upload, after holding the file's bytes), the file's size, and the refusal code; CPU seconds
too (all threads: on a machine shared with other jobs the wall time includes waiting). Targets: every
refusal in < 2 s and under 2x the file's size; the 2,000,000-column header in < 2 s with < 100 MB
above the baseline. The reference line loads a small valid export the same way in the same run.

The whole command is timed too: ``python -m analytics inspect FILE`` on the wide header (exit 2,
one ``error:`` line) next to the same command on the small valid export (the interpreter and
imports, the floor of any command).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import openpyxl

ROOT = Path(__file__).resolve().parents[1]
HEADER = "order_id,customer_id,order_time,amount"

CHILD = r"""
import json, sys, time
from pathlib import Path
from analytics.errors import InputError
from analytics.loading import load_orders


def status(field):
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024


path, upload = Path(sys.argv[1]), sys.argv[2] == "upload"
source = (path.name, path.read_bytes()) if upload else path
# The peak so far (imports) is reset: the peak read after the load is the load's own.
Path("/proc/self/clear_refs").write_text("5")
before = status("VmRSS")
start, cpu = time.perf_counter(), time.process_time()
try:
    load_orders(source)
    code = "read"
except InputError as exc:
    code = exc.code
seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
print(json.dumps({"seconds": seconds, "cpu": cpu, "above_mb": status("VmHWM") - before, "code": code}))
"""


# The dashboard: a session started (baseline), then the file uploaded through the upload box.
UI_CHILD = r"""
import json, sys, time
from pathlib import Path
from streamlit.testing.v1 import AppTest


def status(field):
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024


path = Path(sys.argv[1])
at = AppTest.from_file(sys.argv[2], default_timeout=300)
at.query_params["lang"] = "en"
at.run()
content = path.read_bytes()
Path("/proc/self/clear_refs").write_text("5")
before = status("VmRSS")
start = time.perf_counter()
at.file_uploader(key="uploader").set_value([(path.name, content, "text/csv")])
at.run()
seconds = time.perf_counter() - start
errors = [e.value for e in at.error] or [""]
print(json.dumps({"seconds": seconds, "above_mb": status("VmHWM") - before, "error": errors[0]}))
"""


def write_cases(folder: Path) -> dict[str, Path]:
    """Write the hostile files (and the small reference export) into ``folder``."""
    cases: dict[str, Path] = {}
    small = folder / "small.csv"
    small.write_text(
        HEADER + "\n" + "".join(f"A{i},c{i % 7},2025-01-0{1 + i % 9},12.5\n" for i in range(200))
    )
    cases["reference: small valid export"] = small
    wide = folder / "wide_2000000.csv"
    wide.write_text(",".join(f"c{i}" for i in range(2_000_000)) + "\n1,2\n")
    cases["header of 2,000,000 columns"] = wide
    wide_rows = folder / "wide_20004.csv"
    row = ",".join(["x"] * 20_000)
    wide_rows.write_text(
        HEADER
        + ","
        + ",".join(f"col{i}" for i in range(20_000))
        + "\n"
        + "".join(f"A{i},c{i},2025-01-01,3,{row}\n" for i in range(3))
    )
    cases["header of 20,004 columns"] = wide_rows
    unclosed = folder / "unclosed_150mb.csv"
    lines = "".join(f"A{i},c{i % 100},2025-01-02,3.5\n" for i in range(100_000))
    with unclosed.open("w") as file:
        file.write(HEADER + '\nA0,c0,2025-01-01,12.5\nA1,"c1,2025-01-01,12.5\n')
        while file.tell() < 150 * 1024**2:
            file.write(lines)
    cases["unclosed quote, 150 MB"] = unclosed
    cell = folder / "cell_100mb.csv"
    with cell.open("w") as file:
        file.write(HEADER + "\nA0,c0,2025-01-01,12.5\nA1,")
        file.write("x" * (100 * 1024**2))
        file.write(",2025-01-01,3\n")
    cases["100 MB customer id"] = cell
    for name, ref in (("xlsx column XFD", "XFD1"), ("xlsx sparse A1..BXX1048576", "BXX1048576")):
        book = openpyxl.Workbook()
        book.active.append(HEADER.split(","))
        book.active[ref] = "stray"
        path = folder / f"{ref}.xlsx"
        book.save(path)
        cases[name] = path
    return cases


def measure(path: Path, mode: str) -> dict:
    """Load ``path`` in a fresh process (from disk or as an upload); return its seconds, memory, code."""
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(path), mode], capture_output=True, text=True, cwd=ROOT, check=True
    )
    return json.loads(out.stdout)


def dashboard_upload(path: Path) -> dict:
    """Upload ``path`` in a fresh dashboard session (AppTest); return seconds, memory and first error."""
    folder = tempfile.mkdtemp()  # the session's history and column choices, not data/
    out = subprocess.run(
        [sys.executable, "-c", UI_CHILD, str(path), str(ROOT / "dashboard.py")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
        env={**os.environ, "RCD_DATA_DIR": folder, "RCD_STORE": str(Path(folder) / "history.sqlite")},
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def whole_command(path: Path) -> tuple[float, int, list[str]]:
    """Run ``python -m analytics inspect FILE``; return its wall seconds, exit code and stderr lines."""
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "analytics", "inspect", str(path)], capture_output=True, text=True, cwd=ROOT
    )
    return time.perf_counter() - start, done.returncode, done.stderr.splitlines()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, help="write the files here and keep them")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp:
        folder = args.keep or Path(temp)
        folder.mkdir(parents=True, exist_ok=True)
        cases = write_cases(folder)
        columns = f"{'seconds':>8} {'CPU s':>6} {'MB above':>9} {'file MB':>8} {'x file':>7}"
        print(f"{'case':<32} {'from':<7} {columns}  code")
        for name, path in cases.items():
            size = path.stat().st_size / 1024**2
            for mode in ("disk", "upload"):
                result = measure(path, mode)
                ratio = result["above_mb"] / size
                print(
                    f"{name:<32} {mode:<7} {result['seconds']:>8.2f} {result['cpu']:>6.2f} "
                    f"{result['above_mb']:>9.1f} {size:>8.1f} {ratio:>7.2f}  {result['code']}"
                )
        print()
        print("dashboard: the upload's rerun in a started session (AppTest)")
        for name in ("reference: small valid export", "header of 2,000,000 columns"):
            result = dashboard_upload(cases[name])
            print(f"  {name:<32} {result['seconds']:6.2f} s  {result['above_mb']:7.1f} MB above the session")
            if result["error"]:
                print(f"    {result['error'][:160]}")
        print()
        print("whole command: python -m analytics inspect FILE (best of 3)")
        for name in ("reference: small valid export", "header of 2,000,000 columns"):
            runs = [whole_command(cases[name]) for _ in range(3)]
            seconds, code, lines = min(runs)
            print(f"  {name:<32} {seconds:6.2f} s  exit {code}  stderr lines {len(lines)}")
            for line in lines[:1]:
                print(f"    {line[:160]}")


if __name__ == "__main__":
    main()
