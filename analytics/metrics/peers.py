"""Peer figures: the industry averages a platform shows (生意参谋's 同行均值), read from a small table.

A manager types or uploads what their platform reports for comparable shops ("returning buyers'
share 18%", "AOV 156"); the dashboard shows each figure next to the shop's own as a reference.
Only reading and checking the table lives here: the figures themselves are the platform's, and
nothing is computed from them.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import pandas as pd

from analytics.errors import InputError, Message

# The figures a peer table may hold, in the order they are offered for typing in. Rates are
# shares in [0, 1]; ``aov`` (average order value: sales / orders) is an amount in the shop's currency.
PEER_METRICS: tuple[str, ...] = (
    "returning_customer_rate",
    "repeat_purchase_rate",
    "returning_sales_share",
    "member_sales_share",
    "aov",
)
RATE_METRICS: frozenset[str] = frozenset(PEER_METRICS) - {"aov"}

# Names a platform or a manager may write in the table's metric column, as data (compared after
# :func:`_normalise`: lower case, no spaces, underscores, hyphens or apostrophes).
PEER_SYNONYMS: dict[str, tuple[str, ...]] = {
    "returning_customer_rate": (
        "returning_customer_rate",
        "returning buyers share",
        "returning buyers' share",
        "returning customers share",
        "returning customer rate",
        "returning customers' share of buyers",
        "老客占比",
        "老客成交人数占比",
        "老买家占比",
        "老买家人数占比",
        "回头客占比",
        "老客户占比",
    ),
    "repeat_purchase_rate": (
        "repeat_purchase_rate",
        "repeat rate",
        "repeat purchase rate",
        "repeat-purchase rate",
        "复购率",
        "回购率",
        "重复购买率",
    ),
    "returning_sales_share": (
        "returning_sales_share",
        "returning sales share",
        "returning customers' share of sales",
        "老客销售占比",
        "老客销售额占比",
        "老客成交金额占比",
        "老买家支付金额占比",
    ),
    "member_sales_share": (
        "member_sales_share",
        "member sales share",
        "members' share of sales",
        "会员销售占比",
        "会员销售额占比",
        "会员成交金额占比",
        "会员支付金额占比",
    ),
    "aov": ("aov", "average order value", "客单价", "平均订单金额", "笔单价"),
}

_MONEY_MARKS = re.compile(r"[¥￥$£€,，\s]|元|RMB|CNY|USD|GBP|EUR|HKD|JPY", re.IGNORECASE)


def _normalise(text: str) -> str:
    return re.sub(r"[\s_\-'’]", "", str(text)).lower()


_LOOKUP: dict[str, str] = {_normalise(name): key for key, names in PEER_SYNONYMS.items() for name in names}


@dataclass(frozen=True)
class PeerFigures:
    """Peer figures by metric key (see :data:`PEER_METRICS`): rates as shares, ``aov`` as an amount.

    Examples
    --------
    >>> peers = PeerFigures((("repeat_purchase_rate", 0.18),))
    >>> peers.get("repeat_purchase_rate"), peers.get("aov")
    (0.18, None)
    """

    values: tuple[tuple[str, float], ...] = ()

    def get(self, metric: str) -> float | None:
        """Return the peer figure of ``metric``, or None when the table has none."""
        return dict(self.values).get(metric)

    def as_dict(self) -> dict[str, float]:
        """Return ``{metric: value}`` in :data:`PEER_METRICS` order."""
        return dict(self.values)

    def to_frame(self) -> pd.DataFrame:
        """Return the table as written back to a file: columns ``metric`` and ``value`` (rates as shares)."""
        return pd.DataFrame({"metric": [k for k, _ in self.values], "value": [v for _, v in self.values]})

    def __bool__(self) -> bool:
        return bool(self.values)


@dataclass(frozen=True)
class PeerTable:
    """The outcome of reading a peer table: the usable figures and one message per rejected row."""

    figures: PeerFigures
    problems: tuple[Message, ...] = ()


def peer_metric(name: object) -> str | None:
    """Return the metric key a table's metric cell names, or None when it names none.

    Examples
    --------
    >>> peer_metric("复购率"), peer_metric("Returning buyers' share"), peer_metric("GMV")
    ('repeat_purchase_rate', 'returning_customer_rate', None)
    """
    if name is None or (isinstance(name, float) and math.isnan(name)):
        return None
    return _LOOKUP.get(_normalise(name))


def parse_peer_value(metric: str, value: object) -> float | None:
    """Return a peer value as a number (rates as shares), or None when it cannot be read.

    A rate may be written "18%", "18.0 %", "0.18" or "18": a bare number above 1 is taken as
    percent, because platforms print rates as "18.00%" and managers copy the digits. An amount
    may carry a currency mark and thousands separators ("¥1,256.50").

    Examples
    --------
    >>> [parse_peer_value("repeat_purchase_rate", v) for v in ("18%", "0.18", "18", "x")]
    [0.18, 0.18, 0.18, None]
    >>> parse_peer_value("aov", "¥1,256.50")
    1256.5
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    text = str(value).strip()
    percent = text.endswith("%") or text.endswith("％")
    text = _MONEY_MARKS.sub("", text.rstrip("%％"))
    try:
        number = float(text)
    except ValueError:
        return None
    if not math.isfinite(number):
        return None
    if metric in RATE_METRICS and (percent or number > 1):
        number /= 100
    return round(number, 10)


