"""Text from files shown as plain text inside Streamlit's Markdown (captions, alerts, labels).

Streamlit renders ``st.markdown``/``st.caption``/``st.info``/``st.warning``/``st.error``/
``st.success``/``st.write``, widget labels and help texts as Markdown: an order status
``![x](https://…)`` read from an export would make every visitor's browser fetch an outside image,
a file name could put a link inside the app's own warning box, ``:red[…]``/``:material/…:``
directives and ``$…$`` formulas would be interpreted. Whatever comes from a file (statuses, file
names, headers, group and tier names, shop names) goes through :func:`md` before it is put into
such a text, or through :func:`message_markdown` when it sits in an analytics message's
parameters. Pure: no Streamlit, so it is tested on its own.

Backslashes alone do not stop web addresses becoming links: Streamlit's Markdown (remark-gfm) finds
``http://…``, ``www.…`` and ``name@host.tld`` in the text *after* parsing, escapes already
removed. A WORD JOINER (U+2060, zero width, invisible) is therefore put inside each such pattern
("http:\u2060//", "www\u2060.", "\u2060@"), which no address pattern matches.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from analytics.errors import InputError, Message
from ui.messages import message_text

# Characters that start Markdown or Streamlit syntax anywhere in a line: emphasis and code,
# links and images, HTML and entities, tables, strikethrough, headings, "$" formulas, and the ":"
# of ":red[…]", ":material/…:", emoji shortcodes and URL schemes. A backslash makes each literal.
_ALWAYS = re.compile(r"([\\`*\[\]()<>!$~|#{}&:])")
# "_" emphasises only at a word's edge ("pos_next.csv" stays as written).
_EDGE_UNDERSCORE = re.compile(r"(?<![^\W_])_|_(?![^\W_])")
# Bare addresses turn into links by themselves (http://x, www.example.com, a@b.cn): an invisible
# WORD JOINER inside "://", "www." and before "@" leaves nothing the autolink patterns match.
JOINER = "\u2060"
_AUTOLINK = re.compile(r"(?<=:)(?=//)|(?<=www)(?=\\?\.)|(?=@)", re.IGNORECASE)
# At the start of a line "-", "+", "=" or "1." would make a list or a heading.
_LEADING = re.compile(r"^(\s*)([-+=]|\d+[.)])")
_LINE_BREAKS = re.compile(r"[\r\n\t\v\f\u2028\u2029]+")


def md(value: object) -> str:
    """Return ``value`` as Markdown that shows exactly its characters: no link, image, HTML, directive.

    Line breaks become spaces (a status or file name is one line of the message it sits in).
    Characters that cannot start any syntax where they stand are left alone, so names read as
    written in the Markdown source too ("pos_next.csv").

    Examples
    --------
    >>> print(md("![x](https://example.invalid/x.png)").replace(JOINER, "<joiner>"))
    \\!\\[x\\]\\(https\\:<joiner>//example.invalid/x.png\\)
    >>> print(md(":red[已付款] <b>"))
    \\:red\\[已付款\\] \\<b\\>
    >>> print(md("pos_next.csv"), md("_x_"), md("- 1.csv"), md("1. a"))
    pos_next.csv \\_x\\_ \\- 1.csv 1\\. a
    """
    text = _LINE_BREAKS.sub(" ", str(value))
    text = _ALWAYS.sub(r"\\\1", text)
    text = _EDGE_UNDERSCORE.sub(r"\\_", text)
    text = _AUTOLINK.sub(JOINER, text)
    match = _LEADING.match(text)
    if match:
        mark = match.group(2)
        text = match.group(1) + (mark[:-1] + "\\" + mark[-1]) + text[match.end() :]
    return text


def _safe_param(value: object) -> object:
    if isinstance(value, str):
        return md(value)
    if isinstance(value, list | tuple):
        return type(value)(_safe_param(v) for v in value)
    return value  # numbers, Term, Percent, dates: worded by the catalogs, not by the file


def safe_message(item: InputError | Message) -> Message:
    """Return the analytics message with every text parameter escaped for Markdown."""
    message = item.message if isinstance(item, InputError) else item
    params: Mapping[str, object] = message.params or {}
    return Message(message.code, {key: _safe_param(value) for key, value in params.items()})


def message_markdown(item: InputError | Message, lang: str) -> str:
    """Return an analytics error or warning in ``lang``, its file-derived parameters escaped.

    Use it instead of :func:`ui.messages.message_text` wherever the sentence is shown through
    Markdown (``st.error``, ``st.warning``, ``st.caption`` ...).

    Examples
    --------
    >>> text = message_markdown(Message("common.example", {"file": "[a](http://x).csv", "rows": 3}), "en")
    >>> print(text.replace(JOINER, "<joiner>"))
    \\[a\\]\\(http\\:<joiner>//x\\).csv: 3 rows
    """
    return message_text(safe_message(item), lang)
