"""Command line: ``python -m analytics COMMAND ... --json`` (contract in ../shared/DESIGN.md).

Each command lives in ``analytics/commands/<name>.py`` and exposes ``add_parser(subparsers)``
which registers its arguments and sets ``func`` to a callable ``(args) -> dict``. This module
owns what every command shares: JSON output, and bad input as exit 2 with one ``error:`` line.
"""

from __future__ import annotations

import argparse
import importlib
import json
import math
import os
import sys
from collections.abc import Sequence
from typing import Any

from analytics.errors import InputError

COMMANDS: tuple[str, ...] = ("inspect", "summarize", "uplift", "customers", "ingest", "report")


class _Parser(argparse.ArgumentParser):
    """Argument parser whose usage errors follow the contract: exit 2, one ``error:`` line."""

    def error(self, message: str) -> None:  # type: ignore[override]
        sys.stderr.write(f"error: {message} (see python -m analytics {self.prog.split()[-1]} --help)\n")
        raise SystemExit(2)


def _jsonable(value: Any) -> Any:
    """Turn nan into null and numpy scalars into plain numbers so the JSON is strict."""
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if hasattr(value, "item") and not isinstance(value, str | bytes):
        value = value.item()
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        return None
    return value


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """Return the top-level parser with the requested command (or, for help, every command).

    Only the command being run is imported: the campaign statistics pull in scipy.stats, which
    would add most of a second to every ``inspect`` or ``summarize`` call.
    """
    parser = _Parser(prog="python -m analytics", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    args = list(sys.argv[1:] if argv is None else argv)
    wanted = [name for name in COMMANDS if args and args[0] == name] or list(COMMANDS)
    for name in wanted:
        try:
            module = importlib.import_module(f"analytics.commands.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"analytics.commands.{name}":
                raise
            continue
        module.add_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; print its JSON (or a short text form); return the exit code."""
    parser = build_parser(argv)
    args = parser.parse_args(argv)
    try:
        result = args.func(args)
    except InputError as exc:
        sys.stderr.write(f"error: {exc}\n")
        return 2
    except MemoryError:
        sys.stderr.write("error: the input is too large to analyse in memory: split the export by month\n")
        return 2
    payload = _jsonable(result)
    try:
        if getattr(args, "json", False):
            json.dump(payload, sys.stdout, ensure_ascii=False, indent=2)
            sys.stdout.write("\n")
        else:
            _print_text(payload)
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader (head, less) stopped reading: not an error. Point stdout at devnull so the
        # interpreter's final flush does not raise again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0


def _print_text(payload: Any, indent: int = 0) -> None:
    """Print a result as indented ``key: value`` lines for reading in a terminal."""
    pad = "  " * indent
    if isinstance(payload, dict):
        for key, value in payload.items():
            if isinstance(value, dict | list) and value:
                print(f"{pad}{key}:")
                _print_text(value, indent + 1)
            else:
                print(f"{pad}{key}: {value}")
    elif isinstance(payload, list):
        for item in payload:
            if isinstance(item, dict | list):
                print(f"{pad}-")
                _print_text(item, indent + 1)
            else:
                print(f"{pad}- {item}")
    else:
        print(f"{pad}{payload}")
