"""Every key of the dashboard's catalogs is used, and Chinese and English have the same keys and placeholders.

A key counts as used when the dashboard's code names it: the literal first argument of ``t()``,
``translate()`` (``tr`` in :mod:`ui.kpi`) or ``reason_label()``; a prefix given to
``option_labels("prefix")`` or the literal start of an f-string key (``t(f"reason_{r}")``); a string
constant in ``ui/``, ``views/`` or ``dashboard.py`` equal to the key (keys kept in tuples and dicts,
then translated in a loop); or an ``option.*`` term named by analytics (``Term("option.control")``).
"""

from __future__ import annotations

import ast
import string
from pathlib import Path

from ui.i18n import texts

ROOT = Path(__file__).resolve().parents[2]
UI_SOURCES = ("ui", "views", "dashboard.py")
_KEY_CALLS = {"t", "tr", "translate", "reason_label"}


def _trees(*names: str):
    for name in names:
        path = ROOT / name
        for file in [path] if path.is_file() else sorted(path.rglob("*.py")):
            yield ast.parse(file.read_text(encoding="utf-8"))


def _call_name(node: ast.Call) -> str:
    return getattr(node.func, "id", getattr(node.func, "attr", ""))


def _used_keys_and_prefixes() -> tuple[set[str], set[str]]:
    keys: set[str] = set()
    prefixes: set[str] = set()
    for tree in _trees(*UI_SOURCES):
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                keys.add(node.value)
            if not (isinstance(node, ast.Call) and node.args):
                continue
            first, name = node.args[0], _call_name(node)
            if name == "option_labels" and isinstance(first, ast.Constant):
                prefixes.add(first.value)
            elif name in _KEY_CALLS and isinstance(first, ast.JoinedStr):
                head = first.values[0] if first.values else None
                if isinstance(head, ast.Constant) and head.value:
                    prefixes.add(head.value)
    for tree in _trees("analytics"):
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and _call_name(node) == "Term"
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                keys.add(node.args[0].value)
    return keys, prefixes


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_the_scan_finds_the_ways_keys_are_used():
    keys, prefixes = _used_keys_and_prefixes()
    # One of each way: a literal t(), tr() in ui.kpi, an option_labels prefix, an f-string prefix, a Term.
    assert {"app_title", "def_aov", "option.control"} <= keys
    assert {"preset_", "reason_"} <= prefixes


def test_every_catalog_key_is_used():
    keys, prefixes = _used_keys_and_prefixes()
    for lang in ("zh", "en"):
        unused = sorted(
            key for key in texts(lang) if key not in keys and not any(key.startswith(p) for p in prefixes)
        )
        assert unused == [], lang


def test_chinese_and_english_have_the_same_keys_and_placeholders():
    zh, en = texts("zh"), texts("en")
    assert sorted(set(zh) ^ set(en)) == []
    differing = {key: (zh[key], en[key]) for key in zh if _placeholders(zh[key]) != _placeholders(en[key])}
    assert differing == {}
