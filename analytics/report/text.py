"""The report's words and numbers in one language: catalog sentences and Babel number formats.

Every visible text of the report comes from the ``report`` domain of the message catalogs
(``analytics/messages/locale/<lang>/LC_MESSAGES/report.po``) through :func:`analytics.messages.render`,
and every number is formatted by Babel in the report's locale, so a Chinese report holds no
English and the same figure reads the same on the cover, on its page and in its chart.
"""

from __future__ import annotations

import decimal
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from babel import Locale, numbers

from analytics.errors import Message, Term
from analytics.messages import render
from analytics.messages.render import babel_locale
from analytics.money import Money

Kind = Literal["text", "count", "money", "money2", "rate", "number", "date", "month", "change", "points"]
# Shown for a figure that cannot be computed (no customers, no comparison).
MISSING = "—"


def _half_up(function: Any) -> Any:
    """Return ``function`` run with halves rounded up, as Excel shows the workbook's same cells.

    Babel rounds in the current decimal context, half to even by default: ¥1,234.5 would read
    ¥1,234 in the PDF and ¥1,235 in the workbook.
    """

    def formatted(*args: Any, **kwargs: Any) -> str:
        with decimal.localcontext() as context:
            context.rounding = decimal.ROUND_HALF_UP
            return function(*args, **kwargs)

    return formatted


format_currency = _half_up(numbers.format_currency)
format_decimal = _half_up(numbers.format_decimal)
format_percent = _half_up(numbers.format_percent)


def _defined(value: Any) -> bool:
    return value is not None and not (isinstance(value, float) and math.isnan(value))


@dataclass(frozen=True)
class Points:
    """A sentence parameter shown as percentage points (a difference of two rates, as a fraction).

    ``signed`` shows the sign (an uplift that may be negative); otherwise the sentence says the
    direction in words ("提高" / "降低") and the value is shown without it.
    """

    value: float
    signed: bool = False


@dataclass(frozen=True)
class Relative:
    """A sentence parameter shown as a signed relative change (0.12 -> "+12.0%")."""

    value: float


@dataclass(frozen=True)
class Rate:
    """A sentence parameter shown as a percentage with one decimal."""

    value: float


@dataclass(frozen=True)
class Texts:
    """Render catalog codes and numbers for one report language and currency.

    Parameters
    ----------
    lang
        ``"zh"`` or ``"en"``.
    currency
        ISO 4217 code of the exports' money (``"CNY"``), or None to show plain numbers.

    Examples
    --------
    >>> Texts("zh", "CNY").money(1234.5), Texts("en", None).rate(0.6421)
    ('¥1,235', '64.2%')
    """

    lang: str
    currency: str | None = None

    @property
    def locale(self) -> Locale:
        """Return the Babel locale of the report language."""
        return babel_locale(self.lang)

    def __call__(self, item: Term | Message | str, params: Mapping[str, Any] | None = None) -> str:
        """Return the text of a term, a message, or a code with ``params``."""
        if isinstance(item, Term):
            return render(item.key, lang=self.lang)
        if isinstance(item, Message):
            return render(item.code, self._resolve(item.params), lang=self.lang)
        return render(item, self._resolve(params or {}), lang=self.lang)

    def _resolve(self, params: Mapping[str, Any]) -> dict[str, Any]:
        # Values only the report knows how to show (money, points, a nested clause) become text
        # here; plain numbers, dates and terms are left to the shared renderer.
        return {key: self._param(value) for key, value in params.items()}

    def _param(self, value: Any) -> Any:
        if isinstance(value, Message):
            return self(value)
        if isinstance(value, Money):
            return self.money(value.value, decimals=value.decimals)
        if isinstance(value, Points):
            return self.points(value.value, signed=value.signed)
        if isinstance(value, Rate):
            return self.rate(value.value)
        if isinstance(value, Relative):
            return self.change(value.value)
        if hasattr(value, "value") and hasattr(value, "to_dict"):  # a Ratio or Share result
            return self.rate(value.value)
        return value

    def currency_symbol(self) -> str:
        """Return the symbol amounts carry in this language ("¥", "CN¥", "£"), "" without a currency."""
        return numbers.get_currency_symbol(self.currency, locale=self.locale) if self.currency else ""

    def reason(self, key: str) -> str:
        """Return the label of a drop reason (``cancelled`` ...), the key itself when unknown.

        A loader may add a reason before the catalog names it: the key still tells the reader more
        than a missing row would.
        """
        text = self(Term(f"report.reason.{key}"))
        return key if text == f"report.reason.{key}" else text

    def count(self, value: Any) -> str:
        """Return a whole number grouped by thousands (1,030)."""
        return format_decimal(value, "#,##0", locale=self.locale) if _defined(value) else MISSING

    def number(self, value: Any) -> str:
        """Return a number with up to two decimals (1.25)."""
        return format_decimal(value, "#,##0.00", locale=self.locale) if _defined(value) else MISSING

    def money(self, value: Any, *, decimals: int = 0) -> str:
        """Return an amount in the report currency, whole units unless ``decimals`` is given."""
        if not _defined(value):
            return MISSING
        pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
        if self.currency:
            return format_currency(
                value, self.currency, "¤" + pattern, locale=self.locale, currency_digits=False
            )
        return format_decimal(value, pattern, locale=self.locale)

    def rate(self, value: Any) -> str:
        """Return a fraction as a percentage with one decimal (0.6421 -> 64.2%)."""
        return format_percent(value, "#,##0.0%", locale=self.locale) if _defined(value) else MISSING

    def points_unit(self) -> str:
        """Return the unit of percentage points in this language ("pp", "个百分点"), from the catalog."""
        return self(Message("report.unit.points", {"value": ""})).strip()

    def points(self, delta: Any, *, signed: bool = True) -> str:
        """Return a difference of two rates in percentage points ("+3.1 个百分点", or "3.1 个百分点")."""
        if not _defined(delta):
            return MISSING
        pattern = "+#,##0.0;-#,##0.0" if signed else "#,##0.0"
        value = format_decimal(delta * 100, pattern, locale=self.locale)
        return self(Message("report.unit.points", {"value": value}))

    def relative(self, current: Any, previous: Any) -> str:
        """Return the relative change of a count or amount, signed (+12.0%); — without a base."""
        if not (_defined(current) and _defined(previous)) or previous == 0:
            return MISSING
        return format_percent(current / previous - 1, "+#,##0.0%;-#,##0.0%", locale=self.locale)

    def change(self, value: Any) -> str:
        """Return a relative change given as a fraction, signed (0.12 -> +12.0%); — when undefined."""
        if not _defined(value):
            return MISSING
        return format_percent(value, "+#,##0.0%;-#,##0.0%", locale=self.locale)

    def value(self, value: Any, kind: Kind) -> str:
        """Return ``value`` formatted as its column kind says."""
        if kind == "count":
            return self.count(value)
        if kind == "money":
            return self.money(value)
        if kind == "money2":
            return self.money(value, decimals=2)
        if kind == "rate":
            return self.rate(value)
        if kind == "number":
            return self.number(value)
        if kind == "date":
            return f"{value:%Y-%m-%d}" if _defined(value) else MISSING
        if kind == "month":
            return f"{value:%Y-%m}" if _defined(value) else MISSING
        if kind == "change":
            return self.change(value)
        if kind == "points":
            return self.points(value)
        if isinstance(value, Term | Message):
            return self(value)
        return MISSING if value is None else str(value)
