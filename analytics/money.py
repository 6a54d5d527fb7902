"""An amount of money as a message parameter, worded by whoever shows the message.

Metrics and exports name amounts in their messages (the bounds of a value band, a care reason's
spend) without knowing the reader's currency or language; the report, the exports and the dashboard
format a :class:`Money` value in theirs (:class:`analytics.report.text.Texts`). It lives apart from
them so that the metrics need not import the report.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Money:
    """A sentence parameter shown as an amount in the reader's currency.

    Examples
    --------
    >>> Money(17.5, decimals=2)
    Money(value=17.5, decimals=2)
    """

    value: float
    decimals: int = 0
