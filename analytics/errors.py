"""Errors and warnings as codes with parameters; the text lives in per-language catalogs.

``analytics`` never writes a sentence for a person: it raises :class:`InputError` (or a subclass)
with a message code such as ``"io.empty_file"`` and the values the sentence needs (``file=...``,
``column=...``), and returns warnings as :class:`Message` values. The command line renders them in
English (:func:`analytics.messages.render`), the dashboard in the reader's language, and the
report in the report's language, from the catalogs in ``analytics/messages/locale/``.

A parameter can itself need translating: :class:`Term` names a catalog entry (a field, an option,
a drop reason), so "the order time" reads "下单/付款时间" in Chinese and ``--control LABEL`` on the
command line names the "Control group" select in the dashboard.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

# The parameter values that need translating or formatting live in a module of their own, which the
# renderer imports too: the renderer never imports this module (no import circle).
from analytics.terms import Percent, Term

__all__ = [
    "ArgumentError",
    "FileFormatError",
    "InputError",
    "MappingError",
    "Message",
    "Percent",
    "Term",
]


@dataclass(frozen=True)
class Message:
    """A warning or notice: a catalog code and the values its sentence needs.

    Examples
    --------
    >>> Message("loading.unknown_statuses", {"file": "a.csv", "statuses": ["x"]}).code
    'loading.unknown_statuses'
    """

    code: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        from analytics.messages import render

        return render(self.code, self.params)

    def __hash__(self) -> int:
        return hash((self.code, repr(sorted(self.params.items(), key=lambda item: item[0]))))


class InputError(ValueError):
    """Raise when user input (a file, a column, an argument) cannot be used.

    Parameters
    ----------
    code
        The catalog code of the sentence (``"io.empty_file"``); see ``analytics/messages/locale``.
    **params
        The values the sentence names: ``file`` and ``column`` whenever they are known.

    ``str(error)`` is the English command-line text; the dashboard renders ``error.message`` in
    the reader's language instead.
    """

    def __init__(self, code: str, /, **params: Any) -> None:
        self.message = Message(code, params)
        super().__init__(code)

    @property
    def code(self) -> str:
        """Return the catalog code of this error."""
        return self.message.code

    @property
    def params(self) -> Mapping[str, Any]:
        """Return the values the error's sentence names."""
        return self.message.params

    def __str__(self) -> str:
        return str(self.message)


class FileFormatError(InputError):
    """Raise when a file cannot be read as a table (format, encoding, size, corruption)."""


class MappingError(InputError):
    """Raise when required fields cannot be found among a file's headers."""


class ArgumentError(InputError):
    """Raise when an argument (period, option, label) does not fit the data."""
