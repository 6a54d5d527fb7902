"""Run the command line: ``python -m analytics COMMAND ...``."""

import gc
import os
import sys

# Importing pandas and the command's modules makes ~160 collections that find nothing to free
# (~0.06 s of a 1.2 s ``summarize``): collection is turned back on once the command is imported
# (analytics.cli.main.main).
gc.disable()

# Commands that only read: when one has written its output there is nothing left to save.
READ_ONLY_COMMANDS = frozenset({"inspect", "summarize", "uplift"})

if len(sys.argv) > 1 and sys.argv[1] in READ_ONLY_COMMANDS:
    # Their few small matrix products need no BLAS threads, which spin on a core after each one
    # (~1-2% of a summarize's CPU, taken from Arrow's parse threads on a two-core machine).
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    from analytics.io.memory import keep_freed_memory

    # A command that reads, answers and exits reuses the memory it frees (~0.3 s of summarize).
    keep_freed_memory()

from analytics.cli.main import main  # noqa: E402


def _leave(code: int) -> None:
    """Exit with ``code``; after a read-only command, without tearing the interpreter down.

    Freeing a million orders' columns object by object at exit takes ~0.15 s of a ~1.2 s
    ``summarize`` (benchmarks/bench_summarize.py), for memory the system reclaims at once anyway.
    Commands that write (ingest, report, customers --out) still exit normally.
    """
    if len(sys.argv) > 1 and sys.argv[1] in READ_ONLY_COMMANDS:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        except BrokenPipeError:  # a reader that stopped early (| head) is no error, as in write_result
            pass
        os._exit(code)
    sys.exit(code)


if __name__ == "__main__":
    _leave(main())
