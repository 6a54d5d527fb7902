"""Per-customer scores: history, RFM, P(alive), expected purchases and value, and the care reason.

One call joins what the customer models compute into one row per identified customer, so the
Customers page, the care-list export and ``python -m analytics customers`` read the same figures:

- the history of :func:`~analytics.metrics.customers.summary.customer_summary` (frequency, recency,
  T, monetary value, sales ...), up to the data's last order day;
- the RFM scores and segment of :func:`~analytics.metrics.customers.segments.rfm_segments`;
- ``p_alive`` and ``expected_purchases`` over ``horizon`` time units from the BG/NBD fit;
- ``expected_spend`` per purchase from the Gamma-Gamma fit and ``expected_value`` =
  expected purchases x expected spend (the customer's value over the horizon, undiscounted);
- ``value_band``, ``usual_gap_days``, ``silence`` and ``lapsed`` of the lapse rule
  (:mod:`~analytics.metrics.customers.lapse`), ``purchase_chance`` (from the lapse backtest) and
  ``contact_value`` = purchase chance x average spend per purchase day: the care lists' order;
- ``reason``: the first care list the customer is on, in the order of
  :data:`~analytics.metrics.customers.care.CARE_REASONS`, and the figures behind it.

Everything is as of the scoring day ``as_of`` (default the data's last order day): orders after it
are ignored and T is measured to it. When a model cannot be fitted (too few repeat customers, too
short a history) its columns are NaN and the reason is kept in ``problems``; when the purchase model
is fitted but does not hold (:mod:`~analytics.metrics.customers.health`), ``p_alive``,
``expected_purchases`` and ``expected_value`` are NaN too (not shown as facts), the reasons are in
``health``, and "at risk" is judged by the lapse rule: everything that needs no model is still there.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analytics.errors import ArgumentError, Message
from analytics.metrics.customers.bgnbd import BGNBDFit, fit_bgnbd
from analytics.metrics.customers.care import CARE_REASONS, care_lists
from analytics.metrics.customers.gamma_gamma import GammaGammaFit, fit_gamma_gamma
from analytics.metrics.customers.health import ModelHealth, model_health
from analytics.metrics.customers.holdout import HoldoutCheck, holdout_check
from analytics.metrics.customers.lapse import (
    LapseBacktest,
    LapseStatus,
    lapse_backtest,
    lapse_status,
    purchase_chance,
)
from analytics.metrics.customers.pareto import Pareto, pareto_curve
from analytics.metrics.customers.segments import Segments, rfm_segments
from analytics.metrics.customers.summary import CustomerSummary, customer_summary
from analytics.metrics.orderbook import Orders, frame_of, orders_and_log
from analytics.metrics.purchases import PurchaseLog

# Default forecast horizon per time unit: about a quarter.
DEFAULT_HORIZON: dict[str, float] = {"D": 90.0, "W": 13.0, "M": 3.0}


@dataclass(frozen=True, eq=False)
class CustomerScores:
    """Every identified customer's scores, the fits behind them and the shop-level figures.

    ``customers`` is indexed by ``customer_id`` (sorted) with the summary's columns, ``r_score``,
    ``f_score``, ``m_score``, ``rfm_score``, ``segment``, ``p_alive``, ``expected_purchases``,
    ``expected_spend``, ``expected_value``, ``reason`` (a care reason code or None) and
    ``reason_params`` (the figures its sentence names, or None). ``care`` holds every care-list
    row (a customer may be on several lists; ``row`` is the customer's row in ``customers``).
    ``problems`` says why a model is missing; ``health`` whether the fitted purchase model holds
    (None without a fit); ``holdout`` the check at the default calibration end the health was
    judged on; ``lapse`` and ``backtest`` the lapse answer and how it held as of one window
    earlier (None when the history is too short).
    """

    customers: pd.DataFrame
    summary: CustomerSummary
    segments: Segments
    pareto: Pareto
    care: pd.DataFrame
    horizon: float
    bgnbd: BGNBDFit | None
    gamma_gamma: GammaGammaFit | None
    problems: tuple[Message, ...]
    health: ModelHealth | None = None
    holdout: HoldoutCheck | None = None
    lapse: LapseStatus | None = None
    backtest: LapseBacktest | None = None
    holdout_problem: Message | None = None

    @property
    def model_ready(self) -> bool:
        """Return True when the purchase model was fitted and holds (P(alive) and forecasts are shown)."""
        return self.bgnbd is not None and (self.health is None or self.health.holds)

    @property
    def all_problems(self) -> tuple[Message, ...]:
        """Return why a model is missing, then why the fitted purchase model does not hold."""
        return self.problems + (() if self.health is None else self.health.problems)

    def care_counts(self) -> dict[str, int]:
        """Return the customers on each care list, every reason listed (0 when empty)."""
        counts = self.care["reason"].value_counts()
        return {reason: int(counts.get(reason, 0)) for reason in CARE_REASONS}

    def to_dict(self) -> dict[str, object]:
        """Return the JSON form: period, fits (null when not fitted), segments, pareto, care counts."""
        return {
            "as_of": self.summary.calibration_end.strftime("%Y-%m-%d"),
            "time_unit": self.summary.time_unit,
            "horizon": self.horizon,
            "customers": len(self.customers),
            "repeat_customers": int((self.customers["frequency"] > 0).sum()),
            "bgnbd": None if self.bgnbd is None else self.bgnbd.to_dict(),
            "gamma_gamma": None if self.gamma_gamma is None else self.gamma_gamma.to_dict(),
            "expected_purchases": _total(self.customers["expected_purchases"]),
            "expected_value": _total(self.customers["expected_value"]),
            "segments": self.segments.to_dict(),
            "pareto": self.pareto.to_dict(),
            "care": self.care_counts(),
            "model_holds": self.model_ready,
            "problems": [{"code": p.code, "text": p} for p in self.all_problems],
            "model_health": None if self.health is None else self.health.to_dict(),
            "lapse": None
            if self.lapse is None
            else {**self.lapse.rule.to_dict(), "lapsed": self.lapse.lapsed, "customers": len(self.customers)},
            "lapse_backtest": None if self.backtest is None else self.backtest.to_dict(),
        }


def _total(values: pd.Series) -> float | None:
    return None if values.isna().all() else float(values.sum())


def _primary_reason(care: pd.DataFrame, customers: int) -> tuple[np.ndarray, np.ndarray]:
    """Return each customer's first care reason (in list order) and its parameters (None: no list)."""
    # care_lists already sorts by list order, so the first row per customer is the primary one.
    rows, first = np.unique(care["row"].to_numpy(), return_index=True)
    reason = np.full(customers, None, dtype=object)
    params = np.full(customers, None, dtype=object)
    reason[rows] = care["reason"].to_numpy(dtype=object)[first]
    params[rows] = care["params"].to_numpy(dtype=object)[first]
    return reason, params


def score_customers(
    orders: pd.DataFrame | Orders,
    *,
    time_unit: str = "W",
    horizon: float | None = None,
    members: pd.DataFrame | None = None,
    tier_thresholds: Mapping[str, float] | None = None,
    as_of: pd.Timestamp | str | None = None,
    refunds: pd.DataFrame | None = None,
    progress: Callable[[str, float], None] | None = None,
) -> CustomerScores:
    """Score every identified customer as of a day (default the data's last order day).

    Parameters
    ----------
    orders
        Canonical orders frame, or an :class:`~analytics.metrics.orderbook.Orders` whose purchase
        log is then reused (not built again from a million customer ids).
    time_unit
        ``"D"``, ``"W"`` (the default) or ``"M"``: the unit of recency, T and the horizon.
    horizon
        Forecast length in time units (default :data:`DEFAULT_HORIZON`, about a quarter); also
        the lapse backtest's window (in days, at most a third of the history).
    members
        Member list: adds ``is_member`` and ``tier``.
    tier_thresholds
        Spend needed per tier, for the "near the next tier" care list.
    as_of
        The scoring day: orders after it are ignored and T is measured to it.
    refunds
        Refunds (:mod:`analytics.loading.refunds`): each customer's sales (their value: value
        bands, care lists, contact value) are net of the refunds up to the scoring day.
    progress
        Called (on the caller's thread) as each stage starts, with its name and the share of the
        work done before it: ``("summary", 0.0)``, ``("models", 0.15)`` (both fits, the holdout
        check, the lapse rule and its backtest), ``("care", 0.8)`` (the care lists), ``("done", 1.0)``.

    Raises
    ------
    ArgumentError
        ``customers.no_orders`` without orders (or none up to ``as_of``), ``customers.unknown_time_unit``.

    Examples
    --------
    >>> from analytics.frames import orders_frame
    >>> o = orders_frame(customer_id=["a", "a", "b"], order_day=["2025-01-01", "2025-01-08", "2025-01-08"])
    >>> s = score_customers(o)
    >>> s.model_ready, s.problems[0].code, s.customers["segment"].tolist()
    (False, 'customers.too_short_history', ['hibernating', 'hibernating'])
    """
    horizon = DEFAULT_HORIZON.get(time_unit, 1.0) if horizon is None else float(horizon)
    if horizon <= 0:
        raise ArgumentError("customers.bad_horizon", horizon=horizon)
    if as_of is not None:
        frame = frame_of(orders)
        orders = frame[frame["order_day"] <= pd.Timestamp(as_of).normalize()]
    report = progress or (lambda stage, done: None)
    report("summary", 0.0)
    # One purchase log for the scoring, the holdout split and the backtest's day (each cuts it).
    orders, log = orders_and_log(orders)
    summary = customer_summary(orders, time_unit=time_unit, members=members, refunds=refunds, log=log)
    customers = summary.customers
    x, t_x, T = (customers[c].to_numpy(dtype=np.float64) for c in ("frequency", "recency", "T"))
    problems: list[Message] = []
    bgnbd: BGNBDFit | None = None
    gamma_gamma: GammaGammaFit | None = None
    health: ModelHealth | None = None
    nan = np.full(len(customers), np.nan)
    p_alive, expected, spend = nan, nan, nan
    window = int(min(round(horizon * summary.unit_days), summary.history_days // 3))
    report("models", 0.15)
    # The holdout check and the lapse backtest read only the orders and this summary: a second
    # thread runs them while this one fits the models (numpy's and scipy's loops release the GIL;
    # a million orders: ~1 s of ~3 s of the scoring). The BLAS limit of the fits is taken here, once
    # for both threads, so that neither restores the other's setting.
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1, user_api="blas"), ThreadPoolExecutor(max_workers=1) as pool:
        held = pool.submit(_holdout_at_default, orders, summary, log)
        backtested = pool.submit(_backtest, orders, summary, window, refunds, log)
        try:
            bgnbd = fit_bgnbd(summary)
        except ArgumentError as error:
            problems.append(error.message)
        try:
            gamma_gamma = fit_gamma_gamma(summary)
            spend = gamma_gamma.expected_spend(x, customers["monetary_value"].to_numpy())
        except ArgumentError as error:
            # The same reason (short history, few repeaters) is said once.
            if error.message not in problems:
                problems.append(error.message)
        lapse = lapse_status(summary)
        segments = rfm_segments(summary)
        pareto = pareto_curve(summary)
        holdout, holdout_problem = held.result()
        backtest = backtested.result()
    if bgnbd is None:
        # No fit to judge: the check's answer (fitted on less) is not shown either.
        holdout, holdout_problem = None, None
    else:
        health = model_health(bgnbd, repeaters=int(np.count_nonzero(x > 0)), holdout=holdout)
        if health.holds:
            p_alive = bgnbd.p_alive(x, t_x, T)
            expected = bgnbd.expected_purchases(horizon, x, t_x, T)
    chance = nan if backtest is None else purchase_chance(lapse, backtest)
    # Net of refunds; a customer who returned everything has nothing to gain from a contact.
    spend_per_day = np.maximum(customers["sales"].to_numpy() / customers["purchase_days"].to_numpy(), 0.0)
    contact_value = chance * spend_per_day

    holds = bgnbd is not None and health is not None and health.holds
    report("care", 0.8)
    care = care_lists(
        summary,
        p_alive=pd.Series(p_alive, index=customers.index) if holds else None,
        lapsed=lapse.customers["lapsed"],
        usual_gap=lapse.customers["usual_gap_days"],
        contact_value=pd.Series(contact_value, index=customers.index),
        tier_thresholds=tier_thresholds,
        with_rows=True,
    )
    reason, params = _primary_reason(care, len(customers))
    scored = (
        customers.join(segments.customers.drop(columns="sales"))
        .join(lapse.customers)
        .assign(
            p_alive=p_alive,
            expected_purchases=expected,
            expected_spend=spend,
            expected_value=expected * spend,
            purchase_chance=chance,
            contact_value=contact_value,
            # Object columns (None: on no list), not inferred as text.
            reason=pd.Series(reason, index=customers.index, dtype="object"),
            reason_params=pd.Series(params, index=customers.index, dtype="object"),
        )
    )
    report("done", 1.0)
    return CustomerScores(
        customers=scored,
        summary=summary,
        segments=segments,
        pareto=pareto,
        care=care,
        horizon=horizon,
        bgnbd=bgnbd,
        gamma_gamma=gamma_gamma,
        problems=tuple(problems),
        health=health,
        holdout=holdout,
        lapse=lapse,
        backtest=backtest,
        holdout_problem=holdout_problem,
    )


def _holdout_at_default(
    orders: pd.DataFrame, summary: CustomerSummary, log: PurchaseLog
) -> tuple[HoldoutCheck | None, Message | None]:
    """Return the holdout check at the default calibration end, or why there is none."""
    try:
        check = holdout_check(
            orders,
            calibration_end=default_calibration_end(summary),
            time_unit=summary.time_unit,
            log=log,
            id_order=summary.codes,
        )
    except ArgumentError as error:
        # Too little before the split to fit on: the health is judged on the full fit alone.
        return None, error.message
    return check, None


def _backtest(
    orders: pd.DataFrame,
    summary: CustomerSummary,
    window: int,
    refunds: pd.DataFrame | None,
    log: PurchaseLog,
) -> LapseBacktest | None:
    """Return the lapse backtest over the last ``window`` days, None when the history is too short."""
    try:
        return lapse_backtest(
            orders,
            as_of=summary.calibration_end,
            window_days=window,
            current=summary,
            refunds=refunds,
            log=log,
        )
    except ArgumentError:
        return None


def default_calibration_end(summary: CustomerSummary) -> pd.Timestamp:
    """Return the holdout check's default calibration end: two thirds into the loaded history.

    The last third of the days is left for comparing the forecast with what happened, long enough
    to see repeat purchases while leaving most of the history to fit on.

    Examples
    --------
    >>> from analytics.frames import orders_frame
    >>> o = orders_frame(customer_id=["a", "b"], order_day=["2025-01-01", "2025-01-30"])
    >>> default_calibration_end(customer_summary(o)).date()
    datetime.date(2025, 1, 20)
    """
    holdout_days = summary.history_days // 3
    return summary.calibration_end - pd.Timedelta(days=holdout_days)


@dataclass(frozen=True, eq=False)
class AliveBands:
    """Customers per P(alive) band: ``bands`` has ``low``, ``high``, ``customers``, ``share``.

    Empty (no rows) when the purchase model could not be fitted.
    """

    bands: pd.DataFrame

    @property
    def empty(self) -> bool:
        """Return True when there is no band to show (no model)."""
        return self.bands.empty


def p_alive_distribution(scores: CustomerScores, *, bands: int = 10) -> AliveBands:
    """Return customers per P(alive) band.

    Bands are ``bands`` equal slices of 0..1, each holding ``low <= P(alive) < high`` (the top one
    includes 1). Customers without a repeat purchase have P(alive) 1 under the model and fill the
    top band. Empty without the model.

    Examples
    --------
    >>> from analytics.frames import orders_frame
    >>> o = orders_frame(customer_id=["a"], order_day=["2025-01-01"])
    >>> p_alive_distribution(score_customers(o)).empty
    True
    """
    alive = scores.customers["p_alive"].dropna().to_numpy()
    if not len(alive):
        return AliveBands(pd.DataFrame({"low": [], "high": [], "customers": [], "share": []}))
    band = np.minimum((alive * bands).astype(np.int64), bands - 1)
    counts = np.bincount(band, minlength=bands)
    edges = np.arange(bands + 1) / bands
    return AliveBands(
        pd.DataFrame(
            {"low": edges[:-1], "high": edges[1:], "customers": counts, "share": counts / len(alive)}
        )
    )
