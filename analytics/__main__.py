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
# Commands whose positional arguments are order files they read whole (analytics.io.early).
EARLY_READ_COMMANDS = frozenset({"inspect", "summarize"})
# Their options that take no value: any other option's next argument is its value, not a file.
_FLAGS = frozenset({"--json", "-h", "--help"})


def _first_file(arguments: list[str]) -> str | None:
    """Return the first positional argument of a command line (options and their values skipped)."""
    value_next = False
    for argument in arguments:
        if value_next:
            value_next = False
        elif argument.startswith("-"):
            value_next = "=" not in argument and argument not in _FLAGS
        else:
            return argument
    return None


if len(sys.argv) > 1 and sys.argv[1] in READ_ONLY_COMMANDS:
    # Their few small matrix products need no BLAS threads, which spin on a core after each one
    # (~1-2% of a summarize's CPU, taken from Arrow's parse threads on a two-core machine).
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    from analytics.io.memory import keep_freed_memory

    # A command that reads, answers and exits reuses the memory it frees (~0.3 s of summarize).
    keep_freed_memory()

if len(sys.argv) > 2 and sys.argv[1] in EARLY_READ_COMMANDS and (first := _first_file(sys.argv[2:])):
    from analytics.io.early import start_early_read

    # Arrow parses the file on the idle core while pandas and the command's modules are imported
    # (~0.4 s of one core); the reader claims the parse.
    start_early_read(first)

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
