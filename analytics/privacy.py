"""Personal data inside free text: phone numbers, e-mail addresses and names a buyer or seller typed.

Exports carry free text that no column rule can clean: a buyer's note ("请打 139 0000 1111"), a
product title a seller edited by hand ("定制刻字 张三 13800001111"). Two uses, one set of patterns:

- :func:`contains_personal` says which cells hold a phone number or an e-mail address anywhere in
  their text, so a preview can hide the whole cell;
- :func:`scrub_text` replaces each phone number, e-mail address and labelled or titled name
  ("收货人：张三", "张先生", "Name: Ann Lee") by :data:`MASK`, so product titles can be kept in the
  history without the contact details typed into them.

Digits that run on (order numbers, SKUs, amounts) are never read as a phone number: a number
counts only when no digit touches it. Pure pandas and ``re``; no Streamlit.
"""

from __future__ import annotations

import re

import pandas as pd

MASK = "•••"

# Each alternative stands alone: no digit (or word character, for e-mails) directly before or after.
_PHONE_BODY = (
    r"(?:\+?86[\s-]?)?1[3-9]\d[\s-]?\d{4}[\s-]?\d{4}"  # Chinese mobile, spaced or not
    r"|1[3-9]\d[*＊]{4}\d{4}"  # a Chinese mobile as Taobao masks it: 158****3086
    r"|\+\d{1,3}[\s-]?(?:\(\d{1,4}\)[\s-]?)?\d{2,4}(?:[\s-]?\d{2,4}){1,3}"  # international, with +
    r"|0\d{2,3}[\s-]\d{7,8}"  # Chinese landline with its area code
    r"|\(\d{3}\)\s?\d{3}[\s.-]\d{4}|\d{3}[.-]\d{3}[.-]\d{4}"  # North American
)
PHONE = re.compile(rf"(?<![\d+])(?:{_PHONE_BODY})(?!\d)")
EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# A name after a label ("收货人：张三", "姓名 李四", "Name: Ann Lee") or before a title ("张先生").
_CJK_NAME = r"[\u4e00-\u9fff]{2,4}"
LABELLED_NAME = re.compile(
    r"(?P<label>(?:收货人|收件人|联系人|姓名|买家姓名|(?i:name|contact|recipient))\s*[:：]?\s*)"
    rf"(?P<name>{_CJK_NAME}|[A-Z][a-z]+(?:\s[A-Z][a-z]+)?)"
)
TITLED_NAME = re.compile(r"[\u4e00-\u9fff](?:先生|女士|小姐)")


def _text(values: pd.Series) -> pd.Series:
    return values.astype("object").where(values.notna(), "").astype("str")


def contains_personal(values: pd.Series) -> pd.Series:
    """Return which cells hold a phone number or an e-mail address anywhere in their text.

    Examples
    --------
    >>> cells = ["请打 139 0000 1111", "a@b.cn 谢谢", "158****3086", "2127836121094490006", "杯子 x2", None]
    >>> contains_personal(pd.Series(cells)).tolist()
    [True, True, True, False, False, False]
    """
    text = _text(values)
    found = text.str.contains(PHONE) | text.str.contains(EMAIL)
    return found.fillna(False).astype(bool) & values.notna()


def scrub_one(text: str) -> str:
    """Return ``text`` with phone numbers, e-mail addresses and recognisable names masked.

    Examples
    --------
    >>> scrub_one("定制刻字 收货人：张三 13800001111 a.b@example.com")
    '定制刻字 收货人：••• ••• •••'
    >>> scrub_one("送给王女士 +44 20 7946 0958")
    '送给••• •••'
    >>> scrub_one("北欧陶瓷杯 350ml 2只装 SKU-2127836121094490006")
    '北欧陶瓷杯 350ml 2只装 SKU-2127836121094490006'
    """
    text = EMAIL.sub(MASK, text)
    text = PHONE.sub(MASK, text)
    text = LABELLED_NAME.sub(lambda m: m.group("label") + MASK, text)
    return TITLED_NAME.sub(MASK, text)


def scrub_text(values: pd.Series) -> pd.Series:
    """Return free-text cells with phone numbers, e-mail addresses and names masked (:func:`scrub_one`).

    Missing cells stay missing. Each distinct text is scrubbed once: a million order lines name a
    few thousand products.

    Examples
    --------
    >>> scrubbed = scrub_text(pd.Series(["杯子 请打13912345678", None, "杯子 请打13912345678"]))
    >>> scrubbed.tolist()[0], bool(scrubbed.isna()[1]), scrubbed.dtype
    ('杯子 请打•••', True, <StringDtype(na_value=nan)>)
    """
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    texts = [str(v) for v in uniques]
    cleaned = [scrub_one(v) for v in texts]
    if cleaned == texts:
        return values  # nothing personal: the column is kept as it was (and as cheap)
    taken = pd.array(cleaned, dtype="object").take(codes, allow_fill=True)
    # A categorical column gets categories of its own: two titles may scrub to the same text.
    dtype = "category" if isinstance(values.dtype, pd.CategoricalDtype) else values.dtype
    return pd.Series(taken, index=values.index, name=values.name).astype(dtype)
