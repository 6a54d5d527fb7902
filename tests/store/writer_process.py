"""A writer in its own process, for the tests of writers at once and of a writer killed mid-ingest.

:func:`start_writer` starts a process that builds orders ``T<first>`` .. ``T<last - 1>``
(deterministic: customer ``c<i % 997>``, a time 37 s apart, amount ``i % 50``), prints
``ready``, waits until the ``go`` file exists and then ingests them into the history as one upload,
printing the upload's ``added`` and ``duplicates``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

WRITER = """
import sys, time
from pathlib import Path
import numpy as np, pandas as pd
from analytics.frames import orders_frame
from analytics.store import ingest_frame

url, first, last, go, name = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), Path(sys.argv[4]), sys.argv[5]
ids = np.arange(first, last)
orders = orders_frame(
    order_id=[f"T{i}" for i in ids],
    customer_id=[f"c{i % 997}" for i in ids],
    order_time=pd.Timestamp("2025-01-01") + pd.to_timedelta(ids * 37, unit="s"),
    amount=(ids % 50).astype(float),
)
print("ready", flush=True)
while not go.exists():
    time.sleep(0.005)
(result,) = ingest_frame(url, orders, file_name=name)
print(result.added, result.duplicates, flush=True)
"""


def start_writer(
    folder: Path, url: str | Path, first: int, last: int, go: Path, name: str
) -> subprocess.Popen:
    """Start a writer of orders ``first``..``last - 1`` into ``url`` (the history), waiting for ``go``."""
    script = folder / "writer.py"
    script.write_text(WRITER, encoding="utf-8")
    return subprocess.Popen(
        [sys.executable, str(script), str(url), str(first), str(last), str(go), name],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def wait_ready(proc: subprocess.Popen) -> None:
    """Wait until the writer has built its orders and waits for the go file."""
    assert proc.stdout.readline().strip() == "ready", proc.stderr.read()


def expected_ids(first: int, last: int) -> set[str]:
    """Return the order ids a writer of ``first``..``last - 1`` stores."""
    return {f"T{i}" for i in range(first, last)}
