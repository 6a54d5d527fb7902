"""Peak memory of loading orders, against the file's size: a 4-column CSV and a wide Taobao export.

Each file is loaded (``analytics.loading.load_orders``) from its path, as the command line does
(a large text file is parsed from disk, never held whole), in a fresh Python process, whose peak RSS
is printed next to the file size and the same process's RSS after the imports and before loading
(pandas and pyarrow alone take ~105 MB whatever the file). Both ratios are printed: the total peak
over the file size (the target: under 4x) and the peak above that import baseline over the file
size (what loading itself costs). The 4-column file is the summarize benchmark's
(:mod:`bench_summarize`, ~1.1M orders); the wide one repeats the bundled 41-column Taobao export
(GBK) with fresh order numbers until it is about 48 MB. Both are then loaded once more as the
dashboard loads an upload, ``(name, bytes)``, the bytes already in memory before loading.

Run: ``PYTHONPATH=. .venv/bin/python benchmarks/bench_memory.py``
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET = 4.0


def _status_mb(field: str) -> float:
    """Return a /proc/self/status figure in MB (VmHWM: peak RSS of this program, reset by exec).

    ``ru_maxrss`` would carry the parent's peak over into a child started from a big process.
    """
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"{field} not in /proc/self/status")


def measure(path: str, *, upload: bool = False) -> None:
    """Load ``path`` in this process and print the RSS before and the peak after, as JSON.

    With ``upload`` the file's bytes are read first and loaded as the dashboard loads an upload
    (``(name, bytes)``): they count in the RSS before loading, as the browser upload does.
    """
    sys.path.insert(0, str(ROOT))
    from analytics.loading import load_orders

    source = (Path(path).name, Path(path).read_bytes()) if upload else path
    before = _status_mb("VmHWM")
    load = load_orders([source])
    peak = _status_mb("VmHWM")
    print(json.dumps({"orders": len(load.orders), "imports_mb": before, "peak_mb": peak}))


def wide_taobao(path: Path, target_mb: float = 48) -> None:
    """Write the bundled Taobao export (41 columns, GBK) repeated to ~``target_mb`` with unique order ids."""
    import pandas as pd

    sample = pd.read_csv(ROOT / "sample_data" / "taobao_orders_gbk.csv", encoding="gb18030", dtype=str)
    copies = max(
        1, round(target_mb * 2**20 / (ROOT / "sample_data" / "taobao_orders_gbk.csv").stat().st_size)
    )
    frame = pd.concat([sample] * copies, ignore_index=True)
    id_column = frame.columns[0]
    frame[id_column] = ['="' + str(10**18 + i) + '"' for i in range(len(frame))]
    frame.to_csv(path, index=False, encoding="gb18030")


def report(label: str, path: Path, *, upload: bool = False) -> None:
    """Measure ``path`` in a fresh process and print the peak against the file size."""
    result = subprocess.run(
        [sys.executable, __file__, "--measure-upload" if upload else "--measure", str(path)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    size_mb = path.stat().st_size / 2**20
    ratio = figures["peak_mb"] / size_mb
    loading = (figures["peak_mb"] - figures["imports_mb"]) / size_mb
    print(f"{label:<28s} {size_mb:6.1f} MB file  {figures['orders']:>9,} orders")
    what = "imports and the upload's bytes" if upload else "imports"
    print(f"  RSS after {what}, before loading: {figures['imports_mb']:5.0f} MB")
    print(
        f"  peak RSS {figures['peak_mb']:5.0f} MB: total peak / file = {ratio:.1f}x "
        f"(target < {TARGET:.0f}x: {'met' if ratio < TARGET else 'MISSED'}); "
        f"(peak - imports) / file = {loading:.1f}x "
        f"({'under' if loading < TARGET else 'over'} {TARGET:.0f}x)"
    )


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] in ("--measure", "--measure-upload"):
        measure(sys.argv[2], upload=sys.argv[1] == "--measure-upload")
        return
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from bench_summarize import generate

    with tempfile.TemporaryDirectory() as tmp:
        narrow, wide = Path(tmp) / "orders.csv", Path(tmp) / "taobao_wide.csv"
        generate(narrow, 300_000)
        wide_taobao(wide)
        report("4-column CSV", narrow)
        report("Taobao export, 41 columns", wide)
        # The dashboard's case: the upload's bytes are in memory before loading starts.
        report("4-column CSV, uploaded", narrow, upload=True)
        report("Taobao export, uploaded", wide, upload=True)


if __name__ == "__main__":
    main()
