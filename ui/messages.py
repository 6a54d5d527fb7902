"""Messages from ``analytics`` (errors and warnings as codes) in the reader's language.

``analytics`` raises :class:`~analytics.errors.InputError` and returns
:class:`~analytics.errors.Message` warnings: a code and its parameters. The dashboard renders them
with its own catalog in front of the analytics ones, so an option the message points to
(``option.control``) is named as the widget to use, never as a command-line flag.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from analytics.errors import InputError, Message
from analytics.messages import render
from ui.i18n.catalog import ui_catalog

# An absolute path of two or more parts (``/srv/app/data/users/…/history.sqlite``, also inside an
# error's detail): a visitor is shown its last part only. A web address's "//" and "/x" after a
# host or port are not paths (a character of the address stands before them).
_SERVER_PATH = re.compile(r"(?<![\w:/.~-])/(?:[^\s'\"/]+/)+([^\s'\"/]+)")


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
    return render(message.code, without_server_paths(message.params), lang=lang, overrides=[ui_catalog(lang)])


def without_server_paths(params: Mapping[str, object] | None) -> dict[str, object]:
    """Return a message's parameters with every absolute path cut to its last part.

    ``analytics`` names files by their path (the command line's user typed it); on the dashboard
    that path is the server's (``/srv/app/data/users/<digest>/history.sqlite``), which no visitor
    should learn.

    Examples
    --------
    >>> without_server_paths({"file": "/srv/app/data/history.sqlite", "rows": 3})
    {'file': 'history.sqlite', 'rows': 3}
    >>> without_server_paths({"detail": "[Errno 13] Permission denied: '/srv/app/data/users'"})
    {'detail': "[Errno 13] Permission denied: 'users'"}
    >>> without_server_paths({"file": "http://127.0.0.1:8629/x/orders.csv", "shops": ["/a/b", "东店"]})
    {'file': 'http://127.0.0.1:8629/x/orders.csv', 'shops': ['b', '东店']}
    """
    return {key: _hide(value) for key, value in (params or {}).items()}


def _hide(value: object) -> object:
    if isinstance(value, str):
        return _SERVER_PATH.sub(r"\1", value)
    if isinstance(value, list | tuple):
        return type(value)(_hide(v) for v in value)
    return value
