"""Member and campaign lists: each upload stores a whole list; the latest list of a shop is used."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

import pandas as pd

from analytics.store.connection import store_location
from analytics.store.engines import open_history
from analytics.store.engines.lists import latest_list_rows_engine, store_list_engine
from analytics.store.results import IngestResult
from analytics.store.values import TIME_FORMAT


def _store_list(path: str | os.PathLike | None, *, kind: str, **upload: Any) -> IngestResult:
    """Store one list as one upload; ``upload``: the arguments of ``engines.lists.store_list_engine``."""
    # Every history, the SQLite file included, is written by the one engine writer.
    with open_history(store_location(path), create=True) as engine:
        table = "members" if kind == "members" else "campaigns"
        return store_list_engine(engine, kind=kind, table=table, **upload)


def ingest_members(
    path: str | os.PathLike | None,
    members: pd.DataFrame,
    *,
    file_name: str = "members",
    shop: str | None = None,
    rows_read: int | None = None,
    dropped: Mapping[str, int] | None = None,
) -> IngestResult:
    """Store a member list; the latest list of a shop is the one the figures use.

    Parameters
    ----------
    members
        Canonical members frame: customer_id, tier (an ordered Categorical, low to high), joined.
        The tier order is kept, unused tiers included.
    file_name
        Name shown in the list of uploads.
    shop
        Shop the list belongs to (see :func:`~analytics.store.shops.lists_shop`); default: the
        store's only shop, else ``"default"``.
    rows_read, dropped
        The loader's row accounting of the list (defaults: one row per member, nothing dropped).
    """
    tier = members["tier"] if "tier" in members else pd.Series(pd.NA, index=members.index, dtype="str")
    tiers = list(tier.cat.categories) if isinstance(tier.dtype, pd.CategoricalDtype) else []
    rank = (
        tier.cat.codes.where(tier.notna()).astype("Int64") if tiers else pd.Series(pd.NA, index=members.index)
    )
    joined = members["joined"] if "joined" in members else pd.Series(pd.NaT, index=members.index)
    rows = pd.DataFrame(
        {
            "customer_id": members["customer_id"].astype("str"),
            "tier": tier.astype("str"),
            "tier_rank": rank,
            "joined": pd.to_datetime(joined).dt.strftime(TIME_FORMAT),
        }
    )
    return _store_list(
        path,
        kind="members",
        shop=shop,
        file_name=file_name,
        rows=rows,
        detail={"tiers": [str(t) for t in tiers]},
        rows_read=rows_read,
        dropped=dropped,
    )


def ingest_campaign(
    path: str | os.PathLike | None,
    campaign: pd.DataFrame,
    *,
    file_name: str = "campaign",
    shop: str | None = None,
    rows_read: int | None = None,
    dropped: Mapping[str, int] | None = None,
) -> IngestResult:
    """Store a campaign list (customer_id, group, start); the latest list of a shop is used.

    Parameters are those of :func:`ingest_members`, for a canonical campaign frame.
    """
    start = campaign["start"] if "start" in campaign else pd.Series(pd.NaT, index=campaign.index)
    rows = pd.DataFrame(
        {
            "customer_id": campaign["customer_id"].astype("str"),
            "grp": campaign["group"].astype("str"),
            "start": pd.to_datetime(start).dt.strftime(TIME_FORMAT),
        }
    )
    return _store_list(
        path,
        kind="campaign",
        shop=shop,
        file_name=file_name,
        rows=rows,
        detail={},
        rows_read=rows_read,
        dropped=dropped,
    )


def latest_list_rows(
    path: str | os.PathLike | None, shop: str | None, kind: str, select: str
) -> tuple[tuple, pd.DataFrame] | None:
    """Return the shop's latest list of ``kind`` (its upload row) and its rows in file order, or None.

    ``select`` is the ``SELECT ... FROM members|campaigns`` part; the rows of the latest upload
    are appended. With :data:`~analytics.store.shops.ALL_SHOPS` the most recent list of any shop.
    """
    with open_history(store_location(path)) as engine:
        return latest_list_rows_engine(engine, shop, kind, select)
