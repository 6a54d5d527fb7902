"""Value clusters: k by silhouette, stable numbering and names, clear refusal on tiny data."""

from __future__ import annotations

import pytest

from analytics.errors import ArgumentError
from analytics.frames import orders_frame
from analytics.metrics.customers.clusters import value_clusters
from analytics.metrics.customers.summary import customer_summary


def test_clusters_are_stable_and_ordered_by_value(synthetic_orders):
    orders = synthetic_orders(customers=800)
    summary = customer_summary(orders)
    first, again = value_clusters(summary), value_clusters(customer_summary(orders.iloc[::-1]))
    assert 2 <= first.k <= 6 and first.k == max(first.silhouettes, key=first.silhouettes.get)
    assert first.labels.equals(again.labels)
    centroids = first.centroids
    assert centroids["customers"].sum() == len(summary.customers)
    # Cluster 1 is the most valuable: more purchase days and sales than the last cluster.
    top, bottom = centroids.iloc[0], centroids.iloc[-1]
    assert top["purchase_days"] > bottom["purchase_days"] and top["sales"] > bottom["sales"]
    assert set(centroids["code"]) <= {
        "champions",
        "cant_lose",
        "potential",
        "at_risk",
        "loyal",
        "need_attention",
        "new",
        "hibernating",
    }


def test_too_few_profiles_is_refused():
    o = orders_frame(customer_id=["a", "b"], order_day=["2025-01-01", "2025-01-01"])
    with pytest.raises(ArgumentError) as error:
        value_clusters(customer_summary(o))
    assert error.value.code == "customers.too_few_for_clusters"
