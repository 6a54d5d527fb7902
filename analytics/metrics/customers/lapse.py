"""Who has lapsed, judged against the shop's own gaps between purchases, and how well that held.

The purchase model's P(alive) is only as good as its fit (see
:mod:`analytics.metrics.customers.health`). This answer needs no model, so it holds on any data:

- **Value band**: customers are split by their sales to the scoring day: ``high`` (the top fifth,
  sales at or above the 80th percentile), ``middle`` (at or above the median) and ``low`` (the rest).
- **Usual gap** of a band: the 90th percentile of all gaps between consecutive purchase days of
  the band's customers (:data:`LAPSE_QUANTILE`): nine in ten of their returns came sooner. A band
  with fewer than :data:`MIN_BAND_GAPS` (30) gaps uses the whole shop's gaps instead.
- **Lapsed**: a customer whose days since their last purchase day exceed their band's usual gap,
  whether they bought once or many times.

The **backtest** applies the same rule as of a past day (``window_days`` before the scoring day,
with the gaps known then) and counts who came back within the window that followed: the share of
"lapsed" customers who came back should be far below that of the others. The return rates of
that past day, by value band and by silence (days since the last purchase over the band's usual
gap, in the bands of :data:`SILENCE_EDGES`), are each customer's **chance of a purchase** in the
next window; times their average spend per purchase day it is the **expected value of a contact**
that the care lists rank by (what a contact aims at: whether the contact itself changes it is
what the control group measures).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from analytics.errors import ArgumentError
from analytics.metrics.customers.labels import labels
from analytics.metrics.customers.summary import CustomerSummary, customer_summary
from analytics.metrics.purchases import PurchaseLog
from analytics.metrics.ratio import Ratio

VALUE_BANDS: tuple[str, ...] = ("high", "middle", "low")
# Sales percentiles where the high and middle bands start.
BAND_QUANTILES: tuple[float, float] = (0.8, 0.5)
LAPSE_QUANTILE = 0.9
MIN_BAND_GAPS = 30
# Silence over the band's usual gap: 0-0.5, 0.5-1, 1-2, 2-4, 4 and more.
SILENCE_EDGES: tuple[float, ...] = (0.0, 0.5, 1.0, 2.0, 4.0, np.inf)
# A cell of the backtest with fewer customers than this lends its chance from the silence band.
MIN_CELL_CUSTOMERS = 20
MIN_WINDOW_DAYS = 7


def band_codes(sales: np.ndarray) -> np.ndarray:
    """Return each customer's value band as its position in :data:`VALUE_BANDS` (0 is ``high``).

    Small integers: the rule, the status and the backtest compare and count them, not 300,000 words.

    Examples
    --------
    >>> band_codes(np.array([1.0, 2.0, 3.0, 4.0, 100.0])).tolist()
    [2, 2, 1, 1, 0]
    """
    sales = np.asarray(sales, dtype=np.float64)
    if not len(sales):
        return np.empty(0, dtype=np.int8)
    high, middle = (np.quantile(sales, q) for q in BAND_QUANTILES)
    return np.where(sales >= high, 0, np.where(sales >= middle, 1, 2)).astype(np.int8)


def value_bands(sales: np.ndarray) -> np.ndarray:
    """Return each customer's value band (``high``, ``middle``, ``low``) from their sales.

    Examples
    --------
    >>> value_bands(np.array([1.0, 2.0, 3.0, 4.0, 100.0])).tolist()
    ['low', 'low', 'middle', 'middle', 'high']
    """
    return np.asarray(VALUE_BANDS, dtype=object)[band_codes(sales)]


@dataclass(frozen=True)
class LapseRule:
    """The usual gap of each value band (days) and where it came from.

    ``gaps`` counts the gaps each band's own threshold was read from; a band in ``pooled`` had
    too few and uses ``shop_days``, the 90th percentile of every gap in the shop. ``usual_days``
    is NaN for every band when the shop has no gap at all (nobody bought twice).
    """

    usual_days: dict[str, float]
    gaps: dict[str, int]
    pooled: tuple[str, ...]
    shop_days: float
    quantile: float = LAPSE_QUANTILE

    def to_dict(self) -> dict[str, object]:
        """Return the JSON form: the quantile and, per band, the usual gap and the gaps behind it."""
        return {
            "quantile": self.quantile,
            "shop_days": None if np.isnan(self.shop_days) else self.shop_days,
            "bands": {
                band: {
                    "usual_days": None if np.isnan(self.usual_days[band]) else self.usual_days[band],
                    "gaps": self.gaps[band],
                    "pooled": band in self.pooled,
                }
                for band in VALUE_BANDS
            },
        }


def lapse_rule(summary: CustomerSummary, codes: np.ndarray | None = None) -> LapseRule:
    """Return each value band's usual gap: the 90th percentile of its gaps between purchase days.

    ``codes`` are the customers' :func:`band_codes` when the caller has them.

    Examples
    --------
    >>> from analytics.frames import orders_frame
    >>> from analytics.metrics.customers.summary import customer_summary
    >>> o = orders_frame(customer_id=["a", "a", "a"], order_day=["2025-01-01", "2025-01-11", "2025-01-21"])
    >>> lapse_rule(customer_summary(o)).shop_days  # two gaps of 10 days
    10.0
    """
    if codes is None:
        codes = band_codes(summary.customers["sales"].to_numpy())
    gaps = summary.gap_days.astype(np.float64)
    # Bands as small integer codes (:func:`band_codes`): comparing strings per gap costs far more.
    gap_band = codes[summary.gap_customer] if len(gaps) else np.empty(0, dtype=codes.dtype)
    shop = float(np.quantile(gaps, LAPSE_QUANTILE)) if len(gaps) else float("nan")
    usual, counts, pooled = {}, {}, []
    for at, band in enumerate(VALUE_BANDS):
        own = gaps[gap_band == at]
        counts[band] = len(own)
        if len(own) >= MIN_BAND_GAPS:
            usual[band] = float(np.quantile(own, LAPSE_QUANTILE))
        else:
            usual[band] = shop
            pooled.append(band)
    return LapseRule(usual, counts, tuple(pooled), shop)


@dataclass(frozen=True, eq=False)
class LapseStatus:
    """Each customer's band, usual gap, silence and whether they have lapsed (indexed like the summary).

    ``customers`` has ``value_band``, ``usual_gap_days``, ``silence`` (days since the last purchase
    day over the usual gap) and ``lapsed``.
    """

    rule: LapseRule
    customers: pd.DataFrame
    # The customers' value bands as :func:`band_codes` (the backtest and the chances count them).
    codes: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.int8))

    def band_codes(self) -> np.ndarray:
        """Return each customer's value band as its position in :data:`VALUE_BANDS`."""
        if len(self.codes) == len(self.customers):
            return self.codes
        return pd.Categorical(self.customers["value_band"], categories=VALUE_BANDS).codes.astype(np.int8)

    @property
    def lapsed(self) -> int:
        """Return the number of lapsed customers."""
        return int(self.customers["lapsed"].sum())


