"""Time analytics.io.read_table on a 200,000-row .xlsx and a 1,000,000-row CSV (Taobao-like columns).

Run: ``.venv/bin/python benchmarks/bench_read.py [--rows-xlsx N] [--rows-csv N] [--keep DIR]``

The files are generated into a temporary folder (the xlsx with openpyxl's write-only mode, which
takes about half a minute for 200,000 rows). Each file is then read in a fresh Python process, best
of 3, so that the printed peak RSS is that of reading alone. CPU time (user + system, all threads)
is printed too: on a machine shared with other jobs it varies far less than wall time.
Targets (2-core machine): xlsx 200,000 rows < 3 s, CSV 1,000,000 rows < 2 s, leaving room for the
schema layer.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv

HEADER = [
    "订单编号",
    "买家会员名",
    "买家应付货款",
    "买家应付邮费",
    "总金额",
    "买家实际支付金额",
    "订单状态",
    "买家留言",
    "订单创建时间",
    "订单付款时间",
    "宝贝标题",
    "宝贝种类",
    "宝贝总数量",
    "店铺名称",
    "是否手机订单",
]
STATES = np.array(
    ["交易成功", "卖家已发货，等待买家确认", "买家已付款，等待卖家发货", "等待买家付款", "交易关闭"]
)
TITLES = np.array(["连衣裙 夏季 新款", "T恤 纯棉 短袖", "运动鞋 男款, 透气", "保温杯 500ml"])


def taobao_columns(rows: int, seed: int = 0) -> dict[str, np.ndarray]:
    """Return Taobao-like columns: 19-digit order numbers, buyers, money, times, states."""
    rng = np.random.default_rng(seed)
    created = np.datetime64("2025-01-01T00:00:00") + rng.integers(0, 90 * 86400, rows).astype(
        "timedelta64[s]"
    )
    paid = created + rng.integers(10, 600, rows).astype("timedelta64[s]")
    goods = np.round(rng.gamma(2.0, 60.0, rows), 2)
    postage = rng.choice([0.0, 6.0, 10.0], rows)
    return {
        "订单编号": (10**18 + rng.integers(0, 8 * 10**18, rows)).astype(str),
        "买家会员名": np.char.add("buyer", rng.integers(0, 200_000, rows).astype(str)),
        "买家应付货款": goods,
        "买家应付邮费": postage,
        "总金额": goods + postage,
        "买家实际支付金额": goods + postage,
        "订单状态": STATES[rng.integers(0, len(STATES), rows)],
        "买家留言": np.where(rng.random(rows) < 0.05, "请尽快发货", ""),
        "订单创建时间": created,
        "订单付款时间": paid,
        "宝贝标题": TITLES[rng.integers(0, len(TITLES), rows)],
        "宝贝种类": np.ones(rows, dtype=np.int64),
        "宝贝总数量": rng.integers(1, 4, rows),
        "店铺名称": np.full(rows, "旗舰店"),
        "是否手机订单": np.where(rng.random(rows) < 0.8, "手机订单", ""),
    }


def write_csv(path: Path, rows: int) -> None:
    """Write a UTF-8 CSV as Taobao does, long order numbers wrapped as ="..."."""
    columns = taobao_columns(rows)
    columns["订单编号"] = np.char.add(np.char.add('="', columns["订单编号"]), '"')
    frame = pd.DataFrame(columns)
    for name in ("订单创建时间", "订单付款时间"):
        frame[name] = frame[name].dt.strftime("%Y-%m-%d %H:%M:%S")
    pacsv.write_csv(pa.Table.from_pandas(frame, preserve_index=False), path)


def write_xlsx(path: Path, rows: int) -> None:
    """Write an .xlsx with openpyxl's write-only mode: text, numbers and real Excel datetimes."""
    import openpyxl

    columns = taobao_columns(rows)
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("订单")
    sheet.append(HEADER)
    as_lists = {name: values.tolist() for name, values in columns.items()}
    for name in ("订单创建时间", "订单付款时间"):
        as_lists[name] = [dt.datetime.fromisoformat(str(value)) for value in columns[name]]
    for row in zip(*(as_lists[name] for name in HEADER), strict=True):
        sheet.append(row)
    book.save(path)


def time_read(path: str) -> None:
    """Read ``path`` three times in this process and print the figures as JSON."""
    from analytics.io import read_table

    timings, cpu_times = [], []
    for _ in range(3):
        started, cpu_started = time.perf_counter(), time.process_time()
        table = read_table(path)
        timings.append(time.perf_counter() - started)
        cpu_times.append(time.process_time() - cpu_started)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"rows": len(table.frame), "columns": table.frame.shape[1], "best_s": min(timings),
                      "all_s": timings, "cpu_s": min(cpu_times), "peak_rss_mb": peak_mb}))  # fmt: skip


def report(label: str, path: Path, target_s: float) -> None:
    repo = Path(__file__).resolve().parents[1]
    result = subprocess.run(
        [sys.executable, __file__, "--read", str(path)], capture_output=True, text=True, check=True, cwd=repo
    )
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    size_mb = path.stat().st_size / 2**20
    verdict = "OK" if figures["best_s"] < target_s else "SLOW"
    print(
        f"{label:5s} {figures['rows']:>9,} rows x {figures['columns']} cols  {size_mb:7.1f} MB  "
        f"best {figures['best_s']:.2f} s (runs {', '.join(f'{t:.2f}' for t in figures['all_s'])}; "
        f"CPU {figures['cpu_s']:.2f} s)  "
        f"peak RSS {figures['peak_rss_mb']:.0f} MB  target < {target_s:.0f} s: {verdict}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows-xlsx", type=int, default=200_000)
    parser.add_argument("--rows-csv", type=int, default=1_000_000)
    parser.add_argument("--keep", type=Path, help="write the generated files here and keep them")
    parser.add_argument("--reuse", action="store_true", help="with --keep: time the files already there")
    parser.add_argument("--read", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.read:
        sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
        time_read(args.read)
        return
    with tempfile.TemporaryDirectory() as temp:
        folder = args.keep or Path(temp)
        folder.mkdir(parents=True, exist_ok=True)
        csv_path, xlsx_path = folder / "orders.csv", folder / "orders.xlsx"
        if not (args.reuse and csv_path.exists() and xlsx_path.exists()):
            started = time.perf_counter()
            write_csv(csv_path, args.rows_csv)
            print(f"generated {csv_path.name} in {time.perf_counter() - started:.1f} s")
            started = time.perf_counter()
            write_xlsx(xlsx_path, args.rows_xlsx)
            print(f"generated {xlsx_path.name} in {time.perf_counter() - started:.1f} s")
        report("csv", csv_path, 2.0)
        report("xlsx", xlsx_path, 3.0)


if __name__ == "__main__":
    main()
