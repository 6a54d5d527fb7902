"""Model health: does the purchase model hold on this shop's data, and if not, why.

A maximum-likelihood fit always returns numbers; they are only worth acting on when the fit is a
real maximum and the model's story matches what the customers did. Each check below is one
``problems`` code (catalog ``customers.health.<code>``); when any holds, P(alive), expected
purchases and expected value are not shown as facts (the page, the report and the command line
say the sentence of :meth:`ModelHealth.sentence` instead) and the lapse answer of
:mod:`analytics.metrics.customers.lapse` is used.

- ``not_converged``: the optimiser stopped without reaching a maximum;
- ``at_bound``: a parameter sits at the edge of the search (a parameter of about 3e-7 or 3e6;
  :data:`~analytics.metrics.customers.bgnbd.LOG_BOUND`), in the fit on all data or in the
  holdout's fit: the likelihood keeps rising towards an extreme model, not a maximum;
- ``no_dropout``: the fitted chance of leaving after a purchase, a / (a + b), is below
  :data:`MIN_DROPOUT` (1 in 100): the model says almost nobody ever leaves, so every silent
  customer stays "still a customer";
- ``holdout_error``: fitted up to the holdout's calibration end, the model's forecast of purchase
  days after it misses the actual total by more than :data:`MAX_HOLDOUT_ERROR` (15%), and by more
  than twice the noise of the count (2 x sqrt(actual)), so a small shop is not failed on chance;
- ``few_repeaters``: fewer than :data:`MIN_TRUSTED_REPEATERS` (30) customers bought again: the
  four parameters are learnt from too few repeat customers (below 10 no fit is tried at all).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from analytics.errors import Message, Percent, Term
from analytics.metrics.customers.bgnbd import BGNBDFit
from analytics.metrics.customers.holdout import HoldoutCheck

MIN_DROPOUT = 0.01
MAX_HOLDOUT_ERROR = 0.15
MIN_TRUSTED_REPEATERS = 30
HEALTH_CODES: tuple[str, ...] = ("not_converged", "at_bound", "no_dropout", "holdout_error", "few_repeaters")


@dataclass(frozen=True)
class ModelHealth:
    """The verdict on the purchase model: ``problems`` (empty when it holds), one message each."""

    problems: tuple[Message, ...]

    @property
    def holds(self) -> bool:
        """Return True when no check failed: P(alive) and forecasts may be shown as figures."""
        return not self.problems

    @property
    def sentence(self) -> Message | None:
        """Return the one sentence that says the model does not hold and why (None when it holds)."""
        if self.holds:
            return None
        reasons = [Term(problem.code, problem.params) for problem in self.problems]
        return Message("customers.health.not_holding", {"reasons": reasons})

    def to_dict(self) -> dict[str, object]:
        """Return the JSON form: whether the model holds, its one sentence and each problem's figures."""
        return {
            "holds": self.holds,
            "sentence": self.sentence,
            "problems": [
                {"code": p.code, **{k: _plain(v) for k, v in p.params.items()}} for p in self.problems
            ],
        }


def _plain(value: object) -> object:
    if isinstance(value, Percent):
        return value.value
    if isinstance(value, Term):
        return value.key
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _fit_problems(fit: BGNBDFit, *, which: str) -> list[Message]:
    problems = []
    if not fit.converged:
        problems.append(Message("customers.health.not_converged", {"fit": Term(f"customers.health.{which}")}))
    if fit.at_bound:
        problems.append(
            Message(
                "customers.health.at_bound",
                {"fit": Term(f"customers.health.{which}"), "parameters": list(fit.at_bound)},
            )
        )
    return problems


def holdout_misses(holdout: HoldoutCheck) -> bool:
    """Return True when the holdout's total misses by more than 15% and more than its noise.

    Examples
    --------
    >>> import pandas as pd
    >>> fit = BGNBDFit(r=0.2, alpha=4.4, a=0.8, b=2.4, log_likelihood=-1.0, customers=10)
    >>> day = pd.Timestamp("2025-01-01")
    >>> holdout_misses(HoldoutCheck(day, day, "W", 1.0, fit, (), 10, 820.0, 1000, 0.0))  # -18%, noise 63
    True
    """
    error = holdout.total_relative_error
    noise = 2 * math.sqrt(holdout.actual_total)
    missed = abs(holdout.predicted_total - holdout.actual_total)
    return not math.isnan(error) and abs(error) > MAX_HOLDOUT_ERROR and missed > noise


def model_health(fit: BGNBDFit, *, repeaters: int, holdout: HoldoutCheck | None = None) -> ModelHealth:
    """Judge whether the fitted purchase model can be shown as fact (see the module docstring).

    Parameters
    ----------
    fit
        The BG/NBD fit on all data up to the scoring day.
    repeaters
        Customers with a repeat purchase day among those fitted.
    holdout
        The holdout check (fit up to its calibration end, compared with what followed); without
        it the holdout checks are skipped.

    Examples
    --------
    >>> fit = BGNBDFit(r=0.8, alpha=9.8, a=0.0034, b=6.7, log_likelihood=-1.0, customers=4339)
    >>> [p.code for p in model_health(fit, repeaters=2790).problems]
    ['customers.health.no_dropout']
    """
    problems = _fit_problems(fit, which="fit_all")
    dropout = fit.dropout_per_purchase
    if dropout < MIN_DROPOUT:
        problems.append(
            Message(
                "customers.health.no_dropout",
                {
                    "dropout": Percent(dropout),
                    "minimum": Percent(MIN_DROPOUT),
                    "a": f"{fit.a:.2g}",
                    "b": f"{fit.b:.3g}",
                },
            )
        )
    if holdout is not None:
        problems += [p for p in _fit_problems(holdout.fit, which="fit_holdout") if p not in problems]
        if holdout_misses(holdout):
            error = holdout.total_relative_error
            problems.append(
                Message(
                    "customers.health.holdout_error",
                    {
                        "error": Percent(error),
                        "limit": Percent(MAX_HOLDOUT_ERROR),
                        "calibration_end": holdout.calibration_end.date(),
                    },
                )
            )
    if repeaters < MIN_TRUSTED_REPEATERS:
        problems.append(
            Message(
                "customers.health.few_repeaters", {"repeaters": repeaters, "minimum": MIN_TRUSTED_REPEATERS}
            )
        )
    return ModelHealth(tuple(problems))
