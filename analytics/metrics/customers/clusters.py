"""Value clusters: KMeans on standardised log-RFM, as a data-driven companion to the RFM cells.

Recency (days since the last purchase day), purchase days and sales are log-transformed (they are
heavily skewed) and standardised, then clustered with KMeans for each k in a small range; the k
with the best silhouette wins. Clusters are numbered by value (1 = most valuable: recent, frequent,
big spenders) and named after the RFM segment their centroid falls in, so the same data always
gives the same numbers and names.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analytics.errors import ArgumentError
from analytics.metrics.customers.segments import assign_segments
from analytics.metrics.customers.summary import CustomerSummary

K_RANGE = range(2, 7)
MIN_CUSTOMERS = 3
# Silhouette is quadratic in customers: a seeded sample keeps 100,000 customers fast.
SILHOUETTE_SAMPLE = 5000
# Rows of the sample's distance matrix held at once (1,000 x 5,000 distances: 40 MB).
DISTANCE_CHUNK = 1000
# KMeans is fitted on a seeded sample of at most this many customers and every customer is then
# assigned to the nearest centre: 5,000 profiles place five centres in three dimensions as well as
# 300,000 do, in a fraction of the time (a million orders: ~25 s -> ~1 s).
FIT_SAMPLE = 5_000


@dataclass(frozen=True, eq=False)
class ValueClusters:
    """The chosen clustering.

    ``labels`` gives each customer's cluster number (1 = most valuable), ``centroids`` each
    cluster's number, code (segment code of its centroid), customers and centroid in business
    units (days since last purchase, purchase days, sales; geometric means), ``silhouettes`` the
    score of each k tried.
    """

    k: int
    labels: pd.Series
    centroids: pd.DataFrame
    silhouettes: dict[int, float]


def _features(customers: pd.DataFrame) -> np.ndarray:
    return np.column_stack(
        [
            np.log1p(customers["days_since_last"].to_numpy(dtype=np.float64)),
            np.log(customers["purchase_days"].to_numpy(dtype=np.float64)),
            np.log1p(np.maximum(customers["sales"].to_numpy(dtype=np.float64), 0.0)),
        ]
    )


def silhouettes(features: np.ndarray, labellings: list[np.ndarray]) -> list[float]:
    """Return the mean silhouette of each labelling of the same points (scikit-learn's definition).

    A point's silhouette is (b - a) / max(a, b), with a its mean distance to the other points of
    its cluster and b its least mean distance to another cluster's points; 0 in a cluster of one.
    The distances are computed once for every labelling (scikit-learn's ``silhouette_score`` computes
    them again for each k tried: 80% of a million orders' clustering time); the sums per cluster
    are a product with the labellings' one-hot columns. Equal to ``silhouette_score`` to rounding.

    Examples
    --------
    >>> points = np.array([[0.0], [1.0], [10.0], [11.0]])
    >>> # Point 0: a = 1, b = (10 + 11) / 2 = 10.5, s = 9.5 / 10.5; point 1: a = 1, b = 9.5, s = 8.5 / 9.5;
    >>> # points 2 and 3 mirror them: the mean is (9.5 / 10.5 + 8.5 / 9.5) / 2.
    >>> round(silhouettes(points, [np.array([0, 0, 1, 1])])[0], 4), round((9.5 / 10.5 + 8.5 / 9.5) / 2, 4)
    (0.8997, 0.8997)
    """
    from sklearn.metrics import euclidean_distances

    codes, sizes = [], []
    for labels in labellings:
        uniques, code = np.unique(labels, return_inverse=True)
        codes.append(code)
        sizes.append(np.bincount(code, minlength=len(uniques)).astype(np.float64))
    offsets = np.cumsum([0] + [len(size) for size in sizes])
    # One column per (labelling, cluster): row i of distances @ onehot sums i's distances per cluster.
    onehot = np.zeros((len(features), offsets[-1]))
    for code, offset in zip(codes, offsets, strict=False):
        onehot[np.arange(len(features)), code + offset] = 1.0
    totals = np.empty((len(features), offsets[-1]))
    for start in range(0, len(features), DISTANCE_CHUNK):
        chunk = euclidean_distances(features[start : start + DISTANCE_CHUNK], features)
        # A point's distance to itself is 0 exactly (the dot-product formula leaves rounding there).
        np.fill_diagonal(chunk[:, start:], 0.0)
        totals[start : start + len(chunk)] = chunk @ onehot
    rows = np.arange(len(features))
    means = []
    for code, size, offset in zip(codes, sizes, offsets, strict=False):
        by_cluster = totals[:, offset : offset + len(size)]
        own = by_cluster[rows, code].copy()
        others = by_cluster / size
        others[rows, code] = np.inf
        with np.errstate(divide="ignore", invalid="ignore"):
            a = own / (size[code] - 1)
            b = others.min(axis=1)
            score = np.nan_to_num((b - a) / np.maximum(a, b))
        means.append(float(np.mean(score)))
    return means


def value_clusters(summary: CustomerSummary, *, seed: int = 0, k_range: range = K_RANGE) -> ValueClusters:
    """Cluster customers on log-RFM, choosing k by silhouette within ``k_range``.

    Raises
    ------
    ArgumentError
        ``customers.too_few_for_clusters`` with fewer than three distinct customer profiles.
    """
    # scikit-learn loads only when clusters are asked for (the command line's start-up skips it).
    from sklearn.cluster import KMeans
    from sklearn.preprocessing import StandardScaler
    from threadpoolctl import threadpool_limits

    customers = summary.customers
    features = _features(customers)
    fitted = features
    if len(features) > FIT_SAMPLE:
        fitted = features[np.random.default_rng(seed).choice(len(features), FIT_SAMPLE, replace=False)]
    distinct = len(np.unique(fitted, axis=0)) if len(fitted) else 0
    if distinct < MIN_CUSTOMERS:
        raise ArgumentError("customers.too_few_for_clusters", customers=distinct, minimum=MIN_CUSTOMERS)
    scaler = StandardScaler().fit(fitted)
    scaled = scaler.transform(fitted)
    # The silhouette sample as scikit-learn's silhouette_score(sample_size=..., random_state=seed) draws it.
    sample = np.random.RandomState(seed).permutation(len(scaled))[:SILHOUETTE_SAMPLE]
    models: dict[int, KMeans] = {}
    # One thread: on a shared machine KMeans' thread pools mostly wait for each other.
    with threadpool_limits(limits=1):
        for k in k_range:
            if k >= distinct:
                break
            models[k] = KMeans(n_clusters=k, n_init=4, random_state=seed).fit(scaled)
        scores = silhouettes(scaled[sample], [model.labels_[sample] for model in models.values()])
        silhouettes_by_k = dict(zip(models, scores, strict=True))
        k = max(silhouettes_by_k, key=lambda key: (silhouettes_by_k[key], -key))  # ties: the simpler one
        model = models[k]
        assigned = model.labels_ if fitted is features else model.predict(scaler.transform(features))
    centres = model.cluster_centers_
    # Value of a centroid: recent (low recency), frequent and big spending, in standard units.
    value = -centres[:, 0] + centres[:, 1] + centres[:, 2]
    order = np.lexsort((centres[:, 2], centres[:, 1], -centres[:, 0], -value))
    number = np.empty(k, dtype=np.int64)
    number[order] = np.arange(1, k + 1)
    # Name a centroid like an RFM cell: above the average on a dimension counts as high (score 5).
    high = np.column_stack([-centres[:, 0] > 0, centres[:, 1] > 0, centres[:, 2] > 0])
    codes = assign_segments(*(np.where(high[:, i], 5, 1) for i in range(3)))
    labels = number[assigned]
    # Back from logs: per cluster, the geometric means of the three measures.
    log_means = pd.DataFrame(features).groupby(labels).mean().to_numpy()
    centroids = pd.DataFrame(
        {
            "cluster": np.arange(1, k + 1),
            "code": codes[order],
            "customers": np.bincount(labels, minlength=k + 1)[1:],
            "days_since_last": np.expm1(log_means[:, 0]),
            "purchase_days": np.exp(log_means[:, 1]),
            "sales": np.expm1(log_means[:, 2]),
        }
    )
    return ValueClusters(
        k=k,
        labels=pd.Series(labels, index=customers.index, name="cluster"),
        centroids=centroids,
        silhouettes=silhouettes_by_k,
    )
