"""Print a command's result: strict JSON with ``--json``, else indented ``key: value`` lines."""

from __future__ import annotations

import json
import math
import os
import sys
from typing import Any

from analytics.errors import Message


def jsonable(value: Any) -> Any:
    """Return ``value`` with nan as None, numpy scalars as plain numbers and messages as English text.

    Examples
    --------
    >>> jsonable({"rate": float("nan"), "rows": [1, 2.5]})
    {'rate': None, 'rows': [1, 2.5]}
    """
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, Message):
        # The command line speaks English: a warning code is rendered with the cli wording.
        return str(value)
    if hasattr(value, "item") and not isinstance(value, str | bytes):
        value = value.item()
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        return None
    return value


def write_result(result: Any, *, as_json: bool) -> None:
    """Write a command's result to stdout; a reader that stops early (``| head``) is no error."""
    payload = jsonable(result)
    try:
        if as_json:
            json.dump(payload, sys.stdout, ensure_ascii=False, indent=2)
            sys.stdout.write("\n")
        else:
            _print_text(payload)
        sys.stdout.flush()
    except BrokenPipeError:
        # Point stdout at devnull so the interpreter's final flush does not raise again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


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
