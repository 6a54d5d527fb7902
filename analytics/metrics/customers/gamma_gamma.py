"""Gamma-Gamma: what each customer will spend per purchase, shrunk towards the shop's average.

Fader, Hardie & Lee (2005, "RFM and CLV: using iso-value curves"; the model note "The Gamma-Gamma
model of monetary value", 2013). A customer's spend per purchase varies around their own mean,
gamma-distributed (shape ``p``); the means vary across customers, gamma-distributed (``q``,
``gamma``). Fitted by maximum likelihood on repeat customers' ``monetary_value`` (mean spend per
repeat purchase day) and ``frequency``; customers without a repeat purchase, or whose repeat
purchases were free, carry no information on spend per purchase and are left out of the fit.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import special

from analytics.errors import ArgumentError, Term
from analytics.metrics.customers.bgnbd import MIN_REPEATERS, minimize_log_parameters, model_frame
from analytics.metrics.customers.summary import CustomerSummary


@dataclass(frozen=True)
class GammaGammaFit:
    """Fitted Gamma-Gamma parameters, the maximised log-likelihood and the customers fitted."""

    p: float
    q: float
    gamma: float
    log_likelihood: float
    customers: int

    def to_dict(self) -> dict[str, float]:
        """Return the JSON form: p, q, gamma."""
        return {"p": self.p, "q": self.q, "gamma": self.gamma}

    @property
    def mean_spend(self) -> float:
        """Return the population mean spend per purchase, p * gamma / (q - 1) (q > 1)."""
        return self.p * self.gamma / (self.q - 1) if self.q > 1 else float("nan")

    def expected_spend(self, frequency: np.ndarray, monetary_value: np.ndarray) -> np.ndarray:
        """Return each customer's expected spend per future purchase.

        ``p (gamma + x m) / (p x + q - 1)``: a weighted mean of the population mean and the
        customer's own mean, the weight of their own growing with their repeat purchases. A
        customer without a repeat purchase gets the population mean.
        """
        x = np.asarray(frequency, dtype=np.float64)
        m = np.where(x > 0, np.asarray(monetary_value, dtype=np.float64), 0.0)
        return self.p * (self.gamma + x * m) / (self.p * x + self.q - 1)


def fit_gamma_gamma(customers: pd.DataFrame | CustomerSummary) -> GammaGammaFit:
    """Fit the Gamma-Gamma spend model by maximum likelihood.

    Parameters
    ----------
    customers
        A :class:`CustomerSummary`, or a frame with
        ``frequency`` and ``monetary_value``.

    Raises
    ------
    ArgumentError
        ``customers.too_few_repeaters`` with fewer than 10 repeat customers who spent money,
        ``customers.fit_failed`` when the optimiser finds no finite maximum or q <= 1 (no finite
        mean spend).
    """
    frame = model_frame(customers)
    x_all = frame["frequency"].to_numpy(dtype=np.float64)
    m_all = frame["monetary_value"].to_numpy(dtype=np.float64)
    used = (x_all > 0) & (m_all > 0)
    if int(used.sum()) < MIN_REPEATERS:
        raise ArgumentError(
            "customers.too_few_repeaters",
            repeaters=int(used.sum()),
            minimum=MIN_REPEATERS,
            customers=len(x_all),
        )
    x, m = x_all[used], m_all[used]
    # Rescale money so that gamma starts near 1 (spend in yuan, cents or thousands alike).
    scale = 1.0 / float(np.mean(m))
    ms = m * scale
    log_x, log_m = np.log(x), np.log(ms)
    # The special functions depend on x alone, which takes few values (repeat purchase days):
    # computed once per value and spread to the customers, the same numbers per customer.
    xu, xi = np.unique(x, return_inverse=True)

    def objective(log_params: np.ndarray) -> tuple[float, np.ndarray]:
        p, q, g = np.exp(log_params)
        px = p * x
        pxu = p * xu
        log_g_xm = np.log(g + ms * x)
        gammas = special.gammaln(pxu + q) - special.gammaln(pxu)
        ll = (
            gammas[xi]
            - special.gammaln(q)
            + q * np.log(g)
            + (px - 1) * log_m
            + px * log_x
            - (px + q) * log_g_xm
        )
        psi_u = special.digamma(pxu + q)
        psi = psi_u[xi]
        d_p = x * ((psi_u - special.digamma(pxu))[xi] + log_m + log_x - log_g_xm)
        d_q = psi - special.digamma(q) + np.log(g) - log_g_xm
        d_g = q / g - (px + q) / (g + ms * x)
        grad = np.array([d_p.sum() * p, d_q.sum() * q, d_g.sum() * g])
        return -float(ll.sum()) / len(x), -grad / len(x)

    result = minimize_log_parameters(objective, 3)
    p, q, gamma_s = np.exp(result.x)
    if not np.isfinite(result.fun) or q <= 1:
        raise ArgumentError("customers.fit_failed", model=Term("customers.model.gamma_gamma"))
    # Back to the data's money: the density of m picks up a -log(scale) per customer.
    log_likelihood = -result.fun * len(x) + len(x) * np.log(scale)
    return GammaGammaFit(
        p=float(p),
        q=float(q),
        gamma=float(gamma_s / scale),
        log_likelihood=float(log_likelihood),
        customers=len(x),
    )
