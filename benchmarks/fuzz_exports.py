"""Load 10,000 seeded, mutated order exports and count tracebacks, wrong figures and hangs.

Run: ``.venv/bin/python benchmarks/fuzz_exports.py [--cases N] [--first SEED] [--timeout S]``

Each case comes from ``tests/fuzz/exports.py`` (a real export layout written from known orders,
then mutated: encodings, delimiters, quoting, currency, decimal commas, blanks, huge and
non-finite cells, title and total rows, duplicated lines, truncation, xlsx variants), so its
valid orders, sales, customers and dropped rows are known, or the refusal code it must get.
Prints the counts (tracebacks / wrong / hangs must all be 0), the cases per second, and the
seed, mutations and detail of each failure so it can be replayed with ``--first SEED --cases 1``.
"""

from __future__ import annotations

import argparse
import collections
import signal
import sys
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.fuzz.exports import build, check_case


class Hang(Exception):
    """A case took longer than the timeout."""


def _alarm(signum: int, frame: object) -> None:
    raise Hang


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--first", type=int, default=0, help="first seed")
    parser.add_argument("--timeout", type=int, default=60, help="seconds before a case counts as a hang")
    args = parser.parse_args()
    signal.signal(signal.SIGALRM, _alarm)
    counts: collections.Counter[str] = collections.Counter()
    failures: list[str] = []
    started = time.perf_counter()
    for seed in range(args.first, args.first + args.cases):
        case = build(seed)
        signal.alarm(args.timeout)
        try:
            outcome = check_case(case)
            status, detail = outcome.status, outcome.detail
        except Hang:
            status, detail = "hang", f"over {args.timeout} s"
        except Exception:
            status, detail = "traceback", traceback.format_exc(limit=-3)
        finally:
            signal.alarm(0)
        counts[status] += 1
        if status not in ("ok", "refused"):
            failures.append(f"seed {seed} {status} {','.join(case.mutations)}: {detail}")
    elapsed = time.perf_counter() - started
    for failure in failures:
        print(failure)
    print(
        f"{args.cases} cases: {counts['ok']} read right, {counts['refused']} refused as expected; "
        f"tracebacks {counts['traceback']} / wrong {counts['wrong']} / hangs {counts['hang']}; "
        f"{args.cases / elapsed:.1f} cases/s ({elapsed:.0f} s)"
    )
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
