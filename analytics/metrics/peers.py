"""Peer figures: what a platform shows for comparable shops (生意参谋's 同行同层平均 / 同行同层优秀).

A manager uploads the platform's export (rows per metric and date, columns 本店 / 同行同层平均 /
同行同层优秀, each for a window such as 最近7天 or 最近30天 ending on its 统计日期) or types a small
table. Every figure keeps the days it was measured on: a 30-day peer rate is never compared with
a 7-day figure of the shop (:meth:`PeerFigures.like_for_like`). Reading and checking the tables
lives here, and :func:`peer_standing` places a shop's figure against the peers' average and top.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

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
class PeerFigure:
    """One peer figure: the peers' average (and top) for ``metric`` over the days ``start`` .. ``end``.

    ``top`` is the platform's 同行同层优秀 (None when not given), ``shop`` the shop's own figure as the
    platform counted it (本店, None when not given). ``start``/``end`` are None when the table did not
    say which days the figure covers: such a figure is shown but compared with nothing.
    """

    metric: str
    average: float
    top: float | None = None
    shop: float | None = None
    start: pd.Timestamp | None = None
    end: pd.Timestamp | None = None

    @property
    def days(self) -> int | None:
        """Return the number of days the figure covers, None when its window is not stated."""
        if self.start is None or self.end is None:
            return None
        return int((self.end - self.start).days) + 1

    def covers(self, start: pd.Timestamp, end: pd.Timestamp) -> bool:
        """Return True when the figure was measured on exactly the days ``start`` .. ``end``."""
        return self.start is not None and self.start == start and self.end == end


@dataclass(frozen=True)
class PeerFigures:
    """The peer figures kept for a shop, each with its window (see :class:`PeerFigure`).

    Examples
    --------
    >>> day = pd.Timestamp("2025-12-31")
    >>> start = day - pd.Timedelta(days=29)
    >>> peers = PeerFigures((PeerFigure("repeat_purchase_rate", 0.18, start=start, end=day),))
    >>> peers.like_for_like("repeat_purchase_rate", start, day).average
    0.18
    >>> peers.like_for_like("repeat_purchase_rate", day - pd.Timedelta(days=6), day) is None
    True
    """

    figures: tuple[PeerFigure, ...] = ()

    def of(self, metric: str) -> tuple[PeerFigure, ...]:
        """Return every figure of ``metric``, latest window first (figures without a window last)."""
        found = [f for f in self.figures if f.metric == metric]
        return tuple(sorted(found, key=lambda f: (f.end is None, -(f.end.value if f.end is not None else 0))))

    def like_for_like(self, metric: str, start: pd.Timestamp, end: pd.Timestamp) -> PeerFigure | None:
        """Return the figure of ``metric`` measured on exactly ``start`` .. ``end``, else None."""
        start, end = pd.Timestamp(start).normalize(), pd.Timestamp(end).normalize()
        return next((f for f in self.figures if f.metric == metric and f.covers(start, end)), None)

    def get(self, metric: str, period: Any) -> float | None:
        """Return the peers' average of ``metric`` over exactly ``period``'s days, else None.

        ``period`` has ``start`` and ``end`` (a :class:`~analytics.metrics.period.Period`): a figure
        of other days is never returned, so a chart's reference line is always like for like.
        """
        figure = self.like_for_like(metric, period.start, period.end)
        return None if figure is None else figure.average

    def to_frame(self) -> pd.DataFrame:
        """Return the figures as written back to a file: metric, average, top, shop, start, end."""
        return pd.DataFrame(
            {
                "metric": [f.metric for f in self.figures],
                "average": [f.average for f in self.figures],
                "top": [f.top for f in self.figures],
                "shop": [f.shop for f in self.figures],
                "start": [None if f.start is None else f"{f.start:%Y-%m-%d}" for f in self.figures],
                "end": [None if f.end is None else f"{f.end:%Y-%m-%d}" for f in self.figures],
            }
        )

    def __bool__(self) -> bool:
        return bool(self.figures)


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


# Header names of a peer table's columns, as platforms and managers write them (compared after
# :func:`_normalise`). 生意参谋's 同行对比 export: 统计日期, 指标, 统计周期, 本店, 同行同层平均, 同行同层优秀.
PEER_COLUMNS: dict[str, tuple[str, ...]] = {
    "metric": ("metric", "指标", "指标名称", "名称", "figure"),
    "average": (
        "同行同层平均",
        "同行平均",
        "行业平均",
        "同行均值",
        "行业均值",
        "peeraverage",
        "average",
        "value",
        "数值",
        "值",
    ),
    "top": ("同行同层优秀", "同行优秀", "行业优秀", "peertop", "top"),
    "shop": ("本店", "我的", "本店数值", "shop", "yourshop"),
    "end": ("统计日期", "日期", "截止日期", "date", "end", "enddate"),
    "window": ("统计周期", "周期", "统计时间", "日期范围", "时间范围", "window", "period"),
}
_DATE = r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?"
_RANGE = re.compile(_DATE + r"\s*(?:~|～|至|到|-|–|—|to)\s*" + _DATE)
_DAYS = re.compile(r"(?:最近|近|last)?\s*(\d{1,3})\s*(?:天|日|days?|d)\b", re.IGNORECASE)
_ONE_DAY = {"日", "天", "自然日", "1天", "day", "daily", "当日"}
_WEEK = {"周", "自然周", "week", "weekly", "calendarweek"}
_MONTH = {"月", "自然月", "month", "monthly", "calendarmonth"}


def _blank(value: object) -> bool:
    return value is None or str(value).strip() in ("", "nan", "NaN", "<NA>", "NaT", "None")


def _day(text: object) -> pd.Timestamp | None:
    try:
        day = pd.Timestamp(str(text).strip().replace("年", "-").replace("月", "-").rstrip("日"))
    except (ValueError, TypeError):
        return None
    return None if pd.isna(day) else day.normalize()


def parse_window(window: object, end: object) -> tuple[pd.Timestamp, pd.Timestamp] | None:
    """Return the first and last day a peer figure covers, or None when the cells do not say.

    ``window`` is the platform's 统计周期 (最近7天, 最近30天, 日, 自然周, 自然月) or a date range
    ("2025-12-02~2025-12-31"); ``end`` is its 统计日期, the window's last day. A rolling window of N
    days ends on ``end``; 自然周 is the Monday-to-Sunday week holding ``end``, 自然月 its calendar month.

    Examples
    --------
    >>> [f"{d:%m-%d}" for d in parse_window("最近7天", "2025-12-31")]
    ['12-25', '12-31']
    >>> [f"{d:%m-%d}" for d in parse_window("2025-12-02 ~ 2025-12-31", None)]
    ['12-02', '12-31']
    >>> [f"{d:%m-%d}" for d in parse_window("自然月", "2025-11-30")]
    ['11-01', '11-30']
    >>> parse_window("最近30天", None) is None
    True
    """
    text = "" if _blank(window) else str(window).strip()
    found = _RANGE.search(text) or (None if _blank(end) else _RANGE.search(str(end)))
    if found:
        y1, m1, d1, y2, m2, d2 = (int(g) for g in found.groups())
        try:
            return pd.Timestamp(y1, m1, d1), pd.Timestamp(y2, m2, d2)
        except ValueError:
            return None
    last = None if _blank(end) else _day(end)
    if last is None:
        return None
    key = text.lower().replace(" ", "")
    if key in _ONE_DAY:
        return last, last
    if key in _WEEK:
        monday = last - pd.Timedelta(days=last.weekday())
        return monday, monday + pd.Timedelta(days=6)
    if key in _MONTH:
        month = last.to_period("M")
        return month.start_time.normalize(), month.end_time.normalize()
    days = _DAYS.search(text)
    if days and int(days.group(1)) > 0:
        return last - pd.Timedelta(days=int(days.group(1)) - 1), last
    return None


def read_peer_records(
    records: Iterable[dict[str, object]], *, file: str, row_numbers: Iterable[int] | None = None
) -> PeerTable:
    """Read peer rows (``metric``, ``average`` and optional ``top``, ``shop``, ``window``, ``end``).

    Empty rows are skipped silently; a row whose metric is not known (``metrics.peer_unknown_metric``),
    whose value cannot be read (``metrics.peer_bad_value``) or is out of range
    (``metrics.peer_out_of_range``), whose window is written but cannot be read
    (``metrics.peer_bad_window``), or that repeats a metric and window already read
    (``metrics.peer_duplicate``) is left out with its message. A row with no window at all is kept
    without one: shown, never compared.
    """
    records = list(records)
    numbers = list(row_numbers) if row_numbers is not None else list(range(1, len(records) + 1))
    found: dict[tuple[str, object, object], PeerFigure] = {}
    problems: list[Message] = []
    for row, record in zip(numbers, records, strict=True):
        name, value = record.get("metric"), record.get("average")
        if _blank(name) and _blank(value):
            continue
        metric = peer_metric(name)
        where = {"file": file, "row": row, "metric": "" if _blank(name) else str(name).strip()}
        if metric is None:
            problems.append(Message("metrics.peer_unknown_metric", where))
            continue
        if _blank(value):
            continue  # a metric offered for typing but left empty: no peer figure, no complaint
        numbers_read: dict[str, float | None] = {}
        bad = None
        for column in ("average", "top", "shop"):
            cell = record.get(column)
            number = None if _blank(cell) else parse_peer_value(metric, cell)
            if not _blank(cell) and number is None:
                bad = Message("metrics.peer_bad_value", {**where, "value": str(cell).strip()})
            elif number is not None and not _in_range(metric, number):
                bad = Message("metrics.peer_out_of_range", {**where, "value": str(cell).strip()})
            numbers_read[column] = number
        if bad is not None:
            problems.append(bad)
            continue
        window, end = record.get("window"), record.get("end")
        days = parse_window(window, end)
        if days is None and not (_blank(window) and _blank(end)):
            shown = " ".join(str(c).strip() for c in (window, end) if not _blank(c))
            problems.append(Message("metrics.peer_bad_window", {**where, "value": shown}))
            continue
        start, last = days if days is not None else (None, None)
        key = (metric, start, last)
        if key in found:
            problems.append(Message("metrics.peer_duplicate", where))
            continue
        found[key] = PeerFigure(
            metric, numbers_read["average"], numbers_read["top"], numbers_read["shop"], start, last
        )
    order = {key: i for i, key in enumerate(PEER_METRICS)}
    figures = sorted(found.values(), key=lambda f: (order[f.metric], f.end is None, f.end or 0, f.start or 0))
    return PeerTable(PeerFigures(tuple(figures)), tuple(problems))


def read_peer_rows(
    rows: Iterable[tuple[object, object]], *, file: str, row_numbers: Iterable[int] | None = None
) -> PeerTable:
    """Read (metric, value) rows, without windows, into peer figures (see :func:`read_peer_records`).

    Examples
    --------
    >>> table = read_peer_rows([("复购率", "18%"), ("AOV", "156"), ("GMV", "1")], file="peers.csv")
    >>> [(f.metric, f.average, f.days) for f in table.figures.figures], [m.code for m in table.problems]
    ([('repeat_purchase_rate', 0.18, None), ('aov', 156.0, None)], ['metrics.peer_unknown_metric'])
    """
    return read_peer_records(
        ({"metric": name, "average": value} for name, value in rows), file=file, row_numbers=row_numbers
    )


def read_peer_frame(frame: pd.DataFrame, *, file: str, row_numbers: Iterable[int] | None = None) -> PeerTable:
    """Read a peer table: a 生意参谋-style export or a typed table (metric, value[, window, date]).

    Columns are found by their headers (:data:`PEER_COLUMNS`: 指标, 统计日期, 统计周期, 本店,
    同行同层平均, 同行同层优秀 ...); without such headers the first two columns are taken as metric and
    the peers' average.

    Raises
    ------
    InputError
        ``metrics.peer_columns`` when the table has fewer than two columns.
    """
    if frame.shape[1] < 2:
        raise InputError("metrics.peer_columns", file=file)
    headers = {_normalise(c): c for c in frame.columns}
    columns: dict[str, object] = {}
    for field, names in PEER_COLUMNS.items():
        hit = next((headers[_normalise(h)] for h in names if _normalise(h) in headers), None)
        if hit is not None and hit not in columns.values():
            columns[field] = hit
    columns.setdefault("metric", frame.columns[0])
    if "average" not in columns:
        columns["average"] = next(c for c in frame.columns if c not in columns.values())
    cells = {field: frame[column].tolist() for field, column in columns.items()}
    records = [{field: values[i] for field, values in cells.items()} for i in range(len(frame))]
    return read_peer_records(records, file=file, row_numbers=row_numbers)


def peer_figures(frame: pd.DataFrame) -> PeerFigures:
    """Return peer figures from a frame written by :meth:`PeerFigures.to_frame` (already checked)."""
    records = frame.to_dict("records")
    return read_peer_records(
        (
            {**r, "window": f"{r['start']}~{r['end']}" if not _blank(r.get("start")) else None}
            for r in records
        ),
        file="",
    ).figures
