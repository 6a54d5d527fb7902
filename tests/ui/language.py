"""What counts as an English word in the Chinese UI, or Chinese in the English UI (shared by tests)."""

from __future__ import annotations

import re

# Names a Chinese store manager reads as they are (formats, platforms, standard abbreviations).
# Each must be a product, file-format or unit name, never an ordinary English word.
ALLOWED_LATIN: frozenset[str] = frozenset(
    {
        "csv",  # file formats and encodings, as written in back-office menus and file names
        "excel",
        "xlsx",
        "xls",
        "xlsb",
        "opendocument",
        "png",
        "pdf",
        "jpeg",
        "gif",
        "zip",
        "gzip",
        "rar",
        "utf",
        "gbk",
        "gb18030",
        "mb",  # file size units
        "gb",
        "shopify",  # platform names
        "taobao",
        "id",  # 客户ID, as Taobao labels the column
        "sms",
        "vip",
        "rfm",
        "pareto",
        "welch",  # Welch t 检验: a test's proper name
        "sqlite",  # database engines a chain's IT names the history store by
        "duckdb",
        "postgresql",
        "spark",
        "python",  # the engine's driver is a Python package an administrator installs
        "language",  # the language picker's "语言 / Language", so a non-reader finds the switch
    }
)
# Latin-script words of two letters or more (single letters are variable names: N, p, t).
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]+")
_PLACEHOLDER = re.compile(r"\{[^{}]*\}")
_FLAG = re.compile(r"(?<![\w-])--[A-Za-z]")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
LANGUAGE_NAME = "简体中文"


def english_words(text: str) -> list[str]:
    """Return the English words in ``text`` (placeholders and allowed names left out)."""
    plain = _PLACEHOLDER.sub(" ", text)
    return [w for w in _WORD.findall(plain) if w.lower() not in ALLOWED_LATIN]


def has_flag(text: str) -> bool:
    """Return True when ``text`` names a command-line flag (``--control``)."""
    return bool(_FLAG.search(text))


def chinese(text: str) -> list[str]:
    """Return the runs of Chinese characters in ``text`` other than the language picker's name."""
    return [run for run in _CJK.findall(text) if run != LANGUAGE_NAME]
