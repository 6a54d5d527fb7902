"""Customer intelligence: per-customer history, RFM segments, value clusters, BG/NBD and
Gamma-Gamma models, the holdout check and the care lists (see docs/definitions.md)."""

from analytics.metrics.customers.bgnbd import BGNBDFit, fit_bgnbd
from analytics.metrics.customers.care import CARE_REASONS, care_lists, care_message, holdout_sample
from analytics.metrics.customers.clusters import ValueClusters, value_clusters
from analytics.metrics.customers.gamma_gamma import GammaGammaFit, fit_gamma_gamma
from analytics.metrics.customers.holdout import HoldoutCheck, holdout_check
from analytics.metrics.customers.pareto import Pareto, pareto_curve
from analytics.metrics.customers.rfm import rfm_scores
from analytics.metrics.customers.segments import SEGMENTS, Segments, rfm_segments, segment_term
from analytics.metrics.customers.summary import CustomerSummary, customer_summary

__all__ = [
    "CARE_REASONS",
    "SEGMENTS",
    "BGNBDFit",
    "CustomerSummary",
    "GammaGammaFit",
    "HoldoutCheck",
    "Pareto",
    "Segments",
    "ValueClusters",
    "care_lists",
    "care_message",
    "customer_summary",
    "fit_bgnbd",
    "fit_gamma_gamma",
    "holdout_check",
    "holdout_sample",
    "pareto_curve",
    "rfm_scores",
    "rfm_segments",
    "segment_term",
    "value_clusters",
]
