"""Load member lists and campaign lists: one row per customer, keyed like the orders.

Both lists share the customer keys of the orders (ids, or e-mails and phones as digests) and the
row accounting of :mod:`~analytics.loading.accounting` with the list drop reasons.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from analytics.errors import MappingError, Message, Term
from analytics.io import RawTable, Source
from analytics.loading.accounting import LIST_DROP_REASONS, FileReport, blank_rows, file_report
from analytics.loading.cells import text_column
from analytics.loading.ids import customer_ids
from analytics.loading.source import read_rows
from analytics.loading.times import parse_dates
from analytics.schema import CAMPAIGN_SYNONYMS, MEMBER_SYNONYMS, resolve_mapping, tier_order


@dataclass(frozen=True)
class MembersLoad:
    """A member list: customer_id, tier (ordered Categorical, low to high), joined."""

    members: pd.DataFrame
    report: FileReport


@dataclass(frozen=True)
class CampaignLoad:
    """A campaign list: customer_id, group, start."""

    campaign: pd.DataFrame
    report: FileReport


def _load_list(
    source: Source, synonyms: Mapping[str, Sequence[str]], kind: str, overrides: Mapping[str, str] | None
) -> tuple[RawTable, dict[str, str], pd.Series, pd.Series]:
    """Read a customer list; return table, mapping, customer keys and the per-row drop reason."""
    raw = read_rows(source)
    columns = [str(c) for c in raw.frame.columns]
    mapping = resolve_mapping(columns, overrides, file=raw.name, synonyms=synonyms)
    if not any(f in mapping for f in ("customer_id", "customer_email", "customer_phone")):
        raise MappingError(
            "loading.no_list_customer_column",
            file=raw.name,
            list=Term(f"list.{kind}"),
            headers=columns,
            field=Term("field.customer_id"),
            option=Term("option.map"),
        )
    reason = blank_rows(raw.frame)
    customers = customer_ids(raw.frame, mapping)
    reason[customers.isna() & reason.isna()] = "missing_customer_id"
    return raw, mapping, customers, reason


def _keep_last(customers: pd.Series, reason: pd.Series) -> pd.Series:
    """Mark earlier rows of a customer listed twice as duplicate_customer (the last row wins)."""
    open_rows = reason.isna()
    earlier = customers[open_rows].duplicated(keep="last")
    reason[earlier[earlier].index] = "duplicate_customer"
    return reason


def _dates(frame: pd.DataFrame, header: str | None) -> tuple[pd.Series, int]:
    """Return a list's optional date column (NaT where missing) and how many cells were unreadable."""
    if header is None:
        return pd.Series(pd.NaT, index=frame.index, dtype="datetime64[ns]"), 0
    dates, bad = parse_dates(frame[header])
    return dates, int(bad.sum())


def load_members(source: Source, *, overrides: Mapping[str, str] | None = None) -> MembersLoad:
    """Load a member list: customer, tier (ordered low to high) and join date.

    Tiers are ordered on the one ladder (:func:`analytics.schema.tier_order`: 普通会员 < 高级会员 <
    VIP会员 < 至尊VIP会员, silver < gold < platinum, V1 < V2 ...), unknown names after them as first
    seen. A customer listed twice keeps the last row; the earlier rows are counted as
    ``duplicate_customer``.
    """
    raw, mapping, customers, reason = _load_list(source, MEMBER_SYNONYMS, "members", overrides)
    warnings: list[Message] = []
    reason = _keep_last(customers, reason)
    used = reason.isna()
    frame = raw.frame[used]
    tiers = text_column(frame, mapping.get("tier"))
    if "tier" not in mapping:
        warnings.append(Message("loading.no_tier_column", {"file": raw.name}))
    order = tier_order(tiers.dropna().tolist())
    joined, unreadable = _dates(frame, mapping.get("joined"))
    if unreadable:
        params = {"file": raw.name, "column": mapping["joined"], "rows": unreadable}
        warnings.append(Message("loading.unreadable_join_dates", params))
    members = pd.DataFrame(
        {
            "customer_id": customers[used].astype("str").array,
            "tier": pd.Categorical(
                tiers.to_numpy(dtype=object, na_value=None), categories=order, ordered=True
            ),
            "joined": joined.astype("datetime64[ns]").to_numpy(),
        }
    )
    return MembersLoad(members, file_report(raw, "members", mapping, reason, LIST_DROP_REASONS, warnings))


def load_campaign(source: Source, *, overrides: Mapping[str, str] | None = None) -> CampaignLoad:
    """Load a campaign list: customer, group (as written, e.g. 实验组/对照组, A/B) and optional start.

    A customer listed twice in the same group keeps the last row (``duplicate_customer``). A
    customer listed in two different groups keeps both rows, so that the campaign analysis can
    refuse the list instead of silently picking one group. A list without a group column is a
    list of targeted customers with no control group: every row is kept with a missing group.
    Rows with an empty group in a list that has a group column are dropped as ``missing_group``.
    """
    raw, mapping, customers, reason = _load_list(source, CAMPAIGN_SYNONYMS, "campaign", overrides)
    warnings: list[Message] = []
    groups = text_column(raw.frame, mapping.get("group"))
    if "group" in mapping:
        reason[groups.isna() & reason.isna()] = "missing_group"
    else:
        warnings.append(Message("loading.no_group_column", {"file": raw.name}))
    open_rows = reason.isna()
    pairs = pd.DataFrame({"customer_id": customers, "group": groups})[open_rows]
    repeated = pairs.duplicated(keep="last")
    reason[repeated[repeated].index] = "duplicate_customer"
    used = reason.isna()
    start, unreadable = _dates(raw.frame, mapping.get("start"))
    if unreadable:
        params = {"file": raw.name, "column": mapping["start"], "rows": unreadable}
        warnings.append(Message("loading.unreadable_start_dates", params))
    campaign = pd.DataFrame(
        {
            "customer_id": customers[used].astype("str").array,
            "group": groups[used].astype("str").array,
            "start": start[used].astype("datetime64[ns]").to_numpy(),
        }
    )
    return CampaignLoad(campaign, file_report(raw, "campaign", mapping, reason, LIST_DROP_REASONS, warnings))
