"""Errors raised on bad input: each message names the file, the column and what to do."""

from __future__ import annotations


class InputError(ValueError):
    """Raise when user input (a file, a column, an argument) cannot be used.

    The message is shown to the user as it is, in the CLI (``error: ...``) and in the dashboard,
    so it names the file and the column and says what to do.
    """


class FileFormatError(InputError):
    """Raise when a file cannot be read as a table (format, encoding, size, corruption)."""


class MappingError(InputError):
    """Raise when required fields cannot be found among a file's headers."""


class ArgumentError(InputError):
    """Raise when an argument (period, option, label) does not fit the data."""
