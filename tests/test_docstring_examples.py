"""The examples in the docstrings of analytics/ and ui/ run and give what they show."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import analytics
import ui


def _modules() -> list[str]:
    names = []
    for package in (analytics, ui):
        for info in pkgutil.walk_packages(package.__path__, prefix=f"{package.__name__}."):
            found = doctest.DocTestFinder().find(importlib.import_module(info.name))
            if any(test.examples for test in found):
                names.append(info.name)
    return names


@pytest.mark.parametrize("name", _modules())
def test_docstring_examples(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0
