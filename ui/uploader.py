"""The upload box in the reader's language: Streamlit's own English texts replaced.

``st.file_uploader`` draws its button ("Upload"), its limit line ("200MB per file • CSV, …") and,
while a file is dragged over it, "Drag and drop files here" in English whatever the app's
language. The page gives the limit and accepted formats in its own label and caption; this style
hides Streamlit's texts inside the drop zone and writes the translated button label instead; the
chips of uploaded files (names and sizes) keep their text, their delete buttons stay icons.
"""

from __future__ import annotations

import streamlit as st

UPLOADER_CSS = """
[data-testid="stFileUploaderDropzone"] {{ font-size: 0; }}
[data-testid="stFileUploaderDropzoneInstructions"] {{ display: none; }}
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] {{ display: none; }}
[data-testid="stFileUploaderDropzone"] button[data-testid^="stBaseButton"]::after {{
  content: "{label}";
  font-size: 0.875rem;
  line-height: 1.6;
  white-space: nowrap;
}}
[data-testid="stFileUploaderDropzone"] [data-testid="stFileChip"] {{ font-size: 0.875rem; }}
[data-testid="stFileUploaderDropzone"] [data-testid="stFileChipDeleteBtn"]
  button[data-testid^="stBaseButton"]::after {{
  content: none;
}}
"""


def css_string(text: str) -> str:
    """Return ``text`` escaped for a CSS string: anything but letters, digits and CJK as ``\\hex``.

    Nothing in the label can close the string or the ``<style>`` element it sits in.

    Examples
    --------
    >>> css_string('选择文件')
    '选择文件'
    >>> css_string('a"</style>')
    'a\\\\22 \\\\3c \\\\2f style\\\\3e '
    """
    return "".join(c if c.isalnum() else f"\\{ord(c):x} " for c in text)


def uploader_css(browse_label: str) -> str:
    """Return the style that replaces the upload box's English texts by ``browse_label``.

    Examples
    --------
    >>> "选择文件" in uploader_css("选择文件") and "stFileUploaderDropzoneInstructions" in uploader_css("x")
    True
    """
    return "<style>" + UPLOADER_CSS.format(label=css_string(browse_label)) + "</style>"


def translate_uploader(browse_label: str) -> None:
    """Apply :func:`uploader_css` to the page (a style-only ``st.html`` takes no room)."""
    st.html(uploader_css(browse_label))
