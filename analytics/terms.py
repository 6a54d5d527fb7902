"""Message parameters that are not plain values: a catalog term, or a fraction shown as a percentage.

:class:`~analytics.errors.Message` and :class:`~analytics.errors.InputError` carry them as
parameters; :func:`analytics.messages.render` translates a :class:`Term` and formats a
:class:`Percent` in the reader's locale. Kept apart from :mod:`analytics.errors` so the renderer
needs only these types, never the errors that call it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Term:
    """A catalog entry used as a parameter value (a field name, an option, a drop reason).

    Examples
    --------
    >>> Term("field.order_time")
    Term(key='field.order_time')

    A term may carry values of its own, for wordings that name them (``--map order_time=HEADER``).
    """

    key: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def __hash__(self) -> int:
        return hash((self.key, repr(sorted(self.params.items(), key=lambda item: item[0]))))

    def __repr__(self) -> str:
        extra = f", params={dict(self.params)!r}" if self.params else ""
        return f"Term(key={self.key!r}{extra})"


@dataclass(frozen=True)
class Percent:
    """A fraction shown as a percentage with one decimal in the reader's locale (0.186 -> 18.6%)."""

    value: float