def _in_range(metric: str, number: float) -> bool:
    # A share lies in [0, 1]; an average order value is a positive amount.
    return 0 <= number <= 1 if metric in RATE_METRICS else number > 0


def read_peer_rows(
    rows: Iterable[tuple[object, object]], *, file: str, row_numbers: Iterable[int] | None = None
) -> PeerTable:
    """Read (metric, value) rows into peer figures, with a coded message for each row left out.

    Empty rows (no metric and no value) are skipped silently; a row whose metric is not known
    (``metrics.peer_unknown_metric``), whose value cannot be read (``metrics.peer_bad_value``) or is
    out of range (``metrics.peer_out_of_range``: a share above 100%, an amount of zero or less) is
    left out; a metric given twice keeps its first row (``metrics.peer_duplicate``).

    Examples
    --------
    >>> table = read_peer_rows([("复购率", "18%"), ("AOV", "156"), ("GMV", "1")], file="peers.csv")
    >>> table.figures.as_dict(), [m.code for m in table.problems]
    ({'repeat_purchase_rate': 0.18, 'aov': 156.0}, ['metrics.peer_unknown_metric'])
    """
    rows = list(rows)
    numbers = list(row_numbers) if row_numbers is not None else list(range(1, len(rows) + 1))
    found: dict[str, float] = {}
    problems: list[Message] = []
    for row, (name, value) in zip(numbers, rows, strict=True):
        blank_name = name is None or str(name).strip() in ("", "nan", "<NA>")
        blank_value = value is None or str(value).strip() in ("", "nan", "<NA>")
        if blank_name and blank_value:
            continue
        metric = peer_metric(name)
        where = {"file": file, "row": row, "metric": "" if blank_name else str(name).strip()}
        if metric is None:
            problems.append(Message("metrics.peer_unknown_metric", where))
            continue
        if blank_value:
            continue  # a metric offered for typing but left empty: no peer figure, no complaint
        number = parse_peer_value(metric, value)
        if number is None:
            problems.append(Message("metrics.peer_bad_value", {**where, "value": str(value).strip()}))
        elif not _in_range(metric, number):
            problems.append(Message("metrics.peer_out_of_range", {**where, "value": str(value).strip()}))
        elif metric in found:
            problems.append(Message("metrics.peer_duplicate", where))
        else:
            found[metric] = number
    ordered = tuple((key, found[key]) for key in PEER_METRICS if key in found)
    return PeerTable(PeerFigures(ordered), tuple(problems))


def read_peer_frame(frame: pd.DataFrame, *, file: str, row_numbers: Iterable[int] | None = None) -> PeerTable:
    """Read a peer table with a metric and a value column (headers "metric"/"value", "指标"/"数值" ...).

    Without such headers the first two columns are taken as metric and value.

    Raises
    ------
    InputError
        ``metrics.peer_columns`` when the table has fewer than two columns.
    """
    if frame.shape[1] < 2:
        raise InputError("metrics.peer_columns", file=file)
    headers = {_normalise(c): c for c in frame.columns}
    metric_headers = ("metric", "指标", "指标名称", "名称")
    metric = next((headers[h] for h in metric_headers if h in headers), frame.columns[0])
    value = next(
        (headers[h] for h in ("value", "数值", "值", "同行均值", "行业均值", "peeraverage") if h in headers),
        next(c for c in frame.columns if c != metric),
    )
    return read_peer_rows(
        zip(frame[metric].tolist(), frame[value].tolist(), strict=True), file=file, row_numbers=row_numbers
    )


def peer_figures(values: Mapping[str, float]) -> PeerFigures:
    """Return peer figures from ``{metric: value}`` already checked (as kept in the session)."""
    return PeerFigures(tuple((k, float(values[k])) for k in PEER_METRICS if k in values))