def lapse_status(summary: CustomerSummary) -> LapseStatus:
    """Judge every customer of ``summary`` lapsed or not by the rule of the module docstring.

    Examples
    --------
    >>> from analytics.frames import orders_frame
    >>> from analytics.metrics.customers.summary import customer_summary
    >>> o = orders_frame(customer_id=["a", "a", "a", "b"],
    ...                  order_day=["2025-01-01", "2025-01-11", "2025-01-21", "2025-02-15"])
    >>> lapse_status(customer_summary(o)).customers["lapsed"].tolist()  # a: 25 days > 10; b: 0 days
    [True, False]
    """
    customers = summary.customers
    codes = band_codes(customers["sales"].to_numpy())
    rule = lapse_rule(summary, codes)
    # Per band code, not per customer: 300,000 dictionary look-ups avoided.
    band_days = np.array([rule.usual_days[b] for b in VALUE_BANDS], dtype=np.float64)
    usual = band_days[codes]
    days = customers["days_since_last"].to_numpy(dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        silence = np.where(usual > 0, days / usual, np.where(days > 0, np.inf, 0.0))
    silence = np.where(np.isnan(usual), np.nan, silence)
    frame = pd.DataFrame(
        {
            "value_band": labels(VALUE_BANDS, codes),
            "usual_gap_days": usual,
            "silence": silence,
            "lapsed": days > usual,
        },
        index=customers.index,
    )
    return LapseStatus(rule, frame, codes)


def silence_bands(silence: np.ndarray) -> np.ndarray:
    """Return the index of each silence in :data:`SILENCE_EDGES` (-1 for NaN)."""
    silence = np.asarray(silence, dtype=np.float64)
    at = np.searchsorted(np.asarray(SILENCE_EDGES[1:-1]), silence, side="right")
    return np.where(np.isnan(silence), -1, at)


@dataclass(frozen=True, eq=False)
class LapseBacktest:
    """The lapse rule applied as of a past day, against who came back in the window after it.

    ``lapsed`` is returned / customers called lapsed that day, ``active`` the same for the others.
    ``table`` has one row per value band and silence band with ``customers``, ``returned`` and
    ``rate`` (band ``all`` sums the value bands), the chances :func:`purchase_chance` reads.
    """

    as_of: pd.Timestamp
    window_end: pd.Timestamp
    window_days: int
    lapsed: Ratio
    active: Ratio
    table: pd.DataFrame

    def to_dict(self) -> dict[str, object]:
        """Return the JSON form: the day, the window, and both groups' return rates."""
        return {
            "as_of": self.as_of.strftime("%Y-%m-%d"),
            "window_end": self.window_end.strftime("%Y-%m-%d"),
            "window_days": self.window_days,
            "lapsed": self.lapsed.to_dict(),
            "active": self.active.to_dict(),
        }


def _last_now(then: CustomerSummary, now: CustomerSummary) -> pd.Series:
    """Return the last purchase day by ``now`` of each customer of ``then`` (the same log, cut earlier).

    Found by the customers' codes in the log both were read from, checked against the ids (a few
    milliseconds), instead of looking 250,000 ids up; by id when the two were read from different logs.
    """
    last = now.customers["last_purchase_day"]
    if len(now.codes) == len(now.customers) and len(then.codes) == len(then.customers):
        row_of_code = np.full(int(max(now.codes.max(initial=-1), then.codes.max(initial=-1))) + 1, -1)
        row_of_code[now.codes] = np.arange(len(now.codes))
        rows = row_of_code[then.codes]
        if (rows >= 0).all() and now.customers.index[rows].equals(then.customers.index):
            return last.iloc[rows]
    return last.reindex(then.customers.index)


def _return_table(codes: np.ndarray, silence: np.ndarray, returned: np.ndarray) -> pd.DataFrame:
    """Return the backtest's table: customers and returns per value band and silence band seen.

    Rows by value band in alphabetical order, then silence band, then band ``all`` per silence band;
    customers without a silence band (-1) left out. Counted on integer codes (one bincount per
    figure), not by grouping 300,000 band names.
    """
    cells = len(SILENCE_EDGES) - 1
    names = sorted(VALUE_BANDS)
    seen = silence >= 0
    rank = np.array([names.index(band) for band in VALUE_BANDS], dtype=np.int64)[codes[seen]]
    silence, returned = silence[seen].astype(np.int64), returned[seen].astype(np.int64)
    by_band = rank * cells + silence
    sizes = np.concatenate(
        [np.bincount(by_band, minlength=len(names) * cells), np.bincount(silence, minlength=cells)]
    )
    backs = np.concatenate(
        [
            np.bincount(by_band, weights=returned, minlength=len(names) * cells),
            np.bincount(silence, weights=returned, minlength=cells),
        ]
    )
    rows = np.flatnonzero(sizes)
    customers = sizes[rows].astype(np.int64)
    back = backs[rows].astype(np.int64)
    return pd.DataFrame(
        {
            "value_band": [[*names, "all"][row // cells] for row in rows],
            "silence_band": (rows % cells).astype(np.int64),
            "customers": customers,
            "returned": back,
            "rate": back / customers,
        }
    )


def lapse_backtest(
    orders: pd.DataFrame,
    *,
    as_of: pd.Timestamp | str,
    window_days: int,
    current: CustomerSummary | None = None,
    refunds: pd.DataFrame | None = None,
    log: PurchaseLog | None = None,
) -> LapseBacktest:
    """Apply the lapse rule as of ``as_of - window_days`` and count who came back by ``as_of``.

    Parameters
    ----------
    orders
        Canonical orders frame.
    as_of
        The scoring day: the end of the window checked.
    window_days
        Days after the past day in which a return counts.
    current
        The summary as of ``as_of``, when the caller already has it (saves building it again).
    refunds
        Refunds, so that the value bands of the past day are by sales net of refunds then.
    log
        The purchase log of ``orders`` when the caller has it (saves building it again).

    Raises
    ------
    ArgumentError
        ``customers.no_backtest_window`` when the data holds no customer before the past day or
        the window is shorter than a week.
    """
    end = pd.Timestamp(as_of).normalize()
    past = end - pd.Timedelta(days=int(window_days))
    first_day = orders["order_day"].min()
    if window_days < MIN_WINDOW_DAYS or past < first_day:
        raise ArgumentError(
            "customers.no_backtest_window",
            as_of=end.date(),
            days=int(window_days),
            first_day=first_day.date(),
        )
    # The current summary's codes put the past one's customers in id order (when read from this log).
    id_order = current.codes if current is not None and log is not None else None
    then = customer_summary(orders, calibration_end=past, refunds=refunds, log=log, id_order=id_order)
    status = lapse_status(then)
    now = current if current is not None else customer_summary(orders, calibration_end=end, log=log)
    returned = (_last_now(then, now) > past).to_numpy(dtype=bool)
    lapsed = status.customers["lapsed"].to_numpy(dtype=bool)
    silence = silence_bands(status.customers["silence"].to_numpy())
    table = _return_table(status.band_codes(), silence, returned)
    return LapseBacktest(
        as_of=past,
        window_end=end,
        window_days=int(window_days),
        lapsed=Ratio(int((lapsed & returned).sum()), int(lapsed.sum())),
        active=Ratio(int((~lapsed & returned).sum()), int((~lapsed).sum())),
        table=table,
    )


def purchase_chance(status: LapseStatus, backtest: LapseBacktest) -> np.ndarray:
    """Return each customer's chance of a purchase in the next window, from the backtest's rates.

    The rate of customers of the same value band and silence band on the backtest's day; from the
    silence band over all value bands when that cell held fewer than 20 customers; NaN when the
    silence band was not seen at all.
    """
    table = backtest.table
    cells = len(SILENCE_EDGES) - 1
    names = [*VALUE_BANDS, "all"]
    rate = np.full((len(names), cells), np.nan)
    size = np.zeros((len(names), cells))
    row = np.array([names.index(b) for b in table["value_band"]], dtype=np.intp)
    col = table["silence_band"].to_numpy(dtype=np.intp)
    rate[row, col] = table["rate"].to_numpy(dtype=np.float64)
    size[row, col] = table["customers"].to_numpy(dtype=np.float64)
    # The value bands are the first rows of ``names``, in the order of their category codes.
    own_row = status.band_codes().astype(np.intp)
    silence = silence_bands(status.customers["silence"].to_numpy())
    seen = silence >= 0
    at = np.where(seen, silence, 0)
    own = np.where(size[own_row, at] >= MIN_CELL_CUSTOMERS, rate[own_row, at], rate[len(names) - 1, at])
    return np.where(seen, own, np.nan)
