"""Messages from ``analytics`` (errors and warnings as codes) in the reader's language.

``analytics`` raises :class:`~analytics.errors.InputError` and returns
:class:`~analytics.errors.Message` warnings: a code and its parameters. The dashboard renders them
with its own catalog in front of the analytics ones, so an option the message points to
(``option.control``) is named as the widget to use, never as a command-line flag.
"""

from __future__ import annotations

from analytics.errors import InputError, Message
from analytics.messages import render
from ui.i18n.catalog import ui_catalog


def message_text(item: InputError | Message, lang: str) -> str:
    """Return the sentence of an analytics error or warning in ``lang``, worded for the dashboard.

    Examples
    --------
    >>> message_text(Message("common.example", {"file": "a.csv", "rows": 1030}), "zh")
    'a.csv：1,030 行'
    >>> message_text(Message("field_amount"), "en")  # a dashboard text rendered as a message
    'Amount paid'
    """
    message = item.message if isinstance(item, InputError) else item
    return render(message.code, message.params, lang=lang, overrides=[ui_catalog(lang)])
