"""Command line: ``python -m analytics COMMAND ... --json`` (the contract is in docs/cli.md).

Each command lives in ``analytics/cli/<name>.py`` and exposes ``add_parser(subparsers)``, which
registers its arguments and sets ``func`` to a callable ``(args) -> dict``. Adding a command is
that module plus one line in :data:`COMMANDS`. This module owns what every command shares: the
parser, JSON output, and bad input as exit 2 with one ``error:`` line.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import sys
from collections.abc import Sequence

from analytics.cli.output import write_result
from analytics.errors import InputError, Message

# The registry: command name -> module under analytics/cli/.
COMMANDS: tuple[str, ...] = ("inspect", "summarize", "uplift", "ingest", "customers", "report", "store")
# Bad input exits with this code, as argparse does for usage errors.
EXIT_BAD_INPUT = 2


class _Parser(argparse.ArgumentParser):
    """Argument parser whose usage errors follow the contract: exit 2, one ``error:`` line."""

    def error(self, message: str) -> None:  # type: ignore[override]
        usage = Message("clierr.usage", {"problem": message, "help": f"{self.prog} --help"})
        sys.stderr.write(f"error: {usage}\n")
        raise SystemExit(EXIT_BAD_INPUT)


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """Return the top-level parser with the requested command (or, for help, every command).

    Only the command being run is imported: the campaign statistics pull in scipy.stats, which
    would add most of a second to every ``inspect`` or ``summarize`` call.
    """
    parser = _Parser(
        prog="python -m analytics",
        description="Returning-customer figures from order exports, as JSON with --json.",
        epilog="Metric definitions: docs/definitions.md; the JSON contract: docs/cli.md.",
    )
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    args = list(sys.argv[1:] if argv is None else argv)
    wanted = [name for name in COMMANDS if args and args[0] == name] or list(COMMANDS)
    for name in wanted:
        importlib.import_module(f"analytics.cli.{name}").add_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; print its JSON (or a short text form); return the exit code."""
    args = build_parser(argv).parse_args(argv)
    # The command's modules are imported: collect garbage again (``python -m analytics`` turns
    # collection off for its imports, see analytics/__main__.py). What the imports made lives as
    # long as the process: frozen, the collections never walk it again (the first one walked all
    # of it, ~40 ms of a ``summarize``).
    gc.freeze()
    gc.enable()
    try:
        result = args.func(args)
    except InputError as exc:
        sys.stderr.write(f"error: {exc}\n")
        return EXIT_BAD_INPUT
    except MemoryError:
        sys.stderr.write(f"error: {Message('clierr.out_of_memory')}\n")
        return EXIT_BAD_INPUT
    write_result(result, as_json=getattr(args, "json", False))
    return 0
